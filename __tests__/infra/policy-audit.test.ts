import { TOPIC_KMS_CHOICES } from "../../src/contract/topic-encryption";
import { chatChannelPermissions, policiesIn, principalsOutsideAccount, undeliverableAlarms, unexplainedWildcards, type AllowedWildcard } from "../helpers/policy-audit";
import { addressIn, resourcesIn, synthStack, testSettings, type TerraformJson } from "../helpers/synth";

/** The only wildcards in any policy, and why each cannot be narrower. */
const ALLOWED_WILDCARDS: AllowedWildcard[] = [
  { type: "aws_iam_role_policy", sid: "ReadAccountAlias", in: "Resource", why: "iam:ListAccountAliases supports no resource-level scoping; AWS accepts only *" },
  {
    type: "aws_iam_role_policy",
    sid: "ReadRootPosture",
    in: "Resource",
    why: "iam:GetAccountSummary and iam:ListOrganizationsFeatures support no resource-level scoping (they answer for the account, or the organization, as a whole); AWS accepts only *; read-only",
  },
  { type: "aws_iam_role_policy", sid: "WriteOwnLogs", in: "Resource", why: "<own log group ARN>:* names the log streams Lambda creates in the function's own log group at run time" },
  {
    type: "aws_iam_role_policy",
    sid: "SelfCheckReadsTrails",
    in: "Resource",
    why: "the self-check reads whichever trails the account has (any name; an organization trail's ARN carries the management account's id): none is known at deploy time; read-only (DescribeTrails, GetTrailStatus, GetEventSelectors)",
  },
  { type: "aws_kms_key", sid: "AccountAdministersKey", in: "Action", why: "a key policy must keep the key manageable by the account, or the key can never be changed or deleted again" },
  { type: "aws_kms_key", sid: "AccountAdministersKey", in: "Resource", why: "* as a key policy resource means this key" },
  { type: "aws_kms_key", sid: "FunctionEncryptsThroughSns", in: "Resource", why: "* as a key policy resource means this key" },
  { type: "aws_kms_key", sid: "AlarmsEncryptForTopic", in: "Resource", why: "* as a key policy resource means this key" },
  { type: "aws_kms_key", sid: "TamperRuleEncryptsForTopic", in: "Resource", why: "* as a key policy resource means this key" },
  { type: "aws_sns_topic_policy", sid: "DenyInsecureTransport", in: "Action", why: "a Deny of every SNS action without TLS: it removes rights, grants none" },
  { type: "aws_sqs_queue", sid: "DenyInsecureTransport", in: "Action", why: "a Deny of every SQS action without TLS: it removes rights, grants none" },
  { type: "aws_s3_bucket_policy", sid: "CloudTrailWritesLogs", in: "Resource", why: "CloudTrail names each log object itself, under AWSLogs/<account>/ of the trail bucket" },
  { type: "aws_s3_bucket_policy", sid: "DenyInsecureTransport", in: "Action", why: "a Deny of every S3 action without TLS: it removes rights, grants none" },
  { type: "aws_s3_bucket_policy", sid: "DenyInsecureTransport", in: "Resource", why: "the Deny covers every object of the bucket" },
];

const REGIONS = ["us-east-1", "eu-west-1"];
const stackWith = (context: Record<string, unknown> = {}): TerraformJson => synthStack(testSettings({ regions: REGIONS, notificationEmails: ["a@example.com"], ...context }));

describe.each(TOPIC_KMS_CHOICES)("policies with topicKms %s", (topicKms) => {
  const json = stackWith({ topicKms });

  it("hold no wildcard action or resource, and no Allow to everyone, beyond the commented allow-list", () => {
    expect(policiesIn(json).map((policy) => policy.type)).toEqual(expect.arrayContaining(["aws_iam_role", "aws_iam_role_policy", "aws_sns_topic_policy", "aws_sqs_queue"]));
    expect(unexplainedWildcards(json, ALLOWED_WILDCARDS)).toEqual([]);
  });

  it("allow a wildcard action nowhere but in the account's administration of its own key", () => {
    const wildAllows = policiesIn(json).flatMap((policy) =>
      policy.statements.filter((s) => s.Effect === "Allow" && [s.Action].flat().some((action) => action.includes("*"))).map((s) => `${policy.type} ${s.Sid}`),
    );
    expect([...new Set(wildAllows)]).toEqual(topicKms === "customer-managed" ? ["aws_kms_key AccountAdministersKey"] : []);
  });

  it("let every alarm's actions deliver, the rule's and the delivery's: the topic policy admits the alarm, and CloudWatch may use the topic's key", () => {
    expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm)).toHaveLength(REGIONS.length * 9);
    expect(undeliverableAlarms(json)).toEqual([]);
  });
});

