import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { checkSubscriptions } from "../../../handler/self-check/subscriptions";

const sns = mockClient(SNSClient);
const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const check = (covers = "this Region") => checkSubscriptions(new SNSClient({ region: "us-east-1" }), "us-east-1", { topicArn: TOPIC, covers });

describe("checkSubscriptions", () => {
  beforeEach(() => sns.reset());

  it("finds confirmed subscriptions ok, on every page", async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolvesOnce({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:1` }], NextToken: "next" }).resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:2` }] });
    expect(await check()).toEqual({ region: "us-east-1", check: "subscriptions", level: "ok", message: "2 confirmed subscription(s)" });
  });

  it("warns about addresses still pending while someone is told", async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:1` }, { SubscriptionArn: "PendingConfirmation", Endpoint: "oncall@example.com" }] });
    expect(await check()).toMatchObject({ level: "warn", message: "1 confirmed; still pending confirmation: oncall@example.com" });
  });

  it("fails when nobody is told, saying from which Regions", async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: "PendingConfirmation", Endpoint: "security@example.com" }] });
    expect(await check("any Region")).toEqual({
      region: "us-east-1",
      check: "subscriptions",
      level: "fail",
      message: "nobody receives alerts from any Region: no confirmed subscription (security@example.com pending confirmation)",
      summary: "no confirmed subscription",
    });
  });
});
