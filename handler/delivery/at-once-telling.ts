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
import { buildAtOnceMessage, claimAtOnce } from "../publishing/at-once";
import { pendingActionOf } from "../sessions/pending-action-of";
import type { SessionRecord } from "../sessions/session-record";

export async function tellAtOnce(tools: DeliveryTools, activity: RootActivity, event: unknown, session: RootSession, record: SessionRecord, severity: Severity, deadlineMs: number): Promise<RecordOutcome> {
  const { deps, now } = tools;
  const added = await deps.sessions.addPending(session.key, pendingActionOf(activity, severity, true), now());
  await tools.ensureDigestChain(session.key, record);
  if (added) await tools.count(activity.eventId);
  const runId = randomUUID();
  const outcome = await deps.once(`event#${activity.eventId}`, async () => {
    const accountAlias = await deps.lookupAccountName(activity.accountId);
    let told: Awaited<ReturnType<typeof claimAtOnce>> = [];
    const messageId = await tools.publishBuilt(async () => {
      told = await claimAtOnce(deps.sessions, session.key, activity.eventId);
      if (told.length === 0) return undefined;
      return told.length === 1
        ? buildNotification({ topicArn: deps.topicArn, activity, accountAlias, organizationId: deps.organizationId, event, session })
        : buildAtOnceMessage({ topicArn: deps.topicArn, session, actions: told, accountAlias, organizationId: deps.organizationId });
      // Told at once, so ahead of routine messages: a successful sign-in with MFA (medium) as much as a high action.
    }, deadlineMs, severity === "critical" ? "critical" : "high");
    const eventIds = told.map((action) => action.eventId);
    if (messageId === undefined) {
      deps.logger.info("told with another message", { eventId: activity.eventId, eventName: activity.eventName, severity, session: session.key });
      return { status: "told with another message", eventId: activity.eventId, severity, session: session.key, runId };
    }
    try {
      await deps.sessions.markSent(session.key, told, messageId, now());
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
