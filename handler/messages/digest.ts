/**
 * The digest of a root session: every action since the session's alert (or its last digest) that
 * did not have a message of its own, told as one story: every high and critical action first, each in
 * detail with its key parameters (user, policy, bucket, detector: never only a count), then how many,
 * over how long, which actions and Regions, which failed, the first of the others in detail, and where
 * to see them all in CloudTrail. The subject carries the highest severity inside, as alerts do. Pure.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { actionLine } from "./action-line";
import { displayText } from "./display-text";
import { envelope, stringAttribute } from "./envelope";
import { pendingActionFields } from "../sessions/pending-action-fields";
import type { RootSession } from "../events/root-session";
import type { PendingAction } from "../sessions/session-record";
import type { Severity } from "../events/severity";
import { formatSubject } from "./subject";
import { postureFields, postureLine } from "../posture/posture-words";
import { NOT_READ, type RootPosture } from "../posture/root-posture";
import { raisedSentence, raiseSeverity } from "../posture/severity-raise";

/** How many actions a digest lists one by one; the rest are in the counts and in CloudTrail. */
export const DIGEST_DETAIL_LIMIT = 50;

/**
 * At most this many high and critical actions go into one digest, every one in detail; more wait for
 * the next digest (SNS's 256 KiB), where they are again in detail.
 */
const DIGEST_URGENT_LIMIT = 200;

/** Whether an action is told in a digest before all others and never only counted: high or critical. */
const isUrgent = (action: Pick<PendingAction, "severity">): boolean => action.severity === "critical" || action.severity === "high";

/**
 * What one digest covers of the actions waiting (oldest first): up to `maxActions`, of which at most
 * DIGEST_URGENT_LIMIT high or critical ones, those first; the rest wait for the next digest. Pure.
 */
export function selectForDigest<A extends PendingAction>(waiting: readonly A[], maxActions: number): A[] {
  const urgent = waiting.filter(isUrgent).slice(0, Math.min(DIGEST_URGENT_LIMIT, maxActions));
  const others = waiting.filter((action) => !isUrgent(action)).slice(0, maxActions - urgent.length);
  return [...urgent, ...others];
}

/**
 * How many source addresses a digest counts one by one (a spray's digest counts its attempts by
 * address); the rest are summed in one line, so that a spray from thousands of addresses stays
 * within SNS's message size.
 */
export const DIGEST_ADDRESS_LIMIT = 100;

/** The JSON copy's schema, shared with alerts. */
const DIGEST_SCHEMA = "root-activity-monitor/notification/v2";

interface DigestInput {
  readonly topicArn: string;
  readonly session: Pick<RootSession, "key" | "label" | "accountId" | "accessKeyId">;
  readonly actions: readonly PendingAction[];
  readonly accountAlias?: string;
  /** With scope = organization: the organization the account belongs to, for the JSON copy. */
  readonly organizationId?: string;
  /** When the session began and was last seen, epoch milliseconds. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The root posture of the account (posture/); a finding raises the digest's severity one step. @default not read */
  readonly posture?: RootPosture;
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
  const byTime = [...input.actions].sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  // High and critical first, worst first, each in detail; then the others in time order.
  const urgent = byTime.filter(isUrgent).sort((a, b) => SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity));
  const others = byTime.filter((action) => !isUrgent(action));
  const actions = [...urgent, ...others];
  const account = displayText(input.accountAlias ? `${input.accountAlias} (${input.session.accountId})` : input.session.accountId, 300);
  const n = actions.length;
  const what = `${n} more action${n === 1 ? "" : "s"}`;
  const worst = actions.reduce((found, action) => (SEVERITY_ORDER.indexOf(action.severity) > SEVERITY_ORDER.indexOf(found) ? action.severity : found), "low");
  const posture = input.posture ?? NOT_READ;
  const { severity, raised } = raiseSeverity(worst as Severity, posture);
  const subject = formatSubject({ label: "Root session digest", eventName: what, severity }, input.accountAlias ?? input.session.accountId);
  const failed = actions.filter((action) => action.failed);
  const homeRegion = actions[0]?.region ?? "us-east-1";
  const byAddress = countBy(actions, (action) => action.sourceIp);
  const lines = [
    `Root session in ${account}: ${what} in ${minutes(input.lastSeen - input.firstSeen)} minute(s) since the session began.`,
    `Session: ${displayText(input.session.label, 300)}; first seen ${utc(input.firstSeen)}, last seen ${utc(input.lastSeen)}.`,
    postureLine(posture),
    ...(raised ? [`Severity: ${severity.toUpperCase()}, ${raisedSentence(raised)}.`] : []),
    "Each action below had no message of its own: the session's first action, every critical one and every high one (but failed sign-ins and calls made with a long-lived key) were sent at once.",
    ...(urgent.length > 0 ? ["", `HIGH AND CRITICAL: ${urgent.length}, EACH IN DETAIL`, ...urgent.map((action) => `  ${actionLine(action, true)}`)] : []),
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
    urgent.length === 0 ? (n > DIGEST_DETAIL_LIMIT ? `THE FIRST ${DIGEST_DETAIL_LIMIT} IN DETAIL` : "IN DETAIL") : others.length > DIGEST_DETAIL_LIMIT ? `THE FIRST ${DIGEST_DETAIL_LIMIT} OTHERS IN DETAIL` : "THE OTHERS IN DETAIL",
    ...others.slice(0, DIGEST_DETAIL_LIMIT).map((action) => `  ${actionLine(action)}`.trimStart()),
    "",
    "SEE THEM ALL IN CLOUDTRAIL",
    sessionHistoryLink(homeRegion, input.session.accessKeyId),
  ];
  const text = lines.join("\n");
  const json = {
    schema: DIGEST_SCHEMA,
    kind: "digest",
    severity,
    severityRaised: raised ?? null,
    rootPosture: postureFields(posture),
    account: { id: input.session.accountId, alias: input.accountAlias, ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}) },
    session: { key: input.session.key, label: input.session.label, accessKeyId: input.session.accessKeyId, firstSeen: new Date(input.firstSeen).toISOString(), lastSeen: new Date(input.lastSeen).toISOString() },
    eventIds: actions.map((action) => action.eventId),
    counts: { byEventName: Object.fromEntries(countBy(actions, (action) => action.eventName)), byRegion: Object.fromEntries(countBy(actions, (action) => action.region)), ...(byAddress.length > 1 ? { bySourceAddress: Object.fromEntries(byAddress.slice(0, DIGEST_ADDRESS_LIMIT)) } : {}), failed: failed.length },
    actions: [...urgent, ...others.slice(0, DIGEST_DETAIL_LIMIT)].map(pendingActionFields), // never a storage key (sortKey, pk, sk)
  };
  const attributes = {
    messageKind: stringAttribute("digest"),
    severity: stringAttribute(severity),
    accountId: stringAttribute(input.session.accountId),
    session: stringAttribute(input.session.key),
  };
  return envelope({ topicArn: input.topicArn, subject, attributes, email: text, machineCopy: json });
}
