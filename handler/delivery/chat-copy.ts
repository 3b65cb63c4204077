/**
 * Publishes the chat copy of a message (chat-notification.ts) to the chat topic, right after the
 * message itself went out, in the same publish second: the chat topic is a topic of its own, so its
 * publish takes nothing from the main topic's seconds (publish-slots.ts).
 *
 * Why a chat topic of its own, not a key of the main message: with `MessageStructure: "json"` SNS
 * gives each protocol its key or `default`, and Amazon Q Developer in chat applications subscribes
 * over HTTPS, as every webhook does; giving it a custom-notification document would take `default`
 * (the JSON machine copy) from every HTTPS, SQS and Lambda subscriber. On its own topic, the chat copy
 * is the message's body, which is what the service reads, and the main topic's messages are unchanged.
 *
 * When the chat publish fails (after the SDK's own retries, within CHAT_PUBLISH_TIMEOUT_MS), the message is already out by email and
 * its JSON copy: failing the record would send them again on its retry, or, inside a once-only unit
 * (run-once.ts), fail that unit and repeat it. So a failed chat copy never throws: it is logged as an
 * error with the message id and kind, and counted (MONITOR_METRICS.chatCopiesFailed) for the alarm
 * that watches the count. The email is the message of record; chat is its copy.
 */
import { PublishCommand, type PublishCommandInput, type SNSClient } from "@aws-sdk/client-sns";
import { errorFields, type Logger } from "../logger";
import { chatNotificationOf, chatPublishRequest } from "../messages/chat-notification";

/**
 * How long one chat publish may take, the SDK's retries included: the alert is already out, and a
 * chat topic that hangs must not eat the time the batch's other alerts need.
 */
export const CHAT_PUBLISH_TIMEOUT_MS = 5_000;

export interface ChatCopyDeps {
  readonly chatTopicArn: string;
  readonly sns: Pick<SNSClient, "send">;
  readonly logger: Logger;
  /** How long a chat publish may take. @default CHAT_PUBLISH_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Counts a chat copy that was not published. @default counts nothing */
  readonly countFailure?: () => void;
  readonly now: () => number;
}

/**
 * Publishes the chat copy of `request`, which went out as `messageId`, before `deadlineMs` (epoch
 * milliseconds: the invocation's, less what it keeps for finishing); never throws.
 */
export type ChatCopy = (request: PublishCommandInput, messageId: string, deadlineMs: number) => Promise<void>;

/** `work`, or a rejection once `ms` have passed without it. */
async function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the chat publish took more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createChatCopy(deps: ChatCopyDeps): ChatCopy {
  return async (request, messageId, deadlineMs) => {
    const kind = request.MessageAttributes?.messageKind?.StringValue ?? "unknown";
    try {
      const notification = chatNotificationOf(request, { messageId, nowMs: deps.now() });
      // Never past the invocation's deadline: a slow chat topic must not time the invocation out, which
      // would hold the batch's other records (and send again emails whose once-only unit had not ended).
      const timeoutMs = Math.min(deps.timeoutMs ?? CHAT_PUBLISH_TIMEOUT_MS, deadlineMs - deps.now());
      if (timeoutMs <= 0) throw new Error("no time left before the invocation's deadline");
      // The signal cancels the SDK's request; the race ends the wait even for a client that ignores it.
      await withinTime(deps.sns.send(new PublishCommand(chatPublishRequest(deps.chatTopicArn, notification)), { abortSignal: AbortSignal.timeout(timeoutMs) }), timeoutMs);
    } catch (error) {
      deps.logger.error("chat copy not published; the message itself went out", { messageId, messageKind: kind, chatTopicArn: deps.chatTopicArn, ...errorFields(error) });
      try {
        deps.countFailure?.();
      } catch (countError) {
        deps.logger.error("chat copy failure not counted", errorFields(countError));
      }
    }
  };
}
