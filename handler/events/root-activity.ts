/**
 * Reads one EventBridge event carrying a CloudTrail record and decides whether it is root activity
 * that a person must hear about. Pure: no I/O, no clock, never throws on any JSON input.
 */
import { CLOUDTRAIL_EVENT_KINDS, type ActivityKind } from "../../src/contract/cloudtrail-event-kinds";
import { ROOT_CONSOLE_INVOKED_BY } from "../../src/contract/event-pattern";
import { assumeRootCallOf, isAssumeRootCall, type AssumeRootCall } from "./assume-root";
import { credentialsOf, type Credentials } from "./credentials";
import { UNKNOWN, displayText } from "../messages/display-text";
import { keyParametersOf, type KeyParameters } from "./key-parameters";
import { field, isRecord, nonEmptyTextOf, textOf } from "./lenient";
import { memberRootChangeOf, type MemberRootChange } from "./member-root-change";

export type { ActivityKind };

/** The event name of a console sign-in: the only console event whose outcome is a sign-in. */
export const CONSOLE_LOGIN = "ConsoleLogin";

interface SignInOutcome {
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
  /** The credentials the caller used: a long-lived root access key, a session key, or none. */
  readonly credentials: Credentials;
  readonly readOnly: string;
  /** A failed sign-in or console action, or an API call that returned an error. */
  readonly failed: boolean;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** Only for a console sign-in (`ConsoleLogin`). */
  readonly signIn?: SignInOutcome;
  /** The outcome other console events record as `responseElements.<eventName>` (`Success`, `Failure`). */
  readonly outcome?: string;
  /** `signin.amazonaws.com` when the root user acted through the console; never another value (those are ignored). */
  readonly invokedBy?: string;
  /** The access key a `CreateAccessKey` call created (`responseElements.accessKey.accessKeyId`). */
  readonly newAccessKeyId?: string;
  /** The access key an `UpdateAccessKey` call changed, and the status it set (`requestParameters`). */
  readonly updatedAccessKey?: { readonly accessKeyId: string; readonly status: string };
  /**
   * The IAM user whose access key a `CreateAccessKey` or `UpdateAccessKey` call made or changed
   * (`requestParameters.userName`): the key is that user's, not root's. Absent when the call named
   * no user, the only way a key of the caller's own (root's) is made or changed: IAM has no user
   * name for root.
   */
  readonly accessKeyUser?: string;
  /** Set for the sts:AssumeRoot call itself, which a non-root principal makes. */
  readonly assumeRoot?: AssumeRootCall;
  /** Set for the management account's change to a member's root email, contacts or centralized root management, by a non-root principal. */
  readonly memberRootChange?: MemberRootChange;
  /** The allow-listed request parameters a reader judges the action by (key-parameters.ts). */
  readonly parameters?: KeyParameters;
}

type Decision =
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

  // Whoever makes it, an AssumeRoot call hands out root credentials: always worth telling.
  if (isAssumeRootCall(record)) return { action: "notify", activity: readActivity(event, record) };
  // Likewise a change to a member account's root email or contacts, made without a root session.
  if (memberRootChangeOf(record) !== undefined) return { action: "notify", activity: readActivity(event, record) };

  const invokedBy = field(identity, "invokedBy");
  if (invokedBy !== undefined && invokedBy !== null && invokedBy !== "" && invokedBy !== ROOT_CONSOLE_INVOKED_BY) {
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
  const rawEventName = textOf(field(record, "eventName"));
  const errorCode = optionalText(field(record, "errorCode"));
  const errorMessage = optionalText(field(record, "errorMessage"));
  const signIn = rawEventName === CONSOLE_LOGIN ? signInOutcomeOf(record, errorMessage) : undefined;
  // Console events other than a sign-in record their outcome under their own name, as
  // `{ "PasswordUpdated": "Success" }` does. Read from own members only (see lenient.ts).
  const outcome = signIn || rawEventName === undefined ? undefined : optionalText(field(field(record, "responseElements"), rawEventName));
  const failed = signIn
    ? signIn.result === "Failure" || errorMessage !== undefined
    : outcome === "Failure" || errorCode !== undefined || (kind === "console-sign-in" && errorMessage !== undefined);
  const request = field(record, "requestParameters");
  const updatedKeyId = nonEmptyTextOf(field(request, "accessKeyId"));
  const updatedStatus = nonEmptyTextOf(field(request, "status"));
  const keyCall = rawEventName === "CreateAccessKey" || rawEventName === "UpdateAccessKey";
  const keyUser = keyCall ? nonEmptyTextOf(field(request, "userName")) : undefined;
  const accountId = displayText(
    nonEmptyTextOf(field(record, "recipientAccountId")) ?? nonEmptyTextOf(field(event, "account")) ?? nonEmptyTextOf(field(identity, "accountId")),
  );

  return {
    kind,
    eventId: displayText(nonEmptyTextOf(field(record, "eventID"))),
    eventName: displayText(nonEmptyTextOf(rawEventName)),
    eventSource: displayText(nonEmptyTextOf(field(record, "eventSource"))),
    eventTime: displayText(nonEmptyTextOf(field(record, "eventTime")) ?? nonEmptyTextOf(field(event, "time"))),
    region: displayText(nonEmptyTextOf(field(record, "awsRegion")) ?? nonEmptyTextOf(field(event, "region"))),
    sourceIp: displayText(nonEmptyTextOf(field(record, "sourceIPAddress"))),
    userAgent: displayText(nonEmptyTextOf(field(record, "userAgent"))),
    accountId,
    identityType: displayText(nonEmptyTextOf(field(identity, "type"))),
    principalArn: displayText(nonEmptyTextOf(field(identity, "arn"))),
    credentials: credentialsOf(record),
    readOnly: readOnlyOf(field(record, "readOnly")),
    failed,
    errorCode,
    errorMessage,
    signIn,
    outcome,
    invokedBy: field(identity, "invokedBy") === ROOT_CONSOLE_INVOKED_BY ? ROOT_CONSOLE_INVOKED_BY : undefined,
    newAccessKeyId: rawEventName === "CreateAccessKey" ? optionalText(field(field(field(record, "responseElements"), "accessKey"), "accessKeyId")) : undefined,
    updatedAccessKey:
      rawEventName === "UpdateAccessKey" && (updatedKeyId !== undefined || updatedStatus !== undefined)
        ? { accessKeyId: displayText(updatedKeyId, 128), status: displayText(updatedStatus, 64) }
        : undefined,
    accessKeyUser: keyUser === undefined ? undefined : displayText(keyUser, 128),
    assumeRoot: assumeRootCallOf(record),
    memberRootChange: memberRootChangeOf(record),
    parameters: keyParametersOf(request, accountId),
  };
}

function kindOf(event: unknown, record: unknown): ActivityKind {
  const byEventType = KIND_BY_EVENT_TYPE.get(textOf(field(record, "eventType")) ?? "");
  if (byEventType) return byEventType;
  const byDetailType = KIND_BY_DETAIL_TYPE.get(textOf(field(event, "detail-type")) ?? "");
  if (byDetailType) return byDetailType;
  return textOf(field(record, "eventName")) === CONSOLE_LOGIN ? "console-sign-in" : "api-call";
}

function signInOutcomeOf(record: unknown, errorMessage: string | undefined): SignInOutcome {
  const result = nonEmptyTextOf(field(field(record, "responseElements"), CONSOLE_LOGIN));
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
