/**
 * How urgent a root event is, from one table: rows of data, each with the reason a reader is shown.
 * The first row that matches decides; the last row matches everything. The README's severity table is
 * printed from these rows. Pure.
 *
 * Rows match on the event source and name. A row about this monitor's own resources (its rule,
 * function, topic, queues, table, topic key) matches every such change, not only the monitor's: the
 * handler cannot tell all of its own resource names from a record, and root changing any EventBridge
 * rule or Lambda function is rare enough to deserve a look.
 */
import { ADMINISTRATOR_ACCESS_SUFFIX, TRUSTED_OUTSIDE } from "./key-parameters";
import type { RootActivity } from "./root-activity";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The facts a condition reads; a `RootActivity` has them all. */
type SeverityFacts = Pick<RootActivity, "kind" | "eventName" | "eventSource" | "readOnly" | "signIn" | "credentials" | "updatedAccessKey" | "parameters" | "accessKeyUser"> &
  Partial<Pick<RootActivity, "memberRootChange">>;

/**
 * When an action is told: `at once`, in a message of its own (several of one session in the same
 * publish second share one), or `with the session`, in its session's alert or digest. By default
 * critical and high actions are told at once, medium and low ones with the session.
 */
export type Telling = "at once" | "with the session";

/** Conditions beyond source and name, by name, each with the words the README shows for it. */
export const SEVERITY_CONDITIONS = {
  "key-for-iam-user": { text: "`userName` names an IAM user: the key is that user's", test: (facts: SeverityFacts) => facts.accessKeyUser !== undefined },
  "user-key-set-active": {
    text: "the status set is `Active` and `userName` names an IAM user",
    test: (facts: SeverityFacts) => facts.accessKeyUser !== undefined && facts.updatedAccessKey?.status === "Active",
  },
  "key-set-active": { text: "the status set is `Active`", test: (facts: SeverityFacts) => facts.updatedAccessKey?.status === "Active" },
  "signed-in-without-mfa": {
    text: "the sign-in succeeded without MFA",
    test: (facts: SeverityFacts) => facts.signIn?.result === "Success" && facts.signIn.mfaUsed !== "Yes",
  },
  "signed-in-with-mfa": {
    text: "the sign-in succeeded with MFA",
    test: (facts: SeverityFacts) => facts.signIn?.result === "Success" && facts.signIn.mfaUsed === "Yes",
  },
  "administrator-policy": {
    text: "the policy is `AdministratorAccess`",
    test: (facts: SeverityFacts) => facts.parameters?.policy?.endsWith(ADMINISTRATOR_ACCESS_SUFFIX) === true,
  },
  "trusts-outside": {
    text: "its trust policy lets in another account, or anyone",
    test: (facts: SeverityFacts) => facts.parameters?.[TRUSTED_OUTSIDE] !== undefined,
  },
  "sign-in-failed": { text: "the sign-in failed", test: (facts: SeverityFacts) => facts.signIn?.result === "Failure" },
  "long-lived-key": {
    text: "made with a long-lived root access key (`AKIA...`)",
    test: (facts: SeverityFacts) => facts.credentials.kind === "root-access-key",
  },
  "console-action": { text: "a console action", test: (facts: SeverityFacts) => facts.kind === "console-action" },
  write: { text: "not read-only (or not known to be)", test: (facts: SeverityFacts) => facts.readOnly !== "yes" },
  "read-only": { text: "read-only", test: (facts: SeverityFacts) => facts.readOnly === "yes" },
  "member-root-change": {
    text: "made by a principal other than root, for a member account (or the organization)",
    test: (facts: SeverityFacts) => facts.memberRootChange !== undefined,
  },
} as const;

type SeverityCondition = keyof typeof SEVERITY_CONDITIONS;

export interface SeverityRow {
  readonly severity: Severity;
  /** Matches only this event source; any source when absent. */
  readonly eventSource?: string;
  /** Matches only these event names (exactly); any name when both lists are absent. */
  readonly eventNames?: readonly string[];
  /** Matches event names that start with one of these: Lambda's names carry an API version (`UpdateFunctionCode20150331v2`). */
  readonly eventNamePrefixes?: readonly string[];
  readonly condition?: SeverityCondition;
  /** What the reader is told: why this matters. */
  readonly reason: string;
  /** @default "at once" for critical and high, "with the session" for medium and low */
  readonly tell?: Telling;
}

