/**
 * The real delivery handler as the generated sections play a root session through it: the table
 * kept in memory, every publish second free, SNS recorded, on a clock the script moves. So a sample
 * in the README or docs/ is what the code sends, not a description of it.
 */
import type { PublishCommandInput, SNSClient } from "@aws-sdk/client-sns";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import type { DeliveryDeps } from "../../handler/delivery/delivery-deps";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { SETTING_DEFAULTS } from "../../src/settings/settings-schema";

export interface PlayedHandlerOptions {
  readonly topicArn: string;
  /** Where the chat copies go. @default none: no chat copies */
  readonly chatTopicArn?: string;
  /** The script's clock, read by the handler as its `now`. */
  readonly clock: { now: number };
  /** The message id SNS answers for the `count`-th publish. */
  readonly messageId: (count: number) => string;
  readonly scheduleDigest: DeliveryDeps["scheduleDigest"];
}

/** The handler, and every Publish request it sent, in order. */
export function playedHandler(options: PlayedHandlerOptions) {
  const sent: PublishCommandInput[] = [];
  const sns = { send: async (command: { input: PublishCommandInput }) => (sent.push(command.input), { MessageId: options.messageId(sent.length) }) } as unknown as SNSClient;
  const handle = createDeliveryHandler({
    topicArn: options.topicArn,
    ...(options.chatTopicArn !== undefined ? { chatTopicArn: options.chatTopicArn } : {}),
    sns,
    sessions: new InMemorySessionStore(),
    slots: freeSlots(),
    scheduleDigest: options.scheduleDigest,
    lookupAccountName: async () => "prod-payments",
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined } as never,
    digestIntervalSeconds: SETTING_DEFAULTS.digestIntervalSeconds,
    sessionQuietSeconds: SETTING_DEFAULTS.sessionQuietSeconds,
    once: inMemoryOnce(),
    now: () => options.clock.now,
  });
  return { handle, sent };
}
