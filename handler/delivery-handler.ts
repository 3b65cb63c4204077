/**
 * What the function does with each message of a buffered batch. A root event is told at once when
 * it opens a session or is critical; a high one (or a successful sign-in) is told at once too, with
 * the session's other such actions of the same second (at-once.ts); a live session seen from a new
 * place is told at once (session-places.ts); anything else waits for its session's digest; a digest
 * trigger sends the digest and schedules the next one while the session goes on; the self-check
 * schedule's event runs the self-check (self-check/scheduled-run.ts); any other message is told to
 * people as a possible forgery (forgery-message.ts). Every publish waits for a slot of its own, by
 * priority (publish-slots.ts); a record whose publish finds none in time is deferred (deferral.ts), not failed.
 * Anything that means a person was not told throws, so that the message is retried and, after
 * several tries, parked where an alarm tells people: never just a log line.
 */
import { PublishCommand, type PublishCommandInput, type SNSClient } from "@aws-sdk/client-sns";
import { randomUUID } from "node:crypto";
import type { CentralizedRootAccess } from "../src/contract/monitor-scope";
import type { AccountNameLookup } from "./messages/account-name";
import { buildAtOnceMessage, claimAtOnce } from "./publishing/at-once";
import { placeOf } from "./events/client-place";
import { readBufferedMessage } from "./buffered-message";
import { deferRecord } from "./sessions/defer-record";
import { deferralOf, type DeferredCopy, type RecordAttribute } from "./sessions/deferral";
import { buildDigest, selectForDigest } from "./messages/digest";
import { UNKNOWN } from "./messages/display-text";
import { buildForgeryMessage, sha256Hex } from "./messages/forgery-message";
import { NOT_IN_FLIGHT_REASON, type InFlightCheck } from "./in-flight-check";
import { errorFields, type Logger } from "./logger";
import { buildNewPlaceAlert } from "./messages/new-place-alert";
import { buildNotification } from "./messages/notification";
import { publishPriorityOf } from "./publishing/publish-priority";
import { isPublishSlotUnavailable, type PublishPriority, type PublishSlots } from "./publishing/publish-slots";
import type { SelfCheck } from "./self-check/scheduled-run";
import type { SlotWatch } from "./publishing/slot-tampering";
import { decide, type RootActivity } from "./events/root-activity";
import { sessionOfActivity, type RootSession } from "./events/root-session";
import { pendingSortKey, type PendingAction, type SessionRecord, type SessionStore } from "./sessions/session-store";
import { tellTampering, type TamperingTeller } from "./sessions/session-tampering";
import { assessSeverity, type Severity } from "./events/severity";
import { createTamperAlert } from "./publishing/tamper-alert";
import { tellTestAlert } from "./publishing/test-alert";

/** At most this many actions go into one digest; more wait for the next (SNS's 256 KiB). */
export const DIGEST_MAX_ACTIONS = 2_000;

/** Possible forgeries of one reason are told at most once in this long; the rest are logged (onForgery). */
export const FORGERY_TELLING_MS = 60_000;

/** Leaves this much of the invocation for finishing the batch after the last publish slot. */
const DEADLINE_MARGIN_MS = 3_000;

export interface BufferedRecord {
  readonly messageId: string;
  readonly body: string;
  /** SQS system attributes; SentTimestamp (epoch milliseconds) is when the message reached the queue, SenderId who sent it. */
  readonly attributes?: { readonly SentTimestamp?: string; readonly SenderId?: string };
  /** Message attributes; a deferred copy's say so (deferral.ts). */
  readonly messageAttributes?: Readonly<Record<string, RecordAttribute>>;
  /** Lambda's SQS record: the receipt handle and the queue it came from (in-flight-check.ts). */
  readonly receiptHandle?: string;
  readonly eventSourceARN?: string;
}

