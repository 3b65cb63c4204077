/**
 * The plain-text notification a person reads: what happened, in which account, where to look, what
 * to do, then the event itself. Pure.
 */
import { cloudTrailEventHistoryLink } from "./console-link";
import { formatEventTimeUtc } from "./event-time";
import type { RootActivity } from "./root-activity";

export interface EmailBodyInput {
  readonly activity: RootActivity;
  /** The account's IAM alias, when it has one and the lookup succeeded. */
  readonly accountAlias?: string;
  /** The event as pretty JSON, possibly shortened to fit SNS's size limit; absent when it was left out. */
  readonly eventJson?: string;
  /** Said above the JSON when it was shortened or left out. */
  readonly eventJsonNote?: string;
}

/** `alias (123456789012)`, or the bare account id when there is no alias. */
export function accountDisplay(accountId: string, accountAlias?: string): string {
  return accountAlias ? `${accountAlias} (${accountId})` : accountId;
}

export function headline(activity: RootActivity): string {
  switch (activity.kind) {
    case "console-sign-in":
      return activity.failed
        ? "Someone tried to sign in to the AWS console as the root user, and the sign-in FAILED."
        : "Someone signed in to the AWS console as the root user.";
    case "console-action":
      return `The root user performed the console action ${activity.eventName} (${activity.eventSource}).`;
    case "api-call":
      return activity.failed
        ? `The root user called ${activity.eventName} (${activity.eventSource}); the call FAILED.`
        : `The root user called ${activity.eventName} (${activity.eventSource}).`;
  }
}

function whatHappened(activity: RootActivity): Array<[string, string]> {
  const rows: Array<[string, string]> = [["Event", `${activity.eventName} (${activity.eventSource})`]];
  if (activity.signIn) {
    rows.push(["Result", activity.signIn.result]);
    if (activity.signIn.failureReason) rows.push(["Failure reason", activity.signIn.failureReason]);
    rows.push(["MFA used", activity.signIn.mfaUsed]);
  } else if (activity.failed) {
    rows.push(["Error", activity.errorMessage ? `${activity.errorCode} - ${activity.errorMessage}` : `${activity.errorCode}`]);
  }
  rows.push(
    ["Time (UTC)", formatEventTimeUtc(activity.eventTime)],
    ["Region", activity.region],
    ["Source IP", activity.sourceIp],
    ["User agent", activity.userAgent],
    ["Read-only", activity.readOnly],
  );
  if (activity.accessKeyId) rows.push(["Access key", activity.accessKeyId]);
  rows.push(["Identity", `${activity.identityType} ${activity.principalArn}`], ["Event ID", activity.eventId]);
  return rows;
}

function whatToDo(activity: RootActivity): string[] {
  const steps = [
    "Confirm with the account's owner that this root activity was expected. If it was, nothing more is needed.",
    activity.kind === "console-sign-in" && activity.failed
      ? "If it was not: someone knows the root user's email address and is trying to get in. Make sure the root password is long and unique and that MFA is on."
      : "If it was not: reset the root user's password at once and sign out its other sessions.",
    "Check that MFA is enabled on the root user and that the MFA device is one your team controls.",
    activity.accessKeyId && activity.kind === "api-call"
      ? `This call used the access key ${activity.accessKeyId}. Root access keys should not exist: find and delete them (IAM > Security credentials, signed in as root).`
      : "Look for root access keys (IAM > Security credentials, signed in as root) and delete any you find.",
    `Review CloudTrail in every region for everything else done as root or from ${activity.sourceIp}.`,
  ];
  return steps.map((step, index) => `${index + 1}. ${step}`);
}

export function formatEmailBody(input: EmailBodyInput): string {
  const { activity } = input;
  const account = accountDisplay(activity.accountId, input.accountAlias);
  const rows = whatHappened(activity);
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return [
    `Root user activity in AWS account ${account}.`,
    headline(activity),
    "",
    "WHAT HAPPENED",
    ...rows.map(([name, value]) => `${`${name}:`.padEnd(width)}${value}`),
    "",
    "ACCOUNT",
    account,
    "",
    "SEE IT IN CLOUDTRAIL",
    cloudTrailEventHistoryLink(activity.region, activity.eventId),
    "",
    "WHAT TO DO",
    ...whatToDo(activity),
    "",
    "FULL EVENT",
    ...(input.eventJsonNote ? [input.eventJsonNote] : []),
    ...(input.eventJson !== undefined ? [input.eventJson] : []),
    "",
  ].join("\n");
}
