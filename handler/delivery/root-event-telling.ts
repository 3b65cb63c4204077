/**
 * A root event, told. It is told at once when it opens a session or is critical; a high one (or a
 * successful sign-in) at once too, with the session's other such actions of the same second
 * (at-once-telling.ts); a live session seen from a new place is told at once (session-places.ts);
 * anything else waits for its session's digest. A session record that contradicts time is told as
 * tampering (session-tampering.ts). The same event delivered again is told once.
 */
import { randomUUID } from "node:crypto";
import { tellAtOnce } from "./at-once-telling";
import type { RecordOutcome } from "./delivery-deps";
import type { DeliveryTools } from "./delivery-tools";
import { placeOf } from "../events/client-place";
import { decide, type RootActivity } from "../events/root-activity";
import { sessionOfActivity, type RootSession } from "../events/root-session";
import { assessSeverity } from "../events/severity";
import { UNKNOWN } from "../messages/display-text";
import { buildNewPlaceAlert } from "../messages/new-place-alert";
import { buildNotification } from "../messages/notification";
import { POSTURE_CHANGING_EVENTS } from "../posture/posture-reader";
import type { RootPosture } from "../posture/root-posture";
import { pendingActionOf } from "../sessions/pending-action-of";
import type { SessionRecord } from "../sessions/session-record";
import { tellTampering, type TamperingTeller } from "../sessions/session-tampering";

/** Tells a live key session seen from a new place (session-places.ts), once, whatever else the action is told as. */
async function tellNewPlace(tools: DeliveryTools, activity: RootActivity, session: RootSession, record: SessionRecord, posture: Promise<RootPosture>, deadlineMs: number): Promise<void> {
  const { deps } = tools;
  const newPlace = await deps.sessions.claimPlace(session.key, record, activity.eventId, placeOf(activity.sourceIp, activity.userAgent));
  if (!newPlace) return;
  await deps.once(`new-place#${activity.eventId}`, async () => {
    const accountAlias = await deps.lookupAccountName(activity.accountId);
    const messageId = await tools.publish(buildNewPlaceAlert({ topicArn: deps.topicArn, activity, session: { ...session, firstSeen: record.firstSeen }, newPlace, accountAlias, organizationId: deps.organizationId, posture: await posture }), deadlineMs);
    deps.logger.info("new place told", { eventId: activity.eventId, session: session.key, network: newPlace.network, client: newPlace.agent, messageId });
    return { status: "new place told", messageId };
  });
}

/** What tellTampering needs (session-tampering.ts), for the session `sessionKey`: a digest chain of its own tells what the forged record kept waiting. */
function tamperingTeller(tools: DeliveryTools, sessionKey: string, deadlineMs: number): TamperingTeller {
  const { deps } = tools;
  // The replaced record carries no digest claim: the chain is claimed afresh.
  const startDigest = () => tools.ensureDigestChain(sessionKey, {});
  return { topicArn: deps.topicArn, publish: (request) => tools.publish(request, deadlineMs), once: deps.once, warn: (message, fields) => deps.logger.warn(message, fields), startDigest };
}

export async function onRootEvent(tools: DeliveryTools, event: unknown, arrivedMs: number, deadlineMs: number): Promise<RecordOutcome> {
  const { deps, now } = tools;
  const decision = decide(event);
  if (decision.action === "ignore") {
    deps.logger.info("ignored", { eventId: decision.eventId, reason: decision.reason });
    return { status: "ignored", eventId: decision.eventId, reason: decision.reason };
  }
  const { activity } = decision;
  const session = sessionOfActivity({ ...activity, accessKeyId: activity.credentials.accessKeyId });
  const { severity, atOnce } = assessSeverity(activity);
  // Read beside the session's writes (bounded, never rejects); routing stays the event's own severity (severity-raise.ts).
  const posture = tools.postureFor(activity.accountId, POSTURE_CHANGING_EVENTS.has(activity.eventName));
  const record = await deps.sessions.touch(session, activity.eventId, { arrivedMs, handledMs: now() }, deps.sessionQuietSeconds * 1000, placeOf(activity.sourceIp, activity.userAgent));
  if (record.tampered) await tellTampering(tamperingTeller(tools, session.key, deadlineMs), record, activity.eventId);
  // An event without an id cannot be recognised when it comes again: tell it rather than risk silence.
  const opensSession = record.firstEventId === activity.eventId || activity.eventId === UNKNOWN;
  // A session of a key (a console session has one too) can be used from two places; one keyed by its client cannot.
  if (!opensSession && session.accessKeyId !== undefined) await tellNewPlace(tools, activity, session, record, posture, deadlineMs);
  const duplicate = async () => {
    // A repeat that opened a session just now (its own ended long ago) must not hold the next new
    // action's alert back; a repeat of a live session's first event leaves that session alone.
    if (record.openedNow) await deps.sessions.abandon(session.key, activity.eventId, record.firstSeen);
    deps.logger.info("duplicate", { eventId: activity.eventId, eventName: activity.eventName, severity, session: session.key });
    return { status: "duplicate", eventId: activity.eventId, severity, session: session.key };
  };
  // A team that uses centralized root access daily keeps such sessions out of immediate alerts:
  // the successful sts:AssumeRoot call that opens one (critical in itself), or the member account's
  // first action when it arrives first (its record is marked); its other critical moves page as ever.
  const centralizedSession = (activity.assumeRoot !== undefined && !activity.failed) || activity.credentials.kind === "centralized-root-session";
  const toldInDigest = centralizedSession && deps.centralizedRootAccess === "digest-only" && (activity.assumeRoot !== undefined || severity !== "critical");
  if (!toldInDigest && (opensSession || severity === "critical")) {
    // A repeat of an action a digest covered (or will): told already, whatever session it now opens.
    if (severity !== "critical" && activity.eventId !== UNKNOWN && (await deps.sessions.isKept(session.key, activity))) return duplicate();
    const runId = randomUUID();
    const alert = async () => {
      const accountAlias = await deps.lookupAccountName(activity.accountId);
      const messageId = await tools.publish(buildNotification({ topicArn: deps.topicArn, activity, accountAlias, organizationId: deps.organizationId, event, session: { ...session, firstSeen: record.firstSeen }, posture: await posture }), deadlineMs);
      await tools.count(activity.eventId);
      await tools.keepAsTold(session.key, pendingActionOf(activity, severity), messageId);
      deps.logger.info("alerted", { eventId: activity.eventId, eventName: activity.eventName, severity, session: session.key, opensSession, messageId });
      return { status: "alerted", eventId: activity.eventId, severity, session: session.key, messageId, runId };
    };
    if (activity.eventId === UNKNOWN) return alert();
    // The same event delivered again, to any execution environment, answers the first alert (Powertools idempotency).
    const outcome = await deps.once(`event#${activity.eventId}`, alert);
    return outcome.runId === runId ? outcome : duplicate();
  }
  if (!toldInDigest && atOnce) return tellAtOnce(tools, { activity, event, session, record, severity, posture }, deadlineMs);
  // Keeping an action is safe to repeat by itself: a repeat finds it kept (or already sent) and adds nothing.
  const added = await deps.sessions.addPending(session.key, pendingActionOf(activity, severity), now());
  await tools.ensureDigestChain(session.key, record);
  if (added) await tools.count(activity.eventId);
  const status = added ? "kept for the digest" : "duplicate";
  deps.logger.info(status, { eventId: activity.eventId, eventName: activity.eventName, severity, session: session.key });
  return { status, eventId: activity.eventId, severity, session: session.key };
}
