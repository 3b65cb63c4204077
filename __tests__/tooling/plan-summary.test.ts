/** The plan summary, from `terraform show -json`: what it counts, and what it refuses. */
import { summarizePlan } from "../../scripts/lib/plan-summary";

const SUBSCRIPTION = "aws_sns_topic_subscription.us-east-1_Subscriptions_Email-0123456789ab_1A2B3C4D";

const planOf = (...changes: Array<{ address: string; type: string; actions: string[]; previous_address?: string }>) => ({
  resource_changes: changes.map(({ actions, ...change }) => ({ ...change, change: { actions } })),
  configuration: { root_module: { resources: changes.map((change) => ({ address: change.address, provider_config_key: "aws.us-east-1" })) } },
});

describe("summarizePlan", () => {
  it("refuses a plan that destroys a subscription: that address would stop hearing of root activity", () => {
    const summary = summarizePlan(planOf({ address: SUBSCRIPTION, type: "aws_sns_topic_subscription", actions: ["delete"] }));
    expect(summary.blocking).toEqual([`destroys ${SUBSCRIPTION}`]);
    expect(summary.regions).toEqual([{ region: "us-east-1", add: 0, change: 0, replace: 0, destroy: 1, replaced: [], destroyed: [SUBSCRIPTION] }]);
  });

  it("refuses a plan that replaces a subscription: its address would have to confirm again", () => {
    expect(summarizePlan(planOf({ address: SUBSCRIPTION, type: "aws_sns_topic_subscription", actions: ["delete", "create"] })).blocking).toEqual([
      `replaces ${SUBSCRIPTION}`,
    ]);
  });

  it("lets a new subscription through", () => {
    const summary = summarizePlan(planOf({ address: SUBSCRIPTION, type: "aws_sns_topic_subscription", actions: ["create"] }));
    expect(summary.blocking).toEqual([]);
    expect(summary.regions[0]).toMatchObject({ add: 1 });
  });

  it("counts a subscription that only moved to its address as no change", () => {
    const summary = summarizePlan(
      planOf({ address: SUBSCRIPTION, type: "aws_sns_topic_subscription", actions: ["no-op"], previous_address: "aws_sns_topic_subscription.us-east-1_Email0_7F3A1B2C" }),
    );
    expect(summary).toEqual({ regions: [], blocking: [], noChanges: true });
  });
});
