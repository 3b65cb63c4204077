/**
 * The fields of a pending action, and nothing else: an item read from the session table carries the
 * table's own keys (`pk`, `sk`, `expiresAt`) and bookkeeping (`sentIn`), which must never reach a
 * digest's JSON copy (issue 20: "JSON copies carry no storage keys"). An allow-list, checked by the
 * compiler: a field added to PendingAction must be added here too, or the build fails. Pure.
 */
import type { PendingAction } from "./session-record";

const PENDING_ACTION_FIELDS = {
  eventId: true,
  eventName: true,
  eventSource: true,
  eventTime: true,
  region: true,
  sourceIp: true,
  failed: true,
  errorCode: true,
  severity: true,
  atOnce: true,
  parameters: true,
} as const satisfies Record<keyof PendingAction, true>;

/** Only the PendingAction fields of `item` (a table item, or an action with its sort key). */
export function pendingActionFields(item: object): PendingAction {
  const picked: Record<string, unknown> = {};
  for (const name of Object.keys(PENDING_ACTION_FIELDS)) {
    const value: unknown = Object.hasOwn(item, name) ? (item as Record<string, unknown>)[name] : undefined;
    if (value !== undefined) picked[name] = value;
  }
  return picked as unknown as PendingAction;
}
