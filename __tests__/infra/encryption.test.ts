import { TOPIC_KMS_CHOICES } from "../../src/contract/topic-encryption";
import { all, dataRef, one, ref, resourcesIn, synthDelivery, synthStack, testSettings } from "../helpers/synth";

describe("topic encryption", () => {
  describe("customer-managed (the default)", () => {
    const json = synthDelivery();
    const [keyAddress, key] = one(json, "aws_kms_key");
    const [roleAddress] = one(json, "aws_iam_role");

    it("encrypts the topic with a per-Region key that rotates", () => {
      const [, topic] = one(json, "aws_sns_topic");
      expect(topic.kms_master_key_id).toBe(ref(keyAddress, "arn"));
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
      const [, alias] = one(json, "aws_kms_alias");
      expect(alias).toMatchObject({ name: "alias/root-activity-monitor-topic", target_key_id: ref(keyAddress, "key_id") });
    });

    it("names exactly who may use the key: the account's administrators, the function through SNS, and CloudWatch alarms", () => {
      const account = dataRef(json, "aws_caller_identity", "account_id");
      const partition = dataRef(json, "aws_partition", "partition");
      expect(JSON.parse(key.policy).Statement).toEqual([
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
        {
          Sid: "FunctionEncryptsThroughSns",
          Effect: "Allow",
          Principal: { AWS: ref(roleAddress, "arn") },
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: "*",
          Condition: { StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com" } },
        },
        { Sid: "AlarmsEncryptForTopic", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*" },
        // The tamper rule publishes to the topic directly, beside the function (tamper-rule.ts): only that rule.
        {
          Sid: "TamperRuleEncryptsForTopic",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: "*",
          Condition: { ArnEquals: { "aws:SourceArn": `arn:${partition}:events:eu-west-1:${account}:rule/root-activity-monitor-tamper` } },
        },
      ]);
    });

    it("lets only the function and this monitor's alarms in this account publish, and denies requests without TLS", () => {
      const [topicAddress] = one(json, "aws_sns_topic");
      const [, policy] = one(json, "aws_sns_topic_policy");
      const account = dataRef(json, "aws_caller_identity", "account_id");
      const partition = dataRef(json, "aws_partition", "partition");
      expect(policy.arn).toBe(ref(topicAddress, "arn"));
      expect(JSON.parse(policy.policy).Statement).toEqual([
        { Sid: "FunctionPublishes", Effect: "Allow", Principal: { AWS: ref(roleAddress, "arn") }, Action: "sns:Publish", Resource: ref(topicAddress, "arn") },
        {
          Sid: "AlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: ref(topicAddress, "arn"),
          Condition: {
            ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:eu-west-1:${account}:alarm:root-activity-monitor-*` },
            StringEquals: { "aws:SourceAccount": account },
          },
        },
        {
          Sid: "TamperRulePublishes",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: ref(topicAddress, "arn"),
          Condition: { ArnEquals: { "aws:SourceArn": `arn:${partition}:events:eu-west-1:${account}:rule/root-activity-monitor-tamper` } },
        },
        {
          Sid: "OnlyTheMonitorPublishes",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: ref(topicAddress, "arn"),
          Condition: { ArnNotEquals: { "aws:PrincipalArn": ref(roleAddress, "arn") }, BoolIfExists: { "aws:PrincipalIsAWSService": false } },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:*",
          Resource: ref(topicAddress, "arn"),
          Condition: { Bool: { "aws:SecureTransport": false } },
        },
      ]);
    });
  });

  describe("aws-managed", () => {
    const json = synthDelivery({ topicKms: "aws-managed", notificationEmails: ["a@example.com"] });
    const topics = Object.fromEntries(all(json, "aws_sns_topic").map(([address, topic]) => [topic.name, { address, topic }]));

    it("encrypts the topic with the AWS-managed SNS key and creates no key", () => {
      expect(topics["root-activity-monitor"].topic.kms_master_key_id).toBe("alias/aws/sns");
      expect(json.resource.aws_kms_key).toBeUndefined();
    });

    it("sends the alarms to a separate, unencrypted alarm topic with the same subscribers", () => {
      const alarmTopic = topics["root-activity-monitor-alarms"];
      expect(alarmTopic.topic.kms_master_key_id).toBeUndefined();
      const alarms = all(json, "aws_cloudwatch_metric_alarm");
      expect(alarms).toHaveLength(6);
      for (const [, alarm] of alarms) expect(alarm.alarm_actions).toEqual([ref(alarmTopic.address, "arn")]);
      const subscriptions = all(json, "aws_sns_topic_subscription").map(([, s]) => [s.topic_arn, s.endpoint]);
      expect(subscriptions).toEqual(
        expect.arrayContaining([
          [ref(topics["root-activity-monitor"].address, "arn"), "a@example.com"],
          [ref(alarmTopic.address, "arn"), "a@example.com"],
        ]),
      );
    });

    it("lets only the alarms publish to the alarm topic, and the function only to the notification topic", () => {
      const policies = Object.fromEntries(all(json, "aws_sns_topic_policy").map(([, p]) => [p.arn, JSON.parse(p.policy).Statement.map((s: { Sid: string }) => s.Sid)]));
      expect(policies).toEqual({
        [ref(topics["root-activity-monitor"].address, "arn")]: ["FunctionPublishes", "OnlyTheMonitorPublishes", "DenyInsecureTransport"],
        [ref(topics["root-activity-monitor-alarms"].address, "arn")]: ["AlarmsPublish", "TamperRulePublishes", "OnlyTheMonitorPublishes", "DenyInsecureTransport"],
      });
    });
  });

  describe("none", () => {
    const json = synthDelivery({ topicKms: "none" });

    it("leaves the topic unencrypted at rest, creates no key, and lets the alarms use the topic", () => {
      const [topicAddress, topic] = one(json, "aws_sns_topic");
      expect(topic.kms_master_key_id).toBeUndefined();
      expect(json.resource.aws_kms_key).toBeUndefined();
      const alarms = all(json, "aws_cloudwatch_metric_alarm");
      expect(alarms).toHaveLength(6);
      for (const [, alarm] of alarms) expect(alarm.alarm_actions).toEqual([ref(topicAddress, "arn")]);
      const [, rolePolicy] = one(json, "aws_iam_role_policy");
      expect(JSON.parse(rolePolicy.policy).Statement.map((s: { Sid: string }) => s.Sid)).not.toContain("EncryptForOwnTopic");
    });
  });
});

describe.each(TOPIC_KMS_CHOICES)("the other stores with topicKms %s", (topicKms) => {
  const json = synthStack(testSettings({ regions: ["us-east-1", "eu-west-1"], topicKms }));

  it.each(["us-east-1", "eu-west-1"])("encrypt every queue in %s with SQS-managed keys", (region) => {
    const queues = resourcesIn(json, "aws_sqs_queue", region);
    expect(queues.map((queue) => queue.name).sort()).toEqual(["root-activity-monitor-buffer", "root-activity-monitor-undeliverable", "root-activity-monitor-unprocessed"]);
    for (const queue of queues) expect({ queue: queue.name, sqs_managed_sse_enabled: queue.sqs_managed_sse_enabled }).toEqual({ queue: queue.name, sqs_managed_sse_enabled: true });
  });

  it.each(["us-east-1", "eu-west-1"])("encrypt the session table in %s with a KMS key", (region) => {
    expect(resourcesIn(json, "aws_dynamodb_table", region).map((table) => table.server_side_encryption)).toEqual([{ enabled: true }]);
  });
});
