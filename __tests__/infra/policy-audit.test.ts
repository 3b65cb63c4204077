import { TOPIC_KMS_CHOICES } from "../../src/topic-encryption";
import { synthMonitor } from "../helpers/synth";
import { synthStack, testSettings } from "../helpers/synth";
import { policiesIn, undeliverableAlarms, unexplainedWildcards, type AllowedWildcard } from "../helpers/policy-audit";

/** The only wildcards in any policy, and why each cannot be narrower. */
const ALLOWED_WILDCARDS: AllowedWildcard[] = [
  { type: "aws_iam_role_policy", sid: "ReadAccountAlias", why: "iam:ListAccountAliases supports no resource-level scoping; AWS accepts only *" },
  { type: "aws_iam_role_policy", sid: "WriteOwnLogs", why: "<own log group ARN>:* names the log streams Lambda creates in the function's own log group at run time" },
  { type: "aws_kms_key", sid: "AccountAdministersKey", why: "a key policy must keep the key manageable by the account; * as a key policy resource means this key" },
  { type: "aws_kms_key", sid: "FunctionEncryptsThroughSns", why: "* as a key policy resource means this key" },
  { type: "aws_kms_key", sid: "AlarmsEncryptForTopic", why: "* as a key policy resource means this key" },
  { type: "aws_sns_topic_policy", sid: "DenyInsecureTransport", why: "a Deny of every SNS action without TLS: it removes rights, grants none" },
  { type: "aws_sqs_queue", sid: "DenyInsecureTransport", why: "a Deny of every SQS action without TLS: it removes rights, grants none" },
  { type: "aws_s3_bucket_policy", sid: "CloudTrailWritesLogs", why: "CloudTrail names each log object itself, under AWSLogs/<account>/ of the trail bucket" },
  { type: "aws_s3_bucket_policy", sid: "DenyInsecureTransport", why: "a Deny of every S3 action without TLS: it removes rights, grants none" },
];

describe.each(TOPIC_KMS_CHOICES)("policies with topicKms %s", (topicKms) => {
  const json = synthMonitor({ topicKms, notificationEmails: ["a@example.com"] });

  it("holds no wildcard action or resource, and no Allow to everyone, beyond the commented allow-list", () => {
    expect(policiesIn(json).map((policy) => policy.type)).toEqual(expect.arrayContaining(["aws_iam_role", "aws_iam_role_policy", "aws_sns_topic_policy", "aws_sqs_queue"]));
    expect(unexplainedWildcards(json, ALLOWED_WILDCARDS)).toEqual([]);
  });

  it("lets every alarm's actions deliver: the topic policy admits the alarm, and CloudWatch may use the topic's key", () => {
    expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm)).toHaveLength(6);
    expect(undeliverableAlarms(json)).toEqual([]);
  });
});

describe("policies of the whole stack, trail included", () => {
  it("hold no wildcard beyond the allow-list", () => {
    const json = synthStack(testSettings({ regions: ["us-east-1", "eu-west-1"], createTrail: true }));
    expect(policiesIn(json).map((policy) => policy.type)).toContain("aws_s3_bucket_policy");
    expect(unexplainedWildcards(json, ALLOWED_WILDCARDS)).toEqual([]);
  });
});

describe("the audits themselves", () => {
  it("find a wildcard that is not on the allow-list", () => {
    const json = synthMonitor();
    const [name, rolePolicy] = Object.entries(json.resource.aws_iam_role_policy)[0];
    const document = JSON.parse(rolePolicy.policy);
    document.Statement[1].Action = "sns:*";
    json.resource.aws_iam_role_policy[name] = { ...rolePolicy, policy: JSON.stringify(document) };
    expect(unexplainedWildcards(json, ALLOWED_WILDCARDS)).toEqual([expect.stringContaining("PublishToOwnTopic: sns:*")]);
  });

  it("find alarms that publish to a topic under the AWS-managed key", () => {
    const json = synthMonitor({ topicKms: "none" });
    for (const topic of Object.values(json.resource.aws_sns_topic)) topic.kms_master_key_id = "alias/aws/sns";
    expect(undeliverableAlarms(json)).toHaveLength(12); // 6 alarms, each with an alarm and an OK action
  });

  it("find alarms that the topic policy does not admit", () => {
    const json = synthMonitor();
    for (const policy of Object.values(json.resource.aws_sns_topic_policy)) {
      const document = JSON.parse(policy.policy);
      document.Statement = document.Statement.filter((s: { Sid: string }) => s.Sid !== "AlarmsPublish");
      policy.policy = JSON.stringify(document);
    }
    expect(undeliverableAlarms(json)[0]).toMatch(/does not let this alarm publish/);
  });
});
