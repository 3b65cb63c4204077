/**
 * Defers a record whose publish found no second in time (publish-slots.ts): puts its copy back on
 * the buffer (deferral.ts) and answers it handled, so that Lambda deletes the original without
 * spending a receive count. A copy that cannot be sent throws, and the original is retried as ever:
 * the message is never lost between the two.
 */
import { deferralOf, deferredCopy, type DeferredCopy, type RecordAttribute } from "./deferral";
import { errorFields, type Logger } from "../logger";
import type { PublishSlotUnavailableError } from "../publishing/publish-slots";

export async function deferRecord(
  record: { readonly messageId: string; readonly body: string; readonly messageAttributes?: Readonly<Record<string, RecordAttribute>> },
  arrivedMs: number,
  error: PublishSlotUnavailableError,
  defer: (copy: DeferredCopy) => Promise<void>,
  logger: Logger,
): Promise<{ readonly status: "deferred"; readonly [key: string]: unknown }> {
  const deferral = deferralOf(record.messageAttributes);
  const copy = deferredCopy(record, deferral, arrivedMs, error.priority);
  try {
    await defer(copy);
  } catch (sendError) {
    logger.error("no publish second, and the message could not be deferred; it is retried", { sqsMessageId: record.messageId, ...errorFields(sendError) });
    throw sendError;
  }
  const deferrals = deferral.count + 1;
  logger.warn("deferred: no publish second free in time", { sqsMessageId: record.messageId, priority: error.priority, deferrals, delaySeconds: copy.delaySeconds });
  return { status: "deferred", priority: error.priority, deferrals, delaySeconds: copy.delaySeconds };
}
