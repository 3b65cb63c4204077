/**
 * The order a batch is handled in: its critical root events first, then everything else. The
 * records of a batch run at once, and a hundred of them share the table's and the network's
 * capacity; a critical move in the middle of a password spray must not wait behind the spray's
 * session writes. The others start as soon as the critical ones are told (or deferred), normally
 * within a second. Reading a record here is the same pure reading the handler does; a record that
 * cannot be read is simply not critical here (the handler still tells it). Pure.
 */
import { readBufferedMessage } from "./buffered-message";
import { decide } from "../events/root-activity";
import { assessSeverity } from "../events/severity";

/** Whether the record is a root event the handler will tell as critical. */
function isCriticalRecord(record: { readonly body: string }): boolean {
  const message = readBufferedMessage(record.body);
  if (message.kind !== "event") return false;
  const decision = decide(message.event);
  return decision.action === "notify" && assessSeverity(decision.activity).severity === "critical";
}

/** The batch's records in two groups to handle one after the other: the critical ones, then the rest, each in the batch's order. */
export function criticalFirst<R extends { readonly body: string }>(records: readonly R[]): [R[], R[]] {
  const critical: R[] = [];
  const rest: R[] = [];
  for (const record of records) (isCriticalRecord(record) ? critical : rest).push(record);
  return [critical, rest];
}