describe("policies of the whole stack, trail included", () => {
  it("hold no wildcard beyond the allow-list", () => {
    const json = stackWith({ createTrail: true });
    expect(policiesIn(json).map((policy) => policy.type)).toContain("aws_s3_bucket_policy");
    expect(unexplainedWildcards(json, ALLOWED_WILDCARDS)).toEqual([]);
  });
});

describe("policies with central delivery", () => {
  const json = stackWith({ delivery: "central", homeRegion: "eu-west-1" });

  it("include the forwarding roles and the bus policy, and hold no wildcard beyond the allow-list", () => {
    expect(policiesIn(json).map((policy) => policy.type)).toEqual(expect.arrayContaining(["aws_cloudwatch_event_bus_policy", "aws_iam_role", "aws_iam_role_policy"]));
    expect(unexplainedWildcards(json, ALLOWED_WILDCARDS)).toEqual([]);
  });

  it("admit no principal outside the account", () => {
    expect(principalsOutsideAccount(json)).toEqual([]);
  });

  it("let every alarm deliver", () => {
    expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm).length).toBeGreaterThan(0);
    expect(undeliverableAlarms(json)).toEqual([]);
  });
});

const CHAT_CHANNELS = {
  // With chat channels, the chat service's API Regions must be watched too (load-settings.ts).
  regions: ["us-east-1", "eu-west-1", "us-east-2", "us-west-2", "ap-southeast-1"],
  slackChannels: ["T07ABCDEF12/C07ABCDEF34"],
  teamsChannels: ["5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b/19%3a0123abcd%40thread.tacv2/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"],
};

