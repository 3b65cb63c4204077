/**
 * The delivery's table kept in memory: sessions, pending actions and publish seconds, with
 * the same rules as session-store.ts and publish-slots.ts (whose own rules are tested
 * against the emulator's DynamoDB), and an idempotency record per key as Powertools keeps it.
 * For the unit tests and the README's session timeline, which run the real handler without AWS.
 */
import type { ClientPlace } from "../handler/events/client-place";
import type { DeliveryDeps } from "../handler/delivery-handler";
import type { PublishPriority } from "../handler/publishing/publish-slots";
import type { RootSession } from "../handler/events/root-session";
import { claimedBefore, initialPlaces, placePlan } from "../handler/sessions/session-places";
import { pendingSortKey, type ActionTimes, type PendingAction, type SessionRecord } from "../handler/sessions/session-store";
import { tamperingOf } from "../handler/sessions/session-tampering";

export function inMemorySessions(): DeliveryDeps["sessions"] & { readonly records: Map<string, SessionRecord>; readonly pendingByKey: Map<string, Map<string, PendingAction>> } {
  const records = new Map<string, SessionRecord>();
  const pendingByKey = new Map<string, Map<string, PendingAction>>();
  /** Actions a digest covered: kept, as the table keeps them until they expire. */
  const sent = new Set<string>();
  /** Which at-once message claimed a kept action (`<key>|<sortKey>` to the claimer's event id). */
  const claimedBy = new Map<string, string>();
  return {
    records,
    pendingByKey,
    async touch(session: RootSession, eventId: string, at: ActionTimes, quietMs: number, place?: ClientPlace) {
      const current = records.get(session.key);
      // A record that contradicts time is not trusted: the session opens afresh, saying what was found, as the table does.
      const tampered = current && tamperingOf(current, at.handledMs);
      if (tampered) {
        const fresh: SessionRecord = { key: session.key, label: session.label, accountId: session.accountId, accessKeyId: session.accessKeyId, firstEventId: eventId, firstSeen: at.handledMs, lastSeen: at.handledMs, tampered };
        records.set(session.key, fresh);
        return { ...fresh, openedNow: true as const };
      }
      if (current && current.lastSeen >= at.arrivedMs - quietMs) {
        const updated = { ...current, lastSeen: Math.max(current.lastSeen, at.handledMs) };
        records.set(session.key, updated);
        return updated;
      }
      // A reopened session keeps the digest trigger on its way, as the table does.
      const opened: SessionRecord = { key: session.key, label: session.label, accountId: session.accountId, accessKeyId: session.accessKeyId, firstEventId: eventId, firstSeen: at.handledMs, lastSeen: at.handledMs, digestScheduled: current?.digestScheduled, digestChain: current?.digestChain, ...initialPlaces(place) };
      records.set(session.key, opened);
      return { ...opened, openedNow: true as const };
    },
    async get(key: string) {
      return records.get(key);
    },
    // The same rules as session-places.ts: one check-and-add, which a single thread cannot interleave.
    async claimPlace(key: string, touched: SessionRecord, eventId: string, place: ClientPlace) {
      const record = records.get(key);
      if (!record || record.firstEventId !== touched.firstEventId) return undefined;
      const before = claimedBefore(record, eventId, place);
      if (before) return before;
      const { tell, begin } = placePlan(record, place);
      const known = { knownNetworks: [...(record.networks ?? [])].sort(), knownAgents: [...(record.agents ?? [])].sort() };
      const add = (set: ReadonlySet<string> | undefined, value: string | undefined, adding: boolean) => (adding && value !== undefined ? new Set([...(set ?? []), value]) : set);
      records.set(key, {
        ...record,
        networks: add(record.networks, place.network, tell.includes("network") || begin.includes("network")),
        agents: add(record.agents, place.agent, tell.includes("agent") || begin.includes("agent")),
        placeClaims: tell.length > 0 ? new Set([...(record.placeClaims ?? []), ...tell.map((dimension) => `${eventId}#${dimension}`)]) : record.placeClaims,
      });
      if (tell.length === 0) return undefined;
      return { ...(tell.includes("network") ? { network: place.network } : {}), ...(tell.includes("agent") ? { agent: place.agent } : {}), ...known };
    },
    async claimPending<A extends { readonly sortKey: string }>(key: string, actions: readonly A[], claimer: string) {
      return actions.filter(({ sortKey }) => {
        const id = `${key}|${sortKey}`;
        if (!pendingByKey.get(key)?.has(sortKey) || sent.has(id) || (claimedBy.has(id) && claimedBy.get(id) !== claimer)) return false;
        claimedBy.set(id, claimer);
        return true;
      });
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
