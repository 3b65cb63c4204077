/**
 * What the function does with each message of a buffered batch: this file routes it. A root event is
 * told at once when it opens a session or is critical, else kept for its session's digest
 * (root-event-telling.ts, at-once-telling.ts); a digest trigger sends the digest and schedules the
 * next one while the session goes on (digest-due.ts); the self-check schedule's event runs the
 * self-check (self-check/scheduled-run.ts); any other message is told to people as a possible
 * forgery (forgery-telling.ts). Every publish waits for a slot of its own, by priority
 * (publish-slots.ts); a record whose publish finds none in time is deferred (deferral.ts), not failed.
 * Anything that means a person was not told throws, so that the message is retried and, after
 * several tries, parked where an alarm tells people: never just a log line.
 */
import { readBufferedMessage } from "./buffered-message";
import type { BufferedRecord, DeliveryDeps, RecordOutcome } from "./delivery-deps";
import { createDeliveryTools } from "./delivery-tools";
import { onDigestDue } from "./digest-due";
import { onForgery } from "./forgery-telling";
import { NOT_IN_FLIGHT_REASON } from "./in-flight-check";
import { errorFields } from "../logger";
import { isPublishSlotUnavailable } from "../publishing/publish-slots";
import { createTamperAlert } from "../publishing/tamper-alert";
import { tellTestAlert } from "../publishing/test-alert";
import { onRootEvent } from "./root-event-telling";
import { deferRecord } from "../sessions/defer-record";
import { deferralOf } from "../sessions/deferral";

/** Leaves this much of the invocation for finishing the batch after the last publish slot. */
const DEADLINE_MARGIN_MS = 3_000;

/** A deferred copy is believed to have reached the queue when its original did, no more than this before the copy. */
const DEFERRAL_REACH_MS = 86_400_000;

/**
 * When the message reached the queue; the handling time when SQS does not say (or says the future).
 * A deferred copy reached it when its original did (no later than the copy was sent, nor a day before).
 */
function arrivalOf(record: BufferedRecord, handledMs: number, firstSentMs?: number): number {
  const sent = Number(record.attributes?.SentTimestamp);
  const arrived = Number.isFinite(sent) && sent > 0 && sent <= handledMs ? sent : handledMs;
  return firstSentMs !== undefined && firstSentMs <= arrived && firstSentMs >= arrived - DEFERRAL_REACH_MS ? firstSentMs : arrived;
}

export function createDeliveryHandler(deps: DeliveryDeps): (record: BufferedRecord, remainingMs: number) => Promise<RecordOutcome> {
  const tools = createDeliveryTools(deps);
  const { now, publish } = tools;
  const tellTamper = createTamperAlert({ ...deps, publish });

  return async (record, remainingMs) => {
    const startedMs = now();
    const deadlineMs = startedMs + remainingMs - DEADLINE_MARGIN_MS;
    const message = readBufferedMessage(record.body);
    // A deferred copy runs as its original: the same `once` records, the same arrival.
    const deferral = deferralOf(record.messageAttributes);
    const messageId = deferral.originMessageId ?? record.messageId;
    const arrivedMs = arrivalOf(record, startedMs, deferral.firstSentMs);
    try {
      if (deps.inFlight && !(await deps.inFlight(record))) return await onForgery(tools, record, NOT_IN_FLIGHT_REASON, deadlineMs);
      await deps.slotWatch?.check(deadlineMs, publish);
      if (message.kind === "event") return await onRootEvent(tools, message.event, arrivedMs, deadlineMs);
      if (message.kind === "tamper") return await tellTamper(message.event, messageId, deadlineMs);
      if (message.kind === "digest-due") return await onDigestDue(tools, message.sessionKey, message.chain, messageId, deadlineMs);
      if (message.kind === "scheduled") {
        const selfCheck = deps.selfCheck;
        if (selfCheck && message.resources.includes(selfCheck.scheduleRuleArn)) {
          return await selfCheck.run(message.id ?? messageId, deadlineMs, publish);
        }
        return await onForgery(tools, record, "a scheduled event of a rule other than the monitor's self-check schedule", deadlineMs);
      }
      if (message.kind === "test-alert") {
        const sender = { messageId, senderId: record.attributes?.SenderId, sentAtMs: arrivedMs };
        return await tellTestAlert({ topicArn: deps.topicArn, publish, once: deps.once, logger: deps.logger }, message.request, sender, deadlineMs);
      }
      return await onForgery(tools, record, message.reason, deadlineMs);
    } catch (error) {
      if (isPublishSlotUnavailable(error) && deps.defer) return deferRecord(record, arrivedMs, error, deps.defer, deps.logger);
      deps.logger.error("message not handled; it is retried", { sqsMessageId: record.messageId, kind: message.kind, ...errorFields(error) });
      throw error;
    }
  };
}