export interface DeliveryDeps {
  readonly topicArn: string;
  readonly sns: SNSClient;
  /** The session table (session-store.ts); tests give an in-memory one. */
  readonly sessions: Pick<SessionStore, "touch" | "get" | "addPending" | "isKept" | "abandon" | "pending" | "markSent" | "claimDigest" | "releaseDigest" | "close" | "claimPlace" | "claimPending">;
  /** The publish seconds (publish-slots.ts). */
  readonly slots: Pick<PublishSlots, "acquire">;
  /** Puts a deferred copy of a record on the buffer queue (deferral.ts). @default none: a record without a publish second fails and is retried */
  readonly defer?: (copy: DeferredCopy) => Promise<void>;
  /**
   * Whether a record is a message in flight on the buffer, not a made-up one handed to the function
   * directly (in-flight-check.ts); one that is not is told as a possible forgery. @default every record is believed
   */
  readonly inFlight?: InFlightCheck;
  /** Looks for forged publish-second claims before each record (slot-tampering.ts). @default no look */
  readonly slotWatch?: SlotWatch;
  /** Puts a digest trigger of the session's chain `chain` on the buffer queue, delayed by `delaySeconds`. */
  readonly scheduleDigest: (sessionKey: string, delaySeconds: number, chain?: string) => Promise<void>;
  /** What the account of an action is called (its Organizations name, or the hub's own alias). */
  readonly lookupAccountName: AccountNameLookup;
  /**
   * `digest-only`: a centralized root access session (opened by its `sts:AssumeRoot` call) starts
   * without an alert and is told in digests; its critical moves still page. @default "report"
   */
  readonly centralizedRootAccess?: CentralizedRootAccess;
  /** With scope = organization: the organization's id, which every message's JSON copy carries. */
  readonly organizationId?: string;
  readonly logger: Logger;
  readonly digestIntervalSeconds: number;
  readonly sessionQuietSeconds: number;
  /**
   * Runs the work for a key at most once across every delivery of it, to every execution
   * environment (idempotency records in the table); a repeat answers the first run's result.
   */
  readonly once: <R extends Record<string, unknown>>(key: string, work: () => Promise<R>) => Promise<R>;
  /** The daily self-check, run for its schedule's events. @default none: a scheduled event is told as unexpected */
  readonly selfCheck?: SelfCheck;
  /** Counts a new root event for the heartbeat (root-event-count.ts). @default counts nothing */
  readonly countRootEvent?: (nowMs: number) => Promise<void>;
  readonly now?: () => number;
}

export type RecordOutcome = Readonly<Record<string, unknown>> & { readonly status: string };

