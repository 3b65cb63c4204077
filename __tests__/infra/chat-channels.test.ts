/**
 * Chat delivery as Terraform receives it: a chat topic beside each delivery topic (its key, its
 * policy, the function's publish grant and CHAT_TOPIC_ARN), one channel configuration per channel
 * subscribed to every chat topic, and none of it without channels.
 */
import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { ChatbotTeamsChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-teams-channel-configuration";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest"; // types of the cdktf Jest matchers
import { ChatChannels } from "../../src/chat/chat-channels";
import { addressIn, onlyResourceIn, resourcesIn, synthStack, testRegionContext, testSettings, TEST_REGION, type TerraformJson } from "../helpers/synth";

Testing.setupJest();

// With chat channels, the chat service's API Regions must be watched (CHAT_API_REGIONS): they are here, with us-east-1.
const REGIONS = ["us-east-1", "eu-west-1", "us-east-2", "us-west-2", "ap-southeast-1"];
const SLACK = "T07ABCDEF12/C07ABCDEF34";
const OTHER_SLACK = "T07ABCDEF12/G0PRIVATE9";
const TEAMS = { teamId: "5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b", channelId: "19%3a0123abcd%40thread.tacv2", tenantId: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9" };
const CHAT_TOPIC = "root-activity-monitor-chat";
const CHAT_ROLE = "root-activity-monitor-chat-us-east-1";

const synth = (context: Record<string, unknown> = {}): TerraformJson =>
  synthStack(testSettings({ regions: REGIONS, notificationEmails: ["a@example.com"], slackChannels: [SLACK], teamsChannels: [TEAMS], ...context }));
const ref = (address: string, attribute = "arn") => `\${${address}.${attribute}}`;
const configurations = (json: TerraformJson, type: string) => Object.entries(json.resource[type] ?? {});

describe("without chat channels (the default)", () => {
  const json = synth({ slackChannels: [], teamsChannels: [] });

  it("makes no chat topic, no channel configuration and no chat role", () => {
    expect(json.resource.aws_chatbot_slack_channel_configuration).toBeUndefined();
    expect(json.resource.aws_chatbot_teams_channel_configuration).toBeUndefined();
    expect(Object.values(json.resource.aws_sns_topic).map((topic) => topic.name)).not.toContain(CHAT_TOPIC);
    expect(Object.values(json.resource.aws_iam_role).map((role) => role.name)).not.toContain(CHAT_ROLE);
  });

  it("leaves the function's environment and policy as they were: no CHAT_TOPIC_ARN, no chat publish grant", () => {
    for (const region of REGIONS) {
      expect(Object.keys(onlyResourceIn(json, "aws_lambda_function", region).environment.variables)).not.toContain("CHAT_TOPIC_ARN");
      expect(onlyResourceIn(json, "aws_iam_role_policy", region, "notify").policy).not.toContain("Chat");
    }
  });

  it("has no chat alarm", () => {
    const names = Object.values(json.resource.aws_cloudwatch_metric_alarm).map((alarm) => alarm.alarm_name);
    expect(names).not.toContain("root-activity-monitor-chat-copy-failed");
    expect(names).not.toContain("root-activity-monitor-chat-delivery-failed");
  });
});

describe("with a Slack and a Teams channel, regional delivery", () => {
  const json = synth();

  it.each(REGIONS)("puts a chat topic in %s, encrypted with the delivery topic's key", (region) => {
    const chat = onlyResourceIn(json, "aws_sns_topic", region, CHAT_TOPIC);
    const delivery = onlyResourceIn(json, "aws_sns_topic", region, "root-activity-monitor");
    expect(chat.kms_master_key_id).toBe(ref(addressIn(json, "aws_kms_key", region)));
    expect(chat.kms_master_key_id).toBe(delivery.kms_master_key_id);
  });

  it.each(REGIONS)("lets only %s's function publish to its chat topic, over TLS", (region) => {
    const topic = addressIn(json, "aws_sns_topic", region, CHAT_TOPIC);
    const policies = resourcesIn(json, "aws_sns_topic_policy", region).filter((policy) => policy.arn === ref(topic));
    expect(policies).toHaveLength(1);
    const statements = JSON.parse(policies[0].policy).Statement;
    const role = ref(addressIn(json, "aws_iam_role", region, `root-activity-monitor-${region}`));
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(["FunctionPublishes", "OnlyTheMonitorPublishes", "DenyInsecureTransport"]);
    expect(statements[0]).toEqual({ Sid: "FunctionPublishes", Effect: "Allow", Principal: { AWS: role }, Action: "sns:Publish", Resource: ref(topic) });
    expect(statements[1].Condition.ArnNotEquals).toEqual({ "aws:PrincipalArn": role });
  });

  // A chat copy that fails is not retried (the email went out): the alarm, on the delivery's alarm topic, tells it.
  it.each(REGIONS)("alarms in %s, by the delivery's alarm topic, on the first chat copy its function could not publish", (region) => {
    const alarm = onlyResourceIn(json, "aws_cloudwatch_metric_alarm", region, { alarm_name: "root-activity-monitor-chat-copy-failed" });
    expect(alarm).toMatchObject({ namespace: "root-activity-monitor", metric_name: "ChatCopiesFailed", threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold" });
    expect(alarm.dimensions).toEqual({ FunctionName: ref(addressIn(json, "aws_lambda_function", region), "function_name") });
    expect(alarm.alarm_actions).toHaveLength(1);
    expect(alarm.alarm_actions).toEqual(onlyResourceIn(json, "aws_cloudwatch_metric_alarm", region, { alarm_name: "root-activity-monitor-function-errors" }).alarm_actions);
  });

  it.each(REGIONS)("alarms in %s, by the delivery's alarm topic, on the first chat copy SNS could not deliver to the chat service", (region) => {
    const alarm = onlyResourceIn(json, "aws_cloudwatch_metric_alarm", region, { alarm_name: "root-activity-monitor-chat-delivery-failed" });
    expect(alarm).toMatchObject({ namespace: "AWS/SNS", metric_name: "NumberOfNotificationsFailed", threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold" });
    expect(alarm.dimensions).toEqual({ TopicName: ref(addressIn(json, "aws_sns_topic", region, CHAT_TOPIC), "name") });
    expect(alarm.alarm_actions).toEqual(onlyResourceIn(json, "aws_cloudwatch_metric_alarm", region, { alarm_name: "root-activity-monitor-function-errors" }).alarm_actions);
  });

  // De-authorizing the workspace or team silences every channel of it, and the request names it by id alone.
  it.each(REGIONS)("has %s's tamper rule tell the Slack workspace or the Teams team of a channel de-authorized", (region) => {
    const rule = resourcesIn(json, "aws_cloudwatch_event_rule", region).find((candidate) => candidate.name === "root-activity-monitor-tamper") as Record<string, string>;
    const clauses = JSON.parse(rule.event_pattern).detail.$or[0].requestParameters.$or as Array<Record<string, unknown>>;
    expect(clauses).toContainEqual({ slackTeamId: ["T07ABCDEF12"] });
    expect(clauses).toContainEqual({ teamId: [TEAMS.teamId] });
  });

  it.each(REGIONS)("gives %s's function its own chat topic in CHAT_TOPIC_ARN, and sns:Publish on it alone", (region) => {
    const topic = ref(addressIn(json, "aws_sns_topic", region, CHAT_TOPIC));
    expect(onlyResourceIn(json, "aws_lambda_function", region).environment.variables.CHAT_TOPIC_ARN).toBe(topic);
    const statements = JSON.parse(onlyResourceIn(json, "aws_iam_role_policy", region, "notify").policy).Statement;
    expect(statements.find((s: { Sid: string }) => s.Sid === "PublishToOwnChatTopic")).toEqual({ Sid: "PublishToOwnChatTopic", Effect: "Allow", Action: "sns:Publish", Resource: topic });
    const published = statements.filter((s: { Action: string }) => s.Action === "sns:Publish").map((s: { Resource: string }) => s.Resource);
    expect(published).toEqual([ref(addressIn(json, "aws_sns_topic", region, "root-activity-monitor")), topic]);
  });

  it("makes one Slack configuration with every Region's chat topic, through us-east-1's provider", () => {
    const [[, slack], ...others] = configurations(json, "aws_chatbot_slack_channel_configuration");
    expect(others).toHaveLength(0);
    expect(slack).toMatchObject({
      provider: "aws.us-east-1",
      slack_team_id: "T07ABCDEF12",
      slack_channel_id: "C07ABCDEF34",
      iam_role_arn: ref(addressIn(json, "aws_iam_role", "us-east-1", CHAT_ROLE)),
      logging_level: "ERROR",
      user_authorization_required: true,
    });
    // The AWS managed AWSDenyAll policy, in the partition deployed to: never AdministratorAccess, the service's default.
    expect(slack.guardrail_policy_arns).toEqual([expect.stringMatching(/^arn:\$\{data\.aws_partition\.us-east-1-context_Partition_[0-9A-F]+\.partition\}:iam::aws:policy\/AWSDenyAll$/)]);
    expect(slack.configuration_name).toMatch(/^root-activity-monitor-slack-[0-9a-f]{12}$/);
    expect([...slack.sns_topic_arns].sort()).toEqual(REGIONS.map((region) => ref(addressIn(json, "aws_sns_topic", region, CHAT_TOPIC))).sort());
  });

  it("makes one Teams configuration with the same role, guardrail, logging and topics", () => {
    const [[, teams], ...others] = configurations(json, "aws_chatbot_teams_channel_configuration");
    const [[, slack]] = configurations(json, "aws_chatbot_slack_channel_configuration");
    expect(others).toHaveLength(0);
    expect(teams).toMatchObject({ provider: "aws.us-east-1", team_id: TEAMS.teamId, channel_id: TEAMS.channelId, tenant_id: TEAMS.tenantId, logging_level: "ERROR", user_authorization_required: true });
    expect(teams.configuration_name).toMatch(/^root-activity-monitor-teams-[0-9a-f]{12}$/);
    for (const attribute of ["iam_role_arn", "guardrail_policy_arns", "sns_topic_arns"]) expect(teams[attribute]).toEqual(slack[attribute]);
  });

  it("keeps a channel's configuration where it was when another channel is removed", () => {
    const both = synth({ slackChannels: [OTHER_SLACK, SLACK] });
    const one = synth({ slackChannels: [SLACK] });
    const address = (j: TerraformJson) => configurations(j, "aws_chatbot_slack_channel_configuration").filter(([, c]) => c.slack_channel_id === "C07ABCDEF34").map(([name, c]) => [name, c.configuration_name]);
    expect(address(both)).toHaveLength(1);
    expect(address(one)).toEqual(address(both));
  });
});

describe.each([
  ["central delivery", { delivery: "central", homeRegion: "eu-west-1" }],
  ["organization scope", { scope: "organization", homeRegion: "eu-west-1", organizationId: "o-a1b2c3d4e5", organizationalUnitIds: ["ou-ab12-cd34ef56"] }],
])("with chat channels and %s", (_mode, context) => {
  const json = synth(context);

  it("puts the one chat topic in the home Region, and the configurations there, subscribed to it alone", () => {
    expect(Object.values(json.resource.aws_sns_topic).filter((topic) => topic.name === CHAT_TOPIC)).toHaveLength(1);
    const topic = ref(addressIn(json, "aws_sns_topic", "eu-west-1", CHAT_TOPIC));
    for (const type of ["aws_chatbot_slack_channel_configuration", "aws_chatbot_teams_channel_configuration"]) {
      const found = configurations(json, type).map(([, c]) => c);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ provider: "aws.eu-west-1", sns_topic_arns: [topic], iam_role_arn: ref(addressIn(json, "aws_iam_role", "eu-west-1", "root-activity-monitor-chat-eu-west-1")) });
    }
    expect(onlyResourceIn(json, "aws_lambda_function", "eu-west-1").environment.variables.CHAT_TOPIC_ARN).toBe(topic);
  });
});

describe.each([
  ["aws-managed", "alias/aws/sns"],
  ["none", undefined],
])("with topicKms %s", (topicKms, key) => {
  it("encrypts the chat topic as the delivery topic is", () => {
    const json = synth({ topicKms });
    for (const region of REGIONS) expect(onlyResourceIn(json, "aws_sns_topic", region, CHAT_TOPIC).kms_master_key_id).toBe(key);
  });
});

describe("ChatChannels on its own", () => {
  const topics = ["arn:aws:sns:eu-west-1:111122223333:root-activity-monitor-chat", "arn:aws:sns:us-east-1:111122223333:root-activity-monitor-chat"];
  const synthesized = Testing.synthScope((scope) => {
    new ChatChannels(scope, "chat-channels", {
      context: testRegionContext(scope),
      topicArns: topics,
      slackChannels: [{ workspaceId: "T07ABCDEF12", channelId: "C07ABCDEF34" }],
      teamsChannels: [TEAMS],
    });
  });

  it("makes each configuration through the given Region's provider, with the topics given, ERROR logging and user authorization", () => {
    const common = { provider: `aws.${TEST_REGION}`, sns_topic_arns: topics, logging_level: "ERROR", user_authorization_required: true };
    expect(synthesized).toHaveResourceWithProperties(ChatbotSlackChannelConfiguration, { ...common, slack_team_id: "T07ABCDEF12", slack_channel_id: "C07ABCDEF34" });
    expect(synthesized).toHaveResourceWithProperties(ChatbotTeamsChannelConfiguration, { ...common, team_id: TEAMS.teamId, channel_id: TEAMS.channelId, tenant_id: TEAMS.tenantId });
  });

  it("names one role, trusted by the chat service, with no policy of its own", () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, { name: `root-activity-monitor-chat-${TEST_REGION}` });
    expect(synthesized).not.toHaveResource(IamRolePolicy);
  });

  it("refuses a channel the service would refuse, with the settings' message naming the construct", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new ChatChannels(scope, "chat-channels", { context: testRegionContext(scope), topicArns: topics, slackChannels: [{ workspaceId: "t07", channelId: "C1" }] });
      }),
    ).toThrow(
      'Invalid settings:\n  Setting "slackChannels" (from ChatChannels chat-channels props) has the value [{"workspaceId":"t07","channelId":"C1"}]: "t07" is not a Slack workspace id (such as T07ABCDEF12). Allowed: WORKSPACE_ID/CHANNEL_ID such as T07ABCDEF12/C07ABCDEF34 (workspace: capital letters and digits; channel: letters and digits), each channel once.',
    );
  });
});