describe.each([
  ["regional delivery", {}],
  ["central delivery", { delivery: "central", homeRegion: "eu-west-1" }],
])("policies with chat channels and %s", (_mode, context) => {
  const json = stackWith({ ...CHAT_CHANNELS, ...context });

  it("hold no wildcard beyond the allow-list, and admit no principal outside the account", () => {
    expect(Object.keys(json.resource.aws_chatbot_slack_channel_configuration)).toHaveLength(1);
    expect(unexplainedWildcards(json, ALLOWED_WILDCARDS)).toEqual([]);
    expect(principalsOutsideAccount(json)).toEqual([]);
  });

  it("give the channels a role that only the chat service assumes and that holds no permissions, behind a guardrail no broader than ReadOnlyAccess", () => {
    expect(chatChannelPermissions(json)).toEqual([]);
    const chatRoles = Object.values(json.resource.aws_iam_role).filter((role) => role.assume_role_policy.includes("chatbot.amazonaws.com"));
    expect(chatRoles.map((role) => JSON.parse(role.assume_role_policy))).toEqual([
      { Version: "2012-10-17", Statement: [{ Sid: "ChatServiceAssumesRole", Effect: "Allow", Principal: { Service: "chatbot.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    ]);
  });

  it("let every alarm deliver", () => {
    expect(undeliverableAlarms(json)).toEqual([]);
  });
});

describe("the audits themselves", () => {
  it.each([
    ["a guardrail of AdministratorAccess", (json: TerraformJson) => (firstSlack(json).guardrail_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]), "is neither AWSDenyAll nor ReadOnlyAccess"],
    ["no guardrail (the service then applies AdministratorAccess)", (json: TerraformJson) => delete firstSlack(json).guardrail_policy_arns, "no guardrail"],
    ["a managed policy on the chat role", (json: TerraformJson) => (chatRole(json).managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]), "holds managed_policy_arns"],
    [
      "an inline policy attached to the chat role by another resource",
      (json: TerraformJson) => (json.resource.aws_iam_role_policy.extra = { role: `\${aws_iam_role.${chatRoleName(json)}.id}`, policy: "{}" }),
      "aws_iam_role_policy.extra: gives the chat role",
    ],
    [
      "a managed policy attached to the chat role by another resource",
      (json: TerraformJson) => (json.resource.aws_iam_role_policy_attachment = { extra: { role: chatRole(json).name, policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } }),
      "aws_iam_role_policy_attachment.extra: gives the chat role",
    ],
    ["a chat role that another principal may assume", (json: TerraformJson) => (chatRole(json).assume_role_policy = chatRole(json).assume_role_policy.replace('{"Service":"chatbot.amazonaws.com"}', '{"AWS":"*"}')), "may be assumed by more than the chat service"],
  ])("find %s", (_what, edit, finding) => {
    const json = stackWith(CHAT_CHANNELS);
    edit(json);
    expect(chatChannelPermissions(json)).toEqual([expect.stringContaining(finding)]);
  });

  it("find a bus policy that admits another account", () => {
    const json = stackWith({ delivery: "central", homeRegion: "eu-west-1" });
    const [busPolicy] = Object.values(json.resource.aws_cloudwatch_event_bus_policy);
    busPolicy.policy = busPolicy.policy.replace(/iam::\$\{data\.aws_caller_identity\.[^}]+\}:root/, "iam::999988887777:root");
    expect(principalsOutsideAccount(json)).toEqual([expect.stringContaining("ForwardingRolesPutEvents: arn:${data.aws_partition")]);
  });

  /** Rewrites the statement `sid` of every role policy. */
  function editRoleStatement(json: TerraformJson, sid: string, edit: (statement: Record<string, unknown>) => void): void {
    for (const rolePolicy of Object.values(json.resource.aws_iam_role_policy)) {
      const document = JSON.parse(rolePolicy.policy);
      edit(document.Statement.find((s: { Sid: string }) => s.Sid === sid));
      rolePolicy.policy = JSON.stringify(document);
    }
  }

  it("find a wildcard that is not on the allow-list", () => {
    const json = stackWith();
    editRoleStatement(json, "PublishToOwnTopic", (s) => (s.Action = "sns:*"));
    expect(unexplainedWildcards(json, ALLOWED_WILDCARDS)).toEqual(REGIONS.map(() => expect.stringContaining("PublishToOwnTopic Action: sns:*")));
  });

  it("find a wildcard action in a statement whose wildcard resource is allowed", () => {
    const json = stackWith();
    editRoleStatement(json, "ReadAccountAlias", (s) => (s.Action = "iam:*"));
    expect(unexplainedWildcards(json, ALLOWED_WILDCARDS)).toEqual(REGIONS.map(() => expect.stringContaining("ReadAccountAlias Action: iam:*")));
  });

  it("find alarms that publish to a topic under the AWS-managed key", () => {
    const json = stackWith({ topicKms: "none" });
    for (const topic of Object.values(json.resource.aws_sns_topic)) topic.kms_master_key_id = "alias/aws/sns";
    expect(undeliverableAlarms(json)).toHaveLength(REGIONS.length * 9 * 2); // each alarm with an alarm and an OK action
  });

  it("find alarms that the topic policy does not admit", () => {
    const json = stackWith();
    for (const policy of Object.values(json.resource.aws_sns_topic_policy)) {
      const document = JSON.parse(policy.policy);
      document.Statement = document.Statement.filter((s: { Sid: string }) => s.Sid !== "AlarmsPublish");
      policy.policy = JSON.stringify(document);
    }
    expect(undeliverableAlarms(json)[0]).toMatch(/does not let this alarm publish/);
  });

  it("find alarms that the topic policy admits from another Region only", () => {
    const json = stackWith();
    const [policy] = resourcesIn(json, "aws_sns_topic_policy", "us-east-1");
    policy.policy = policy.policy.replace(":cloudwatch:us-east-1:", ":cloudwatch:eu-west-1:");
    expect(undeliverableAlarms(json)).toHaveLength(9 * 2);
  });

  it("find an alarm that publishes to another Region's topic", () => {
    const json = stackWith();
    const [alarm] = resourcesIn(json, "aws_cloudwatch_metric_alarm", "us-east-1");
    alarm.alarm_actions = [`\${${addressIn(json, "aws_sns_topic", "eu-west-1")}.arn}`];
    expect(undeliverableAlarms(json)).toEqual([
      `${alarm.alarm_name}: topic root-activity-monitor is in aws.eu-west-1, the alarm in aws.us-east-1`,
      `${alarm.alarm_name}: the policy of topic root-activity-monitor does not let this alarm publish`,
    ]);
  });
});

const firstSlack = (json: TerraformJson) => Object.values(json.resource.aws_chatbot_slack_channel_configuration)[0];
const chatRoleName = (json: TerraformJson) => /aws_iam_role\.([^.]+)\.arn/.exec(firstSlack(json).iam_role_arn)?.[1] as string;
const chatRole = (json: TerraformJson) => json.resource.aws_iam_role[chatRoleName(json)];