export function createDeliveryHandler(deps: DeliveryDeps): (record: BufferedRecord, remainingMs: number) => Promise<RecordOutcome> {
  const now = deps.now ?? Date.now;

  /** Publishes what `build` makes once its publish slot (of `priority`) has begun; nothing when it makes nothing. */
  async function publishBuilt(build: () => Promise<PublishCommandInput | undefined>, deadlineMs: number, priority: PublishPriority): Promise<string | undefined> {
    await deps.slots.acquire(deadlineMs, priority);
    const request = await build();
    if (request === undefined) return undefined;
    const response = await deps.sns.send(new PublishCommand(request));
    return response.MessageId ?? UNKNOWN;
  }

  async function publish(request: PublishCommandInput, deadlineMs: number): Promise<string> {
    return (await publishBuilt(async () => request, deadlineMs, publishPriorityOf(request))) ?? UNKNOWN;
  }

  const tellTamper = createTamperAlert({ ...deps, publish });

  /** Counts a new root event; a failure costs the heartbeat one count, never an alert. */
  async function count(eventId: string): Promise<void> {
    try {
      await deps.countRootEvent?.(now());
    } catch (error) {
      deps.logger.warn("root event not counted for the heartbeat", { eventId, ...errorFields(error) });
    }
  }

  /**
   * When the message reached the queue; the handling time when SQS does not say (or says the future).
   * A deferred copy reached it when its original did (no later than the copy was sent, nor a day before).
   */
  function arrivalOf(record: BufferedRecord, handledMs: number, firstSentMs?: number): number {
    const sent = Number(record.attributes?.SentTimestamp);
    const arrived = Number.isFinite(sent) && sent > 0 && sent <= handledMs ? sent : handledMs;
    return firstSentMs !== undefined && firstSentMs <= arrived && firstSentMs >= arrived - 86_400_000 ? firstSentMs : arrived;
  }

  /**
   * Marks an alerted action as told, as a digest marks what it covered: a repeat of it that lands in
   * a session another repeat opened is then not kept for that session's digest (a second telling).
   * Best effort: the alert is out, and failing here must not send it again on a retry.
   */
  async function keepAsTold(sessionKey: string, action: PendingAction, messageId: string): Promise<void> {
    try {
      await deps.sessions.markSent(sessionKey, [{ ...action, sortKey: pendingSortKey(action) }], messageId, now());
    } catch (error) {
      deps.logger.warn("alerted action not marked as told", { session: sessionKey, eventId: action.eventId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Claims the session's digest chain when none is on its way, and puts its first trigger on the queue. */
  async function ensureDigestChain(sessionKey: string, record: Pick<SessionRecord, "digestScheduled">): Promise<void> {
    const chain = randomUUID();
    if (record.digestScheduled === undefined && (await deps.sessions.claimDigest(sessionKey, now(), chain))) {
      try {
        await deps.scheduleDigest(sessionKey, deps.digestIntervalSeconds, chain);
      } catch (error) {
        await deps.sessions.releaseDigest(sessionKey);
        throw error;
      }
    }
  }

  /** Tells a live key session seen from a new place (session-places.ts), once, whatever else the action is told as. */
  async function tellNewPlace(activity: RootActivity, session: RootSession, record: SessionRecord, deadlineMs: number): Promise<void> {
    const newPlace = await deps.sessions.claimPlace(session.key, record, activity.eventId, placeOf(activity.sourceIp, activity.userAgent));
    if (!newPlace) return;
    await deps.once(`new-place#${activity.eventId}`, async () => {
      const accountAlias = await deps.lookupAccountName(activity.accountId);
      const messageId = await publish(buildNewPlaceAlert({ topicArn: deps.topicArn, activity, session, newPlace, accountAlias, organizationId: deps.organizationId }), deadlineMs);
      deps.logger.info("new place told", { eventId: activity.eventId, session: session.key, network: newPlace.network, client: newPlace.agent, messageId });
      return { status: "new place told", messageId };
    });
  }

  /** An at-once action inside its session: kept, then told with the session's others of its publish second (at-once.ts). */
  async function tellAtOnce(activity: RootActivity, event: unknown, session: RootSession, record: SessionRecord, severity: Severity, deadlineMs: number): Promise<RecordOutcome> {
    const added = await deps.sessions.addPending(session.key, pendingActionOf(activity, severity, true), now());
    await ensureDigestChain(session.key, record);
    if (added) await count(activity.eventId);
    const runId = randomUUID();
    const outcome = await deps.once(`event#${activity.eventId}`, async () => {
      const accountAlias = await deps.lookupAccountName(activity.accountId);
      let told: Awaited<ReturnType<typeof claimAtOnce>> = [];
      const messageId = await publishBuilt(async () => {
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

  /** What tellTampering needs (session-tampering.ts), for the session `sessionKey`: a digest chain of its own tells what the forged record kept waiting. */
  function tamperingTeller(sessionKey: string, deadlineMs: number): TamperingTeller {
    // The replaced record carries no digest claim: the chain is claimed afresh.
    const startDigest = () => ensureDigestChain(sessionKey, {});
    return { topicArn: deps.topicArn, publish: (request) => publish(request, deadlineMs), once: deps.once, warn: (message, fields) => deps.logger.warn(message, fields), startDigest };
  }

  async function onRootEvent(event: unknown, arrivedMs: number, deadlineMs: number): Promise<RecordOutcome> {
    const decision = decide(event);
    if (decision.action === "ignore") {
      deps.logger.info("ignored", { eventId: decision.eventId, reason: decision.reason });
      return { status: "ignored", eventId: decision.eventId, reason: decision.reason };
    }
    const { activity } = decision;
    const session = sessionOfActivity({ ...activity, accessKeyId: activity.credentials.accessKeyId });
    const { severity, atOnce } = assessSeverity(activity);
    const record = await deps.sessions.touch(session, activity.eventId, { arrivedMs, handledMs: now() }, deps.sessionQuietSeconds * 1000, placeOf(activity.sourceIp, activity.userAgent));
    if (record.tampered) await tellTampering(tamperingTeller(session.key, deadlineMs), record, activity.eventId);
    // An event without an id cannot be recognised when it comes again: tell it rather than risk silence.
    const opensSession = record.firstEventId === activity.eventId || activity.eventId === UNKNOWN;
    // A session of a key (a console session has one too) can be used from two places; one keyed by its client cannot.
    if (!opensSession && session.accessKeyId !== undefined) await tellNewPlace(activity, session, record, deadlineMs);
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
        const messageId = await publish(buildNotification({ topicArn: deps.topicArn, activity, accountAlias, organizationId: deps.organizationId, event, session }), deadlineMs);
        await count(activity.eventId);
        await keepAsTold(session.key, pendingActionOf(activity, severity), messageId);
        deps.logger.info("alerted", { eventId: activity.eventId, eventName: activity.eventName, severity, session: session.key, opensSession, messageId });
        return { status: "alerted", eventId: activity.eventId, severity, session: session.key, messageId, runId };
      };
      if (activity.eventId === UNKNOWN) return alert();
      // The same event delivered again, to any execution environment, answers the first alert (Powertools idempotency).
      const outcome = await deps.once(`event#${activity.eventId}`, alert);
      return outcome.runId === runId ? outcome : duplicate();
    }
    if (!toldInDigest && atOnce) return tellAtOnce(activity, event, session, record, severity, deadlineMs);
    // Keeping an action is safe to repeat by itself: a repeat finds it kept (or already sent) and adds nothing.
    const added = await deps.sessions.addPending(session.key, pendingActionOf(activity, severity), now());
    await ensureDigestChain(session.key, record);
    if (added) await count(activity.eventId);
    const status = added ? "kept for the digest" : "duplicate";
    deps.logger.info(status, { eventId: activity.eventId, eventName: activity.eventName, severity, session: session.key });
    return { status, eventId: activity.eventId, severity, session: session.key };
  }

  async function onDigestDue(sessionKey: string, chain: string | undefined, messageId: string, deadlineMs: number): Promise<RecordOutcome> {
    return deps.once(`digest#${messageId}`, async () => {
      const session = await deps.sessions.get(sessionKey);
      // A trigger of a chain that is not the session's (two claims that both went through, on a store
      // whose conditional writes are not atomic) stops here: the session's own chain tells its actions.
      if (chain !== undefined && session !== undefined && session.digestChain !== chain) {
        deps.logger.warn("stale digest trigger", { session: sessionKey, chain, sessionChain: session.digestChain });
        return { status: "stale trigger", session: sessionKey };
      }
      const pending = selectForDigest(await deps.sessions.pending(sessionKey), DIGEST_MAX_ACTIONS);
      let digestMessageId: string | undefined;
      if (session && pending.length > 0) {
        const accountAlias = await deps.lookupAccountName(session.accountId);
        digestMessageId = await publish(
          buildDigest({ topicArn: deps.topicArn, session, actions: pending, accountAlias, organizationId: deps.organizationId, firstSeen: session.firstSeen, lastSeen: session.lastSeen }),
          deadlineMs,
        );
        await deps.sessions.markSent(sessionKey, pending, digestMessageId, now());
        deps.logger.info("digest sent", { session: sessionKey, actions: pending.length, eventIds: pending.map((action) => action.eventId), messageId: digestMessageId });
      }
      const quietSince = now() - deps.sessionQuietSeconds * 1000;
      const over = session === undefined || (session.lastSeen < quietSince && (await deps.sessions.pending(sessionKey)).length === 0 && (await deps.sessions.close(sessionKey, quietSince)));
      if (!over) await deps.scheduleDigest(sessionKey, deps.digestIntervalSeconds, chain);
      return { status: over ? "session over" : "digest scheduled", session: sessionKey, actions: pending.length, ...(digestMessageId ? { messageId: digestMessageId } : {}) };
    });
  }

  /**
   * Tells a message that is not the monitor's own as a possible forgery (critical), quoting none of
   * its text (that goes to the log only): at most one message for each reason a minute (FORGERY_TELLING_MS), so
   * that a flood of junk (thousands of records handed to the function directly) cannot take the
   * critical publish slots from real alerts; every one is still logged with its text. A record not
   * in flight on the buffer says nothing SQS vouches for: its sender and time are not shown.
   */
  async function onForgery(record: BufferedRecord, reason: string, deadlineMs: number): Promise<RecordOutcome> {
    const vouched = reason !== NOT_IN_FLIGHT_REASON;
    const fields = { sqsMessageId: record.messageId, reason, senderId: vouched ? record.attributes?.SenderId : undefined, sha256: sha256Hex(record.body), body: record.body };
    const runId = randomUUID();
    const outcome = await deps.once(`forgery#${sha256Hex(reason).slice(0, 16)}#${Math.floor(now() / FORGERY_TELLING_MS)}`, async () => {
      const request = buildForgeryMessage(deps.topicArn, { sqsMessageId: record.messageId, body: record.body, senderId: fields.senderId, sentTimestamp: vouched ? record.attributes?.SentTimestamp : undefined, reason });
      const published = await publish(request, deadlineMs);
      deps.logger.warn("possible forgery told", { ...fields, messageId: published });
      return { status: "possible forgery told", messageId: published, runId };
    });
    if (outcome.runId === runId) return outcome;
    deps.logger.warn("possible forgery, told with the first of its minute", fields);
    return { status: "possible forgery told with another", messageId: outcome.messageId };
  }

  return async (record, remainingMs) => {
    const startedMs = now();
    const deadlineMs = startedMs + remainingMs - DEADLINE_MARGIN_MS;
    const message = readBufferedMessage(record.body);
    // A deferred copy runs as its original: the same `once` records, the same arrival.
    const deferral = deferralOf(record.messageAttributes);
    const messageId = deferral.originMessageId ?? record.messageId;
    const arrivedMs = arrivalOf(record, startedMs, deferral.firstSentMs);
    try {
      if (deps.inFlight && !(await deps.inFlight(record))) return await onForgery(record, NOT_IN_FLIGHT_REASON, deadlineMs);
      await deps.slotWatch?.check(deadlineMs, publish);
      if (message.kind === "event") return await onRootEvent(message.event, arrivedMs, deadlineMs);
      if (message.kind === "tamper") return await tellTamper(message.event, messageId, deadlineMs);
      if (message.kind === "digest-due") return await onDigestDue(message.sessionKey, message.chain, messageId, deadlineMs);
      if (message.kind === "scheduled") {
        const selfCheck = deps.selfCheck;
        if (selfCheck && message.resources.includes(selfCheck.scheduleRuleArn)) {
          return await selfCheck.run(message.id ?? messageId, deadlineMs, publish);
        }
        return await onForgery(record, "a scheduled event of a rule other than the monitor's self-check schedule", deadlineMs);
      }
      if (message.kind === "test-alert") {
        const sender = { messageId, senderId: record.attributes?.SenderId, sentAtMs: arrivedMs };
        return await tellTestAlert({ topicArn: deps.topicArn, publish, once: deps.once, logger: deps.logger }, message.request, sender, deadlineMs);
      }
      return await onForgery(record, message.reason, deadlineMs);
    } catch (error) {
      if (isPublishSlotUnavailable(error) && deps.defer) return deferRecord(record, arrivedMs, error, deps.defer, deps.logger);
      deps.logger.error("message not handled; it is retried", { sqsMessageId: record.messageId, kind: message.kind, ...errorFields(error) });
      throw error;
    }
  };
}

/** What a digest says of one action. */
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
