/**
 * The contract between a delivery and its function's daily self-check: what to check, as data. The
 * construct writes it into one environment variable (HANDLER_CONTRACT.env.selfCheck) as JSON; the
 * handler reads it at cold start (handler/self-check/plan.ts) and expands it into the Regions to
 * check. Compact on purpose: Lambda allows 4 KB of environment in all, and with central delivery
 * the home Region's function checks every monitored Region, whose rules share their names.
 *
 * One zod schema: the construct builds the plan through it and the handler parses it with it, and
 * each part says what is wrong with it in words the handler's cold-start error repeats. Its key order
 * is the order of the JSON the deployment writes (changing it changes every function's environment).
 *
 * No cdktf or SDK imports: the handler bundle imports this file too. zod/mini for the same reason: the
 * classic API, imported as `{ z }`, adds some 440 KB to the bundle, zod/mini some 12 KB.
 */
import * as z from "zod/mini";

/** How often the heartbeat says "all Regions watched": never, on Mondays (UTC), or every day. */
export const HEARTBEAT_CHOICES = ["off", "weekly", "daily"] as const;
export type Heartbeat = (typeof HEARTBEAT_CHOICES)[number];

/** When the schedule rule starts a self-check: once a day (the heartbeat's day is decided by the run). */
export const SELF_CHECK_SCHEDULE = "rate(1 day)";

/** A string with something in it other than spaces; `why` says what is wrong otherwise. */
const text = (why: string) => z.string({ error: why }).check(z.refine((value) => value.trim() !== "", { error: why }));

/** A list of at least one such string. */
const texts = (why: string) => z.array(text(why), { error: why }).check(z.minLength(1, { error: why }));

const RULE_PROBLEM = "rule needs a name, a target and a deadLetterQueue";
const CENTRAL_PROBLEM = "central needs an eventBus, a name, a target and a deadLetterQueue";

/** A rule the self-check reads: its name, where it must put root events, and its dead-letter queue's name. */
const plannedRuleShape = (why: string) => ({
  name: text(why),
  /** The ARN of what the rule must target: a delivery's buffer queue, or the central event bus. */
  target: text(why),
  /** The name of the rule's dead-letter queue, in the rule's Region and this account. */
  deadLetterQueue: text(why),
});
const plannedRule = z.object(plannedRuleShape(RULE_PROBLEM), { error: RULE_PROBLEM });
export type PlannedRule = z.infer<typeof plannedRule>;

/** With scope = organization: the stack set that puts the spokes in member accounts, and where it puts them. */
const ORGANIZATION_PROBLEM = "organization needs a stackSet and a list of units";
const plannedOrganization = z.object(
  {
    stackSet: text(ORGANIZATION_PROBLEM),
    /** The organizational units (or the root) whose accounts must each have a spoke in every Region. */
    units: texts(ORGANIZATION_PROBLEM),
  },
  { error: ORGANIZATION_PROBLEM },
);
export type PlannedOrganization = z.infer<typeof plannedOrganization>;

const DELIVERY_PROBLEM = "delivery needs a region, a topic and an unprocessed queue";

/** What the self-check checks, as the construct writes it and the handler reads it. */
export const SELF_CHECK_PLAN = z.object(
  {
    /** The ARN of the schedule rule whose events start a self-check: any other scheduled event is told as unexpected. */
    schedule: text("schedule is not an ARN"),
    heartbeat: z.enum(HEARTBEAT_CHOICES, { error: `heartbeat is not one of ${HEARTBEAT_CHOICES.join(", ")}` }),
    /** The account that owns every queue checked. */
    account: text("account is missing"),
    /** Whether the rules must receive read-only management events too (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS). */
    readOnly: z.boolean({ error: "readOnly is not true or false" }),
    /** Every Region whose rule, on its default bus, feeds this delivery. */
    regions: texts("regions is not a list of Regions"),
    /** The rule in each of those Regions: the same names everywhere. */
    rule: plannedRule,
    /** With central delivery: the rule on the central bus, in the delivery's Region. */
    central: z.optional(z.object({ eventBus: text(CENTRAL_PROBLEM), ...plannedRuleShape(CENTRAL_PROBLEM) }, { error: CENTRAL_PROBLEM })),
    /** The delivery itself. */
    delivery: z.object(
      {
        region: text(DELIVERY_PROBLEM),
        topic: text(DELIVERY_PROBLEM),
        /** The name of the buffer's unprocessed queue. */
        unprocessed: text(DELIVERY_PROBLEM),
      },
      { error: DELIVERY_PROBLEM },
    ),
    /** With scope = organization: every member account's spokes are checked too. */
    organization: z.optional(plannedOrganization),
  },
  { error: "it is not an object" },
);
export type SelfCheckPlan = z.infer<typeof SELF_CHECK_PLAN>;
