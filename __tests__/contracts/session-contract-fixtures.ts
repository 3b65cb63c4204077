/**
 * What the session rules' contract (session-rules-contract.ts) runs on: a store as the contract
 * sees it, and the sessions, times, places and actions its tests use, written out.
 */
import { placeOf } from "../../handler/events/client-place";
import type { RootSession } from "../../handler/events/root-session";
import type { PendingAction } from "../../handler/sessions/session-record";
import type { SessionRules } from "../../handler/sessions/session-rules";

export interface ContractStore {
  readonly store: SessionRules;
  /** Writes a session record as someone other than the function would: any fields, no checks. */
  readonly forge: (key: string, record: Record<string, unknown>) => Promise<void>;
}

export const SESSION: RootSession = { key: "111122223333:key:0123456789abcdef", accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1", label: "access key ASIAEXAMPLE1" };
export const QUIET_MS = 600_000;
export const T0 = Date.parse("2026-11-20T07:40:00Z");
export const FAR_FUTURE = Date.parse("2099-01-01T00:00:00Z");
export const OWNER = placeOf("203.0.113.24", "aws-cli/2.22.4 command/s3.ls");
export const THIEF = placeOf("198.51.100.7", "python-requests/2.31.0");

/** An action handled as soon as it reached the queue. */
export const at = (ms: number) => ({ arrivedMs: ms, handledMs: ms });

export const pendingAction = (eventId: string, eventTime = "2026-11-20T07:41:00Z"): PendingAction => ({
  eventId,
  eventName: "ListBuckets",
  eventSource: "s3.amazonaws.com",
  eventTime,
  region: "us-east-1",
  sourceIp: "198.51.100.7",
  failed: false,
  severity: "low",
});
