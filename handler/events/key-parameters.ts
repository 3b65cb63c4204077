/**
 * The few request parameters a reader needs to judge a root action at a glance (which user, role,
 * policy, bucket, detector, organization policy), taken from `requestParameters` by an allow-list and
 * cleaned like every other text from an event. They ride with a kept action into its digest and its
 * high alert, and the severity table reads them (an AdministratorAccess policy, a role trusting
 * another account). Pure; never throws on any input.
 */
import { displayText } from "../messages/display-text";
import { field, isRecord, nonEmptyTextOf } from "./lenient";

/** `requestParameters` members kept, each under the name the reader sees. */
const KEPT: ReadonlyArray<readonly [string, string]> = [
  ["userName", "user"],
  ["roleName", "role"],
  ["groupName", "group"],
  ["policyArn", "policy"],
  ["policyName", "policy name"],
  ["bucketName", "bucket"],
  ["detectorId", "detector"],
  ["configurationRecorderName", "recorder"],
  ["deliveryChannelName", "delivery channel"],
  ["policyId", "organization policy"],
  ["targetId", "target"],
  ["policyType", "policy type"],
  ["name", "name"],
];

/** At most this many characters of a kept value: an ARN fits, a pasted document does not. */
const MAX_VALUE_LENGTH = 256;

/** The AWS managed policy that gives everything. */
export const ADMINISTRATOR_ACCESS_SUFFIX = ":policy/AdministratorAccess";

/** The derived parameter naming whom a role's trust policy lets in from outside the account. */
export const TRUSTED_OUTSIDE = "trusted from outside";

export type KeyParameters = Readonly<Record<string, string>>;

/** The allow-listed parameters of a call in account `accountId`; empty when there are none. */
export function keyParametersOf(requestParameters: unknown, accountId: string): KeyParameters {
  const kept: Record<string, string> = {};
  for (const [member, shown] of KEPT) {
    const value = nonEmptyTextOf(field(requestParameters, member));
    if (value !== undefined) kept[shown] = displayText(value, MAX_VALUE_LENGTH);
  }
  const outside = principalsOutside(field(requestParameters, "assumeRolePolicyDocument") ?? field(requestParameters, "policyDocument"), accountId);
  if (outside.length > 0) kept[TRUSTED_OUTSIDE] = displayText(outside.join(", "), MAX_VALUE_LENGTH);
  return kept;
}

/**
 * Whom a trust policy allows in from outside the account: other accounts' ids, and `*` for anyone.
 * Only `Allow` statements with an `AWS` principal count; services and identity providers do not.
 */
function principalsOutside(document: unknown, accountId: string): string[] {
  const parsed = typeof document === "string" ? safeParse(document) : document;
  const statements = field(parsed, "Statement");
  const list = Array.isArray(statements) ? statements : [statements];
  const found = new Set<string>();
  for (const statement of list) {
    if (!isRecord(statement) || field(statement, "Effect") !== "Allow") continue;
    const principal = field(statement, "Principal");
    const aws = principal === "*" ? "*" : field(principal, "AWS");
    for (const entry of Array.isArray(aws) ? aws : [aws]) {
      if (entry === "*") found.add("*");
      const account = typeof entry === "string" ? /^(?:arn:[^:]+:iam::)?(\d{12})(?::|$)/.exec(entry)?.[1] : undefined;
      if (account !== undefined && account !== accountId) found.add(account);
    }
  }
  return [...found].sort();
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
