/**
 * An at-once action inside its session (a high one, or a successful sign-in): kept like any action,
 * then told with the session's other such actions of its publish second in one message (at-once.ts).
 */
import { randomUUID } from "node:crypto";
import type { RecordOutcome } from "./delivery-deps";
import type { DeliveryTools } from "./delivery-tools";
import type { RootActivity } from "../events/root-activity";
import type { RootSession } from "../events/root-session";
import type { Severity } from "../events/severity";
import { errorFields } from "../logger";
import { buildNotification } from "../messages/notification";
import type { RootPosture } from "../posture/root-posture";
import { raiseSeverity } from "../posture/severity-raise";
import { buildAtOnceMessage, claimAtOnce } from "../publishing/at-once";
import { pendingActionOf } from "../sessions/pending-action-of";
import type { SessionRecord } from "../sessions/session-record";

/** The action to tell, with what its record found; `posture` is being read (never rejects). */
interface AtOnceAction {
  readonly activity: RootActivity;
  readonly event: unknown;
  readonly session: RootSession;
  readonly record: SessionRecord;
  /** The event's own severity: what the action is kept with. */
  readonly severity: Severity;
  readonly posture: Promise<RootPosture>;
}

export async function tellAtOnce(tools: DeliveryTools, action: AtOnceAction, deadlineMs: number): Promise<RecordOutcome> {
  const { deps, now } = tools;
  const { activity, event, session, record, severity } = action;
  const added = await deps.sessions.addPending(session.key, pendingActionOf(activity, severity, true), now());
  await tools.ensureDigestChain(session.key, record);
  if (added) await tools.count(activity.eventId);
  const runId = randomUUID();
  const outcome = await deps.once(`event#${activity.eventId}`, async () => {
    const accountAlias = await deps.lookupAccountName(activity.accountId);
    const posture = await action.posture;
    // The slot's priority is chosen before the message is built: from the event's severity, raised by the posture as the message will be.
    const messageSeverity = raiseSeverity(severity, posture).severity;
    let claimed: Awaited<ReturnType<typeof claimAtOnce>> = [];
    const messageId = await tools.publishBuilt(async () => {
      claimed = await claimAtOnce(deps.sessions, session.key, activity.eventId);
      if (claimed.length === 0) return undefined;
      return claimed.length === 1
        ? buildNotification({ topicArn: deps.topicArn, activity, accountAlias, organizationId: deps.organizationId, event, session, posture })
        : buildAtOnceMessage({ topicArn: deps.topicArn, session: { ...session, firstSeen: record.firstSeen }, actions: claimed, accountAlias, organizationId: deps.organizationId, posture });
      // Told at once, so ahead of routine messages: a successful sign-in with MFA (medium) as much as a high action.
    }, deadlineMs, messageSeverity === "critical" ? "critical" : "high");
    const eventIds = claimed.map((action) => action.eventId);
    if (messageId === undefined) {
      deps.logger.info("told with another message", { eventId: activity.eventId, eventName: activity.eventName, severity, session: session.key });
      return { status: "told with another message", eventId: activity.eventId, severity, session: session.key, runId };
    }
    try {
      await deps.sessions.markSent(session.key, claimed, messageId, now());
    } catch (error) {
      // The message is out; a digest may tell these again, which is better than sending the message twice.
      deps.logger.warn("at-once actions not marked as told", { session: session.key, eventIds, ...errorFields(error) });
    }
    deps.logger.info("alerted", { eventId: activity.eventId, eventName: activity.eventName, severity, session: session.key, eventIds, messageId });
    return { status: "alerted", eventId: activity.eventId, severity, session: session.key, messageId, eventIds, runId };
  });
  if (outcome.runId === runId) return outcome;
  deps.logger.info("duplicate", { eventId: activity.eventId, eventName: activity.eventName, severity, session: session.key });
  return { status: "duplicate", eventId: activity.eventId, severity, session: session.key };
}
