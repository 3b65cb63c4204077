import { RETRY_LIMITS } from "../../src/regional-monitor";
import { all, one, ref, synthMonitor } from "../helpers/synth";

describe("failure paths", () => {
  const json = synthMonitor();
  const [ruleAddress] = one(json, "aws_cloudwatch_event_rule");
  const [functionAddress] = one(json, "aws_lambda_function");
  const [topicAddress] = one(json, "aws_sns_topic");
  const [queueAddress, queue] = one(json, "aws_sqs_queue");
  const [rolePolicyAddress] = one(json, "aws_iam_role_policy");

  it("gives the rule's target an explicit retry policy and the dead-letter queue", () => {
    const [, target] = one(json, "aws_cloudwatch_event_target");
    expect(target.retry_policy).toEqual({
      maximum_event_age_in_seconds: RETRY_LIMITS.targetMaximumEventAgeSeconds,
      maximum_retry_attempts: RETRY_LIMITS.targetMaximumRetryAttempts,
    });
    expect(target.dead_letter_config).toEqual({ arn: ref(queueAddress, "arn") });
  });

  it("keeps undeliverable events 14 days in an encrypted queue", () => {
    expect(queue).toMatchObject({ name: "root-activity-monitor-undeliverable", message_retention_seconds: 1_209_600, sqs_managed_sse_enabled: true });
  });

  it("lets only this rule send to the dead-letter queue, and only over TLS", () => {
    const [partition] = one({ resource: json.data }, "aws_partition");
    const [account] = one({ resource: json.data }, "aws_caller_identity");
    const queueArn = `arn:${ref(partition.replace(/^/, "data."), "partition")}:sqs:eu-west-1:${ref(account.replace(/^/, "data."), "account_id")}:root-activity-monitor-undeliverable`;
    expect(JSON.parse(queue.policy).Statement).toEqual([
      {
        Sid: "RuleSendsUndeliverableEvents",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": ref(ruleAddress, "arn") } },
      },
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": false } } },
    ]);
  });

  it("retries the function explicitly and sends what still fails to the topic, so a person hears of it", () => {
    const [, config] = one(json, "aws_lambda_function_event_invoke_config");
    expect(config).toMatchObject({
      function_name: ref(functionAddress, "function_name"),
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 3_600,
      destination_config: { on_failure: { destination: ref(topicAddress, "arn") } },
    });
    expect(config.depends_on).toContain(rolePolicyAddress);
  });

  it("alarms on function errors, throttles, destination failures, failed rule invocations, dead-letter failures and a non-empty dead-letter queue", () => {
    const alarms = all(json, "aws_cloudwatch_metric_alarm").map(([, alarm]) => alarm);
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(alarms.map((alarm) => [alarm.alarm_name, alarm.namespace, alarm.metric_name, alarm.dimensions]).sort(byName)).toEqual([
      ["root-activity-monitor-function-errors", "AWS/Lambda", "Errors", { FunctionName: ref(functionAddress, "function_name") }],
      ["root-activity-monitor-function-throttles", "AWS/Lambda", "Throttles", { FunctionName: ref(functionAddress, "function_name") }],
      ["root-activity-monitor-destination-failures", "AWS/Lambda", "DestinationDeliveryFailures", { FunctionName: ref(functionAddress, "function_name") }],
      ["root-activity-monitor-rule-failed-invocations", "AWS/Events", "FailedInvocations", { RuleName: ref(ruleAddress, "name") }],
      ["root-activity-monitor-rule-dead-letter-failures", "AWS/Events", "InvocationsFailedToBeSentToDlq", { RuleName: ref(ruleAddress, "name") }],
      ["root-activity-monitor-dead-letter-queue-not-empty", "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: ref(queueAddress, "name") }],
    ].sort(byName));
  });

  it("fires each alarm on the first failure in a minute, pages the topic, and says when it is over", () => {
    for (const [, alarm] of all(json, "aws_cloudwatch_metric_alarm")) {
      expect(alarm).toMatchObject({
        period: 60,
        evaluation_periods: 1,
        threshold: 1,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        treat_missing_data: "notBreaching",
        alarm_actions: [ref(topicAddress, "arn")],
        ok_actions: [ref(topicAddress, "arn")],
      });
    }
  });
});
