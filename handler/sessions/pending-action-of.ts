/** What a digest says of one root action (session-record.ts PendingAction). Pure. */
import type { RootActivity } from "../events/root-activity";
import type { Severity } from "../events/severity";
import type { PendingAction } from "./session-record";

/** `atOnce`: the action is told in a message of its own (at-once.ts), and waits for its session's next one. */
export function pendingActionOf(activity: RootActivity, severity: Severity, atOnce = false): PendingAction {
  return {
    eventId: activity.eventId,
    eventName: activity.eventName,
    eventSource: activity.eventSource,
    eventTime: activity.eventTime,
    region: activity.region,
    sourceIp: activity.sourceIp,
    failed: activity.failed,
    ...(activity.errorCode ? { errorCode: activity.errorCode } : {}),
    severity,
    ...(atOnce ? { atOnce } : {}),
    ...(activity.parameters && Object.keys(activity.parameters).length > 0 ? { parameters: activity.parameters } : {}),
  };
}
