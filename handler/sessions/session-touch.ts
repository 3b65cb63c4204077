/**
 * `touch` (session-rules.ts), written once over the three conditional writes a store offers
 * (SessionWrites), so that the DynamoDB table and the in-memory store open and continue sessions by
 * the same steps. A store answers each write as DynamoDB would: undefined or false when its
 * condition did not hold (another invocation got there first, or the record is not as read).
 */
import type { ClientPlace } from "../events/client-place";
import type { RootSession } from "../events/root-session";
import type { ActionTimes, SessionRecord, TouchedSession } from "./session-record";
import { initialPlaces } from "./session-places";
import { CLOCK_SKEW_MS, tamperingOf } from "./session-tampering";

/** Reads and conditional writes before an action gives up (to be retried with its message): each lost race costs one. */
const TOUCH_ATTEMPTS = 5;

export interface SessionWrites {
  /**
   * Sets the record's lastSeen to `handledMs` if it is live and believable: it exists, its lastSeen is
   * a number no earlier than `cutoffMs`, and its lastSeen and firstSeen are numbers no later than
   * `latestMs`. Answers the record as it then stands.
   */
  extend(key: string, cutoffMs: number, latestMs: number, handledMs: number): Promise<SessionRecord | undefined>;
  read(key: string): Promise<SessionRecord | undefined>;
  /** Puts `record` if the session's record is still `over` as read: none, or the same lastSeen and digestScheduled. */
  open(record: SessionRecord, over: SessionRecord | undefined, handledMs: number): Promise<boolean>;
  /** Puts `record` in place of a record that contradicted time, if its lastSeen is still what was read (or still missing). */
  replace(record: SessionRecord, readLastSeen: unknown, handledMs: number): Promise<boolean>;
}

/** The record an action opens: it names the action, and begins with its place (session-places.ts). */
function openedBy(session: RootSession, eventId: string, handledMs: number): SessionRecord {
  return {
    key: session.key,
    label: session.label,
    accountId: session.accountId,
    ...(session.accessKeyId ? { accessKeyId: session.accessKeyId } : {}),
    firstEventId: eventId,
    firstSeen: handledMs,
    lastSeen: handledMs,
  };
}

/** See SessionRules.touch. */
export async function touchSession(writes: SessionWrites, session: RootSession, eventId: string, at: ActionTimes, quietMs: number, place?: ClientPlace): Promise<TouchedSession> {
  // handledMs only moves forward (one clock, later batches): lastSeen needs no max().
  const cutoff = at.arrivedMs - quietMs;
  for (let attempt = 0; attempt < TOUCH_ATTEMPTS; attempt += 1) {
    // A record whose times lie ahead of the clock is not continued: it is read and judged below.
    const extended = await writes.extend(session.key, cutoff, at.handledMs + CLOCK_SKEW_MS, at.handledMs);
    if (extended) return extended;
    // No session, or a quiet one: this action opens a new one. A quiet session's record is replaced
    // only as it was read, so that the digest trigger on its way (digestScheduled) is carried over
    // and never lost nor doubled, even if the trigger's own run changes the record meanwhile.
    const current = await writes.read(session.key);
    // A record that contradicts time is tampering: never trusted, and never a reason to stay quiet.
    // The session opens afresh in its place, without its digest claim, and says what was found.
    const tampered = current && tamperingOf(current, at.handledMs);
    if (current && tampered) {
      const fresh: SessionRecord = { ...openedBy(session, eventId, at.handledMs), tampered };
      if (await writes.replace(fresh, (current as { lastSeen?: unknown }).lastSeen, at.handledMs)) return { ...fresh, openedNow: true };
      continue;
    }
    if (current && current.lastSeen >= cutoff) continue; // opened a moment ago by another invocation
    const opened: SessionRecord = {
      ...openedBy(session, eventId, at.handledMs),
      ...(current?.digestScheduled !== undefined ? { digestScheduled: current.digestScheduled } : {}),
      ...(current?.digestChain !== undefined ? { digestChain: current.digestChain } : {}),
      // A new session begins with its opening action's place (session-places.ts).
      ...initialPlaces(place),
    };
    // A refused write means the record changed since it was read (another invocation opened the
    // session, or the trigger's run ended it): read it again.
    if (await writes.open(opened, current, at.handledMs)) return { ...opened, openedNow: true };
  }
  throw new Error(`session ${session.key}: could not record the action after ${TOUCH_ATTEMPTS} attempts`);
}
