/**
 * Reads one EventBridge event carrying a CloudTrail record and decides whether it is root activity
 * that a person must hear about. Pure: no I/O, no clock, never throws on any JSON input.
 */
import { CLOUDTRAIL_EVENT_KINDS, type ActivityKind } from "../src/cloudtrail-event-kinds";
import { UNKNOWN, displayText } from "./display-text";
import { field, isRecord, nonEmptyTextOf, textOf } from "./lenient";

export type { ActivityKind };

export interface SignInOutcome {
  /** `Success`, `Failure` or "unknown", from `responseElements.ConsoleLogin`. */
  readonly result: string;
  /** `Yes`, `No` or "unknown", from `additionalEventData.MFAUsed`. */
  readonly mfaUsed: string;
  /** Why the sign-in failed (`errorMessage`), when it did. */
  readonly failureReason?: string;
}

/** What the notification says, every field already display-safe ("unknown" where the record was silent). */
export interface RootActivity {
  readonly kind: ActivityKind;
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  /** The record's `eventTime` as written by CloudTrail. */
  readonly eventTime: string;
  readonly region: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The account the event happened in: `recipientAccountId`, else the EventBridge `account`. */
  readonly accountId: string;
  readonly identityType: string;
  readonly principalArn: string;
  /** The access key the caller used: a root access key here means long-lived root credentials exist. */
  readonly accessKeyId?: string;
  readonly readOnly: string;
  /** A failed sign-in, or an API call that returned an error. */
  readonly failed: boolean;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly signIn?: SignInOutcome;
}

export type Decision =
  | { readonly action: "notify"; readonly activity: RootActivity }
  | { readonly action: "ignore"; readonly reason: string; readonly eventId: string };

// Maps, not object literals: a record whose eventType is "valueOf" or "constructor" must not find
// Object.prototype's members (the property test found exactly that).
const KIND_BY_EVENT_TYPE: ReadonlyMap<string, ActivityKind> = new Map(CLOUDTRAIL_EVENT_KINDS.map(({ eventType, kind }) => [eventType, kind]));

const KIND_BY_DETAIL_TYPE: ReadonlyMap<string, ActivityKind> = new Map(CLOUDTRAIL_EVENT_KINDS.map(({ detailType, kind }) => [detailType, kind]));

/**
 * The CloudTrail record inside an EventBridge event. A bare CloudTrail record (someone invoking the
 * function by hand with one) is accepted as it is rather than dropped.
 */
export function cloudTrailRecordOf(event: unknown): unknown {
  const detail = field(event, "detail");
  if (isRecord(detail)) return detail;
  if (isRecord(event) && ("userIdentity" in event || "eventName" in event)) return event;
  return detail;
}

export function decide(event: unknown): Decision {
  const record = cloudTrailRecordOf(event);
  const identity = field(record, "userIdentity");
  const eventId = displayText(nonEmptyTextOf(field(record, "eventID")));

  const invokedBy = field(identity, "invokedBy");
  if (invokedBy !== undefined && invokedBy !== null && invokedBy !== "") {
    return {
      action: "ignore",
      eventId,
      reason: `invoked by an AWS service on root's behalf (${displayText(textOf(invokedBy) ?? JSON.stringify(invokedBy), 200)})`,
    };
  }
  // A record that names another identity type is not ours. One that names none, or names it oddly,
  // is still reported: the rule only routes Root events, so odd input here is worth a look, not a drop.
  const identityType = textOf(field(identity, "type"));
  if (identityType !== undefined && identityType !== "Root") {
    return { action: "ignore", eventId, reason: `identity type is ${displayText(identityType, 200)}, not Root` };
  }
  return { action: "notify", activity: readActivity(event, record) };
}

function readActivity(event: unknown, record: unknown): RootActivity {
  const identity = field(record, "userIdentity");
  const kind = kindOf(event, record);
  const errorCode = optionalText(field(record, "errorCode"));
  const errorMessage = optionalText(field(record, "errorMessage"));
  const signIn = kind === "console-sign-in" ? signInOutcomeOf(record, errorMessage) : undefined;
  const failed = signIn ? signIn.result === "Failure" || errorMessage !== undefined : errorCode !== undefined;

  return {
    kind,
    eventId: displayText(nonEmptyTextOf(field(record, "eventID"))),
    eventName: displayText(nonEmptyTextOf(field(record, "eventName"))),
    eventSource: displayText(nonEmptyTextOf(field(record, "eventSource"))),
    eventTime: displayText(nonEmptyTextOf(field(record, "eventTime")) ?? nonEmptyTextOf(field(event, "time"))),
    region: displayText(nonEmptyTextOf(field(record, "awsRegion")) ?? nonEmptyTextOf(field(event, "region"))),
    sourceIp: displayText(nonEmptyTextOf(field(record, "sourceIPAddress"))),
    userAgent: displayText(nonEmptyTextOf(field(record, "userAgent"))),
    accountId: displayText(
      nonEmptyTextOf(field(record, "recipientAccountId")) ??
        nonEmptyTextOf(field(event, "account")) ??
        nonEmptyTextOf(field(identity, "accountId")),
    ),
    identityType: displayText(nonEmptyTextOf(field(identity, "type"))),
    principalArn: displayText(nonEmptyTextOf(field(identity, "arn"))),
    accessKeyId: optionalText(field(identity, "accessKeyId")),
    readOnly: readOnlyOf(field(record, "readOnly")),
    failed,
    errorCode,
    errorMessage,
    signIn,
  };
}

function kindOf(event: unknown, record: unknown): ActivityKind {
  const byEventType = KIND_BY_EVENT_TYPE.get(textOf(field(record, "eventType")) ?? "");
  if (byEventType) return byEventType;
  const byDetailType = KIND_BY_DETAIL_TYPE.get(textOf(field(event, "detail-type")) ?? "");
  if (byDetailType) return byDetailType;
  return textOf(field(record, "eventName")) === "ConsoleLogin" ? "console-sign-in" : "api-call";
}

function signInOutcomeOf(record: unknown, errorMessage: string | undefined): SignInOutcome {
  const result = nonEmptyTextOf(field(field(record, "responseElements"), "ConsoleLogin"));
  return {
    result: displayText(result ?? (errorMessage !== undefined ? "Failure" : undefined)),
    mfaUsed: displayText(nonEmptyTextOf(field(field(record, "additionalEventData"), "MFAUsed"))),
    failureReason: errorMessage,
  };
}

function readOnlyOf(value: unknown): string {
  if (value === true || value === "true") return "yes";
  if (value === false || value === "false") return "no";
  return UNKNOWN;
}

function optionalText(value: unknown): string | undefined {
  const text = nonEmptyTextOf(value);
  return text === undefined ? undefined : displayText(text);
}
