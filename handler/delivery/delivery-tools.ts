/**
 * What every part of the delivery handler does the same way, made once per handler from its
 * dependencies: publish in a slot of its own, count a new root event, keep an alerted action as
 * told, and start a session's digest chain.
 */
import { PublishCommand, type PublishCommandInput } from "@aws-sdk/client-sns";
import { randomUUID } from "node:crypto";
import { createChatCopy } from "./chat-copy";
import type { DeliveryDeps } from "./delivery-deps";
import { errorFields } from "../logger";
import { UNKNOWN } from "../messages/display-text";
import { NOT_READ, postureOf, type RootPosture } from "../posture/root-posture";
import { publishPriorityOf } from "../publishing/publish-priority";
import type { PublishPriority } from "../publishing/publish-slots";
import { pendingSortKey, type PendingAction, type SessionRecord } from "../sessions/session-record";

export interface DeliveryTools {
  readonly deps: DeliveryDeps;
  readonly now: () => number;
  /**
   * Publishes what `build` makes once its publish slot (of `priority`) has begun, then its chat copy
   * when there is a chat topic (a failed chat copy is told, never thrown); nothing when it makes nothing.
   */
  publishBuilt(build: () => Promise<PublishCommandInput | undefined>, deadlineMs: number, priority: PublishPriority): Promise<string | undefined>;
  /** Publishes `request` in a slot of its own priority (publish-priority.ts); answers its message id. */
  publish(request: PublishCommandInput, deadlineMs: number): Promise<string>;
  /** Counts a new root event; a failure costs the heartbeat one count, never an alert. */
  count(eventId: string): Promise<void>;
  /**
   * Marks an alerted action as told, as a digest marks what it covered: a repeat of it that lands in
   * a session another repeat opened is then not kept for that session's digest (a second telling).
   * Best effort: the alert is out, and failing here must not send it again on a retry.
   */
  keepAsTold(sessionKey: string, action: PendingAction, messageId: string): Promise<void>;
  /**
   * The root posture of the account `accountId` (posture/), read (or taken from the cache) now, so
   * that the read runs beside the record's other work; never rejects. `fresh` after an event that
   * changes root credentials.
   */
  postureFor(accountId: string, fresh?: boolean): Promise<RootPosture>;
  /** Claims the session's digest chain when none is on its way, and puts its first trigger on the queue. */
  ensureDigestChain(sessionKey: string, record: Pick<SessionRecord, "digestScheduled">): Promise<void>;
}

export function createDeliveryTools(deps: DeliveryDeps): DeliveryTools {
  const now = deps.now ?? Date.now;
  // With chat channels, every message that went out is copied to the chat topic (chat-copy.ts).
  const chatCopy = deps.chatTopicArn === undefined ? undefined : createChatCopy({ chatTopicArn: deps.chatTopicArn, sns: deps.sns, logger: deps.logger, countFailure: deps.countChatCopyFailure, now });

  async function publishBuilt(build: () => Promise<PublishCommandInput | undefined>, deadlineMs: number, priority: PublishPriority): Promise<string | undefined> {
    await deps.slots.acquire(deadlineMs, priority);
    const request = await build();
    if (request === undefined) return undefined;
    const response = await deps.sns.send(new PublishCommand(request));
    const messageId = response.MessageId ?? UNKNOWN;
    await chatCopy?.(request, messageId, deadlineMs);
    return messageId;
  }

  return {
    deps,
    now,
    publishBuilt,
    publish: async (request, deadlineMs) => (await publishBuilt(async () => request, deadlineMs, publishPriorityOf(request))) ?? UNKNOWN,
    count: async (eventId) => {
      try {
        await deps.countRootEvent?.(now());
      } catch (error) {
        deps.logger.warn("root event not counted for the heartbeat", { eventId, ...errorFields(error) });
      }
    },
    postureFor: async (accountId, fresh = false) => {
      if (!deps.readRootPosture) return NOT_READ;
      // The reader never rejects (posture-reader.ts); one given by someone else might: a record never fails for its posture.
      try {
        return postureOf(await deps.readRootPosture({ fresh }), accountId);
      } catch {
        return { unknown: "the posture reader failed" };
      }
    },
    keepAsTold: async (sessionKey, action, messageId) => {
      try {
        await deps.sessions.markSent(sessionKey, [{ ...action, sortKey: pendingSortKey(action) }], messageId, now());
      } catch (error) {
        deps.logger.warn("alerted action not marked as told", { session: sessionKey, eventId: action.eventId, error: error instanceof Error ? error.message : String(error) });
      }
    },
    ensureDigestChain: async (sessionKey, record) => {
      const chain = randomUUID();
      if (record.digestScheduled === undefined && (await deps.sessions.claimDigest(sessionKey, now(), chain))) {
        try {
          await deps.scheduleDigest(sessionKey, deps.digestIntervalSeconds, chain);
        } catch (error) {
          await deps.sessions.releaseDigest(sessionKey);
          throw error;
        }
      }
    },
  };
}