export const SEVERITY_TABLE: readonly SeverityRow[] = [
  // critical: the account's keys, locks and alarms. An IAM user's key comes first: a call naming a user is never about a root key.
  { severity: "critical", eventSource: "iam.amazonaws.com", eventNames: ["CreateAccessKey"], condition: "key-for-iam-user", reason: "root created an access key for an IAM user: long-lived credentials minted for someone else" },
  { severity: "critical", eventSource: "iam.amazonaws.com", eventNames: ["UpdateAccessKey"], condition: "user-key-set-active", reason: "root turned an IAM user's access key back on" },
  { severity: "critical", eventSource: "iam.amazonaws.com", eventNames: ["CreateAccessKey"], reason: "a new root access key: long-lived credentials that work without the password or MFA" },
  { severity: "critical", eventSource: "iam.amazonaws.com", eventNames: ["UpdateAccessKey"], condition: "key-set-active", reason: "a root access key was turned back on" },
  { severity: "critical", eventSource: "iam.amazonaws.com", eventNames: ["DeactivateMFADevice", "DeleteVirtualMFADevice"], reason: "an MFA device was removed: a password alone may now be enough to sign in" },
  { severity: "critical", eventNames: ["PasswordRecoveryRequested", "PasswordRecoveryCompleted"], reason: "a root password reset: whoever completes it holds the root password" },
  { severity: "critical", eventNames: ["PasswordUpdated"], reason: "the root password was changed: whoever changed it holds the new one" },
  { severity: "critical", eventNames: ["EmailUpdated"], reason: "the root email address was changed: password resets now go to the new address" },
  { severity: "critical", eventNames: ["ConsoleLogin"], condition: "signed-in-without-mfa", reason: "a root console sign-in without MFA: the password alone was enough" },
  { severity: "critical", eventSource: "cloudtrail.amazonaws.com", eventNames: ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"], reason: "CloudTrail logging stopped or changed: without it this monitor, and every audit, is blind" },
  { severity: "critical", eventSource: "events.amazonaws.com", eventNames: ["DeleteRule", "DisableRule", "RemoveTargets", "PutRule", "PutTargets"], reason: "an EventBridge rule or its targets changed: this monitor's own rule can be silenced this way" },
  { severity: "critical", eventSource: "lambda.amazonaws.com", eventNamePrefixes: ["DeleteFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration", "PutFunctionConcurrency", "RemovePermission", "DeleteEventSourceMapping", "UpdateEventSourceMapping"], reason: "a Lambda function changed: this monitor's own function can be stopped or replaced this way" },
  { severity: "critical", eventSource: "sns.amazonaws.com", eventNames: ["DeleteTopic", "Unsubscribe", "SetTopicAttributes", "SetSubscriptionAttributes"], reason: "an SNS topic or subscription changed: this monitor's own topic can stop telling anyone this way" },
  { severity: "critical", eventSource: "sqs.amazonaws.com", eventNames: ["DeleteQueue", "PurgeQueue", "SetQueueAttributes"], reason: "an SQS queue changed: this monitor's own queues can lose events this way" },
  { severity: "critical", eventSource: "dynamodb.amazonaws.com", eventNames: ["DeleteTable"], reason: "a DynamoDB table was deleted: this monitor's own state can be lost this way" },
  { severity: "critical", eventSource: "kms.amazonaws.com", eventNames: ["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy"], reason: "a KMS key was disabled, scheduled for deletion or re-permissioned: without its topic key this monitor sends nothing" },
  { severity: "critical", eventSource: "organizations.amazonaws.com", eventNames: ["LeaveOrganization"], reason: "the account leaves its organization, and the organization's guardrails with it" },
  { severity: "critical", eventNames: ["CloseAccount"], reason: "an account is being closed" },
  { severity: "critical", eventSource: "account.amazonaws.com", condition: "member-root-change", reason: "the management account is changing a member account's root email or contacts: whoever receives the mail can take the member's root user" },
  { severity: "critical", eventSource: "iam.amazonaws.com", condition: "member-root-change", reason: "centralized root management changed: who may manage members' root credentials or act as their root" },
  { severity: "critical", eventSource: "iam.amazonaws.com", eventNames: ["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy"], condition: "administrator-policy", reason: "AdministratorAccess given to a user, role or group: an administrator made, the classic way to keep a way in" },
  { severity: "critical", eventSource: "iam.amazonaws.com", eventNames: ["CreateRole", "UpdateAssumeRolePolicy"], condition: "trusts-outside", reason: "a role that another account (or anyone) can assume: a way back in from outside" },
  { severity: "critical", eventSource: "sts.amazonaws.com", eventNames: ["AssumeRoot"], reason: "centralized root access: a principal took short-term root credentials for a member account" },
  // high: someone at the door, or long-lived keys, or the account's identity and guardrails
  { severity: "high", eventNames: ["ConsoleLogin"], condition: "sign-in-failed", tell: "with the session", reason: "a failed root sign-in: someone knows the root email address and is trying to get in" },
  { severity: "high", eventSource: "iam.amazonaws.com", eventNames: ["CreateUser", "CreateLoginProfile", "UpdateLoginProfile"], reason: "an IAM user made, or given a console password: a way in that no longer needs root" },
  { severity: "high", eventSource: "iam.amazonaws.com", eventNames: ["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy", "PutUserPolicy", "PutRolePolicy", "PutGroupPolicy", "AddUserToGroup", "CreatePolicyVersion", "SetDefaultPolicyVersion"], reason: "permissions given to a user, role or group" },
  { severity: "high", eventSource: "iam.amazonaws.com", eventNames: ["CreateRole", "UpdateAssumeRolePolicy"], reason: "a role made, or whom it trusts changed" },
  { severity: "high", eventSource: "iam.amazonaws.com", condition: "write", reason: "root changed IAM: users, roles, policies or credentials" },
  { severity: "high", eventSource: "s3.amazonaws.com", eventNames: ["PutBucketPolicy", "PutBucketAcl", "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock", "PutPublicAccessBlock", "DeletePublicAccessBlock", "PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock"], reason: "a bucket's policy, ACL or public access block changed (or the account's): data may now be public" },
  { severity: "high", eventSource: "organizations.amazonaws.com", eventNames: ["AttachPolicy", "DetachPolicy", "UpdatePolicy", "DeletePolicy", "DisablePolicyType"], reason: "an organization policy (a service control policy, ...) attached, detached, changed or turned off: the organization's guardrails change" },
  { severity: "high", eventSource: "organizations.amazonaws.com", condition: "write", reason: "root changed the organization" },
  { severity: "high", eventSource: "account.amazonaws.com", condition: "write", reason: "root changed the account's settings or contacts" },
  { severity: "high", eventSource: "guardduty.amazonaws.com", eventNames: ["DeleteDetector", "UpdateDetector", "DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount", "DeleteMembers", "DisassociateMembers", "StopMonitoringMembers", "CreateFilter", "UpdateFilter", "CreateIPSet", "UpdateIPSet"], reason: "a GuardDuty detector turned off or changed, or its findings filtered away" },
  { severity: "high", eventSource: "securityhub.amazonaws.com", eventNames: ["DisableSecurityHub", "BatchDisableStandards", "DisableImportFindingsForProduct"], reason: "Security Hub, or some of its checks, turned off" },
  { severity: "high", eventSource: "config.amazonaws.com", eventNames: ["StopConfigurationRecorder", "DeleteConfigurationRecorder", "DeleteDeliveryChannel", "DeleteConfigRule", "DeleteConformancePack"], reason: "AWS Config recording stopped, or its rules deleted" },
  { severity: "high", eventSource: "cloudtrail.amazonaws.com", condition: "write", reason: "root changed CloudTrail" },
  // After every row about what an action does: the key says who, and its session's alert already said it.
  { severity: "high", condition: "long-lived-key", tell: "with the session", reason: "made with a long-lived root access key, which should not exist" },
  // medium: root at work
  { severity: "medium", eventNames: ["ConsoleLogin"], condition: "signed-in-with-mfa", tell: "at once", reason: "a root console sign-in with MFA: expected only for the few tasks that need root" },
  { severity: "medium", condition: "console-action", reason: "a root action in the console" },
  // low: root looking around
  { severity: "low", condition: "read-only", reason: "a read-only root call" },
  // the last row matches everything that is left
  { severity: "medium", reason: "a root call that can change something, or is not known to be read-only" },
];

export interface SeverityAssessment {
  readonly severity: Severity;
  readonly reason: string;
  /** Told in a message of its own (see Telling). */
  readonly atOnce: boolean;
}

/** When a row's actions are told: its own `tell`, else by its severity. */
export const tellingOf = (row: Pick<SeverityRow, "severity" | "tell">): Telling => row.tell ?? (row.severity === "critical" || row.severity === "high" ? "at once" : "with the session");

export function rowMatches(row: SeverityRow, facts: SeverityFacts): boolean {
  if (row.eventSource !== undefined && row.eventSource !== facts.eventSource) return false;
  const named = row.eventNames !== undefined || row.eventNamePrefixes !== undefined;
  if (named && !(row.eventNames?.includes(facts.eventName) || row.eventNamePrefixes?.some((prefix) => facts.eventName.startsWith(prefix)))) return false;
  return row.condition === undefined || SEVERITY_CONDITIONS[row.condition].test(facts);
}

export function assessSeverity(facts: SeverityFacts): SeverityAssessment {
  const row = SEVERITY_TABLE.find((candidate) => rowMatches(candidate, facts)) ?? SEVERITY_TABLE[SEVERITY_TABLE.length - 1];
  return { severity: row.severity, reason: row.reason, atOnce: tellingOf(row) === "at once" };
}
