/** Email subscriptions are identified by their address, and take over the numbered ones of earlier versions without churn. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { Construct } from "constructs";
import { EmailSubscriptions } from "../../src/delivery/email-subscriptions";

Testing.setupJest();

const TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const [A, B, C] = ["first@example.com", "second@example.com", "third@example.com"];

type Json = { resource: { aws_sns_topic_subscription: Record<string, { endpoint: string }> }; moved?: Array<{ from: string; to: string }> };

/** Synthesizes the subscriptions under a construct named like a Region, as NotificationDelivery (whose construct id is the Region) places them. */
function synthSubscriptions(addresses: string[], withLegacy = true): Json {
  return JSON.parse(
    Testing.synthScope((stack) => {
      const provider = new AwsProvider(stack, "aws", { alias: "us-east-1", region: "us-east-1" });
      const region = new Construct(stack, "us-east-1");
      new EmailSubscriptions(region, "Subscriptions", { provider, topicArn: TOPIC_ARN, addresses, legacy: withLegacy ? { scope: region, idPrefix: "Email" } : undefined });
    }),
  );
}

/** Each address's Terraform address. */
const addressesOf = (json: Json) =>
  new Map(Object.entries(json.resource.aws_sns_topic_subscription).map(([name, resource]) => [resource.endpoint, `aws_sns_topic_subscription.${name}`]));

describe("EmailSubscriptions", () => {
  it("subscribes each address to the topic by email", () => {
    expect(Testing.synthScope((stack) => {
      const provider = new AwsProvider(stack, "aws", { alias: "us-east-1", region: "us-east-1" });
      new EmailSubscriptions(stack, "Subscriptions", { provider, topicArn: TOPIC_ARN, addresses: [A, B] });
    })).toHaveResourceWithProperties(SnsTopicSubscription, { topic_arn: TOPIC_ARN, protocol: "email", endpoint: B, provider: "aws.us-east-1" });
  });

  it("keeps every other subscription's address when the first address is removed", () => {
    const before = addressesOf(synthSubscriptions([A, B, C]));
    const after = addressesOf(synthSubscriptions([B, C]));
    expect(after.get(B)).toBe(before.get(B));
    expect(after.get(C)).toBe(before.get(C));
    expect([...after.keys()]).toEqual([B, C]);
  });

  it("keeps each subscription's address when the list is reordered", () => {
    expect(addressesOf(synthSubscriptions([C, A, B]))).toEqual(addressesOf(synthSubscriptions([A, B, C])));
  });

  it("moves each numbered subscription of earlier versions to the subscription of the address it held", () => {
    // What the earlier version synthesized: `Email<index>` directly under the Region's construct.
    const legacy = JSON.parse(
      Testing.synthScope((stack) => {
        const provider = new AwsProvider(stack, "aws", { alias: "us-east-1", region: "us-east-1" });
        const region = new Construct(stack, "us-east-1");
        [A, B, C].forEach((endpoint, index) => new SnsTopicSubscription(region, `Email${index}`, { provider, topicArn: TOPIC_ARN, protocol: "email", endpoint }));
      }),
    ) as Json;
    const current = synthSubscriptions([A, B, C]);
    const now = addressesOf(current);
    expect(current.moved).toEqual([...addressesOf(legacy)].map(([endpoint, from]) => ({ from, to: now.get(endpoint) })));
  });

  it("writes no moved block for a topic that never had numbered subscriptions", () => {
    expect(synthSubscriptions([A, B], false).moved).toBeUndefined();
  });
});
