/**
 * The alarms that tell people when the monitor itself fails, so that silence can be trusted. Each
 * fires on the first failure in a minute (or, for a queue's age, once a message has waited too long)
 * and again says when it is over; missing data (nothing happened) is not a failure. One is the
 * other way round, a dead man's switch: `self-check-missing` fires when the function's heartbeat
 * metric has not come for 26 hours, missing data being the failure. The rule and the delivery each
 * list their own (ruleAlarmSpecs, deliveryAlarmSpecs); this construct makes them.
 */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { MONITOR_METRICS } from "../contract/monitor-metrics";

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
  /** @default "GreaterThanOrEqualToThreshold" */
  readonly comparison?: "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  /** Seconds. @default 60 */
  readonly period?: number;
  /** How many periods are looked at, and how many of them must be breaching. @default 1 of 1 */
  readonly evaluation?: { readonly periods: number; readonly datapointsToAlarm: number };
  /** @default "notBreaching": nothing happened, so nothing failed */
  readonly treatMissingData?: "notBreaching" | "breaching" | "ignore";
}

/**
 * How long the daily self-check may stay away before people are told: its day and 2 hours for
 * EventBridge's schedule, a retry from the buffer and the hour the count falls in. Within what
 * CloudWatch allows (maxEvaluationSeconds).
 */
const SELF_CHECK_MISSING_ALARM_HOURS = 26;

/** CloudWatch's longest evaluation range (period × evaluation periods): 7 days for periods of an hour or more, 1 day below. */
const maxEvaluationSeconds = (periodSeconds: number): number => (periodSeconds >= 3_600 ? 7 : 1) * 86_400;

/** Refuses an evaluation CloudWatch would refuse at apply time, naming the alarm. */
function checkEvaluation(where: string, spec: AlarmSpec): void {
  const period = spec.period ?? 60;
  const { periods, datapointsToAlarm } = spec.evaluation ?? { periods: 1, datapointsToAlarm: 1 };
  const limit = maxEvaluationSeconds(period);
  if (period * periods > limit) {
    throw new Error(`${where}: alarm ${spec.id} evaluates ${periods} periods of ${period} s (${period * periods} s); CloudWatch allows at most ${limit} s for a period of ${period} s.`);
  }
  if (datapointsToAlarm < 1 || datapointsToAlarm > periods) {
    throw new Error(`${where}: alarm ${spec.id} has ${datapointsToAlarm} datapoints to alarm; allowed: 1 to its ${periods} evaluation periods.`);
  }
}

/** How late a root event may be before people are told that delivery is stuck: 5 minutes. */
const BUFFER_LATENESS_ALARM_SECONDS = 300;

/**
 * The buffer's oldest-message age that means delivery is stuck. The function's own digest triggers
 * wait in the buffer, delayed, for up to the digest interval; whether SQS counts that wait in the
 * age is not documented, so the limit allows for it: a digest trigger on time never sets it off.
 */
export const bufferAgeAlarmSeconds = (digestIntervalSeconds: number): number => digestIntervalSeconds + BUFFER_LATENESS_ALARM_SECONDS;

