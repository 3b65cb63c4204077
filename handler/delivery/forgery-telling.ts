/**
 * A message that is not the monitor's own, told as a possible forgery (critical), quoting none of its
 * text (that goes to the log only): at most one message for each reason a minute
 * (FORGERY_TELLING_MS), so that a flood of junk (thousands of records handed to the function
 * directly) cannot take the critical publish slots from real alerts; every one is still logged with
 * its text. A record not in flight on the buffer says nothing SQS vouches for: its sender and time
 * are not shown.
 */
import { randomUUID } from "node:crypto";
import type { BufferedRecord, RecordOutcome } from "./delivery-deps";
import type { DeliveryTools } from "./delivery-tools";
import { NOT_IN_FLIGHT_REASON } from "./in-flight-check";
import { buildForgeryMessage, sha256Hex } from "../messages/forgery-message";

/** Possible forgeries of one reason are told at most once in this long; the rest are logged. */
const FORGERY_TELLING_MS = 60_000;

export async function onForgery(tools: DeliveryTools, record: BufferedRecord, reason: string, deadlineMs: number): Promise<RecordOutcome> {
  const { deps, now } = tools;
  const vouched = reason !== NOT_IN_FLIGHT_REASON;
  const fields = { sqsMessageId: record.messageId, reason, senderId: vouched ? record.attributes?.SenderId : undefined, sha256: sha256Hex(record.body), body: record.body };
  const runId = randomUUID();
  const outcome = await deps.once(`forgery#${sha256Hex(reason).slice(0, 16)}#${Math.floor(now() / FORGERY_TELLING_MS)}`, async () => {
    const request = buildForgeryMessage(deps.topicArn, { sqsMessageId: record.messageId, body: record.body, senderId: fields.senderId, sentTimestamp: vouched ? record.attributes?.SentTimestamp : undefined, reason });
    const published = await tools.publish(request, deadlineMs);
    deps.logger.warn("possible forgery told", { ...fields, messageId: published });
    return { status: "possible forgery told", messageId: published, runId };
  });
  if (outcome.runId === runId) return outcome;
  deps.logger.warn("possible forgery, told with the first of its minute", fields);
  return { status: "possible forgery told with another", messageId: outcome.messageId };
}
