/**
 * What the session rules (session-rules.ts) keep: a root session's record and the actions waiting
 * for its next digest. Types only, and the one key both stores order pending actions by.
 */
import type { KeyParameters } from "../events/key-parameters";
import type { SessionPlaces } from "./session-places";
import type { SessionTampering } from "./session-tampering";

/** One action waiting for its session's digest: what the digest says of it. */
export interface PendingAction {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTime: string;
  readonly region: string;
  readonly sourceIp: string;
  readonly failed: boolean;
  readonly errorCode?: string;
  readonly severity: string;
  /** Told in a message of its own (severity.ts `Telling`): a kept one waits for its session's next at-once message. */
  readonly atOnce?: boolean;
  /** The allow-listed request parameters (key-parameters.ts) a reader judges it by. */
  readonly parameters?: KeyParameters;
}

/** A pending action as the store answers it: with the sort key that names it in its session. */
export type KeptAction = PendingAction & { readonly sortKey: string };

export interface SessionRecord extends Partial<Omit<SessionPlaces, "firstEventId">> {
  readonly key: string;
  readonly label: string;
  readonly accountId: string;
  readonly accessKeyId?: string;
  /** The event that opened the session: the one its alert covers. */
  readonly firstEventId: string;
  /** Epoch milliseconds. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Epoch milliseconds at which a digest trigger was put on its way, while one is. */
  readonly digestScheduled?: number;
  /** The id of the session's one trigger chain: a trigger of any other chain stops without telling anything. */
  readonly digestChain?: string;
  /** Set when the session was opened in place of a record that contradicted time (session-tampering.ts): what that record said. */
  readonly tampered?: SessionTampering;
}

/** A session as `touch` answers it: `openedNow` when that very call opened it. */
export type TouchedSession = SessionRecord & { readonly openedNow?: true };

/** When an action reached the buffer queue and when the function handles it (epoch milliseconds). */
export interface ActionTimes {
  readonly arrivedMs: number;
  readonly handledMs: number;
}

/** Where an action is kept in its session's partition: by its time, then its id. Pending actions come back in this key's byte order. */
export const pendingSortKey = (action: Pick<PendingAction, "eventTime" | "eventId">): string => `${action.eventTime}#${action.eventId}`;
