/**
 * A buffered message put back for later because no publish second was free in time
 * (publish-slots.ts): a copy of its own on the buffer, the same body, delayed, with message
 * attributes saying how many times it was deferred, when the message first reached the buffer and
 * which message it is a copy of. The original is then reported handled, so that waiting for a
 * second never uses up its receive count (several of which park a message as unprocessed) nor its
 * 190 s visibility timeout. A deferral that cannot be sent throws: the original is retried as ever.
 *
 * Exactly once: a copy runs under the original's message id (its `once` records) and the original's
 * arrival (the session's quiet time), so a copy and a retried original that both run tell once.
 * Critical and high messages come back after a second; routine ones after a random 5 s to a minute
 * (longer each time), spread so that a deferred crowd does not come back all at once. Pure.
 */
import type { PublishPriority } from "../publishing/publish-slots";

/** The message attributes a deferred copy carries. */
export const DEFERRAL_ATTRIBUTES = {
  count: "rootMonitorDeferrals",
  firstSentMs: "rootMonitorFirstSent",
  originMessageId: "rootMonitorOrigin",
} as const;

/** SQS's longest delay. */
const MAX_DELAY_SECONDS = 900;

/** An attribute as Lambda's SQS records carry it. */
export interface RecordAttribute {
  readonly stringValue?: string;
  readonly dataType?: string;
}

/** What a record says of its earlier deferrals; nothing for a message the rule or a trigger put there. */
interface Deferral {
  readonly count: number;
  readonly firstSentMs?: number;
  readonly originMessageId?: string;
}

export interface DeferredCopy {
  readonly body: string;
  readonly delaySeconds: number;
  /** As SendMessage takes them. */
  readonly attributes: Record<string, { readonly DataType: string; readonly StringValue: string }>;
}

const numberOf = (attribute: RecordAttribute | undefined): number | undefined => {
  const value = Number(attribute?.stringValue);
  return attribute?.stringValue !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
};

/** Reads the deferral attributes, leniently: anything odd reads as not deferred. */
export function deferralOf(attributes: Readonly<Record<string, RecordAttribute>> | undefined): Deferral {
  const origin = attributes?.[DEFERRAL_ATTRIBUTES.originMessageId]?.stringValue;
  const firstSentMs = numberOf(attributes?.[DEFERRAL_ATTRIBUTES.firstSentMs]);
  return {
    count: numberOf(attributes?.[DEFERRAL_ATTRIBUTES.count]) ?? 0,
    ...(firstSentMs !== undefined && firstSentMs > 0 ? { firstSentMs } : {}),
    // A message id: safe in an idempotency key (SQS's are UUIDs).
    ...(origin !== undefined && /^[\w-]{1,100}$/.test(origin) ? { originMessageId: origin } : {}),
  };
}

/** How long a copy waits on the buffer: a second for urgent messages, a spread that widens with each deferral for routine ones. */
export function deferralDelaySeconds(priority: PublishPriority, count: number, random: () => number = Math.random): number {
  if (priority !== "routine") return 1;
  const upper = Math.min(MAX_DELAY_SECONDS, 60 * (Math.min(count, 10) + 1));
  return Math.min(MAX_DELAY_SECONDS, 5 + Math.floor(random() * (upper - 5)));
}

/** The copy of a record to put on the buffer: its body, delayed, with its deferral attributes one further. */
export function deferredCopy(
  record: { readonly messageId: string; readonly body: string },
  deferral: Deferral,
  firstSentMs: number,
  priority: PublishPriority,
  random?: () => number,
): DeferredCopy {
  const count = deferral.count + 1;
  const number = (value: number) => ({ DataType: "Number", StringValue: String(value) });
  return {
    body: record.body,
    delaySeconds: deferralDelaySeconds(priority, deferral.count, random),
    attributes: {
      [DEFERRAL_ATTRIBUTES.count]: number(count),
      [DEFERRAL_ATTRIBUTES.firstSentMs]: number(deferral.firstSentMs ?? firstSentMs),
      [DEFERRAL_ATTRIBUTES.originMessageId]: { DataType: "String", StringValue: deferral.originMessageId ?? record.messageId },
    },
  };
}
