/**
 * Every way one Region's delivery can fail ends with a person being told: the rule retries and then
 * parks the event, the buffer redrives what the function keeps failing on, and an alarm watches
 * each of those places. Read from the whole stack, where the rule and the delivery meet.
 */
import { addressIn, onlyResourceIn, ref, resolveAccountAndPartition, resourcesIn, synthStack, testSettings } from "../helpers/synth";

const REGION = "us-east-1";
/** The design's numbers, stated here rather than imported, so that a change to them fails this test. */
const DESIGN = {
  /** The rule retries for an hour (EventBridge's default is 24 hours and 185 attempts: too slow to notice). */
  ruleRetry: { maximum_event_age_in_seconds: 3_600, maximum_retry_attempts: 24 },
  /** SQS's default retention, 4 days: the buffer is drained in seconds when the function works. */
  bufferRetentionSeconds: 4 * 86_400,
  /** SQS's maximum retention, 14 days (SQS API reference, MessageRetentionPeriod), for what failed. */
  unprocessedRetentionSeconds: 14 * 86_400,
};

describe("failure paths", () => {
  const json = synthStack(testSettings({ regions: [REGION], notificationEmails: ["security@example.com"] }));
  const ruleAddress = addressIn(json, "aws_cloudwatch_event_rule", REGION, "root-activity-monitor");
  const rule = onlyResourceIn(json, "aws_cloudwatch_event_rule", REGION, "root-activity-monitor");
  const target = onlyResourceIn(json, "aws_cloudwatch_event_target", REGION, { target_id: "notify" });
  const bufferAddress = addressIn(json, "aws_sqs_queue", REGION, "root-activity-monitor-buffer");
  const buffer = onlyResourceIn(json, "aws_sqs_queue", REGION, "root-activity-monitor-buffer");
  const unprocessedAddress = addressIn(json, "aws_sqs_queue", REGION, "root-activity-monitor-unprocessed");
  const unprocessed = onlyResourceIn(json, "aws_sqs_queue", REGION, "root-activity-monitor-unprocessed");
  const deadLetterAddress = addressIn(json, "aws_sqs_queue", REGION, "root-activity-monitor-undeliverable");
  const functionAddress = addressIn(json, "aws_lambda_function", REGION);
  const topicAddress = addressIn(json, "aws_sns_topic", REGION);

  it("puts the rule's root events on the delivery's buffer queue", () => {
    expect(target).toMatchObject({ rule: ref(ruleAddress, "name"), target_id: "notify", arn: ref(bufferAddress, "arn") });
  });

  it("lets the rule's events into the buffer: the queue policy admits the ARN of the very rule that targets it", () => {
    const [allow] = JSON.parse(buffer.policy).Statement;
    expect(rule.event_bus_name).toBeUndefined(); // the default bus, whose rule ARNs are rule/<name>
    expect(allow).toMatchObject({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage" });
    // The root rule, and beside it the tamper rule (changes to the monitor's own resources by anyone).
    expect(allow.Condition.ArnEquals["aws:SourceArn"].map((arn: string) => resolveAccountAndPartition(json, arn))).toEqual([
      `arn:<partition:${REGION}>:events:${REGION}:<account:${REGION}>:rule/${rule.name}`,
      `arn:<partition:${REGION}>:events:${REGION}:<account:${REGION}>:rule/root-activity-monitor-tamper`,
    ]);
    expect(resolveAccountAndPartition(json, allow.Resource)).toBe(`arn:<partition:${REGION}>:sqs:${REGION}:<account:${REGION}>:${buffer.name}`);
  });

  it("retries delivery to the buffer for an hour, then parks the event in the rule's own dead-letter queue", () => {
    expect(target.retry_policy).toEqual(DESIGN.ruleRetry);
    expect(target.dead_letter_config).toEqual({ arn: ref(deadLetterAddress, "arn") });
  });

  it("lets the function's role read the queue that its event source mapping polls", () => {
    const mapping = onlyResourceIn(json, "aws_lambda_event_source_mapping", REGION);
    const roleAddress = addressIn(json, "aws_iam_role", REGION);
    const rolePolicy = onlyResourceIn(json, "aws_iam_role_policy", REGION);
    expect(mapping.event_source_arn).toBe(ref(bufferAddress, "arn"));
    expect(onlyResourceIn(json, "aws_lambda_function", REGION).role).toBe(ref(roleAddress, "arn"));
    expect(rolePolicy.role).toBe(ref(roleAddress, "id"));
    const consume = JSON.parse(rolePolicy.policy).Statement.find((s: { Sid: string }) => s.Sid === "ConsumeOwnBuffer");
    expect(consume.Resource).toBe(mapping.event_source_arn);
    expect(consume.Action).toEqual(expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]));
  });

  it("redrives what the function keeps failing on to the unprocessed queue, which keeps it longer than the buffer would", () => {
    expect(JSON.parse(buffer.redrive_policy).deadLetterTargetArn).toBe(ref(unprocessedAddress, "arn"));
    // A standard queue's message keeps its first enqueue time in the dead-letter queue: a shorter retention there would drop it early.
    expect(buffer.message_retention_seconds).toBe(DESIGN.bufferRetentionSeconds);
    expect(unprocessed.message_retention_seconds).toBe(DESIGN.unprocessedRetentionSeconds);
    expect(unprocessed.message_retention_seconds).toBeGreaterThan(buffer.message_retention_seconds);
  });

  it("alarms on every place a root event can get stuck or lost", () => {
    const alarms = resourcesIn(json, "aws_cloudwatch_metric_alarm", REGION).map((alarm) => [alarm.alarm_name, alarm.namespace, alarm.metric_name, alarm.dimensions]);
    expect(alarms.sort()).toEqual(
      [
        ["root-activity-monitor-rule-failed-invocations", "AWS/Events", "FailedInvocations", { RuleName: ref(ruleAddress, "name") }],
        ["root-activity-monitor-rule-dead-letter-failures", "AWS/Events", "InvocationsFailedToBeSentToDlq", { RuleName: ref(ruleAddress, "name") }],
        ["root-activity-monitor-dead-letter-queue-not-empty", "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: ref(deadLetterAddress, "name") }],
        ["root-activity-monitor-function-errors", "AWS/Lambda", "Errors", { FunctionName: ref(functionAddress, "function_name") }],
        ["root-activity-monitor-function-throttles", "AWS/Lambda", "Throttles", { FunctionName: ref(functionAddress, "function_name") }],
        ["root-activity-monitor-buffer-backed-up", "AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: ref(bufferAddress, "name") }],
        ["root-activity-monitor-unprocessed-not-empty", "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: ref(unprocessedAddress, "name") }],
        ["root-activity-monitor-self-check-missing", "root-activity-monitor", "SelfCheckRuns", { FunctionName: ref(functionAddress, "function_name") }],
        ["root-activity-monitor-buffer-not-consumed", "AWS/SQS", "NumberOfMessagesDeleted", { QueueName: ref(bufferAddress, "name") }],
      ].sort(),
    );
  });

  it("fires each failure alarm on the first failure in a minute, or on a buffered message 5 minutes later than the digest interval, and says when it is over", () => {
    const deadMansSwitches = ["root-activity-monitor-self-check-missing", "root-activity-monitor-buffer-not-consumed"];
    const failureAlarms = resourcesIn(json, "aws_cloudwatch_metric_alarm", REGION).filter((alarm) => !deadMansSwitches.includes(alarm.alarm_name));
    expect(failureAlarms).toHaveLength(7);
    for (const alarm of failureAlarms) {
      const bufferAge = alarm.alarm_name === "root-activity-monitor-buffer-backed-up";
      expect(alarm).toMatchObject({
        alarm_name: alarm.alarm_name,
        period: 60,
        evaluation_periods: 1,
        threshold: bufferAge ? 300 + 300 : 1, // the default digest interval, and 5 minutes
        comparison_operator: "GreaterThanOrEqualToThreshold",
        // An idle queue stops reporting; so may one whose reader was cut off: its last state stands.
        treat_missing_data: bufferAge ? "ignore" : "notBreaching",
      });
      expect(alarm.datapoints_to_alarm).toBeUndefined();
    }
  });

  it("fires the dead man's switch when no self-check has completed for 26 hours: every hour without one is breaching, a missing count included", () => {
    const alarm = onlyResourceIn(json, "aws_cloudwatch_metric_alarm", REGION, { alarm_name: "root-activity-monitor-self-check-missing" });
    expect(alarm).toMatchObject({
      namespace: "root-activity-monitor",
      metric_name: "SelfCheckRuns",
      dimensions: { FunctionName: ref(functionAddress, "function_name") },
      statistic: "Sum",
      period: 3600,
      evaluation_periods: 26,
      datapoints_to_alarm: 26,
      threshold: 1,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
    });
    // CloudWatch evaluates at most 7 days for periods of an hour or more.
    expect(alarm.period * alarm.evaluation_periods).toBeLessThanOrEqual(7 * 86_400);
  });

  it("fires the second dead man's switch, one nobody can fake, when the function has taken nothing off the buffer for 26 hours", () => {
    // SQS's own metric (AWS/ namespaces are AWS's alone), of deletions only the function may make; the
    // daily self-check puts a message on the buffer, so a working function deletes at least one a day.
    const alarm = onlyResourceIn(json, "aws_cloudwatch_metric_alarm", REGION, { alarm_name: "root-activity-monitor-buffer-not-consumed" });
    expect(alarm).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "NumberOfMessagesDeleted",
      dimensions: { QueueName: ref(bufferAddress, "name") },
      statistic: "Sum",
      period: 3600,
      evaluation_periods: 26,
      datapoints_to_alarm: 26,
      threshold: 1,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
    });
  });

  it("tells the people on the Region's topic of every alarm, the rule's included", () => {
    for (const alarm of resourcesIn(json, "aws_cloudwatch_metric_alarm", REGION)) {
      expect({ alarm: alarm.alarm_name, alarm_actions: alarm.alarm_actions, ok_actions: alarm.ok_actions }).toEqual({
        alarm: alarm.alarm_name,
        alarm_actions: [ref(topicAddress, "arn")],
        ok_actions: [ref(topicAddress, "arn")],
      });
    }
  });
});
