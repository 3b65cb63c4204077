/**
 * One kept action as a line of a digest or an at-once message: when, where, what, from where, its key
 * parameters (user, policy, bucket, ...), whether it failed, and its event id. Every part is cleaned
 * again (state read from the table is evidence, not trusted text). Pure.
 */
import { displayText } from "./display-text";
import type { PendingAction } from "../sessions/session-record";

/** The key parameters as `user=backup-admin policy=arn:...`, or "" when there are none. */
function parametersText(parameters: PendingAction["parameters"]): string {
  if (parameters === null || typeof parameters !== "object") return "";
  return Object.entries(parameters)
    .slice(0, 8)
    .map(([name, value]) => `${displayText(name, 40)}=${displayText(String(value), 256)}`)
    .join(" ");
}

export function actionLine(action: PendingAction, withSeverity = false): string {
  const parameters = parametersText(action.parameters);
  return [
    ...(withSeverity ? [displayText(action.severity, 10).toUpperCase()] : []),
    action.eventTime,
    action.region,
    action.eventSource,
    action.eventName,
    ...(parameters ? [parameters] : []),
    action.sourceIp,
    ...(action.failed ? [`FAILED ${action.errorCode ?? ""}`.trim()] : []),
    action.eventId,
  ]
    .map((part) => displayText(part, 600))
    .join("  ");
}
