/**
 * What starts a delivery's daily self-check: a schedule rule on the default bus of the delivery's
 * Region that puts its scheduled event on the delivery's buffer queue, where the function takes it
 * like any other message (it recognises the event by this rule's ARN). Through the buffer rather
 * than by invoking the function: one way in, the same retries and unprocessed queue, and one
 * permission (the queue policy) instead of a second.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { RULE_RETRY } from "../rule/root-activity-rule";
import { SELF_CHECK_SCHEDULE } from "../contract/self-check-plan";

export interface SelfCheckScheduleProps {
  /** The delivery's Region's aliased provider. */
  readonly provider: AwsProvider;
  readonly name: string;
  /** The delivery's buffer queue. */
  readonly bufferQueueArn: string;
}

export class SelfCheckSchedule extends Construct {
  public readonly rule: CloudwatchEventRule;
  public readonly target: CloudwatchEventTarget;

  constructor(scope: Construct, id: string, props: SelfCheckScheduleProps) {
    super(scope, id);
    const { provider } = props;
    this.rule = new CloudwatchEventRule(this, "Rule", {
      provider,
      name: props.name,
      description: "Starts the root activity monitor's daily self-check (and its heartbeat)",
      scheduleExpression: SELF_CHECK_SCHEDULE,
      state: "ENABLED",
    });
    this.target = new CloudwatchEventTarget(this, "Target", {
      provider,
      rule: this.rule.name,
      targetId: "self-check",
      arn: props.bufferQueueArn,
      // A missed day is told by the heartbeat that does not come; a late check is still worth running.
      retryPolicy: { maximumEventAgeInSeconds: RULE_RETRY.maximumEventAgeSeconds, maximumRetryAttempts: RULE_RETRY.maximumRetryAttempts },
    });
  }
}
