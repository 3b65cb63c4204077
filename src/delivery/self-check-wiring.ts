/**
 * What a delivery's daily self-check checks (the plan its function receives) and what its role must
 * therefore read: the rules that feed the delivery in every Region it watches (and, with central
 * delivery, the rule on the central bus), their dead-letter queues and its own unprocessed queue.
 * Their ARNs are built from names: the rules target this delivery, so they are made after it, or in
 * other Regions.
 */
import { SELF_CHECK_PLAN_SCHEMA, type Heartbeat, type SelfCheckPlan } from "../contract/self-check-plan";
import type { RegionContext } from "../terraform/region-context";

interface SelfCheckInput {
  /** The delivery's Region. */
  readonly context: RegionContext;
  /** The Regions whose rule (on the default bus, named from namePrefix) feeds the delivery. */
  readonly watchedRegions: readonly string[];
  /** With central delivery: the central event bus in the delivery's Region. */
  readonly centralEventBusName?: string;
  /** With scope = organization: the spokes' stack set and where it puts them. */
  readonly organization?: { readonly stackSet: string; readonly units: readonly string[] };
  readonly heartbeat: Heartbeat;
  readonly includeReadOnlyEvents: boolean;
  readonly bufferQueueArn: string;
  readonly topicArn: string;
}

/** The schedule rule that starts the self-check, by ARN (the buffer's policy admits it before it exists). */
export const scheduleRuleArn = (context: RegionContext) => context.arn("events", `rule/${context.names.selfCheckSchedule}`);

export function selfCheckPlan(input: SelfCheckInput): SelfCheckPlan {
  const { context, centralEventBusName: central, organization } = input;
  const { names, region } = context;
  // Through the schema the handler reads it with: a plan it would refuse is refused here, at synth.
  return SELF_CHECK_PLAN_SCHEMA.parse({
    schedule: scheduleRuleArn(context),
    heartbeat: input.heartbeat,
    account: context.accountId,
    readOnly: input.includeReadOnlyEvents,
    regions: input.watchedRegions,
    rule: {
      name: names.rule,
      target: central === undefined ? input.bufferQueueArn : context.arn("events", `event-bus/${central}`),
      deadLetterQueue: names.deadLetterQueue,
    },
    ...(central === undefined ? {} : { central: { eventBus: central, name: names.rule, target: input.bufferQueueArn, deadLetterQueue: names.centralDeadLetterQueue } }),
    delivery: { region, topic: input.topicArn, unprocessed: names.bufferDeadLetterQueue },
    ...(organization === undefined ? {} : { organization: { stackSet: organization.stackSet, units: organization.units } }),
  });
}

/** What the self-check reads besides its own topic's subscriptions: the function role's `selfCheck` grant. */
export function selfCheckReads(input: Pick<SelfCheckInput, "context" | "watchedRegions" | "centralEventBusName">) {
  const { context, watchedRegions, centralEventBusName: central } = input;
  const { names } = context;
  const inRegion = (watched: string) => ({ region: watched });
  return {
    ruleArns: [
      ...watchedRegions.map((watched) => context.arn("events", `rule/${names.rule}`, inRegion(watched))),
      ...(central === undefined ? [] : [context.arn("events", `rule/${central}/${names.rule}`)]),
    ],
    deadLetterQueueArns: [
      ...watchedRegions.map((watched) => context.arn("sqs", names.deadLetterQueue, inRegion(watched))),
      ...(central === undefined ? [] : [context.arn("sqs", names.centralDeadLetterQueue)]),
      context.arn("sqs", names.bufferDeadLetterQueue),
    ],
  };
}

/** With scope = organization: what the function reads of the organization (its role's `organization` grant). */
export function organizationReads(context: RegionContext, organization: { readonly id: string; readonly stackSet: string }) {
  const inOrganization = (kind: string) => context.globalArn("organizations", `${kind}/${organization.id}/*`);
  return {
    memberAccountsArn: inOrganization("account"),
    unitsArns: [inOrganization("root"), inOrganization("ou")],
    stackSetArn: context.arn("cloudformation", `stackset/${organization.stackSet}:*`),
  };
}
