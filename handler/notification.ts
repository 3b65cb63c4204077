/**
 * Builds the SNS Publish request for one root activity: the subject, the email text, a compact JSON
 * copy for machine subscribers and filterable message attributes, within SNS's size limit. Pure.
 */
import type { MessageAttributeValue, PublishCommandInput } from "@aws-sdk/client-sns";
import { cloudTrailEventHistoryLink } from "./console-link";
import { accountDisplay, formatEmailBody } from "./email-body";
import { shortenStrings } from "./shrink-json";
import type { RootActivity } from "./root-activity";
import { formatSubject } from "./subject";

/** SNS's limit for one message, attributes and subject included: 256 KiB. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/** What we allow ourselves, leaving room for SNS's own accounting of attributes and structure. */
export const MESSAGE_BUDGET_BYTES = SNS_MAX_MESSAGE_BYTES - 4_096;

/** Protocols that receive the compact JSON copy instead of the email text. */
export const MACHINE_PROTOCOLS = ["sqs", "lambda", "http", "https", "firehose"] as const;

/** Identifies the shape of the JSON copy so that consumers can evolve with it. */
export const MACHINE_MESSAGE_SCHEMA = "root-activity-monitor/notification/v1";

/** Ever shorter limits on strings inside the event, tried in turn until the message fits. */
const STRING_LIMITS = [Number.POSITIVE_INFINITY, 16_384, 2_048, 256, 64];

export interface NotificationInput {
  readonly topicArn: string;
  readonly activity: RootActivity;
  readonly accountAlias?: string;
  /** The event as received, shown in full when it fits. */
  readonly event: unknown;
}

export function buildNotification(input: NotificationInput): PublishCommandInput {
  const { activity, accountAlias, topicArn } = input;
  const subject = formatSubject(activity, accountAlias ?? activity.accountId);
  const attributes = messageAttributes(activity);
  const fixedBytes = utf8Bytes(subject) + attributeBytes(attributes);
  const originalBytes = utf8Bytes(safeStringify(input.event) ?? "");

  for (const limit of STRING_LIMITS) {
    const event = limit === Number.POSITIVE_INFINITY ? input.event : shortenStrings(input.event, limit);
    const note =
      limit === Number.POSITIVE_INFINITY
        ? undefined
        : `The event (${originalBytes} bytes) is larger than one SNS message allows: strings longer than ${limit} characters were shortened below. The full record is in CloudTrail (link above).`;
    const message = structuredMessage(input, event, note);
    if (message !== undefined && utf8Bytes(message) + fixedBytes <= MESSAGE_BUDGET_BYTES) {
      return publishInput(topicArn, subject, message, attributes);
    }
  }
  // Even with every string shortened the event is too large (a huge array, thousands of keys):
  // send the summary, which is bounded, and say where the rest is.
  const note = `The event (${originalBytes} bytes) is too large for one SNS message and was left out. The full record is in CloudTrail (link above).`;
  return publishInput(topicArn, subject, structuredMessage(input, undefined, note) as string, attributes);
}

/** The `MessageStructure: "json"` document: email text by default, the JSON copy for machines. */
function structuredMessage(input: NotificationInput, event: unknown, note: string | undefined): string | undefined {
  const eventJson = event === undefined ? undefined : safeStringify(event, 2);
  if (event !== undefined && eventJson === undefined) return undefined;
  const text = formatEmailBody({
    activity: input.activity,
    accountAlias: input.accountAlias,
    eventJson,
    eventJsonNote: note,
  });
  const machine = JSON.stringify(machineCopy(input, event, note !== undefined));
  const document: Record<string, string> = { default: text };
  for (const protocol of MACHINE_PROTOCOLS) document[protocol] = machine;
  return JSON.stringify(document);
}

function machineCopy(input: NotificationInput, event: unknown, eventShortened: boolean) {
  const { activity, accountAlias } = input;
  return {
    schema: MACHINE_MESSAGE_SCHEMA,
    kind: activity.kind,
    failed: activity.failed,
    account: { id: activity.accountId, alias: accountAlias ?? null, display: accountDisplay(activity.accountId, accountAlias) },
    eventId: activity.eventId,
    eventName: activity.eventName,
    eventSource: activity.eventSource,
    eventTime: activity.eventTime,
    region: activity.region,
    sourceIp: activity.sourceIp,
    userAgent: activity.userAgent,
    readOnly: activity.readOnly,
    accessKeyId: activity.accessKeyId ?? null,
    error: activity.errorCode || activity.errorMessage ? { code: activity.errorCode ?? null, message: activity.errorMessage ?? null } : null,
    signIn: activity.signIn ?? null,
    cloudTrailLink: cloudTrailEventHistoryLink(activity.region, activity.eventId),
    eventShortened,
    event: event ?? null,
  };
}

/** Attributes that subscription filter policies can match on. */
export function messageAttributes(activity: RootActivity): Record<string, MessageAttributeValue> {
  const text = (value: string): MessageAttributeValue => ({ DataType: "String", StringValue: value.slice(0, 256) });
  return {
    eventName: text(activity.eventName),
    accountId: text(activity.accountId),
    kind: text(activity.kind),
    signIn: text(String(activity.kind === "console-sign-in")),
    failed: text(String(activity.failed)),
  };
}

function publishInput(
  topicArn: string,
  subject: string,
  message: string,
  attributes: Record<string, MessageAttributeValue>,
): PublishCommandInput {
  return { TopicArn: topicArn, Subject: subject, Message: message, MessageStructure: "json", MessageAttributes: attributes };
}

function attributeBytes(attributes: Record<string, MessageAttributeValue>): number {
  return Object.entries(attributes).reduce(
    (sum, [name, value]) => sum + utf8Bytes(name) + utf8Bytes(value.DataType ?? "") + utf8Bytes(value.StringValue ?? ""),
    0,
  );
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** JSON text of any value, or undefined for what JSON cannot hold (BigInt, cycles: not from a parsed event, but never a crash). */
function safeStringify(value: unknown, indent?: number): string | undefined {
  try {
    return JSON.stringify(value, null, indent);
  } catch {
    return undefined;
  }
}
