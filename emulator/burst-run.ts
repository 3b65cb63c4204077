/**
 * A burst of root activity told through a delivery on the emulator: the events go onto the buffer
 * (through the deployed rule, or straight onto the queue), the built function takes the buffer's
 * batches as Lambda would, and what the topic delivered is read back with its SNS timestamps. Used
 * by the end-to-end test and by `npm run bench`, so both measure the same thing.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { DEFERRAL_ATTRIBUTES } from "../handler/sessions/deferral";
import { driveBuffer, type BufferDriverResult } from "./buffer-driver";

/** One message the topic delivered, as its SQS subscriber receives it. */
interface DeliveredMessage {
  /** SNS's timestamp of the publish, epoch milliseconds. */
  readonly at: number;
  readonly subject: string;
  /** The JSON copy. */
  readonly message: {
    readonly kind: string;
    readonly severity: string;
    readonly eventIds: readonly string[];
    readonly session?: { readonly key: string };
    /** A digest's counts; by source address when its actions came from more than one. */
    readonly counts?: { readonly bySourceAddress?: Readonly<Record<string, number>> };
    /** An at-once message's actions (several of one session in one publish second), each with its severity. */
    readonly actions?: ReadonlyArray<{ readonly eventId: string; readonly severity: string }>;
  };
}

export interface BurstRun {
  readonly driver: BufferDriverResult;
  readonly messages: readonly DeliveredMessage[];
  /** The most publishes SNS stamped within one second. */
  readonly peakPerSecond: number;
  /** Publishes per clock second, from the second of the first to the second of the last. */
  readonly averagePerSecond: number;
  /** When each event (by its CloudTrail event id) first reached the buffer: SQS's SentTimestamp, epoch milliseconds. */
  readonly arrivals: ReadonlyMap<string, number>;
  /** How many deferred copies (handler/sessions/deferral.ts) the function received: messages put back because no publish second was free in time. */
  readonly deferredReceived: number;
}

export interface BurstOptions {
  readonly sqs: SQSClient;
  readonly region: string;
  readonly bufferQueueUrl: string;
  readonly bufferQueueArn: string;
  /** The function's environment. */
  readonly env: Record<string, string>;
  /** Puts the events where the rule (or the test) would: they must end up on the buffer. */
  readonly send: () => Promise<void>;
  /** What the topic delivered since the last call. */
  readonly delivered: () => Promise<Array<Record<string, any>>>;
  /** @default 300 s */
  readonly maxMs?: number;
}

/**
 * The alerts of each session: its critical ones and the others. A session opens with one alert,
 * which is critical when a critical move happened to be handled first (the batch's messages are
 * handled at once), so a session has at most one other alert, and at least one alert of either kind.
 */
function alertsBySession(messages: readonly DeliveredMessage[]): Map<string, { critical: number; other: number }> {
  const bySession = new Map<string, { critical: number; other: number }>();
  for (const { message } of messages) {
    if (message.kind !== "alert") continue;
    const key = message.session?.key ?? "(no session)";
    const counts = bySession.get(key) ?? { critical: 0, other: 0 };
    counts[message.severity === "critical" ? "critical" : "other"] += 1;
    bySession.set(key, counts);
  }
  return bySession;
}

/** What a burst was made of: how many root events, from how many sessions, how many of them critical. */
interface BurstShape {
  readonly events: number;
  readonly sessions: number;
  readonly critical: number;
}

/**
 * How the messages of a burst break its story, each said: every event reached the function; every
 * critical move has its own [CRITICAL] alert; every session opened with one alert (a critical one
 * when its critical move was handled first) and was told on in digests; nothing else was sent.
 * The end-to-end tests expect none; the bench reports whether there were any.
 */
/**
 * The critical moves told at once, each with the message that told it: an alert of its own, or an
 * at-once message of its session that carried several of one publish second.
 */
