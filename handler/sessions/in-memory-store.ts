/**
 * The session rules (session-rules.ts) kept in memory, for the handler's unit tests and the README's
 * session timeline, which run the real handler without AWS. It answers every call as the DynamoDB
 * table does (session-store.ts): the same steps (session-touch.ts, session-places.ts) over writes
 * whose conditions mirror the table's, checked by one contract test suite against both. One thread,
 * so no write interleaves with another. Never imported by the function (index.ts): not in its bundle.
 */
import { isDeepStrictEqual } from "node:util";
import type { ClientPlace } from "../events/client-place";
import type { RootSession } from "../events/root-session";
import { pendingActionFields } from "./pending-action-fields";
import { pendingSortKey, type ActionTimes, type KeptAction, type PendingAction, type SessionRecord, type TouchedSession } from "./session-record";
import type { SessionRules } from "./session-rules";
import { claimPlaceWith, SET_OF, type NewPlace, type PlaceClaim } from "./session-places";
import { touchSession, type SessionWrites } from "./session-touch";

/** A pending action's item: the action as kept, and the table's bookkeeping. */
interface PendingItem {
  readonly action: PendingAction;
  /** The message that told it (markSent). */
  readonly sentIn?: string;
  /** The at-once message that claimed it (claimPending). */
  readonly claimedBy?: string;
}

const isNumber = (value: unknown): value is number => typeof value === "number";

/** DynamoDB orders sort keys by their UTF-8 bytes. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

export class InMemorySessionStore implements SessionRules {
  /** The session records by key; tests read them, and write forged ones. */
  readonly records = new Map<string, SessionRecord>();
  /** The pending actions' items by session key, then sort key. */
  private readonly items = new Map<string, Map<string, PendingItem>>();

  private readonly writes: SessionWrites = {
    extend: async (key, cutoffMs, latestMs, handledMs) => {
      const record = this.records.get(key);
      // As DynamoDB compares: a number only with a number; a missing or other value fails.
      const live = record && isNumber(record.lastSeen) && record.lastSeen >= cutoffMs && record.lastSeen <= latestMs && isNumber(record.firstSeen) && record.firstSeen <= latestMs;
      if (!live) return undefined;
      const extended = { ...record, lastSeen: handledMs };
      this.records.set(key, extended);
      return extended;
    },
    read: (key) => this.get(key),
    open: async (record, over) => {
      const stored = this.records.get(record.key);
      const asRead = over === undefined ? stored === undefined : stored !== undefined && stored.lastSeen === over.lastSeen && stored.digestScheduled === over.digestScheduled;
      if (asRead) this.records.set(record.key, record);
      return asRead;
    },
    replace: async (record, readLastSeen) => {
      const seen = (this.records.get(record.key) as { lastSeen?: unknown } | undefined)?.lastSeen;
      const asRead = readLastSeen === undefined ? seen === undefined : isDeepStrictEqual(seen, readLastSeen);
      if (asRead) this.records.set(record.key, record);
      return asRead;
    },
  };

  touch(session: RootSession, eventId: string, at: ActionTimes, quietMs: number, place?: ClientPlace): Promise<TouchedSession> {
    return touchSession(this.writes, session, eventId, at, quietMs, place);
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    return this.records.get(key);
  }

  claimPlace(key: string, record: SessionRecord, eventId: string, place: ClientPlace): Promise<NewPlace | undefined> {
    return claimPlaceWith(record, eventId, place, async (claim) => this.applyPlaceClaim(key, claim), () => this.get(key));
  }

  async abandon(key: string, eventId: string, openedAt: number): Promise<void> {
    const record = this.records.get(key);
    if (record?.firstEventId === eventId && record.firstSeen === openedAt) this.records.set(key, { ...record, lastSeen: 0 });
  }

  async addPending(key: string, action: PendingAction): Promise<boolean> {
    const items = this.itemsOf(key);
    const sortKey = pendingSortKey(action);
    if (items.has(sortKey)) return false;
    items.set(sortKey, { action });
    return true;
  }

  async isKept(key: string, action: Pick<PendingAction, "eventTime" | "eventId">): Promise<boolean> {
    return this.itemsOf(key).has(pendingSortKey(action));
  }

  async pending(key: string): Promise<KeptAction[]> {
    return [...this.itemsOf(key)]
      .filter(([, item]) => item.sentIn === undefined)
      .sort(([a], [b]) => byteOrder(a, b))
      .map(([sortKey, item]) => ({ ...pendingActionFields(item.action), sortKey }));
  }

  async markSent(key: string, actions: readonly KeptAction[], messageId: string): Promise<void> {
    // Each item written anew, as a put does: the action given, marked as told, and no claim.
    for (const { sortKey, ...action } of actions) this.itemsOf(key).set(sortKey, { action, sentIn: messageId });
  }

  async claimPending<A extends { readonly sortKey: string }>(key: string, actions: readonly A[], claimer: string): Promise<A[]> {
    const items = this.itemsOf(key);
    return actions.filter(({ sortKey }) => {
      const item = items.get(sortKey);
      if (!item || item.sentIn !== undefined || (item.claimedBy !== undefined && item.claimedBy !== claimer)) return false;
      items.set(sortKey, { ...item, claimedBy: claimer });
      return true;
    });
  }

  async claimDigest(key: string, nowMs: number, chain: string): Promise<boolean> {
    const record = this.records.get(key);
    if (!record || record.digestScheduled !== undefined) return false;
    this.records.set(key, { ...record, digestScheduled: nowMs, digestChain: chain });
    return true;
  }

  async releaseDigest(key: string): Promise<void> {
    // An unconditional update, as the table's: on a session that is not there it leaves an item of keys only.
    const { digestScheduled: _scheduled, digestChain: _chain, ...rest } = this.records.get(key) ?? ({} as SessionRecord);
    this.records.set(key, rest as SessionRecord);
  }

  async close(key: string, cutoffMs: number): Promise<boolean> {
    const record = this.records.get(key);
    if (!record || !isNumber(record.lastSeen) || record.lastSeen >= cutoffMs) return false;
    const { digestScheduled: _scheduled, digestChain: _chain, ...rest } = record;
    this.records.set(key, rest);
    return true;
  }

  private itemsOf(key: string): Map<string, PendingItem> {
    let items = this.items.get(key);
    if (!items) this.items.set(key, (items = new Map()));
    return items;
  }

  /** The table's conditional ADD (place-claim-update.ts): the same first event, told values still new, begun sets still absent. */
  private applyPlaceClaim(key: string, claim: PlaceClaim): boolean {
    const record = this.records.get(key);
    if (!record || record.firstEventId !== claim.firstEventId) return false;
    if (claim.tell.some((dimension) => record[SET_OF[dimension]]?.has(claim.place[dimension] as string))) return false;
    if (claim.begin.some((dimension) => record[SET_OF[dimension]] !== undefined)) return false;
    const added: Partial<Record<"networks" | "agents" | "placeClaims", ReadonlySet<string>>> = {};
    for (const dimension of [...claim.tell, ...claim.begin]) added[SET_OF[dimension]] = new Set([...(record[SET_OF[dimension]] ?? []), claim.place[dimension] as string]);
    if (claim.claims.length > 0) added.placeClaims = new Set([...(record.placeClaims ?? []), ...claim.claims]);
    this.records.set(key, { ...record, ...added });
    return true;
  }
}
