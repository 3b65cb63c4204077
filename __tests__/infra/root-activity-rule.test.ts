import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest"; // types of the cdktf Jest matchers
import { Construct } from "constructs";
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/contract/event-pattern";
import { ruleAlarmSpecs } from "../../src/alarms/failure-alarms";
import { RULE_RETRY } from "../../src/rule/root-activity-rule";
import {
  addressIn,
  dataRef,
  all,
  DEFAULT_NAMES,
  one,
  ref,
  resourcesIn,
  RULE_ALARM_TOPIC_ARN,
  RULE_TARGET_QUEUE_ARN,
  synthRuleScope,
  synthStack,
  testSettings,
  TEST_REGION,
  type ScopeJson,
} from "../helpers/synth";

Testing.setupJest();

describe("RootActivityRule", () => {
  const synthesized = synthRuleScope();
  const json = JSON.parse(synthesized) as ScopeJson;
  const [ruleAddress, rule] = one(json, "aws_cloudwatch_event_rule");
  const [queueAddress, queue] = one(json, "aws_sqs_queue");

  it("creates every resource and data source through the Region's provider", () => {
    const everything = [...Object.values(json.resource), ...Object.values(json.data)].flatMap((byName) => Object.values(byName));
    expect(everything.length).toBeGreaterThan(0);
    for (const resource of everything) expect(resource.provider).toBe(`aws.${TEST_REGION}`);
  });

  it("selects root activity with the shared pattern, on the default event bus", () => {
    expect(JSON.parse(rule.event_pattern)).toEqual(ROOT_ACTIVITY_EVENT_PATTERN);
    expect(rule.event_bus_name).toBeUndefined(); // the default bus, where CloudTrail events arrive
  });

  it("receives all CloudTrail management events by default, so read-only root calls are seen", () => {
    expect(synthesized).toHaveResourceWithProperties(CloudwatchEventRule, { name: DEFAULT_NAMES.rule, state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" });
  });

  it("uses the plain ENABLED state when read-only events are excluded", () => {
    expect(synthRuleScope({ includeReadOnlyEvents: false })).toHaveResourceWithProperties(CloudwatchEventRule, { state: "ENABLED" });
  });

  it("puts matched events on the queue it is given, with explicit retries and its own dead-letter queue", () => {
    expect(synthesized).toHaveResourceWithProperties(CloudwatchEventTarget, {
      rule: ref(ruleAddress, "name"),
      arn: RULE_TARGET_QUEUE_ARN,
      retry_policy: { maximum_event_age_in_seconds: 3_600, maximum_retry_attempts: 24 },
      dead_letter_config: { arn: ref(queueAddress, "arn") },
    });
    expect(RULE_RETRY).toEqual({ maximumEventAgeSeconds: 3_600, maximumRetryAttempts: 24 });
  });

  it("keeps undeliverable events 14 days in an encrypted dead-letter queue", () => {
    expect(synthesized).toHaveResourceWithProperties(SqsQueue, {
      name: DEFAULT_NAMES.deadLetterQueue,
      message_retention_seconds: 1_209_600,
      sqs_managed_sse_enabled: true,
    });
  });

  it("lets only this rule send to its dead-letter queue, and only over TLS", () => {
    const partition = dataRef(json, "aws_partition", "partition");
    const account = dataRef(json, "aws_caller_identity", "account_id");
    const queueArn = `arn:${partition}:sqs:${TEST_REGION}:${account}:${DEFAULT_NAMES.deadLetterQueue}`;
    expect(JSON.parse(queue.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "RuleSendsUndeliverableEvents",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queueArn,
          Condition: { ArnEquals: { "aws:SourceArn": ref(ruleAddress, "arn") } },
        },
        { Sid: "NobodySendsByHand", Effect: "Deny", Principal: "*", Action: "sqs:SendMessage", Resource: queueArn, Condition: { BoolIfExists: { "aws:PrincipalIsAWSService": false } } },
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": false } } },
      ],
    });
    expect(JSON.parse(queue.redrive_allow_policy)).toEqual({ redrivePermission: "denyAll" });
  });

  it("alarms on failed deliveries, failed dead-lettering and a non-empty dead-letter queue, to the topic it is given", () => {
    const alarms = all(json, "aws_cloudwatch_metric_alarm").map(([, alarm]) => [alarm.alarm_name, alarm.namespace, alarm.metric_name, alarm.dimensions, alarm.statistic]);
    expect(alarms.sort()).toEqual(
      [
        ["root-activity-monitor-rule-failed-invocations", "AWS/Events", "FailedInvocations", { RuleName: ref(ruleAddress, "name") }, "Sum"],
        ["root-activity-monitor-rule-dead-letter-failures", "AWS/Events", "InvocationsFailedToBeSentToDlq", { RuleName: ref(ruleAddress, "name") }, "Sum"],
        ["root-activity-monitor-dead-letter-queue-not-empty", "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: ref(queueAddress, "name") }, "Maximum"],
      ].sort(),
    );
    for (const [, alarm] of all(json, "aws_cloudwatch_metric_alarm")) {
      expect(alarm).toMatchObject({ alarm_actions: [RULE_ALARM_TOPIC_ARN], ok_actions: [RULE_ALARM_TOPIC_ARN] });
    }
  });

  it("names its alarms with the prefix it is given, which the topic policy admits", () => {
    expect(synthRuleScope({ alarms: { topicArn: RULE_ALARM_TOPIC_ARN, alarmNamePrefix: "staging-" } })).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "staging-rule-failed-invocations",
    });
  });

  it("creates no alarm when given no alarm topic", () => {
    expect(synthRuleScope({ alarms: undefined })).not.toHaveResource(CloudwatchMetricAlarm);
  });

  it("writes no moved block when it has no earlier path", () => {
    expect(json.moved).toBeUndefined();
  });
});

