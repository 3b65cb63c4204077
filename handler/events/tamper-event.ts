/**
 * Reads a change to the monitor's own resources (an event the tamper rule matched): who made it, in
 * what capacity, from where, on which resource. Every value is display-safe ("unknown" where the
 * record is silent). Pure: never throws on any input.
 */
import { displayText, UNKNOWN } from "../messages/display-text";
import { field, nonEmptyTextOf, textOf } from "./lenient";
import { cloudTrailRecordOf } from "./root-activity";

export interface TamperEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTime: string;
  readonly region: string;
  readonly accountId: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The resource the request names (the first field of RESOURCE_FIELDS that it has), as given. */
  readonly resource: string;
  /** Who: the principal's ARN, its identity type and account. */
  readonly principalArn: string;
  readonly principalType: string;
  readonly principalAccountId: string;
  /** The role (or user) behind an assumed-role session, when the record names it. */
  readonly sessionIssuer?: string;
  /** The AWS service that made the call for the principal (`cloudformation.amazonaws.com`), when one did. */
  readonly invokedBy?: string;
  /** The call failed (`errorCode`): an attempt, still worth telling. */
  readonly error?: string;
}

/**
 * Where a record names the monitor's resource, in the order read: the request fields of the tamper
 * pattern (tamper-pattern.ts), then the response's function ARN (an event source mapping's change).
 */
const RESOURCE_FIELDS = [
  ["requestParameters", "roleName"],
  ["requestParameters", "functionName"],
  ["requestParameters", "queueUrl"],
  ["requestParameters", "topicArn"],
  ["requestParameters", "subscriptionArn"],
  ["requestParameters", "resourceArn"],
  ["requestParameters", "tableName"],
  ["requestParameters", "name"],
  ["requestParameters", "rule"],
  ["requestParameters", "eventBusName"],
  ["requestParameters", "trailName"],
  ["requestParameters", "stackSetName"],
  ["requestParameters", "alarmNames"],
  ["requestParameters", "keyId"],
  ["requestParameters", "aliasName"],
  ["requestParameters", "eventSourceArn"],
  ["responseElements", "functionArn"],
] as const;

function resourceOf(record: unknown): string {
  for (const [part, name] of RESOURCE_FIELDS) {
    const value = field(field(record, part), name);
    // CloudWatch names alarms in a list.
    const text = Array.isArray(value) ? value.map(textOf).filter((item) => item !== undefined).join(", ") : nonEmptyTextOf(value);
    if (text !== undefined && text.trim() !== "") return displayText(text, 512);
  }
  return UNKNOWN;
}

export function readTamperEvent(event: unknown): TamperEvent {
  const record = cloudTrailRecordOf(event);
  const identity = field(record, "userIdentity");
  const text = (value: unknown, max?: number) => displayText(nonEmptyTextOf(value), max);
  const issuer = nonEmptyTextOf(field(field(field(identity, "sessionContext"), "sessionIssuer"), "arn"));
  const invokedBy = nonEmptyTextOf(field(identity, "invokedBy"));
  const errorCode = nonEmptyTextOf(field(record, "errorCode"));
  const errorMessage = nonEmptyTextOf(field(record, "errorMessage"));
  const principalType = text(field(identity, "type"));
  return {
    eventId: text(field(record, "eventID")),
    eventName: text(field(record, "eventName")),
    eventSource: text(field(record, "eventSource")),
    eventTime: displayText(nonEmptyTextOf(field(record, "eventTime")) ?? nonEmptyTextOf(field(event, "time"))),
    region: displayText(nonEmptyTextOf(field(record, "awsRegion")) ?? nonEmptyTextOf(field(event, "region"))),
    accountId: displayText(nonEmptyTextOf(field(record, "recipientAccountId")) ?? nonEmptyTextOf(field(event, "account"))),
    sourceIp: text(field(record, "sourceIPAddress")),
    userAgent: text(field(record, "userAgent")),
    resource: resourceOf(record),
    // AWS services acting on their own (type AWSService) name themselves in invokedBy, not in an ARN.
    principalArn: displayText(nonEmptyTextOf(field(identity, "arn")) ?? (principalType === "AWSService" ? invokedBy : undefined)),
    principalType,
    principalAccountId: text(field(identity, "accountId")),
    ...(issuer !== undefined ? { sessionIssuer: displayText(issuer) } : {}),
    ...(invokedBy !== undefined ? { invokedBy: displayText(invokedBy, 256) } : {}),
    ...(errorCode !== undefined || errorMessage !== undefined ? { error: displayText([errorCode, errorMessage].filter((part) => part !== undefined).join(" - ")) } : {}),
  };
}

/** The principal in a few words for the subject: its ARN after the account (`user/bob`, `root`), a role session as `Admin/alice`; else its type. */
export function principalShortName(tamper: Pick<TamperEvent, "principalArn" | "principalType">): string {
  if (tamper.principalArn === UNKNOWN) return tamper.principalType;
  const parts = tamper.principalArn.split(":");
  return (parts.length >= 6 ? parts.slice(5).join(":") : tamper.principalArn).replace(/^assumed-role\//, "");
}

/** The resource in a few words for the subject: an ARN's resource part, a URL's last part (`function:x` becomes `x`, a subscription keeps its topic). */
export function resourceShortName(resource: string): string {
  const named = resource.startsWith("arn:") ? resource.split(":").slice(5).join(":") : resource;
  const last = named.split("/").filter((part) => part !== "").pop() ?? named;
  return last.replace(/^(function|table|trail|key|rule|stackset):/, "");
}
