/**
 * One Region's tamper rule: beside the root rule, on the same bus, it selects changes to the
 * monitor's own resources made by anyone (tamper-pattern.ts) and sends them the way the root rule
 * sends root events: to the delivery's buffer, wrapped so that the function tells them as tampering;
 * or, with central delivery, to the central bus, whose own tamper rule puts them on the buffer.
 * What it cannot deliver waits in the root rule's dead-letter queue, which is watched already.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { RULE_RETRY } from "./root-activity-rule";
import { TAMPER_INPUT_TEMPLATE, tamperEventPatternJson, type TamperPatternInput } from "./tamper-pattern";

export interface TamperRuleProps {
  /** The Region's aliased provider; every resource here is created through it. */
  readonly provider: AwsProvider;
  /** The rule's name (names.ts `tamperRule`). */
  readonly name: string;
  /** What the pattern names: the naming settings, and the topic key where the rule's Region has one. */
  readonly pattern: TamperPatternInput;
  /**
   * Where matched events go: the delivery's buffer queue (`kind: "buffer"`, the event wrapped in a
   * tamper message), or the central event bus (`kind: "bus"`, as it came, with the forwarding role).
   */
  readonly target: { readonly kind: "buffer"; readonly arn: string } | { readonly kind: "bus"; readonly arn: string; readonly roleArn: string };
  /** The root rule's dead-letter queue, which admits this rule by name. */
  readonly deadLetterQueueArn: string;
  /** The bus the rule listens on. @default the Region's default bus, where CloudTrail delivers */
  readonly eventBusName?: string;
}

export class TamperRule extends Construct {
  public readonly rule: CloudwatchEventRule;
  public readonly target: CloudwatchEventTarget;

  constructor(scope: Construct, id: string, props: TamperRuleProps) {
    super(scope, id);
    const { provider, target } = props;
    const bus = props.eventBusName ? { eventBusName: props.eventBusName } : {};
    this.rule = new CloudwatchEventRule(this, "Rule", {
      provider,
      name: props.name,
      ...bus,
      description: "Changes to the root activity monitor's own resources, by anyone: told as critical",
      eventPattern: tamperEventPatternJson(props.pattern),
      // Only changes: read-only calls on the monitor's resources are not tampering.
      state: "ENABLED",
    });
    this.target = new CloudwatchEventTarget(this, "Target", {
      provider,
      rule: this.rule.name,
      ...bus,
      // Not the root rule's "notify": the two targets stay told apart wherever they are looked up.
      targetId: "tamper",
      arn: target.arn,
      ...(target.kind === "bus"
        ? { roleArn: target.roleArn }
        : // The template's paths map is empty: `<aws.events.event.json>` is EventBridge's own variable.
          { inputTransformer: { inputPaths: {}, inputTemplate: TAMPER_INPUT_TEMPLATE } }),
      retryPolicy: { maximumEventAgeInSeconds: RULE_RETRY.maximumEventAgeSeconds, maximumRetryAttempts: RULE_RETRY.maximumRetryAttempts },
      deadLetterConfig: { arn: props.deadLetterQueueArn },
    });
  }
}
