/**
 * The self-check plan (src/contract/self-check-plan.ts), read once at cold start from the function's
 * environment, and expanded into what to check in each Region: every watched Region's rule on its
 * default bus, and in the delivery's Region the central bus's rule (with central delivery) and the
 * delivery itself. Pure.
 */
import { SELF_CHECK_PLAN, type SelfCheckPlan } from "../../src/contract/self-check-plan";
import { arnParts } from "./finding";
import { redriveTo, ruleDeadLetterQueue, unprocessedQueue, type WatchedRegion, type WatchedRule } from "./watched";

/**
 * The plan in `text`, or an error that names the variable and what is wrong (the schema's words for
 * the first part that is): the deployment sets it, so anything else is a bug.
 */
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
  const parsed = SELF_CHECK_PLAN.safeParse(plan);
  return parsed.success ? parsed.data : fail(parsed.error.issues[0].message);
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
