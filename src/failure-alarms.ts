/**
 * The alarms that tell people when the monitor itself fails, so that silence can be trusted. Each
 * fires on the first failure in a minute and again says when it is over; missing data (nothing
 * happened) is not a failure.
 */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";

export interface FailureAlarmsProps {
  readonly provider: AwsProvider;
  /** Every alarm name starts with this prefix (the topic policy lets alarms of this prefix publish). */
  readonly alarmNamePrefix: string;
  /** Where every alarm publishes. */
  readonly topicArn: string;
  readonly functionName: string;
  readonly ruleName: string;
  readonly deadLetterQueueName: string;
}

interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Sum" | "Maximum";
}

export class FailureAlarms extends Construct {
  public readonly alarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: FailureAlarmsProps) {
    super(scope, id);
    const fn = { FunctionName: props.functionName };
    const rule = { RuleName: props.ruleName };
    const specs: AlarmSpec[] = [
      { id: "function-errors", description: "The notification function failed; Lambda retries it, then sends the raw event to the topic.", namespace: "AWS/Lambda", metricName: "Errors", dimensions: fn, statistic: "Sum" },
      { id: "function-throttles", description: "The notification function was throttled; root events wait for retries.", namespace: "AWS/Lambda", metricName: "Throttles", dimensions: fn, statistic: "Sum" },
      { id: "destination-failures", description: "An event the function could not handle could not be sent to the topic either: it is lost unless found in the function's logs.", namespace: "AWS/Lambda", metricName: "DestinationDeliveryFailures", dimensions: fn, statistic: "Sum" },
      { id: "rule-failed-invocations", description: "The rule could not invoke the function; the event goes to the dead-letter queue after retries.", namespace: "AWS/Events", metricName: "FailedInvocations", dimensions: rule, statistic: "Sum" },
      { id: "rule-dead-letter-failures", description: "The rule could not put an undeliverable event on the dead-letter queue: the event is lost.", namespace: "AWS/Events", metricName: "InvocationsFailedToBeSentToDlq", dimensions: rule, statistic: "Sum" },
      { id: "dead-letter-queue-not-empty", description: "Root events are waiting in the dead-letter queue: read them, then redrive or delete them.", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: props.deadLetterQueueName }, statistic: "Maximum" },
    ];
    this.alarms = specs.map(
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
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [props.topicArn],
          okActions: [props.topicArn],
        }),
    );
  }
}
