/**
 * One Region's rule: it selects root activity on the Region's default event bus (where CloudTrail
 * delivers) and puts it on a delivery's buffer queue, or forwards it to the central event bus, with
 * retries and a dead-letter queue of its own for what it cannot deliver, and alarms on both where
 * the Region has a topic for them. The same pattern in every Region, and on the central bus.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct } from "constructs";
import { RULE_DEFAULTS } from "../terraform/construct-defaults";
import { checkSettingProps } from "../terraform/construct-props-check";
import { DeadLetterQueue } from "../delivery/dead-letter-queue";
import { ROOT_ACTIVITY_EVENT_PATTERN, ruleState } from "../contract/event-pattern";
import { FailureAlarms, ruleAlarmSpecs } from "../alarms/failure-alarms";
import { movedFrom } from "../terraform/legacy-address";
import type { ResourceNames } from "../contract/names";
import type { RegionContext } from "../terraform/region-context";

export interface RootActivityRuleProps {
  /** The rule's Region; every resource here is created through its provider. */
  readonly context: RegionContext;
  /** The names of the rule and its dead-letter queue (names.ts). */
  readonly names: Pick<ResourceNames, "rule" | "deadLetterQueue">;
  /** Where matched events go: a delivery's buffer queue, or the central event bus. */
  readonly targetArn: string;
  /** The role EventBridge assumes to put events on another event bus. @default none (a queue target needs none) */
  readonly targetRoleArn?: string;
  /** The bus the rule listens on. @default the Region's default bus, where CloudTrail delivers */
  readonly eventBusName?: string;
  /** Report read-only calls too (the rule receives all CloudTrail management events). @default true (RULE_DEFAULTS) */
  readonly includeReadOnlyEvents?: boolean;
  /** Where the rule's alarms publish, and the prefix the topic policy admits (alarms publish only within their Region). @default no alarms */
  readonly alarms?: { readonly topicArn: string; readonly alarmNamePrefix: string; readonly idPrefix?: string };
  /**
   * The tamper rule beside this one (on the same bus), by name: its undeliverable events wait in this
   * rule's dead-letter queue too, which the self-check reads and an alarm watches. @default none
   */
  readonly tamperRuleName?: string;
  /**
   * The construct path (below the stack) of the Region's monitor in versions where the rule lived in
   * it: its rule, target, dead-letter queue and alarms move from there rather than being replaced.
   * @default no earlier path
   */
  readonly legacyPath?: readonly string[];
}

/**
 * Retries of the rule's delivery to the buffer. SQS is rarely unavailable for long; an event an hour
 * late is still worth sending, and after that the dead-letter queue's alarm tells a person.
 */
export const RULE_RETRY = { maximumEventAgeSeconds: 3_600, maximumRetryAttempts: 24 } as const;

export class RootActivityRule extends Construct {
  public readonly rule: CloudwatchEventRule;
  public readonly target: CloudwatchEventTarget;
  public readonly deadLetterQueue: DeadLetterQueue;
  public readonly alarms?: FailureAlarms;

  constructor(scope: Construct, id: string, props: RootActivityRuleProps) {
    super(scope, id);
    // The same schema as the setting: a construct used on its own fails with the same message (the stack's values are valid already).
    checkSettingProps(`RootActivityRule ${id} props`, { includeReadOnlyEvents: props.includeReadOnlyEvents });
    const { context, names } = props;
    const { provider } = context;
    const includeReadOnlyEvents = props.includeReadOnlyEvents ?? RULE_DEFAULTS.includeReadOnlyEvents;

    this.rule = new CloudwatchEventRule(this, "Rule", {
      provider,
      name: names.rule,
      ...(props.eventBusName ? { eventBusName: props.eventBusName } : {}),
      description: "AWS root user activity: console sign-ins, console actions and API calls",
      eventPattern: JSON.stringify(ROOT_ACTIVITY_EVENT_PATTERN),
      state: ruleState(includeReadOnlyEvents),
    });

    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetterQueue", {
      context,
      name: names.deadLetterQueue,
      // The tamper rule's ARN is built from its name: it names this queue as its dead-letter queue.
      ruleArn: props.tamperRuleName
        ? [this.rule.arn, context.arn("events", `rule/${props.eventBusName ? `${props.eventBusName}/` : ""}${props.tamperRuleName}`)]
        : this.rule.arn,
    });

    this.target = new CloudwatchEventTarget(this, "Target", {
      provider,
      rule: this.rule.name,
      ...(props.eventBusName ? { eventBusName: props.eventBusName } : {}),
      targetId: "notify",
      arn: props.targetArn,
      ...(props.targetRoleArn ? { roleArn: props.targetRoleArn } : {}),
      retryPolicy: { maximumEventAgeInSeconds: RULE_RETRY.maximumEventAgeSeconds, maximumRetryAttempts: RULE_RETRY.maximumRetryAttempts },
      deadLetterConfig: { arn: this.deadLetterQueue.queue.arn },
    });

    if (props.alarms) {
      this.alarms = new FailureAlarms(this, "Alarms", {
        provider,
        alarmNamePrefix: props.alarms.alarmNamePrefix,
        topicArn: props.alarms.topicArn,
        specs: ruleAlarmSpecs(this.rule.name, this.deadLetterQueue.queue.name, { eventBusName: props.eventBusName, idPrefix: props.alarms.idPrefix }),
      });
    }

    if (props.legacyPath) {
      const legacy = props.legacyPath;
      movedFrom(this.rule, [...legacy, "Rule"]);
      // A target re-created under the same id would be deleted by the old one's removal.
      movedFrom(this.target, [...legacy, "Target"]);
      movedFrom(this.deadLetterQueue.queue, [...legacy, "DeadLetterQueue", "Queue"]);
      // An alarm re-created under the same name would be deleted by the old one's removal.
      for (const alarm of this.alarms?.alarms ?? []) movedFrom(alarm, [...legacy, "Alarms", alarm.node.id]);
    }
  }
}
