/**
 * The contract between a delivery and its function's daily self-check: what to check, as data. The
 * construct writes it into one environment variable (HANDLER_CONTRACT.env.selfCheck) as JSON; the
 * handler reads it at cold start (handler/self-check/plan.ts) and expands it into the Regions to
 * check. Compact on purpose: Lambda allows 4 KB of environment in all, and with central delivery
 * the home Region's function checks every monitored Region, whose rules share their names.
 *
 * Pure data and its schema (zod, no SDK): the handler bundle imports this file too. The schema's
 * messages say what is wrong with the plan; the reader adds which variable held it.
 */
import * as z from "zod/mini";

/** How often the heartbeat says "all Regions watched": never, on Mondays (UTC), or every day. */
export const HEARTBEAT_CHOICES = ["off", "weekly", "daily"] as const;
export type Heartbeat = (typeof HEARTBEAT_CHOICES)[number];

/** When the schedule rule starts a self-check: once a day (the heartbeat's day is decided by the run). */
export const SELF_CHECK_SCHEDULE = "rate(1 day)";

/** Text with something in it: every name and ARN of the plan. */
const text = (error: string) => z.string({ error }).check(z.refine((value: string) => value.trim() !== "", { error }));

/** A list of at least one `item`. */
const someOf = <T extends z.ZodMiniType>(item: T, error: string) => z.readonly(z.array(item, { error }).check(z.minLength(1, { error })));

/** A rule the self-check reads: its name, where it must put root events, and its dead-letter queue's name. */
const plannedRule = (error: string) => ({
  name: text(error),
  /** The ARN of what the rule must target: a delivery's buffer queue, or the central event bus. */
  target: text(error),
  /** The name of the rule's dead-letter queue, in the rule's Region and this account. */
  deadLetterQueue: text(error),
});

const RULE = "rule needs a name, a target and a deadLetterQueue";
const CENTRAL = "central needs an eventBus, a name, a target and a deadLetterQueue";
const ORGANIZATION = "organization needs a stackSet and a list of units";
const DELIVERY = "delivery needs a region, a topic and an unprocessed queue";

/**
 * The plan as the construct writes it: keys in the construct's order, since the variable's JSON
 * keeps the order of the object it was made from. zod/mini: the handler bundle carries only what
 * it uses.
 */
export const SELF_CHECK_PLAN_SCHEMA = z.readonly(
  z.object(
    {
      /** The ARN of the schedule rule whose events start a self-check: any other scheduled event is told as unexpected. */
      schedule: text("schedule is not an ARN"),
      heartbeat: z.enum(HEARTBEAT_CHOICES, { error: `heartbeat is not one of ${HEARTBEAT_CHOICES.join(", ")}` }),
      /** The account that owns every queue checked. */
      account: text("account is missing"),
      /** Whether the rules must receive read-only management events too (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS). */
      readOnly: z.boolean({ error: "readOnly is not true or false" }),
      /** Every Region whose rule, on its default bus, feeds this delivery. */
      regions: someOf(text("regions is not a list of Regions"), "regions is not a list of Regions"),
      /** The rule in each of those Regions: the same names everywhere. */
      rule: z.readonly(z.object(plannedRule(RULE), { error: RULE })),
      /** With central delivery: the rule on the central bus, in the delivery's Region. */
      central: z.optional(z.readonly(z.object({ eventBus: text(CENTRAL), ...plannedRule(CENTRAL) }, { error: CENTRAL }))),
      /** The delivery itself; `unprocessed` is the name of the buffer's unprocessed queue. */
      delivery: z.readonly(z.object({ region: text(DELIVERY), topic: text(DELIVERY), unprocessed: text(DELIVERY) }, { error: DELIVERY })),
      /** With scope = organization: the stack set that puts the spokes in member accounts, and the units (or the root) whose accounts must each have a spoke in every Region. */
      organization: z.optional(z.readonly(z.object({ stackSet: text(ORGANIZATION), units: someOf(text(ORGANIZATION), ORGANIZATION) }, { error: ORGANIZATION }))),
    },
    { error: "it is not an object" },
  ),
);

export type SelfCheckPlan = z.output<typeof SELF_CHECK_PLAN_SCHEMA>;
export type PlannedOrganization = NonNullable<SelfCheckPlan["organization"]>;

/** The plan in the JSON `text`, or what is wrong with it: the first thing the schema finds. */
export function parseSelfCheckPlan(text: string): { readonly plan: SelfCheckPlan } | { readonly why: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { why: "it is not JSON" };
  }
  const result = SELF_CHECK_PLAN_SCHEMA.safeParse(json);
  return result.success ? { plan: result.data } : { why: result.error.issues[0].message };
}

/** What is said of a variable that does not hold a plan, after "Environment variable NAME ". */
export const selfCheckPlanProblem = (why: string): string => `must hold the self-check plan as JSON (the deployment sets it): ${why}.`;
