/**
 * Watches the publish seconds for claims the function cannot have made (further ahead than any of
 * its own, publish-slots.ts) and tells them as critical: a record that contradicts time is
 * tampering, never a reason to wait. One look a minute per execution environment (a query that
 * reads nothing in the usual case), and one message an hour at most across every environment
 * (the `once` records), for as long as such claims remain. A look that finds claims but cannot tell
 * them throws, so that the record that looked is retried (or deferred) and the next record looks again.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import type { Logger } from "../logger";
import { slotPartitionKey, type PublishSlots } from "./publish-slots";
import { buildSlotTamperingMessage } from "../messages/slot-tampering-message";

/** How often one execution environment looks. */
export const SLOT_WATCH_INTERVAL_MS = 60_000;

/** How many claims one look counts at most. */
const COUNT_LIMIT = 1_000;

interface SlotWatchDeps {
  readonly slots: Pick<PublishSlots, "claimsBeyondHonestHorizon">;
  readonly topicArn: string;
  readonly tableName: string;
  readonly once: <R extends Record<string, unknown>>(key: string, work: () => Promise<R>) => Promise<R>;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface SlotWatch {
  /** Looks, when a minute has passed since this environment's last look, and tells what it finds. */
  check(deadlineMs: number, publish: (request: PublishCommandInput, deadlineMs: number) => Promise<string>): Promise<void>;
}

export function createSlotWatch(deps: SlotWatchDeps): SlotWatch {
  const now = deps.now ?? Date.now;
  let lastLook = -Infinity;

  async function look(deadlineMs: number, publish: (request: PublishCommandInput, deadlineMs: number) => Promise<string>): Promise<void> {
    const foundAt = now();
    const claims = await deps.slots.claimsBeyondHonestHorizon(foundAt, COUNT_LIMIT);
    if (claims === 0) return;
    const hour = Math.floor(foundAt / 3_600_000);
    const { messageId } = await deps.once(`publish-slot-tampering#${deps.topicArn}#${hour}`, async () => ({
      messageId: await publish(
        buildSlotTamperingMessage({ topicArn: deps.topicArn, tableName: deps.tableName, partitionKey: slotPartitionKey(deps.topicArn), claims, limit: COUNT_LIMIT, foundAt }),
        deadlineMs,
      ),
    }));
    deps.logger.error("publish-second claims beyond the honest horizon: tampering told", { claims, messageId });
  }

  return {
    async check(deadlineMs, publish) {
      // The records of a batch run at once: the first to come looks (and fails if what it found
      // cannot be told), the others go on with their own work.
      if (now() - lastLook < SLOT_WATCH_INTERVAL_MS) return;
      lastLook = now();
      try {
        await look(deadlineMs, publish);
      } catch (error) {
        lastLook = -Infinity;
        throw error;
      }
    },
  };
}