export function criticalMovesTold(messages: readonly DeliveredMessage[]): Array<{ eventId: string; message: DeliveredMessage }> {
  return messages.flatMap((m) => {
    if (m.message.kind === "alert" && m.message.severity === "critical") return m.message.eventIds.map((eventId: string) => ({ eventId, message: m }));
    if (m.message.kind !== "at-once") return [];
    return (m.message.actions ?? []).filter((action) => action.severity === "critical").map((action) => ({ eventId: action.eventId, message: m }));
  });
}

export function burstStoryProblems(run: BurstRun, shape: BurstShape): string[] {
  const alerts = run.messages.filter((m) => m.message.kind === "alert");
  const atOnce = run.messages.filter((m) => m.message.kind === "at-once");
  const critical = criticalMovesTold(run.messages);
  const digests = run.messages.filter((m) => m.message.kind === "digest");
  const sessions = alertsBySession(run.messages);
  const problems: string[] = [];
  if (run.driver.records < shape.events) problems.push(`the function took ${run.driver.records} messages, fewer than the ${shape.events} events`);
  if (critical.length !== shape.critical) problems.push(`${critical.length} critical moves told at once for ${shape.critical} critical moves`);
  if (!critical.every(({ message }) => message.subject.startsWith("[CRITICAL] "))) problems.push("a critical alert's subject does not start with [CRITICAL]");
  if (sessions.size !== shape.sessions) problems.push(`alerts for ${sessions.size} sessions, not ${shape.sessions}`);
  for (const [key, counts] of sessions) if (counts.other > 1) problems.push(`session ${key} opened ${counts.other} times`);
  if (digests.length < shape.sessions) problems.push(`${digests.length} digests for ${shape.sessions} sessions`);
  const others = run.messages.length - alerts.length - atOnce.length - digests.length;
  if (others !== 0) problems.push(`${others} messages that are neither alerts nor digests`);
  return problems;
}

export function deliveredMessage(envelope: Record<string, any>): DeliveredMessage {
  return { at: Date.parse(envelope.Timestamp), subject: envelope.Subject, message: JSON.parse(envelope.Message) };
}

/** The CloudTrail event id in a buffered event's body, if it is one. */
function eventIdOf(body: string | undefined): string | undefined {
  try {
    const id = JSON.parse(body ?? "")?.detail?.eventID;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How long each critical alert took from reaching the function's buffer (the SentTimestamp of its
 * event's first message) to its publish (SNS's timestamp, as the topic's subscriber sees it), in
 * milliseconds, in the order they went out.
 */
export function criticalDelays(run: BurstRun): number[] {
  return criticalMovesTold(run.messages).map(({ eventId, message }) => message.at - (run.arrivals.get(eventId) ?? Number.NaN));
}

export async function runBurst(options: BurstOptions): Promise<BurstRun> {
  await options.send();
  const arrivals = new Map<string, number>();
  let deferredReceived = 0;
  const driver = await driveBuffer({
    onReceive: (message) => {
      if (message.MessageAttributes?.[DEFERRAL_ATTRIBUTES.count] !== undefined) deferredReceived += 1;
      const id = eventIdOf(message.Body);
      const sent = Number(message.Attributes?.SentTimestamp);
      if (id !== undefined && Number.isFinite(sent)) arrivals.set(id, Math.min(sent, arrivals.get(id) ?? sent));
    },
    sqs: options.sqs,
    queueUrl: options.bufferQueueUrl,
    queueArn: options.bufferQueueArn,
    region: options.region,
    env: options.env,
    maxMs: options.maxMs ?? 300_000,
  });
  const messages = (await options.delivered()).map(deliveredMessage).sort((a, b) => a.at - b.at);
  const perSecond = new Map<number, number>();
  for (const message of messages) perSecond.set(Math.floor(message.at / 1000), (perSecond.get(Math.floor(message.at / 1000)) ?? 0) + 1);
  // The clock seconds from the first publish to the last, both counted: one publish a second fills each.
  const seconds = messages.length > 0 ? Math.floor(messages[messages.length - 1].at / 1000) - Math.floor(messages[0].at / 1000) + 1 : 1;
  return {
    driver,
    messages,
    peakPerSecond: Math.max(0, ...perSecond.values()),
    averagePerSecond: messages.length / seconds,
    arrivals,
    deferredReceived,
  };
}
