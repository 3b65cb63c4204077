/**
 * The alarms that tell people when the monitor itself fails, so that silence can be trusted. Each
 * fires on the first failure in a minute (or, for a queue's age, once a message has waited too long)
 * and again says when it is over; missing data (nothing happened) is not a failure. The rule and the
 * delivery each list their own (ruleAlarmSpecs, deliveryAlarmSpecs); this construct makes them.
 */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";

export interface AlarmSpec {
  /** The alarm's construct id and the end of its name. */
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Sum" | "Maximum";
  /** @default 1: the first occurrence */
  readonly threshold?: number;
}

/** How late a root event may be before people are told that delivery is stuck: 5 minutes. */
export const BUFFER_LATENESS_ALARM_SECONDS = 300;

/**
 * The buffer's oldest-message age that means delivery is stuck. The function's own digest triggers
 * wait in the buffer, delayed, for up to the digest interval; whether SQS counts that wait in the
 * age is not documented, so the limit allows for it: a digest trigger on time never sets it off.
 */
export const bufferAgeAlarmSeconds = (digestIntervalSeconds: number): number => digestIntervalSeconds + BUFFER_LATENESS_ALARM_SECONDS;

/** Which rule the alarms watch, when it is not the Region's one rule on its default bus. */
export interface RuleAlarmOptions {
  /** The rule's custom bus: its metrics carry the bus's name too (those of a default-bus rule carry only the rule's). @default the default bus */
  readonly eventBusName?: string;
  /** Starts each alarm's id, for a second rule in the same Region. @default "" */
  readonly idPrefix?: string;
}

/** The rule's failures: it could not deliver to its target, or could not even park the event. */
export function ruleAlarmSpecs(ruleName: string, deadLetterQueueName: string, options: RuleAlarmOptions = {}): AlarmSpec[] {
  const rule: Record<string, string> = options.eventBusName ? { EventBusName: options.eventBusName, RuleName: ruleName } : { RuleName: ruleName };
  const id = (name: string) => `${options.idPrefix ?? ""}${name}`;
  return [
    { id: id("rule-failed-invocations"), description: "The rule could not deliver a root event to its target; the event goes to the dead-letter queue after retries.", namespace: "AWS/Events", metricName: "FailedInvocations", dimensions: rule, statistic: "Sum" },
    { id: id("rule-dead-letter-failures"), description: "The rule could not put an undeliverable event on the dead-letter queue: the event is lost.", namespace: "AWS/Events", metricName: "InvocationsFailedToBeSentToDlq", dimensions: rule, statistic: "Sum" },
    { id: id("dead-letter-queue-not-empty"), description: "Root events are waiting in the rule's dead-letter queue: read them, then redrive or delete them.", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: deadLetterQueueName }, statistic: "Maximum" },
  ];
}

/** The delivery's failures: the function fails or is throttled, the buffer backs up, messages give up. */
export function deliveryAlarmSpecs(functionName: string, bufferQueueName: string, bufferDeadLetterQueueName: string, digestIntervalSeconds: number): AlarmSpec[] {
  const fn = { FunctionName: functionName };
  const ageLimit = bufferAgeAlarmSeconds(digestIntervalSeconds);
  return [
    { id: "function-errors", description: "The notification function failed; its buffered messages are retried, then parked in the unprocessed queue.", namespace: "AWS/Lambda", metricName: "Errors", dimensions: fn, statistic: "Sum" },
    { id: "function-throttles", description: "The notification function was throttled; root events wait in the buffer queue.", namespace: "AWS/Lambda", metricName: "Throttles", dimensions: fn, statistic: "Sum" },
    { id: "buffer-backed-up", description: `A message has waited in the buffer queue for ${ageLimit} seconds (the digest interval and ${BUFFER_LATENESS_ALARM_SECONDS / 60} minutes): alerts are late. Read the function's logs.`, namespace: "AWS/SQS", metricName: "ApproximateAgeOfOldestMessage", dimensions: { QueueName: bufferQueueName }, statistic: "Maximum", threshold: ageLimit },
    { id: "unprocessed-not-empty", description: "Root events the function failed on several times are waiting in the unprocessed queue: read them, then redrive them to the buffer.", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: bufferDeadLetterQueueName }, statistic: "Maximum" },
  ];
}

export interface FailureAlarmsProps {
  readonly provider: AwsProvider;
  /** Every alarm name starts with this prefix (the topic policy lets alarms of this prefix publish). */
  readonly alarmNamePrefix: string;
  /** Where every alarm publishes. */
  readonly topicArn: string;
  readonly specs: readonly AlarmSpec[];
}

export class FailureAlarms extends Construct {
  public readonly alarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: FailureAlarmsProps) {
    super(scope, id);
    this.alarms = props.specs.map(
      (spec) =>
        new CloudwatchMetricAlarm(this, spec.id, {
          provider: props.provider,
          alarmName: `${props.alarmNamePrefix}${spec.id}`,
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          statistic: spec.statistic,
          period: 60,
          evaluationPeriods: 1,
          threshold: spec.threshold ?? 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [props.topicArn],
          okActions: [props.topicArn],
        }),
    );
  }
}
