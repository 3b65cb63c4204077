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

  describe("a plan that takes the organization's hub down (its resources are no longer configured)", () => {
    const destroyed = (address: string, type: string, before: Record<string, unknown>) => ({ address, type, change: { actions: ["delete"], before, after: null } });
    const plan = {
      resource_changes: [
        destroyed("aws_cloudformation_stack_set.organization-spokes_StackSet_51DB1A9D", "aws_cloudformation_stack_set", {
          arn: "arn:aws:cloudformation:eu-central-1:123456789012:stackset/root-activity-monitor-spokes:1",
        }),
        // Where its stack set is (its `region` is where it deploys spokes).
        destroyed("aws_cloudformation_stack_set_instance.organization-spokes_Instance-sa-east-1-root_8C132609", "aws_cloudformation_stack_set_instance", { region: "sa-east-1" }),
        destroyed("aws_cloudwatch_event_bus.central-bus_Bus_90989D70", "aws_cloudwatch_event_bus", { arn: "arn:aws:events:eu-central-1:123456789012:event-bus/root-activity-monitor" }),
        destroyed("aws_cloudwatch_event_bus_policy.central-bus_Policy_D7B5EDBE", "aws_cloudwatch_event_bus_policy", { event_bus_name: "root-activity-monitor" }),
        // A rule target's ARN is its target's (here a queue elsewhere): the target is where its rule is.
        destroyed("aws_cloudwatch_event_rule.central-rule_Rule_E2D945AD", "aws_cloudwatch_event_rule", { arn: "arn:aws:events:eu-central-1:123456789012:rule/root-activity-monitor/root-activity-monitor" }),
        destroyed("aws_cloudwatch_event_target.central-rule_Target_FCAF725F", "aws_cloudwatch_event_target", { arn: "arn:aws:sqs:ap-south-1:123456789012:elsewhere" }),
        destroyed("aws_cloudwatch_event_target.sa-east-1-rule_Target_2D630B97", "aws_cloudwatch_event_target", { arn: "arn:aws:events:eu-central-1:123456789012:event-bus/root-activity-monitor" }),
        destroyed("aws_iam_role.sa-east-1-forwarding-role_Role_834227E4", "aws_iam_role", { arn: "arn:aws:iam::123456789012:role/root-activity-monitor-forward-sa-east-1" }),
      ],
    };
    const summary = summarizePlan(plan);

    it("refuses it: destroying the stack set or an instance removes every member account's spokes", () => {
      expect(summary.blocking).toEqual([
        "destroys aws_cloudformation_stack_set.organization-spokes_StackSet_51DB1A9D",
        "destroys aws_cloudformation_stack_set_instance.organization-spokes_Instance-sa-east-1-root_8C132609",
        "destroys aws_cloudwatch_event_rule.central-rule_Rule_E2D945AD",
      ]);
    });

    it("counts each resource in its Region: by its name, its own ARN, or else its construct's", () => {
      expect(summary.regions.map((region) => [region.region, region.destroyed])).toEqual([
        [
          "eu-central-1",
          [
            "aws_cloudformation_stack_set.organization-spokes_StackSet_51DB1A9D",
            "aws_cloudformation_stack_set_instance.organization-spokes_Instance-sa-east-1-root_8C132609",
            "aws_cloudwatch_event_bus.central-bus_Bus_90989D70",
            "aws_cloudwatch_event_bus_policy.central-bus_Policy_D7B5EDBE",
            "aws_cloudwatch_event_rule.central-rule_Rule_E2D945AD",
            "aws_cloudwatch_event_target.central-rule_Target_FCAF725F",
          ],
        ],
        ["sa-east-1", ["aws_cloudwatch_event_target.sa-east-1-rule_Target_2D630B97", "aws_iam_role.sa-east-1-forwarding-role_Role_834227E4"]],
      ]);
    });
  });
});
