/**
 * The digest of a root session: every action since the session's alert (or its last digest) that
 * did not have a message of its own, told as one story: how many, over how long, which actions and
 * Regions, which failed, the first ones in detail, and where to see them all in CloudTrail. Pure.
 */
import type { MessageAttributeValue, PublishCommandInput } from "@aws-sdk/client-sns";
import { visibleJson } from "./clean-text";
import { displayText } from "./display-text";
import { MESSAGE_KEYS } from "./notification";
import type { RootSession } from "./root-session";
import type { PendingAction } from "./session-store";
import { toSubjectText } from "./subject";

/** How many actions a digest lists one by one; the rest are in the counts and in CloudTrail. */
export const DIGEST_DETAIL_LIMIT = 50;

/**
 * How many source addresses a digest counts one by one (a spray's digest counts its attempts by
 * address); the rest are summed in one line, so that a spray from thousands of addresses stays
 * within SNS's message size.
 */
export const DIGEST_ADDRESS_LIMIT = 100;

/** The JSON copy's schema, shared with alerts. */
export const DIGEST_SCHEMA = "root-activity-monitor/notification/v2";

export interface DigestInput {
  readonly topicArn: string;
  readonly session: Pick<RootSession, "key" | "label" | "accountId" | "accessKeyId">;
  readonly actions: readonly PendingAction[];
  readonly accountAlias?: string;
  /** With scope = organization: the organization the account belongs to, for the JSON copy. */
  readonly organizationId?: string;
  /** When the session began and was last seen, epoch milliseconds. */
  readonly firstSeen: number;
  readonly lastSeen: number;
}

const SEVERITY_ORDER = ["low", "medium", "high", "critical"];

const utc = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");

function countBy(actions: readonly PendingAction[], key: (action: PendingAction) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const action of actions) counts.set(key(action), (counts.get(key(action)) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/** CloudTrail's event history filtered on the session's access key, or on the account's root user. */
export function sessionHistoryLink(region: string, accessKeyId?: string): string {
  const filter = accessKeyId ? `AccessKeyId=${encodeURIComponent(accessKeyId)}` : "Username=root";
  return `https://${region}.console.aws.amazon.com/cloudtrailv2/home?region=${region}#/events?${filter}`;
}

/** Where the actions came from, when from more than one address (a password spray): the most first. */
function bySourceAddressLines(byAddress: ReadonlyArray<[string, number]>): string[] {
  if (byAddress.length <= 1) return [];
  const rest = byAddress.slice(DIGEST_ADDRESS_LIMIT);
  const restCount = rest.reduce((sum, [, count]) => sum + count, 0);
  return [
    "",
    `BY SOURCE ADDRESS (${byAddress.length} addresses)`,
    ...byAddress.slice(0, DIGEST_ADDRESS_LIMIT).map(([address, count]) => `  ${String(count).padStart(5)}  ${displayText(address, 64)}`),
    ...(rest.length > 0 ? [`  ${String(restCount).padStart(5)}  from ${rest.length} more addresses`] : []),
  ];
}

export function buildDigest(input: DigestInput): PublishCommandInput {
  const actions = [...input.actions].sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  const account = displayText(input.accountAlias ? `${input.accountAlias} (${input.session.accountId})` : input.session.accountId, 300);
  const n = actions.length;
  const what = `${n} more action${n === 1 ? "" : "s"}`;
  const severity = actions.reduce((worst, action) => (SEVERITY_ORDER.indexOf(action.severity) > SEVERITY_ORDER.indexOf(worst) ? action.severity : worst), "low");
  const subject = toSubjectText(`Root session digest-"${what}" detected in Account-"${input.accountAlias ?? input.session.accountId}"`);
  const failed = actions.filter((action) => action.failed);
  const homeRegion = actions[0]?.region ?? "us-east-1";
  const byAddress = countBy(actions, (action) => action.sourceIp);
  const lines = [
    `Root session in ${account}: ${what} in ${minutes(input.lastSeen - input.firstSeen)} minute(s) since the session began.`,
    `Session: ${displayText(input.session.label, 300)}; first seen ${utc(input.firstSeen)}, last seen ${utc(input.lastSeen)}.`,
    "Each action below had no message of its own: the session's first action and every critical one were sent at once.",
    "",
    "BY ACTION",
    ...countBy(actions, (action) => `${action.eventName} (${action.eventSource})`).map(([name, count]) => `  ${String(count).padStart(5)}  ${displayText(name, 200)}`),
    "",
    "BY REGION",
    ...countBy(actions, (action) => action.region).map(([region, count]) => `  ${String(count).padStart(5)}  ${displayText(region, 64)}`),
    ...bySourceAddressLines(byAddress),
    "",
    `FAILED CALLS: ${failed.length}`,
    ...failed.slice(0, DIGEST_DETAIL_LIMIT).map((action) => `  ${displayText(action.eventTime, 40)}  ${displayText(action.eventName, 120)}  ${displayText(action.errorCode ?? "failed", 120)}`),
    "",
    n > DIGEST_DETAIL_LIMIT ? `THE FIRST ${DIGEST_DETAIL_LIMIT} IN DETAIL` : "IN DETAIL",
    ...actions
      .slice(0, DIGEST_DETAIL_LIMIT)
      .map((action) =>
        [action.eventTime, action.region, action.eventSource, action.eventName, action.sourceIp, ...(action.failed ? [`FAILED ${action.errorCode ?? ""}`.trim()] : []), action.eventId].map((part) => displayText(part, 160)).join("  "),
      ),
    "",
    "SEE THEM ALL IN CLOUDTRAIL",
    sessionHistoryLink(homeRegion, input.session.accessKeyId),
  ];
  const text = lines.join("\n");
  const json = {
    schema: DIGEST_SCHEMA,
    kind: "digest",
    severity,
    account: { id: input.session.accountId, alias: input.accountAlias, ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}) },
    session: { key: input.session.key, label: input.session.label, accessKeyId: input.session.accessKeyId, firstSeen: new Date(input.firstSeen).toISOString(), lastSeen: new Date(input.lastSeen).toISOString() },
    eventIds: actions.map((action) => action.eventId),
    counts: { byEventName: Object.fromEntries(countBy(actions, (action) => action.eventName)), byRegion: Object.fromEntries(countBy(actions, (action) => action.region)), ...(byAddress.length > 1 ? { bySourceAddress: Object.fromEntries(byAddress.slice(0, DIGEST_ADDRESS_LIMIT)) } : {}), failed: failed.length },
    actions: actions.slice(0, DIGEST_DETAIL_LIMIT),
  };
  const attributes: Record<string, MessageAttributeValue> = {
    messageKind: { DataType: "String", StringValue: "digest" },
    severity: { DataType: "String", StringValue: severity },
    accountId: { DataType: "String", StringValue: input.session.accountId },
    session: { DataType: "String", StringValue: input.session.key },
  };
  return {
    TopicArn: input.topicArn,
    Subject: subject,
    MessageStructure: "json",
    Message: JSON.stringify({ [MESSAGE_KEYS.json]: visibleJson(JSON.stringify(json)), [MESSAGE_KEYS.email]: text, [MESSAGE_KEYS.sms]: subject }),
    MessageAttributes: attributes,
  };
}
