/**
 * Is the rule there and enabled? A disabled or deleted rule routes root activity to nobody. With
 * read-only events wanted, only ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS delivers them: plain
 * ENABLED misses a root `GetCallerIdentity`, which is worth a warning.
 */
import { DescribeRuleCommand, type EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { errorName, type Finding } from "./finding";
import type { WatchedRule } from "./watched";

/** The rule as people read it: `rule <name>`, and its bus when not the default one. */
const ruleLabel = (rule: Pick<WatchedRule, "name" | "eventBusName">): string => `rule ${rule.name}${rule.eventBusName ? ` on the bus ${rule.eventBusName}` : ""}`;

/** The same, for saying that there is none: `rule named <name>`. */
export const missingRuleLabel = (rule: Pick<WatchedRule, "name" | "eventBusName">): string => `rule named ${rule.name}${rule.eventBusName ? ` on the bus ${rule.eventBusName}` : ""}`;

export async function checkRuleState(events: EventBridgeClient, region: string, rule: Pick<WatchedRule, "check" | "name" | "eventBusName" | "carries">, includeReadOnlyEvents: boolean): Promise<Finding> {
  const check = rule.check;
  const label = ruleLabel(rule);
  const found = await events.send(new DescribeRuleCommand({ Name: rule.name, EventBusName: rule.eventBusName })).catch((error: unknown) => {
    if (errorName(error) === "ResourceNotFoundException") return undefined;
    throw error;
  });
  if (!found) {
    return { region, check, level: "fail", message: `no ${missingRuleLabel(rule)}: the monitor is not deployed here. Apply it (npm run deploy).`, summary: `${check} does not exist` };
  }
  if (!found.State?.startsWith("ENABLED")) {
    return {
      region,
      check,
      level: "fail",
      message: `${label} is ${found.State}: ${rule.carries} is not routed to anyone. Enable it, or apply again (npm run deploy).`,
      summary: `${check} is ${found.State}`,
    };
  }
  if (includeReadOnlyEvents && found.State !== "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") {
    return { region, check, level: "warn", message: `${label} is ${found.State}: read-only root calls are not delivered` };
  }
  return { region, check, level: "ok", message: `${label} is ${found.State}` };
}
