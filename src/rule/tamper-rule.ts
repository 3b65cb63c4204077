/**
 * One Region's tamper rule: beside the root rule, on the same bus, it selects changes to the
 * monitor's own resources made by anyone (tamper-pattern.ts) and sends them the way the root rule
 * sends root events: to the delivery's buffer, wrapped so that the function tells them as tampering;
 * or, with central delivery, to the central bus, whose own tamper rule puts them on the buffer.
 * What it cannot deliver waits in the root rule's dead-letter queue, which is watched already.
 *
 * Where it feeds the buffer, it also publishes to the delivery's alarm topic directly (`directTopicArn`):
 * the change it reports may be the one that silenced the function (its code, its SNS endpoint, its
 * event source mapping, a Deny on its role), and that message must not depend on the function. The
 * text names only what AWS wrote into the record (event name and source, the principal's ARN and
 * type, `invokedBy`, Region, account, time, source address, event id), never request parameters or
 * the user agent, which the caller chooses. A change to the topic or its key can still silence both.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct } from "constructs";
import type { RegionContext } from "../terraform/region-context";
import { RULE_RETRY } from "./root-activity-rule";
import { TAMPER_INPUT_TEMPLATE, tamperEventPatternJson, type TamperPatternInput } from "../contract/tamper-pattern";

export interface TamperRuleProps {
  /** The rule's Region; every resource here is created through its provider. */
  readonly context: RegionContext;
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
  /** The topic to publish to directly as well, not through the function. @default none (the rule forwards to a central bus) */
  readonly directTopicArn?: string;
}

/** The direct message's variables: only fields AWS writes, never what the caller sends. */
const TAMPER_DIRECT_INPUT_PATHS = {
  eventName: "$.detail.eventName",
  eventSource: "$.detail.eventSource",
  principal: "$.detail.userIdentity.arn",
  principalType: "$.detail.userIdentity.type",
  invokedBy: "$.detail.userIdentity.invokedBy",
  region: "$.detail.awsRegion",
  account: "$.account",
  time: "$.detail.eventTime",
  sourceIp: "$.detail.sourceIPAddress",
  eventId: "$.detail.eventID",
} as const;

/** The direct message: plain text (a JSON string), the variables in angle brackets. */
const TAMPER_DIRECT_INPUT_TEMPLATE = JSON.stringify(
  [
    "CRITICAL: the root activity monitor itself was changed.",
    "Call: <eventName> (<eventSource>) in <region>, account <account>, at <time>, from <sourceIp>.",
    "By: <principal> (<principalType>; through a service: <invokedBy>).",
    "CloudTrail event id: <eventId>.",
    "EventBridge sends this straight to the topic, not through the monitor's function, in case the function is what was changed; the function's own message, with the resource and what to do, should follow.",
    "If nobody on your team made this change (a deploy of the monitor makes such changes too), treat it as an attack on the monitor: revert it with npm run deploy and run npm run doctor.",
  ].join("\n"),
);

export class TamperRule extends Construct {
  public readonly rule: CloudwatchEventRule;
  public readonly target: CloudwatchEventTarget;
  /** The direct publish to the alarm topic, where the rule feeds a buffer. */
  public readonly directTarget?: CloudwatchEventTarget;

  constructor(scope: Construct, id: string, props: TamperRuleProps) {
    super(scope, id);
    const { target } = props;
    const { provider } = props.context;
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
    if (props.directTopicArn !== undefined) {
      this.directTarget = new CloudwatchEventTarget(this, "DirectTarget", {
        provider,
        rule: this.rule.name,
        ...bus,
        targetId: "tamper-direct",
        arn: props.directTopicArn,
        inputTransformer: { inputPaths: { ...TAMPER_DIRECT_INPUT_PATHS }, inputTemplate: TAMPER_DIRECT_INPUT_TEMPLATE },
        retryPolicy: { maximumEventAgeInSeconds: RULE_RETRY.maximumEventAgeSeconds, maximumRetryAttempts: RULE_RETRY.maximumRetryAttempts },
        deadLetterConfig: { arn: props.deadLetterQueueArn },
      });
    }
  }
}
