/**
 * The plain-text notification a person reads: what happened and how urgent it is, where to look,
 * what to do, then the event itself. Every line starts with our own words: a value from the event
 * never begins a line, and the event's JSON is indented inside its braces, so nothing an event
 * carries can pose as one of the headings. Pure.
 */
import { cloudTrailEventHistoryLink } from "./console-link";
import { credentialsLine } from "./credential-words";
import type { Story } from "./event-story";
import { formatEventTimeUtc } from "../events/event-time";
import type { RootActivity } from "../events/root-activity";
import type { SeverityAssessment } from "../events/severity";
import { postureLine } from "../posture/posture-words";
import type { RootPosture } from "../posture/root-posture";
import { raisedSentence, type RaisedSeverity } from "../posture/severity-raise";

/** The section headings, in order: a line of the email that looks like one of these is one of ours. */
export const EMAIL_HEADINGS = ["WHAT HAPPENED", "SEE IT IN CLOUDTRAIL", "WHAT TO DO", "FULL EVENT"] as const;

interface EmailBodyInput {
  readonly activity: RootActivity;
  readonly story: Story;
  readonly severity: SeverityAssessment;
  /** When the root posture raised the severity (severity-raise.ts). */
  readonly raised?: RaisedSeverity["raised"];
  /** The root posture of the account (posture/). */
  readonly posture: RootPosture;
  /** The account's IAM alias, when it has one and the lookup succeeded; display-safe. */
  readonly accountAlias?: string;
  /** The event as pretty JSON, hidden characters escaped, possibly shortened; absent when it was left out. */
  readonly eventJson?: string;
  /** Said above the JSON when it was shortened or left out. */
  readonly eventJsonNote?: string;
}

/** `alias (123456789012)`, or the bare account id when there is no alias. */
export function accountDisplay(accountId: string, accountAlias?: string): string {
  return accountAlias ? `${accountAlias} (${accountId})` : accountId;
}

function whatHappened(input: EmailBodyInput): Array<[string, string]> {
  const { activity, severity } = input;
  const rows: Array<[string, string]> = [
    ["Severity", `${severity.severity.toUpperCase()}: ${severity.reason}${input.raised ? `; ${raisedSentence(input.raised)}` : ""}`],
    ["Event", `${activity.eventName} (${activity.eventSource})`],
  ];
  if (activity.signIn) {
    rows.push(["Result", activity.signIn.result]);
    if (activity.signIn.failureReason) rows.push(["Failure reason", activity.signIn.failureReason]);
    rows.push(["MFA used", activity.signIn.mfaUsed]);
  } else {
    if (activity.outcome) rows.push(["Result", activity.outcome]);
    if (activity.errorCode || activity.errorMessage) {
      rows.push(["Error", [activity.errorCode, activity.errorMessage].filter((part) => part !== undefined).join(" - ")]);
    }
  }
  const call = activity.assumeRoot;
  if (call) {
    rows.push(["Assumed by", `${call.callerArn} (${call.callerType}, account ${call.callerAccountId})`], ["Member account", call.targetPrincipal], ["Task policy", call.taskPolicyArn]);
    if (call.sessionAccessKeyId) rows.push(["Session key", call.sessionAccessKeyId]);
  }
  // Whose key: an IAM user's when the call named one, root's own only when it named none.
  const owner = activity.accessKeyUser === undefined ? "" : ` of IAM user ${activity.accessKeyUser}`;
  if (activity.accessKeyUser !== undefined) rows.push(["For IAM user", activity.accessKeyUser]);
  if (activity.newAccessKeyId) rows.push(["New access key", `${activity.newAccessKeyId} (a long-lived ${owner ? `access key${owner}` : "root access key"})`]);
  if (activity.updatedAccessKey) rows.push(["Access key set", `${activity.updatedAccessKey.accessKeyId}${owner} to ${activity.updatedAccessKey.status}`]);
  rows.push(
    ["Account", accountDisplay(activity.accountId, input.accountAlias)],
    ["Time (UTC)", formatEventTimeUtc(activity.eventTime)],
    ["Region", activity.region],
    ["Source IP", activity.sourceIp],
    ["User agent", activity.userAgent],
    ["Read-only", activity.readOnly],
  );
  const credentials = call ? undefined : credentialsLine(activity.credentials);
  if (credentials) rows.push(["Credentials", credentials]);
  if (activity.credentials.mfaAuthenticated && !call) rows.push(["Session MFA", activity.credentials.mfaAuthenticated]);
  if (activity.invokedBy) rows.push(["Invoked by", `${activity.invokedBy} (the AWS console)`]);
  rows.push(["Identity", `${activity.identityType} ${activity.principalArn}`], ["Event ID", activity.eventId]);
  return rows;
}

export function formatEmailBody(input: EmailBodyInput): string {
  const { activity, story } = input;
  const rows = whatHappened(input);
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  const [happened, link, todo, full] = EMAIL_HEADINGS;
  return [
    story.opening(accountDisplay(activity.accountId, input.accountAlias)),
    story.headline,
    // Its own line, not a row of the table below: every email's line, the same words in every message.
    postureLine(input.posture),
    "",
    happened,
    ...rows.map(([name, value]) => `${`${name}:`.padEnd(width)}${value}`),
    "",
    link,
    cloudTrailEventHistoryLink(activity.region, activity.eventId),
    "",
    todo,
    ...story.advice.map((step, index) => `${index + 1}. ${step}`),
    "",
    full,
    ...(input.eventJsonNote ? [input.eventJsonNote] : []),
    ...(input.eventJson !== undefined ? [input.eventJson] : []),
    "",
  ].join("\n");
}
