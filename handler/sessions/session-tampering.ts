/**
 * A session record that contradicts time is tampering, never a reason to stay quiet. Only the
 * function writes session records, with its own clock: a `lastSeen` or `firstSeen` later than now
 * (beyond clock skew), or one that is not a time at all, was written by someone else. The red team's
 * attack was one PutItem of a live-looking session (`lastSeen` far in the future) that made every
 * later non-critical call of that key a digest line of a digest that never came. The store opens the
 * session afresh instead of trusting it (session-touch.ts) and keeps what it found on the new
 * record; the action that opened it tells people, critical (this file). Pure, but for `tellTampering`.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { displayText } from "../messages/display-text";
import { envelope, stringAttribute } from "../messages/envelope";
import { MACHINE_MESSAGE_SCHEMA } from "../messages/notification";
import { CRITICAL_SUBJECT_PREFIX } from "../messages/subject";

/**
 * How far ahead of the function's clock a session record's time may be before it is a contradiction:
 * the clocks of Lambda's hosts agree far better. Generous on purpose, unlike publish-slots.ts's
 * CLOCK_SKEW_SECONDS: a wrong call here tells a critical message, there it only costs a second.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** What a tampered record said, display-safe: each time as an ISO date, or what it was instead. */
export interface SessionTampering {
  readonly lastSeen: string;
  readonly firstSeen: string;
}

const isTime = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** A record's time as a reader sees it: an ISO date when it is one, else a short, cleaned description. */
export function describeTime(value: unknown): string {
  if (isTime(value) && Math.abs(value) <= 8.64e15) return new Date(value).toISOString();
  if (value === undefined) return "missing";
  return `not a time: ${displayText(typeof value === "string" ? value : JSON.stringify(value) ?? typeof value, 64)}`;
}

/** What is wrong with a session record read at `nowMs`, or undefined when its times are believable. */
export function tamperingOf(record: { readonly lastSeen?: unknown; readonly firstSeen?: unknown }, nowMs: number): SessionTampering | undefined {
  const latest = nowMs + CLOCK_SKEW_MS;
  const believable = (value: unknown) => isTime(value) && value <= latest;
  if (believable(record.lastSeen) && believable(record.firstSeen)) return undefined;
  return { lastSeen: describeTime(record.lastSeen), firstSeen: describeTime(record.firstSeen) };
}

const TAMPERING_SUBJECT = `${CRITICAL_SUBJECT_PREFIX}Root activity monitor: a session record was tampered with`;

/** The message: which session, the bogus times; nothing else of the record. */
function buildTamperingMessage(topicArn: string, sessionKey: string, tampering: SessionTampering, openedBy: string): PublishCommandInput {
  const key = displayText(sessionKey, 300);
  const email = [
    `The root activity monitor found a session record in its table that contradicts time: its times are later than now (beyond ${CLOCK_SKEW_MS / 60_000} minutes of clock skew) or are not times at all.`,
    "Only the monitor's function writes these records. Someone with write access to the session table may have tried to silence the monitor: a live-looking session keeps the later actions of its root credentials out of immediate alerts.",
    "The record was not trusted: the session was opened afresh by the action below, which is told on its own, and the actions that were waiting in the session go out in its next digest.",
    "",
    "WHAT WAS FOUND",
    `Session:      ${key}`,
    `lastSeen:     ${tampering.lastSeen}`,
    `firstSeen:    ${tampering.firstSeen}`,
    `Opened by:    event ${displayText(openedBy, 128)}`,
    "",
    "WHAT TO DO",
    "1. Find who wrote the item: DynamoDB item writes are data events, so look in a trail that records them for the session table, and at who may write to the table (its resource policy and IAM policies with dynamodb:PutItem or UpdateItem).",
    "2. Treat whoever did it as an intruder who wants root activity unseen: review everything done with the root credentials of this session in CloudTrail.",
    "",
  ].join("\n");
  const copy = { schema: MACHINE_MESSAGE_SCHEMA, kind: "session-tampered", severity: "critical", session: key, lastSeen: tampering.lastSeen, firstSeen: tampering.firstSeen, openedBy: displayText(openedBy, 128) };
  const attributes = { messageKind: stringAttribute("session-tampered"), severity: stringAttribute("critical"), session: stringAttribute(key.slice(0, 256)) };
  return envelope({ topicArn, subject: TAMPERING_SUBJECT, attributes, email, machineCopy: copy });
}

/** What telling needs from the delivery handler. */
export interface TamperingTeller {
  readonly topicArn: string;
  readonly publish: (request: PublishCommandInput) => Promise<string>;
  /** Once per key across deliveries (the handler's idempotency). */
  readonly once: <R extends Record<string, unknown>>(key: string, work: () => Promise<R>) => Promise<R>;
  readonly warn: (message: string, fields: Record<string, unknown>) => void;
  /** Starts the session's digest chain, so that what the forged record kept waiting is told. */
  readonly startDigest: () => Promise<void>;
}

/**
 * Tells the tampering a touched session carries, while its opener is handled (its retries too, once:
 * the record keeps what was found until the session ends, so a failed publish is retried with the
 * message, never lost). Nothing for any other action of the session.
 */
export async function tellTampering(
  teller: TamperingTeller,
  record: { readonly key: string; readonly firstEventId: string; readonly firstSeen: number; readonly tampered?: SessionTampering },
  eventId: string,
): Promise<void> {
  const tampered = record.tampered;
  if (tampered === undefined || record.firstEventId !== eventId) return;
  await teller.once(`tampered#${record.key}#${record.firstSeen}`, async () => {
    await teller.startDigest();
    const messageId = await teller.publish(buildTamperingMessage(teller.topicArn, record.key, tampered, eventId));
    teller.warn("session record tampered with: told", { session: record.key, lastSeen: tampered.lastSeen, firstSeen: tampered.firstSeen, messageId });
    return { status: "tampering told", messageId };
  });
}
