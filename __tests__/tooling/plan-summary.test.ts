/** The plan summary, from `terraform show -json` and the state it was planned from: what it counts, where, and what it refuses. */
import { summarizePlan } from "../../scripts/lib/plan-summary";
import { regionsInState } from "../../scripts/lib/state-regions";

/** Nothing in the state: every change below is of a configured resource. */
const NO_STATE = new Map<string, string>();

const SUBSCRIPTION = "aws_sns_topic_subscription.us-east-1_Subscriptions_Email-0123456789ab_1A2B3C4D";

const planOf = (...changes: Array<{ address: string; type: string; actions: string[]; previous_address?: string }>) => ({
  resource_changes: changes.map(({ actions, ...change }) => ({ ...change, change: { actions } })),
  configuration: { root_module: { resources: changes.map((change) => ({ address: change.address, provider_config_key: "aws.us-east-1" })) } },
});

describe("summarizePlan", () => {
  it("refuses a plan that destroys a subscription: that address would stop hearing of root activity", () => {
    const summary = summarizePlan(planOf({ address: SUBSCRIPTION, type: "aws_sns_topic_subscription", actions: ["delete"] }), NO_STATE);
    expect(summary.blocking).toEqual([`destroys ${SUBSCRIPTION}`]);
    expect(summary.regions).toEqual([{ region: "us-east-1", add: 0, change: 0, replace: 0, destroy: 1, replaced: [], destroyed: [SUBSCRIPTION] }]);
  });

  it("refuses a plan that replaces a subscription: its address would have to confirm again", () => {
    expect(summarizePlan(planOf({ address: SUBSCRIPTION, type: "aws_sns_topic_subscription", actions: ["delete", "create"] }), NO_STATE).blocking).toEqual([
      `replaces ${SUBSCRIPTION}`,
    ]);
  });

  it.each(["aws_chatbot_slack_channel_configuration", "aws_chatbot_teams_channel_configuration"])("refuses a plan that destroys a chat channel configuration (%s), and lets a new one through", (type) => {
    const address = `${type}.chat-channels_slack-6098081883ef_5A27EE27`;
    expect(summarizePlan(planOf({ address, type, actions: ["delete"] }), NO_STATE).blocking).toEqual([`destroys ${address}`]);
    expect(summarizePlan(planOf({ address, type, actions: ["create"] }), NO_STATE).blocking).toEqual([]);
  });

  it("lets a new subscription through", () => {
    const summary = summarizePlan(planOf({ address: SUBSCRIPTION, type: "aws_sns_topic_subscription", actions: ["create"] }), NO_STATE);
    expect(summary.blocking).toEqual([]);
    expect(summary.regions[0]).toMatchObject({ add: 1 });
  });

  it("counts a subscription that only moved to its address as no change", () => {
    const summary = summarizePlan(
      planOf({ address: SUBSCRIPTION, type: "aws_sns_topic_subscription", actions: ["no-op"], previous_address: "aws_sns_topic_subscription.us-east-1_Email0_7F3A1B2C" }),
      NO_STATE,
    );
    expect(summary).toEqual({ regions: [], blocking: [], noChanges: true });
  });

  /** A resource in `terraform state pull`'s text, as Terraform writes it: its provider with the alias it was made with. */
  const inState = (address: string, alias: string, mode = "managed") => {
    const [type, name] = address.replace(/^data\./, "").split(".");
    return { mode, type, name, provider: `provider["registry.terraform.io/hashicorp/aws"].${alias}`, instances: [{ schema_version: 0, attributes: {}, sensitive_attributes: [] }] };
  };
  const stateText = (...resources: Array<ReturnType<typeof inState>>) =>
    JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 7, lineage: "3f0c", outputs: {}, resources, check_results: null });
  /** A resource change of `terraform show -json` for a resource that is no longer configured, as Terraform writes it. */
  const destroyed = (address: string, before: Record<string, unknown>) => ({
    address,
    mode: "managed",
    type: address.split(".")[0],
    name: address.split(".")[1],
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions: ["delete"], before, after: null },
    action_reason: "delete_because_no_resource_config",
  });

  describe("a plan that removes what neither its address nor its attributes place in a Region", () => {
    // Each of these fell to "(unknown)": no Region leads its construct's id, and it has no ARN of its own.
    const plan = {
      resource_changes: [
        destroyed("aws_s3_bucket_versioning.management-trail_Versioning_BD596ED7", { bucket: "root-activity-monitor-trail-123456789012", id: "root-activity-monitor-trail-123456789012" }),
        destroyed("aws_s3_bucket_public_access_block.management-trail_PublicAccessBlock_CD7421DD", { bucket: "root-activity-monitor-trail-123456789012", block_public_acls: true }),
        destroyed("aws_cloudwatch_event_bus_policy.central-bus_Policy_D7B5EDBE", { event_bus_name: "root-activity-monitor" }),
        destroyed("aws_iam_role_policy.central-forwarding_RolePolicy_0A1B2C3D", { id: "root-activity-monitor-forward:forward", role: "root-activity-monitor-forward" }),
      ],
      configuration: { root_module: { resources: [] } },
    };
    const state = stateText(
      inState("data.aws_caller_identity.management-trail_Account_85304D7A", "us-east-1", "data"),
      inState("aws_s3_bucket_versioning.management-trail_Versioning_BD596ED7", "us-east-1"),
      inState("aws_s3_bucket_public_access_block.management-trail_PublicAccessBlock_CD7421DD", "us-east-1"),
      inState("aws_cloudwatch_event_bus_policy.central-bus_Policy_D7B5EDBE", "eu-central-1"),
      inState("aws_iam_role_policy.central-forwarding_RolePolicy_0A1B2C3D", "eu-central-1"),
    );

    it("counts each in the Region of the provider the state records it with (IAM's in that of the construct that made it)", () => {
      expect(summarizePlan(plan, regionsInState(state)).regions.map((region) => [region.region, region.destroyed])).toEqual([
        ["eu-central-1", ["aws_cloudwatch_event_bus_policy.central-bus_Policy_D7B5EDBE", "aws_iam_role_policy.central-forwarding_RolePolicy_0A1B2C3D"]],
        [
          "us-east-1",
          ["aws_s3_bucket_versioning.management-trail_Versioning_BD596ED7", "aws_s3_bucket_public_access_block.management-trail_PublicAccessBlock_CD7421DD"],
        ],
      ]);
    });

    it("never counts one in an unknown Region: a resource in neither the configuration nor the state means the plan is stale", () => {
      expect(() => summarizePlan(plan, regionsInState(stateText()))).toThrow(
        "Cannot tell the Region of aws_s3_bucket_versioning.management-trail_Versioning_BD596ED7: neither the configuration nor the state names its provider's Region. " +
          "If someone applied since this plan was made, the plan is stale: run npm run plan again.",
      );
    });
  });

  describe("a plan that stops what the monitor needs to see and tell (createTrail turned off, a Region retired)", () => {
    const plan = {
      resource_changes: [
        destroyed("aws_cloudtrail.management-trail_Trail_C73962FF", { arn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/root-activity-monitor-management-events", enable_logging: true }),
        destroyed("aws_s3_bucket.management-trail_Bucket_5EC8158A", { arn: "arn:aws:s3:::root-activity-monitor-trail-123456789012", bucket: "root-activity-monitor-trail-123456789012" }),
        destroyed("aws_s3_bucket_policy.management-trail_Policy_8D5CCFF3", { bucket: "root-activity-monitor-trail-123456789012" }),
        // Terraform's "destroy" of a key schedules its deletion and disables it at once.
        destroyed("aws_kms_key.eu-west-1_TopicKey_213FADFF", { arn: "arn:aws:kms:eu-west-1:123456789012:key/70ae8350-6569-467a-97ca-593ee936b48d", deletion_window_in_days: 30 }),
        destroyed("aws_kms_alias.eu-west-1_TopicKey_Alias_88098C30", { arn: "arn:aws:kms:eu-west-1:123456789012:alias/root-activity-monitor-topic", name: "alias/root-activity-monitor-topic" }),
        destroyed("aws_sqs_queue.eu-west-1_Buffer_Queue_2747F4E3", { arn: "arn:aws:sqs:eu-west-1:123456789012:root-activity-monitor-buffer" }),
        destroyed("aws_dynamodb_table.eu-west-1_Sessions_Table_A2BC091C", { arn: "arn:aws:dynamodb:eu-west-1:123456789012:table/root-activity-monitor-sessions" }),
        destroyed("aws_iam_role_policy.eu-west-1_RolePolicy_5F241E47", { id: "root-activity-monitor-eu-west-1:notify", role: "root-activity-monitor-eu-west-1" }),
        destroyed("aws_lambda_event_source_mapping.eu-west-1_BufferMapping_F586A43B", { function_name: "root-activity-monitor" }),
      ],
      configuration: { root_module: { resources: [] } },
    };
    const summary = summarizePlan(
      plan,
      regionsInState(
        stateText(
          ...plan.resource_changes
            .map((change) => change.address)
            .map((address) => inState(address, address.startsWith("aws_cloudtrail") || address.includes("management-trail") ? "us-east-1" : "eu-west-1")),
        ),
      ),
    );

    it("refuses it: the trail, its bucket of logs, the topic's key, the buffer with the events in it and the session table", () => {
      expect(summary.blocking).toEqual([
        "destroys aws_cloudtrail.management-trail_Trail_C73962FF",
        "destroys aws_s3_bucket.management-trail_Bucket_5EC8158A",
        "destroys aws_kms_key.eu-west-1_TopicKey_213FADFF",
        "destroys aws_sqs_queue.eu-west-1_Buffer_Queue_2747F4E3",
        "destroys aws_dynamodb_table.eu-west-1_Sessions_Table_A2BC091C",
      ]);
    });

    it("refuses replacing the trail or the topic's key, but not the key's alias (a name for people; the topic names its key by ARN)", () => {
      const replaced = (address: string) => ({ address, type: address.split(".")[0], actions: ["delete", "create"] });
      expect(
        summarizePlan(
          planOf(
            replaced("aws_cloudtrail.management-trail_Trail_C73962FF"),
            replaced("aws_kms_key.us-east-1_TopicKey_F569F601"),
            replaced("aws_kms_alias.us-east-1_TopicKey_Alias_2835C7CB"),
          ),
          NO_STATE,
        ).blocking,
      ).toEqual(["replaces aws_cloudtrail.management-trail_Trail_C73962FF", "replaces aws_kms_key.us-east-1_TopicKey_F569F601"]);
    });

    it("counts the trail's resources where the trail is, and the retired Region's where they were", () => {
      expect(summary.regions.map((region) => [region.region, region.destroy])).toEqual([
        ["eu-west-1", 6],
        ["us-east-1", 3],
      ]);
    });
  });

  describe("a plan that takes the organization's hub down (its resources are no longer configured)", () => {
    const plan = {
      resource_changes: [
        destroyed("aws_cloudformation_stack_set.organization-spokes_StackSet_51DB1A9D", {
          arn: "arn:aws:cloudformation:eu-central-1:123456789012:stackset/root-activity-monitor-spokes:1",
        }),
        // Made with the hub's provider; its `region` is where it deploys spokes.
        destroyed("aws_cloudformation_stack_set_instance.organization-spokes_Instance-sa-east-1-root_8C132609", { region: "sa-east-1" }),
        destroyed("aws_cloudwatch_event_bus.central-bus_Bus_90989D70", { arn: "arn:aws:events:eu-central-1:123456789012:event-bus/root-activity-monitor" }),
        destroyed("aws_cloudwatch_event_bus_policy.central-bus_Policy_D7B5EDBE", { event_bus_name: "root-activity-monitor" }),
        destroyed("aws_cloudwatch_event_rule.central-rule_Rule_E2D945AD", { arn: "arn:aws:events:eu-central-1:123456789012:rule/root-activity-monitor/root-activity-monitor" }),
        // A rule target's ARN is its target's (here a queue elsewhere): the target is where its rule is.
        destroyed("aws_cloudwatch_event_target.central-rule_Target_FCAF725F", { arn: "arn:aws:sqs:ap-south-1:123456789012:elsewhere" }),
        destroyed("aws_cloudwatch_event_target.sa-east-1-rule_Target_2D630B97", { arn: "arn:aws:events:eu-central-1:123456789012:event-bus/root-activity-monitor" }),
        destroyed("aws_iam_role.sa-east-1-forwarding-role_Role_834227E4", { arn: "arn:aws:iam::123456789012:role/root-activity-monitor-forward-sa-east-1" }),
      ],
    };
    const summary = summarizePlan(
      plan,
      regionsInState(stateText(...plan.resource_changes.map((change) => change.address).map((address) => inState(address, address.includes(".sa-east-1-") ? "sa-east-1" : "eu-central-1")))),
    );

    it("refuses it: destroying the stack set or an instance removes every member account's spokes, the bus every Region's path", () => {
      expect(summary.blocking).toEqual([
        "destroys aws_cloudformation_stack_set.organization-spokes_StackSet_51DB1A9D",
        "destroys aws_cloudformation_stack_set_instance.organization-spokes_Instance-sa-east-1-root_8C132609",
        "destroys aws_cloudwatch_event_bus.central-bus_Bus_90989D70",
        "destroys aws_cloudwatch_event_rule.central-rule_Rule_E2D945AD",
        "destroys aws_cloudwatch_event_target.central-rule_Target_FCAF725F",
        "destroys aws_cloudwatch_event_target.sa-east-1-rule_Target_2D630B97",
      ]);
    });

    it("counts each resource in the Region of its provider", () => {
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