/** Which rule the alarms watch, when it is not the Region's one rule on its default bus. */
interface RuleAlarmOptions {
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

/** The delivery's failures: the function fails or is throttled, the buffer backs up, messages give up, the self-check stops. */
export function deliveryAlarmSpecs(functionName: string, bufferQueueName: string, bufferDeadLetterQueueName: string, digestIntervalSeconds: number): AlarmSpec[] {
  const fn = { FunctionName: functionName };
  const ageLimit = bufferAgeAlarmSeconds(digestIntervalSeconds);
  return [
    { id: "function-errors", description: "The notification function failed; its buffered messages are retried, then parked in the unprocessed queue.", namespace: "AWS/Lambda", metricName: "Errors", dimensions: fn, statistic: "Sum" },
    { id: "function-throttles", description: "The notification function was throttled; root events wait in the buffer queue.", namespace: "AWS/Lambda", metricName: "Throttles", dimensions: fn, statistic: "Sum" },
    {
      id: "buffer-backed-up",
      description: `A message has waited in the buffer queue for ${ageLimit} seconds (the digest interval and ${BUFFER_LATENESS_ALARM_SECONDS / 60} minutes): the function is not reading it, alerts are late. Read the function's logs.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: bufferQueueName },
      statistic: "Maximum",
      threshold: ageLimit,
      // SQS reports a queue only while it is active (used, or holding messages, within about six
      // hours): an idle empty queue goes quiet, and so may a queue whose reader was cut off (an event
      // source mapping disabled, a Deny on the role) once nothing else touches it. Keeping the last
      // state tells neither "all is well" for the second nor a failure for the first.
      treatMissingData: "ignore",
    },
    { id: "unprocessed-not-empty", description: "Root events the function failed on several times are waiting in the unprocessed queue: read them, then redrive them to the buffer.", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: bufferDeadLetterQueueName }, statistic: "Maximum" },
    {
      id: "self-check-missing",
      description: `The function's daily self-check has not completed for ${SELF_CHECK_MISSING_ALARM_HOURS} hours: its schedule may be deleted or disabled, the function denied or failing. Nothing tells people of a blind monitor until it runs again. Run npm run doctor. (Right after the deployment that created this alarm: no self-check has run yet; the first comes within a day.)`,
      namespace: MONITOR_METRICS.namespace,
      metricName: MONITOR_METRICS.selfCheckRuns,
      dimensions: { [MONITOR_METRICS.deliveryDimension]: functionName },
      statistic: "Sum",
      threshold: 1,
      comparison: "LessThanThreshold",
      period: 3_600,
      evaluation: { periods: SELF_CHECK_MISSING_ALARM_HOURS, datapointsToAlarm: SELF_CHECK_MISSING_ALARM_HOURS },
      // A dead man's switch: the count that does not come is the failure.
      treatMissingData: "breaching",
    },
    {
      id: "buffer-not-consumed",
      description: `Nothing has been taken off the buffer queue for ${SELF_CHECK_MISSING_ALARM_HOURS} hours, though the self-check schedule puts a message there every day: the schedule, the event source mapping or the function is gone, disabled or cut off. Unlike self-check-missing, nobody can fake this one: the metric is SQS's own, and only the function may delete from the buffer. Run npm run doctor. (Right after the deployment that created this alarm: nothing has been taken off yet; the first self-check comes within a day.)`,
      namespace: "AWS/SQS",
      metricName: "NumberOfMessagesDeleted",
      dimensions: { QueueName: bufferQueueName },
      statistic: "Sum",
      threshold: 1,
      comparison: "LessThanThreshold",
      period: 3_600,
      evaluation: { periods: SELF_CHECK_MISSING_ALARM_HOURS, datapointsToAlarm: SELF_CHECK_MISSING_ALARM_HOURS },
      // The second dead man's switch, on a metric under AWS/ that no one can write: self-check-missing's
      // metric is the function's own, which anyone allowed cloudwatch:PutMetricData could fake.
      treatMissingData: "breaching",
    },
  ];
}

/**
 * With chat channels: a chat copy the function could not publish (handler/delivery/chat-copy.ts). Its
 * message went out by email and JSON and is not sent again, so this alarm, on the main topic, is what
 * tells people that chat missed one. Add it to the delivery's specs where the delivery has a chat topic.
 */
export function chatAlarmSpecs(functionName: string, chatTopicName: string): AlarmSpec[] {
  return [
    // After SNS took the copy: a delivery to the chat service that SNS gave up on (the service
    // unreachable or refusing, its subscription broken). SNS's own count, which nobody can fake.
    {
      id: "chat-delivery-failed",
      description: "SNS could not deliver a chat copy to Amazon Q Developer in chat applications: the channel missed a message that went out by email. Check the chat topic's subscription and the channel configuration.",
      namespace: "AWS/SNS",
      metricName: "NumberOfNotificationsFailed",
      dimensions: { TopicName: chatTopicName },
      statistic: "Sum",
    },
    {
      id: "chat-copy-failed",
      description: "A message went out by email but its chat copy could not be published to the chat topic: chat missed it. The function's log says which (\"chat copy not published\").",
      namespace: MONITOR_METRICS.namespace,
      metricName: MONITOR_METRICS.chatCopiesFailed,
      dimensions: { [MONITOR_METRICS.deliveryDimension]: functionName },
      statistic: "Sum",
    },
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
    for (const spec of props.specs) checkEvaluation(`FailureAlarms ${id}`, spec);
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
          period: spec.period ?? 60,
          evaluationPeriods: spec.evaluation?.periods ?? 1,
          datapointsToAlarm: spec.evaluation?.datapointsToAlarm,
          threshold: spec.threshold ?? 1,
          comparisonOperator: spec.comparison ?? "GreaterThanOrEqualToThreshold",
          treatMissingData: spec.treatMissingData ?? "notBreaching",
          alarmActions: [props.topicArn],
          okActions: [props.topicArn],
        }),
    );
  }
}
