/**
 * Does the rule put root events where they are told? A regional rule (and the central bus's rule)
 * must target the delivery's buffer queue, from which alone the function takes them; with central
 * delivery every Region's rule must forward to the central event bus.
 */
import { ListTargetsByRuleCommand, type EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { arnParts, errorName, type Finding } from "./finding";
import { missingRuleLabel } from "./rule-state";
import type { WatchedRule } from "./watched";

/** What an ARN names, as people read it: "the buffer queue <name>", "the central event bus <name> in <region>". */
export function targetLabel(arn: string): string {
  const { service, region, resource } = arnParts(arn);
  if (service === "sqs") return `the buffer queue ${resource}`;
  if (service === "events" && resource.startsWith("event-bus/")) return `the central event bus ${resource.slice("event-bus/".length)} in ${region}`;
  return arn;
}

export async function checkRuleTarget(events: EventBridgeClient, region: string, rule: Pick<WatchedRule, "targetCheck" | "name" | "eventBusName" | "targetArn">): Promise<Finding> {
  const check = rule.targetCheck;
  const label = targetLabel(rule.targetArn);
  const theRule = rule.eventBusName ? `the rule on the bus ${rule.eventBusName}` : "the rule";
  const targets = await events.send(new ListTargetsByRuleCommand({ Rule: rule.name, EventBusName: rule.eventBusName })).then(
    ({ Targets = [] }) => Targets,
    (error: unknown) => {
      if (errorName(error) === "ResourceNotFoundException") return undefined;
      throw error;
    },
  );
  if (!targets) {
    return { region, check, level: "fail", message: `no ${missingRuleLabel(rule)}, so nothing puts root events on ${label}`, summary: `${check}: no such rule` };
  }
  if (targets.some((target) => target.Arn === rule.targetArn)) return { region, check, level: "ok", message: `${theRule} puts root events on ${label}` };
  const elsewhere = targets.map((target) => target.Arn).join(", ");
  return {
    region,
    check,
    level: "fail",
    message: `${theRule} does not target ${label} (${elsewhere ? `it targets ${elsewhere}` : "it has no target"}): what it matches reaches nobody. Apply this version again (npm run deploy).`,
    summary: elsewhere ? `${check} is wrong` : `${check} is missing`,
  };
}
