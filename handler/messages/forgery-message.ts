/**
 * What people are told when a message reached the buffer queue that no rule or trigger of the
 * monitor's put there: a possible forgery, critical. Someone with SQS rights (or the right to invoke
 * the function) may be feeding it false alerts ("FALSE ALARM ... please do not open an incident") or
 * testing what it ignores. The message quotes NONE of its text, so that nothing in it can pose as the
 * monitor's own words; it says what identifies it (SQS message id, sender, time, size, SHA-256 of the
 * body) and where the text is kept (the function's logs), in the email and in a JSON copy for
 * machine subscribers, as every message does (envelope.ts). Pure.
 */
import { createHash } from "node:crypto";
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { displayText, UNKNOWN } from "./display-text";
import { envelope, stringAttribute } from "./envelope";
import { MACHINE_MESSAGE_SCHEMA } from "./notification";
import { CRITICAL_SUBJECT_PREFIX } from "./subject";

const FORGERY_SUBJECT = `${CRITICAL_SUBJECT_PREFIX}Root activity monitor: possible forgery on its buffer queue`;

/** The `messageKind` attribute of such a message, for subscription filters. */
const FORGERY_MESSAGE_KIND = "possible-forgery";

/** What identifies the message on the queue; every value comes from the record and is cleaned here. */
interface ForeignMessage {
  readonly sqsMessageId: string;
  readonly body: string;
  /** SQS's `SenderId`: the account id, or the unique id of the IAM user or role (with its session name) that sent it. */
  readonly senderId?: string;
  /** SQS's `SentTimestamp`, epoch milliseconds as text. */
  readonly sentTimestamp?: string;
  /** Why it is not one of the monitor's own messages, in our words (buffered-message.ts UNEXPECTED_REASONS). */
  readonly reason: string;
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

function sentAt(timestamp: string | undefined): string {
  const ms = Number(timestamp);
  return timestamp !== undefined && Number.isFinite(ms) && ms > 0 && ms < 8.64e15 ? new Date(ms).toISOString() : UNKNOWN;
}

export function buildForgeryMessage(topicArn: string, message: ForeignMessage): PublishCommandInput {
  const messageId = displayText(message.sqsMessageId, 128);
  const copy = {
    schema: MACHINE_MESSAGE_SCHEMA,
    kind: FORGERY_MESSAGE_KIND,
    severity: "critical",
    sqsMessageId: messageId,
    senderId: displayText(message.senderId, 256),
    sentAt: sentAt(message.sentTimestamp),
    bytes: Buffer.byteLength(message.body, "utf8"),
    sha256: sha256Hex(message.body),
    reason: displayText(message.reason, 300),
  };
  const facts: Array<[string, string]> = [
    ["SQS message ID", copy.sqsMessageId],
    [
      "Sent by",
      message.senderId === undefined
        ? "unknown: the record was not on the queue, so SQS vouches for no sender (a caller of lambda:InvokeFunction, whom CloudTrail's Lambda data events name if you log them)"
        : `${copy.senderId} (SQS SenderId: an account id, or the unique id of the IAM user or role that sent it, AIDA.../AROA...)`,
    ],
    ["Sent at (UTC)", copy.sentAt],
    ["Size", `${copy.bytes} bytes`],
    ["SHA-256", copy.sha256],
    ["Why", copy.reason],
  ];
  const width = Math.max(...facts.map(([name]) => name.length)) + 2;
  const email = [
    "A message reached the root activity monitor's buffer queue that no rule or trigger of the monitor's put there: a possible forgery.",
    "Only the monitor's own EventBridge rules, the function itself and the roles named in its operatorRoleArns setting put messages on that queue. Someone else may be trying to feed the monitor false alerts, to make people look away, or to find what it ignores.",
    "None of the message's text is shown here, so that nothing in it can pose as this monitor's words. Do not act on what it says.",
    "",
    "WHAT REACHED THE QUEUE",
    ...facts.map(([name, value]) => `${`${name}:`.padEnd(width)}${value}`),
    "",
    "WHERE TO LOOK",
    `The message's text is in the function's logs (CloudWatch Logs, the function's log group): the line "possible forgery told" with sqsMessageId ${messageId}.`,
    'At most one such message is sent for each reason a minute, so that a flood cannot hold real alerts back: more of the same minute are only in the log, as "possible forgery, told with the first of its minute".',
    "",
    "WHAT TO DO",
    "1. Find who sent it: look the sender id up in IAM (a user's or role's unique id) and in CloudTrail; an SQS SendMessage is a data event, so look also at who may send to the queue (its policy and IAM policies with sqs:SendMessage).",
    "2. If no one in your team did it on purpose, treat it as an intrusion by whoever holds that identity: take its rights away and review what else it did.",
    "3. Check that the monitor still hears root activity (npm run doctor) and that no real root event is waiting on the queue or its dead-letter queue.",
    "",
  ].join("\n");
  const attributes = { messageKind: stringAttribute(FORGERY_MESSAGE_KIND), severity: stringAttribute("critical") };
  return envelope({ topicArn, subject: FORGERY_SUBJECT, attributes, email, machineCopy: copy });
}
