/**
 * The self-check plan (src/contract/self-check-plan.ts), read once at cold start from the function's
 * environment, and expanded into what to check in each Region: every watched Region's rule on its
 * default bus, and in the delivery's Region the central bus's rule (with central delivery) and the
 * delivery itself. Pure.
 */
import { HEARTBEAT_CHOICES, type PlannedRule, type SelfCheckPlan } from "../../src/contract/self-check-plan";
import { field, isRecord } from "../events/lenient";
import { arnParts } from "./finding";
import { redriveTo, ruleDeadLetterQueue, unprocessedQueue, type WatchedRegion, type WatchedRule } from "./watched";

const isText = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";
const isPlannedRule = (value: unknown): value is PlannedRule => isRecord(value) && isText(value.name) && isText(value.target) && isText(value.deadLetterQueue);

/** The plan in `text`, or an error that names the variable and what is wrong: the deployment sets it, so anything else is a bug. */
export function readSelfCheckPlan(text: string, envName: string): SelfCheckPlan {
  const fail = (why: string): never => {
    throw new Error(`Environment variable ${envName} must hold the self-check plan as JSON (the deployment sets it): ${why}.`);
  };
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch {
    return fail("it is not JSON");
  }
  if (!isRecord(plan)) return fail("it is not an object");
  if (!isText(plan.schedule)) fail("schedule is not an ARN");
  if (!(HEARTBEAT_CHOICES as readonly unknown[]).includes(plan.heartbeat)) fail(`heartbeat is not one of ${HEARTBEAT_CHOICES.join(", ")}`);
  if (!isText(plan.account)) fail("account is missing");
  if (typeof plan.readOnly !== "boolean") fail("readOnly is not true or false");
  if (!Array.isArray(plan.regions) || plan.regions.length === 0 || !plan.regions.every(isText)) fail("regions is not a list of Regions");
  if (!isPlannedRule(plan.rule)) fail("rule needs a name, a target and a deadLetterQueue");
  if (plan.central !== undefined && !(isPlannedRule(plan.central) && isText(field(plan.central, "eventBus")))) fail("central needs an eventBus, a name, a target and a deadLetterQueue");
  const organization = plan.organization;
  if (organization !== undefined && !(isRecord(organization) && isText(organization.stackSet) && Array.isArray(organization.units) && organization.units.length > 0 && organization.units.every(isText))) {
    fail("organization needs a stackSet and a list of units");
  }
  const delivery = plan.delivery;
  if (!isRecord(delivery) || !isText(delivery.region) || !isText(delivery.topic) || !isText(delivery.unprocessed)) fail("delivery needs a region, a topic and an unprocessed queue");
  return plan as unknown as SelfCheckPlan;
}

/** What to check, Region by Region: the watched Regions in the plan's order, the delivery's among them. */
export function watchedRegions(plan: SelfCheckPlan, logGroupName?: string): WatchedRegion[] {
  const home = plan.delivery.region;
  const where = { accountId: plan.account };
  // Every rule's events end in the delivery's buffer: the rule's own target, or the central rule's.
  const buffer = arnParts(plan.central?.target ?? plan.rule.target);
  const defaultBusRule = (region: string): WatchedRule => ({
    check: "rule",
    targetCheck: "target",
    name: plan.rule.name,
    targetArn: plan.rule.target,
    carries: "root activity here",
    deadLetterQueue: ruleDeadLetterQueue("dead-letter queue", plan.rule.deadLetterQueue, where, redriveTo(buffer.resource, buffer.region, region)),
  });
  const centralRule = (central: NonNullable<SelfCheckPlan["central"]>): WatchedRule => ({
    check: "central rule",
    targetCheck: "central target",
    name: central.name,
    eventBusName: central.eventBus,
    targetArn: central.target,
    carries: "root activity from every Region",
    deadLetterQueue: ruleDeadLetterQueue("central dead-letter queue", central.deadLetterQueue, where, redriveTo(buffer.resource, buffer.region, home)),
  });
  const regions = plan.regions.includes(home) ? plan.regions : [...plan.regions, home];
  return regions.map((region) => {
    const rules = plan.regions.includes(region) ? [defaultBusRule(region)] : [];
    if (region !== home) return { region, rules };
    return {
      region,
      rules: plan.central ? [...rules, centralRule(plan.central)] : rules,
      delivery: { topicArn: plan.delivery.topic, covers: plan.central ? "any Region" : "this Region", unprocessedQueue: unprocessedQueue(plan.delivery.unprocessed, where, logGroupName) },
    };
  });
}
