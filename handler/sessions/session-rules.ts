/**
 * The session rules: what the delivery handler needs from the store that keeps its root sessions.
 * Two stores keep them: the delivery's DynamoDB table (session-store.ts, deployed) and memory
 * (in-memory-store.ts, for the handler's unit tests and the README's timeline). One contract test
 * suite (__tests__/helpers/session-rules-contract.ts) runs against both, so that what the tests and
 * the README show is what the deployed function does. Every call is safe to repeat, and safe
 * against a concurrent invocation doing the same.
 */
import type { ClientPlace } from "../events/client-place";
import type { RootSession } from "../events/root-session";
import type { ActionTimes, KeptAction, PendingAction, SessionRecord, TouchedSession } from "./session-record";
import type { NewPlace } from "./session-places";

export interface SessionRules {
  /**
   * Records an action of the session and answers the session as it now stands (`openedNow` when this
   * call opened it). The action continues the session when the last one was seen no more than
   * `quietMs` before the action reached the queue (its `arrivedMs`, not when it is handled); else it
   * opens a new one, which names it as its first event and keeps the digest trigger on its way. A
   * record that contradicts time (session-tampering.ts) is replaced, without its digest claim, and the
   * new session says what was found (`tampered`).
   */
  touch(session: RootSession, eventId: string, at: ActionTimes, quietMs: number, place?: ClientPlace): Promise<TouchedSession>;
  /** The session's record as it stands, or undefined. */
  get(key: string): Promise<SessionRecord | undefined>;
  /** Records an action's place on its live session; answers the new place it is to tell, if any (session-places.ts). */
  claimPlace(key: string, record: SessionRecord, eventId: string, place: ClientPlace): Promise<NewPlace | undefined>;
  /**
   * Undoes a session that the repeated event `eventId` opened at `openedAt`: it is marked long quiet
   * (lastSeen 0), keeping the digest trigger it carries. Any other session is left alone.
   */
  abandon(key: string, eventId: string, openedAt: number): Promise<void>;
  /** Puts an action in the session's next digest, once; false when it was kept (or told) before. */
  addPending(key: string, action: PendingAction, nowMs: number): Promise<boolean>;
  /** Whether the action was kept for a digest before, or told. */
  isKept(key: string, action: Pick<PendingAction, "eventTime" | "eventId">): Promise<boolean>;
  /** Every action waiting for the session's digest, in the byte order of their sort keys (pendingSortKey), with the action's own fields only. */
  pending(key: string): Promise<KeptAction[]>;
  /** Marks actions as told by the message `messageId`: no longer pending, never kept again. */
  markSent(key: string, actions: readonly KeptAction[], messageId: string, nowMs: number): Promise<void>;
  /** Claims pending actions for the at-once message of `claimer`: each by one claimer only, the same claimer again on a retry; never a told one. */
  claimPending<A extends { readonly sortKey: string }>(key: string, actions: readonly A[], claimer: string): Promise<A[]>;
  /** Claims the session's one digest trigger chain; false when the session has one on its way, or is not there. */
  claimDigest(key: string, nowMs: number, chain: string): Promise<boolean>;
  /** Lets the next action claim a digest trigger again (the trigger failed to go out). */
  releaseDigest(key: string): Promise<void>;
  /** Ends a session last seen before `cutoffMs` (its digest chain stops; the record stays); false when it was seen since, or is not there. */
  close(key: string, cutoffMs: number): Promise<boolean>;
}
