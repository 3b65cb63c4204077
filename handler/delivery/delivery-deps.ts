/**
 * What the delivery handler (delivery-handler.ts) is given: the records of its buffer queue, and its
 * dependencies (AWS clients, stores, settings), so that tests can give in-memory ones.
 */
import type { SNSClient } from "@aws-sdk/client-sns";
import type { CentralizedRootAccess } from "../../src/contract/monitor-scope";
import type { InFlightCheck } from "./in-flight-check";
import type { Logger } from "../logger";
import type { AccountNameLookup } from "../messages/account-name";
import type { PublishSlots } from "../publishing/publish-slots";
import type { SlotWatch } from "../publishing/slot-tampering";
import type { RootPostureReader } from "../posture/posture-reader";
import type { SelfCheck } from "../self-check/scheduled-run";
import type { DeferredCopy, RecordAttribute } from "../sessions/deferral";
import type { RunOnce } from "../sessions/run-once";
import type { SessionRules } from "../sessions/session-rules";

export interface BufferedRecord {
  readonly messageId: string;
  readonly body: string;
  /** SQS system attributes; SentTimestamp (epoch milliseconds) is when the message reached the queue, SenderId who sent it. */
  readonly attributes?: { readonly SentTimestamp?: string; readonly SenderId?: string };
  /** Message attributes; a deferred copy's say so (deferral.ts). */
  readonly messageAttributes?: Readonly<Record<string, RecordAttribute>>;
  /** Lambda's SQS record: the receipt handle and the queue it came from (in-flight-check.ts). */
  readonly receiptHandle?: string;
  readonly eventSourceARN?: string;
}

export interface DeliveryDeps {
  readonly topicArn: string;
  readonly sns: SNSClient;
  /** The session rules (session-rules.ts): the table's (session-store.ts); tests give the in-memory ones (in-memory-store.ts). */
  readonly sessions: SessionRules;
  /** The publish seconds (publish-slots.ts). */
  readonly slots: Pick<PublishSlots, "acquire">;
  /** Puts a deferred copy of a record on the buffer queue (deferral.ts). @default none: a record without a publish second fails and is retried */
  readonly defer?: (copy: DeferredCopy) => Promise<void>;
  /**
   * Whether a record is a message in flight on the buffer, not a made-up one handed to the function
   * directly (in-flight-check.ts); one that is not is told as a possible forgery. @default every record is believed
   */
  readonly inFlight?: InFlightCheck;
  /** Looks for forged publish-second claims before each record (slot-tampering.ts). @default no look */
  readonly slotWatch?: SlotWatch;
  /** Puts a digest trigger of the session's chain `chain` on the buffer queue, delayed by `delaySeconds`. */
  readonly scheduleDigest: (sessionKey: string, delaySeconds: number, chain?: string) => Promise<void>;
  /** What the account of an action is called (its Organizations name, or the hub's own alias). */
  readonly lookupAccountName: AccountNameLookup;
  /**
   * `digest-only`: a centralized root access session (opened by its `sts:AssumeRoot` call) starts
   * without an alert and is told in digests; its critical moves still page. @default "report"
   */
  readonly centralizedRootAccess?: CentralizedRootAccess;
  /**
   * Reads the hub's root posture (posture-reader.ts: cached, bounded in time, never throws), which
   * every alert and digest shows. @default none: the messages say the posture was not read
   */
  readonly readRootPosture?: RootPostureReader;
  /** With scope = organization: the organization's id, which every message's JSON copy carries. */
  readonly organizationId?: string;
  readonly logger: Logger;
  readonly digestIntervalSeconds: number;
  readonly sessionQuietSeconds: number;
  /**
   * Runs the work for a key at most once across every delivery of it, to every execution
   * environment (run-once.ts: idempotency records in the table); a repeat answers the first run's result.
   */
  readonly once: RunOnce;
  /** The daily self-check, run for its schedule's events. @default none: a scheduled event is told as unexpected */
  readonly selfCheck?: SelfCheck;
  /**
   * With chat channels: the chat topic, where the chat copy of every message the function publishes
   * goes (chat-copy.ts). The self-check publishes through the same tools, so its messages are copied too.
   * @default none: no chat copy, and every message exactly as without chat
   */
  readonly chatTopicArn?: string;
  /** Counts a chat copy that could not be published, for the alarm that watches the count. @default counts nothing */
  readonly countChatCopyFailure?: () => void;
  /** Counts a new root event for the heartbeat (root-event-count.ts). @default counts nothing */
  readonly countRootEvent?: (nowMs: number) => Promise<void>;
  readonly now?: () => number;
}

export type RecordOutcome = Readonly<Record<string, unknown>> & { readonly status: string };