describe("RootActivityRule moved out of the Region's monitor", () => {
  const REGIONS = ["us-east-1", "eu-west-1"];

  /**
   * The addresses an earlier version gave the rule's resources, worked out independently of
   * legacy-address.ts: the same resources placed at the old construct paths `<region>/Rule`,
   * `<region>/Target`, `<region>/DeadLetterQueue/Queue` and `<region>/Alarms/<id>`, synthesized.
   */
  function oldAddresses(region: string): Record<string, string> {
    const old = JSON.parse(
      Testing.synthScope((stack) => {
        const provider = new AwsProvider(stack, "aws", { alias: region, region });
        const monitor = new Construct(stack, region);
        new CloudwatchEventRule(monitor, "Rule", { provider, name: "old-rule" });
        new CloudwatchEventTarget(monitor, "Target", { provider, rule: "old-rule", arn: "old-target" });
        new SqsQueue(new Construct(monitor, "DeadLetterQueue"), "Queue", { provider, name: "old-queue" });
        const alarms = new Construct(monitor, "Alarms");
        for (const spec of ruleAlarmSpecs("old-rule", "old-queue")) {
          new CloudwatchMetricAlarm(alarms, spec.id, { provider, alarmName: spec.id, comparisonOperator: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1 });
        }
      }),
    ) as ScopeJson;
    return {
      rule: one(old, "aws_cloudwatch_event_rule")[0],
      target: one(old, "aws_cloudwatch_event_target")[0],
      deadLetterQueue: one(old, "aws_sqs_queue")[0],
      ...Object.fromEntries(all(old, "aws_cloudwatch_metric_alarm").map(([address, alarm]) => [alarm.alarm_name, address])),
    };
  }

  const json = synthStack(testSettings({ regions: REGIONS }));

  it.each(REGIONS)("moves the rule, its target, its dead-letter queue and its alarms in %s from where the Region's monitor had them", (region) => {
    const before = oldAddresses(region);
    const alarmAddress = (id: string) => {
      const [address] = all(json, "aws_cloudwatch_metric_alarm").filter(([, alarm]) => alarm.provider === `aws.${region}` && alarm.alarm_name === `root-activity-monitor-${id}`);
      return address[0];
    };
    const expected = [
      { from: before.rule, to: addressIn(json, "aws_cloudwatch_event_rule", region, "root-activity-monitor") },
      { from: before.target, to: addressIn(json, "aws_cloudwatch_event_target", region, { target_id: "notify" }) },
      { from: before.deadLetterQueue, to: addressIn(json, "aws_sqs_queue", region, "root-activity-monitor-undeliverable") },
      ...["rule-failed-invocations", "rule-dead-letter-failures", "dead-letter-queue-not-empty"].map((id) => ({ from: before[id], to: alarmAddress(id) })),
    ];
    expect(json.moved).toEqual(expect.arrayContaining(expected));
  });

  it("moves nothing else, and nothing twice", () => {
    const froms = (json.moved ?? []).map((block) => block.from);
    expect(new Set(froms).size).toBe(froms.length);
    // Per Region: rule, target, dead-letter queue and three alarms. (Email subscriptions have moved blocks of their own; this stack has none.)
    expect(json.moved).toHaveLength(REGIONS.length * 6);
    expect(resourcesIn(json, "aws_sns_topic_subscription", "us-east-1")).toEqual([]);
  });

  it("moves each resource to an address that exists, from one that no longer does", () => {
    const addresses = new Set(Object.entries(json.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)));
    for (const block of json.moved ?? []) {
      expect({ block, toExists: addresses.has(block.to), fromExists: addresses.has(block.from) }).toEqual({ block, toExists: true, fromExists: false });
    }
  });

  it("rejects a read-only setting that is not a boolean, naming the prop, the value and what is allowed", () => {
    expect(() => synthRuleScope({ includeReadOnlyEvents: "yes" as never })).toThrow(
      'Invalid settings:\n  Setting "includeReadOnlyEvents" (from RootActivityRule eu-west-1-rule props) has the value "yes": expected true or false. Allowed: true or false.',
    );
  });
});
