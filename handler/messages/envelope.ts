/**
 * The envelope of every message the function publishes on its topic: the SNS Publish request with
 * the subject, the text people read, one JSON copy for machine subscribers, the attributes that
 * subscription filters match, and SNS's size limit. Each message (alert, digest, tampering, self-check
 * ...) says what it says; this file alone says how that goes into a Publish request. Pure.
 *
 * One JSON copy, not one per protocol: with `MessageStructure: "json"` a subscriber gets the value of
 * its protocol's key, or the `default` value when its protocol has none, and every value counts
 * toward the one 256 KiB limit of the message. So `email` holds the text people read, `default`
 * holds the JSON copy that every other protocol (SQS, Lambda, HTTP/S, Firehose, email-json) receives,
 * and `sms` the subject line alone; the event is carried twice (in the text and in the JSON), not six times.
 */
import type { MessageAttributeValue, PublishCommandInput } from "@aws-sdk/client-sns";
import { visibleJson } from "./clean-text";

/** SNS's limit for one message, attributes and subject included: 256 KiB. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/** What we allow ourselves, leaving room for SNS's own accounting of attributes and structure. */
const MESSAGE_BUDGET_BYTES = SNS_MAX_MESSAGE_BYTES - 4_096;

/** The keys of the `MessageStructure: "json"` document, and what each protocol receives. */
export const MESSAGE_KEYS = {
  /** Email subscribers: the text. */
  email: "email",
  /** Every protocol without a key of its own (SQS, Lambda, HTTP/S, Firehose, email-json): the JSON copy. */
  json: "default",
  /** SMS subscribers: the subject line alone. */
  sms: "sms",
} as const;

export type MessageAttributes = Record<string, MessageAttributeValue>;

/** What stays the same however much of an event a message shows. */
interface EnvelopeHead {
  readonly topicArn: string;
  /** Within SNS's rules for a subject (subject.ts); also what SMS subscribers receive. */
  readonly subject: string;
  readonly attributes: MessageAttributes;
}

/** What a message says: the same facts twice, as text and as JSON. */
interface EnvelopeBody {
  /** The text email subscribers read. */
  readonly email: string;
  /** The JSON copy every other protocol receives; its hidden characters are escaped here. */
  readonly machineCopy: unknown;
}

/** A message attribute of type String. */
export const stringAttribute = (value: string): MessageAttributeValue => ({ DataType: "String", StringValue: value });

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** What the attributes count toward SNS's limit: each name, type and value. */
function attributeBytes(attributes: MessageAttributes): number {
  return Object.entries(attributes).reduce(
    (sum, [name, value]) => sum + utf8Bytes(name) + utf8Bytes(value.DataType ?? "") + utf8Bytes(value.StringValue ?? ""),
    0,
  );
}

/** The `MessageStructure: "json"` document (see MESSAGE_KEYS). */
function structuredMessage(subject: string, body: EnvelopeBody): string {
  return JSON.stringify({ [MESSAGE_KEYS.json]: visibleJson(JSON.stringify(body.machineCopy)), [MESSAGE_KEYS.email]: body.email, [MESSAGE_KEYS.sms]: subject });
}

function request(head: EnvelopeHead, message: string): PublishCommandInput {
  return { TopicArn: head.topicArn, Subject: head.subject, Message: message, MessageStructure: "json", MessageAttributes: head.attributes };
}

/** The Publish request of a message whose size is bounded by what it says. */
export function envelope(head: EnvelopeHead & EnvelopeBody): PublishCommandInput {
  return request(head, structuredMessage(head.subject, head));
}

/**
 * The Publish request of a message that shows an event: the first of `views` (largest first, see
 * notification.ts eventViews) whose message fits MESSAGE_BUDGET_BYTES beside the subject and the
 * attributes, or the last one tried. `attributeAllowance` replaces the attributes' own count where a
 * message has always reserved a fixed amount for them.
 */
export function fittedEnvelope<View>(head: EnvelopeHead, views: Iterable<View>, say: (view: View) => EnvelopeBody, attributeAllowance = attributeBytes(head.attributes)): PublishCommandInput {
  const fixedBytes = utf8Bytes(head.subject) + attributeAllowance;
  let message = "";
  for (const view of views) {
    message = structuredMessage(head.subject, say(view));
    if (utf8Bytes(message) + fixedBytes <= MESSAGE_BUDGET_BYTES) break;
  }
  return request(head, message);
}
