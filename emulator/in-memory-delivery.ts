/**
 * Publish seconds for the unit tests and the README's session timeline, which run the real handler
 * without AWS: always free, and recorded. (The session rules and once-only work kept in memory are
 * handler/sessions/in-memory-store.ts and in-memory-once.ts; the publish seconds' own rules are
 * tested on the emulator.)
 */
import type { DeliveryDeps } from "../handler/delivery/delivery-deps";
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
