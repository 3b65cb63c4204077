/**
 * The contract between a delivery and its function's daily self-check: what to check, as data. The
 * construct writes it into one environment variable (HANDLER_CONTRACT.env.selfCheck) as JSON; the
 * handler reads it at cold start (handler/self-check/plan.ts) and expands it into the Regions to
 * check. Compact on purpose: Lambda allows 4 KB of environment in all, and with central delivery
 * the home Region's function checks every monitored Region, whose rules share their names.
 *
 * Pure data: the handler bundle imports this file too.
 */

/** How often the heartbeat says "all Regions watched": never, on Mondays (UTC), or every day. */
export const HEARTBEAT_CHOICES = ["off", "weekly", "daily"] as const;
export type Heartbeat = (typeof HEARTBEAT_CHOICES)[number];

/** When the schedule rule starts a self-check: once a day (the heartbeat's day is decided by the run). */
export const SELF_CHECK_SCHEDULE = "rate(1 day)";

/** A rule the self-check reads: its name, where it must put root events, and its dead-letter queue's name. */
export interface PlannedRule {
  readonly name: string;
  /** The ARN of what the rule must target: a delivery's buffer queue, or the central event bus. */
  readonly target: string;
  /** The name of the rule's dead-letter queue, in the rule's Region and this account. */
  readonly deadLetterQueue: string;
}

/** With scope = organization: the stack set that puts the spokes in member accounts, and where it puts them. */
export interface PlannedOrganization {
  readonly stackSet: string;
  /** The organizational units (or the root) whose accounts must each have a spoke in every Region. */
  readonly units: readonly string[];
}

export interface SelfCheckPlan {
  /** The ARN of the schedule rule whose events start a self-check: any other scheduled event is told as unexpected. */
  readonly schedule: string;
  readonly heartbeat: Heartbeat;
  /** The account that owns every queue checked. */
  readonly account: string;
  /** Whether the rules must receive read-only management events too (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS). */
  readonly readOnly: boolean;
  /** Every Region whose rule, on its default bus, feeds this delivery. */
  readonly regions: readonly string[];
  /** The rule in each of those Regions: the same names everywhere. */
  readonly rule: PlannedRule;
  /** With central delivery: the rule on the central bus, in the delivery's Region. */
  readonly central?: PlannedRule & { readonly eventBus: string };
  /** With scope = organization: every member account's spokes are checked too. */
  readonly organization?: PlannedOrganization;
  /** The delivery itself. */
  readonly delivery: {
    readonly region: string;
    readonly topic: string;
    /** The name of the buffer's unprocessed queue. */
    readonly unprocessed: string;
  };
}
