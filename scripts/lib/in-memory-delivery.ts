/**
 * The delivery's table kept in memory: sessions, pending actions and publish seconds, with
 * the same rules as session-store.ts and publish-slots.ts (whose own rules are tested
 * against the emulator's DynamoDB), and an idempotency record per key as Powertools keeps it.
 * For the unit tests and the README's session timeline, which run the real handler without AWS.
 */
import type { DeliveryDeps } from "../../handler/delivery-handler";
import type { PublishPriority } from "../../handler/publish-slots";
import type { RootSession } from "../../handler/root-session";
import { pendingSortKey, type ActionTimes, type PendingAction, type SessionRecord } from "../../handler/session-store";

export function inMemorySessions(): DeliveryDeps["sessions"] & { readonly records: Map<string, SessionRecord>; readonly pendingByKey: Map<string, Map<string, PendingAction>> } {
  const records = new Map<string, SessionRecord>();
  const pendingByKey = new Map<string, Map<string, PendingAction>>();
  /** Actions a digest covered: kept, as the table keeps them until they expire. */
  const sent = new Set<string>();
  return {
    records,
    pendingByKey,
    async touch(session: RootSession, eventId: string, at: ActionTimes, quietMs: number) {
      const current = records.get(session.key);
      if (current && current.lastSeen >= at.arrivedMs - quietMs) {
        const updated = { ...current, lastSeen: Math.max(current.lastSeen, at.handledMs) };
        records.set(session.key, updated);
        return updated;
      }
      // A reopened session keeps the digest trigger on its way, as the table does.
      const opened: SessionRecord = { key: session.key, label: session.label, accountId: session.accountId, accessKeyId: session.accessKeyId, firstEventId: eventId, firstSeen: at.handledMs, lastSeen: at.handledMs, digestScheduled: current?.digestScheduled, digestChain: current?.digestChain };
      records.set(session.key, opened);
      return { ...opened, openedNow: true as const };
    },
    async get(key: string) {
      return records.get(key);
    },
    async addPending(key: string, action: PendingAction) {
      const pending = pendingByKey.get(key) ?? new Map<string, PendingAction>();
      const sortKey = pendingSortKey(action);
      if (pending.has(sortKey) || sent.has(`${key}|${sortKey}`)) return false;
      pending.set(sortKey, action);
      pendingByKey.set(key, pending);
      return true;
    },
    async isKept(key: string, action: Pick<PendingAction, "eventTime" | "eventId">) {
      const sortKey = pendingSortKey(action);
      return (pendingByKey.get(key)?.has(sortKey) ?? false) || sent.has(`${key}|${sortKey}`);
    },
    async abandon(key: string, eventId: string, openedAt: number) {
      const record = records.get(key);
      if (record?.firstEventId === eventId && record.firstSeen === openedAt) records.set(key, { ...record, lastSeen: 0 });
    },
    async pending(key: string) {
      return [...(pendingByKey.get(key) ?? new Map<string, PendingAction>())].sort(([a], [b]) => a.localeCompare(b)).map(([sortKey, action]) => ({ ...action, sortKey }));
    },
    async markSent(key: string, actions: ReadonlyArray<{ readonly sortKey: string }>) {
      for (const { sortKey } of actions) {
        pendingByKey.get(key)?.delete(sortKey);
        sent.add(`${key}|${sortKey}`);
      }
    },
    async claimDigest(key: string, nowMs: number, chain: string) {
      const record = records.get(key);
      if (!record || record.digestScheduled !== undefined) return false;
      records.set(key, { ...record, digestScheduled: nowMs, digestChain: chain });
      return true;
    },
    async releaseDigest(key: string) {
      const record = records.get(key);
      if (record) records.set(key, { ...record, digestScheduled: undefined, digestChain: undefined });
    },
    async close(key: string, cutoffMs: number) {
      const record = records.get(key);
      if (!record || record.lastSeen >= cutoffMs) return false;
      records.set(key, { ...record, digestScheduled: undefined, digestChain: undefined });
      return true;
    },
  };
}

/** Publish seconds that are always free; counts how often one was asked for, and records each ask's priority. */
export function freeSlots(): DeliveryDeps["slots"] & { acquired: number; readonly priorities: PublishPriority[] } {
  const slots = {
    acquired: 0,
    priorities: [] as PublishPriority[],
    async acquire(_deadlineMs: number, priority: PublishPriority) {
      slots.acquired += 1;
      slots.priorities.push(priority);
      return slots.acquired;
    },
  };
  return slots;
}

/** Powertools-like idempotency: a completed key answers its first result; a failed run leaves no record. */
export function inMemoryOnce(): DeliveryDeps["once"] {
  const done = new Map<string, Record<string, unknown>>();
  return async <R extends Record<string, unknown>>(key: string, work: () => Promise<R>): Promise<R> => {
    if (done.has(key)) return done.get(key) as R;
    const result = await work();
    done.set(key, result);
    return result;
  };
}
