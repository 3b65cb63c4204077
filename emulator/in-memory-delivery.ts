/**
 * The rest of the delivery's table for the unit tests and the README's session timeline, which run
 * the real handler without AWS: publish seconds that are always free, and an idempotency record per
 * key as Powertools keeps it. The session rules kept in memory are handler/sessions/in-memory-store.ts.
 */
import type { DeliveryDeps } from "../handler/delivery-deps";
import type { PublishPriority } from "../handler/publishing/publish-slots";

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
