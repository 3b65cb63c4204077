/**
 * What a root event is, told truthfully: a password reset is not a sign-in, a session key is not an
 * access key that can be deleted, and an AssumeRoot call is not someone holding the root password.
 * Each story gives the subject's label, the headline, facts for the summary and the advice that fits.
 * Pure; every value it reads is already display-safe (see root-activity.ts).
 */
import { accessKeyStory } from "./access-key-story";
import type { Credentials } from "../events/credentials";
import { memberRootChangeStory } from "./member-root-change-story";
import { CONSOLE_LOGIN, type RootActivity } from "../events/root-activity";

export type StoryName =
  | "console-sign-in"
  | "password-recovery-requested"
  | "password-recovery-completed"
  | "password-changed"
  | "email-changed"
  | "access-key-created"
  | "access-key-activated"
  | "mfa-removed"
  | "assume-root"
  | "member-root-change"
  | "console-action"
  | "api-call";

export interface Story {
  readonly name: StoryName;
  /** The subject's label, in the blog's `<label>-"<eventName>" detected in Account-"<account>"`. */
  readonly subjectLabel: string;
  /** The body's first line: whose activity, in which account (given as `alias (id)`). */
  readonly opening: (account: string) => string;
  /** One or two sentences: what happened. */
  readonly headline: string;
  /** What to do, in order; the caller numbers them. */
  readonly advice: readonly string[];
}

/** The event names told as a story of their own, each kept here with the story it tells. */
const STORY_BY_EVENT_NAME: ReadonlyMap<string, StoryName> = new Map<string, StoryName>([
  [CONSOLE_LOGIN, "console-sign-in"],
  ["PasswordRecoveryRequested", "password-recovery-requested"],
  ["PasswordRecoveryCompleted", "password-recovery-completed"],
  ["PasswordUpdated", "password-changed"],
  ["EmailUpdated", "email-changed"],
  ["CreateAccessKey", "access-key-created"],
  ["DeactivateMFADevice", "mfa-removed"],
  ["DeleteVirtualMFADevice", "mfa-removed"],
]);

const CONFIRM = "Confirm with the account's owner that this root activity was expected. If it was, nothing more is needed.";
const MFA_CHECK = "Check that MFA is enabled on the root user and that the MFA device is one your team controls.";
const RECOVER =
  "If it was not: get the account back at once. Reset the root password from the root email inbox (\"Forgot password\" on the root sign-in page); if that inbox no longer receives AWS's email, contact AWS Support to recover the account.";
const SECURE_INBOX = "Make sure the root email inbox is your team's alone, with its own strong password and MFA: whoever controls it can reset the root password.";
const FIND_KEYS = "Look for root access keys (IAM > Security credentials, signed in as root) and delete any you find.";

export function storyNameOf(activity: Pick<RootActivity, "eventName" | "kind" | "assumeRoot" | "updatedAccessKey"> & Partial<Pick<RootActivity, "memberRootChange">>): StoryName {
  if (activity.assumeRoot) return "assume-root";
  if (activity.memberRootChange) return "member-root-change";
  if (activity.eventName === "UpdateAccessKey" && activity.updatedAccessKey?.status === "Active") return "access-key-activated";
  return STORY_BY_EVENT_NAME.get(activity.eventName) ?? (activity.kind === "api-call" ? "api-call" : "console-action");
}

export function storyOf(activity: RootActivity): Story {
  const name = storyNameOf(activity);
  const rootOpening = (account: string) => `Root user activity in AWS account ${account}.`;
  const review = `Review CloudTrail in every region for everything else done as root or from ${activity.sourceIp}.`;
  const failedNote = activity.failed ? " It FAILED." : "";
  // Changing the password, the email address or MFA takes a root session: a failure still means someone had one.
  const triedAsRoot = " It FAILED, but only someone signed in as root can try.";
  const label = (what: string) => `Root ${what}${activity.failed ? " FAILED" : ""}`;
  switch (name) {
    case "console-sign-in": {
      const failed = activity.failed;
      const withoutMfa = !failed && activity.signIn?.result === "Success" && activity.signIn.mfaUsed !== "Yes";
      return {
        name,
        // A successful sign-in says in its subject whether MFA was used: the first thing to triage on.
        subjectLabel: failed
          ? "Root console sign-in FAILED"
          : `Root console sign-in ${activity.signIn?.mfaUsed === "Yes" ? "with MFA" : activity.signIn?.mfaUsed === "No" ? "WITHOUT MFA" : "(MFA not recorded)"}`,
        opening: rootOpening,
        headline: failed
          ? "Someone tried to sign in to the AWS console as the root user, and the sign-in FAILED."
          : withoutMfa
            ? "Someone signed in to the AWS console as the root user WITHOUT MFA: the password alone was enough."
            : "Someone signed in to the AWS console as the root user.",
        advice: [
          CONFIRM,
          failed
            ? "If it was not: someone knows the root user's email address and is trying to get in. Make sure the root password is long and unique and that MFA is on."
            : "If it was not: reset the root user's password at once and sign out its other sessions.",
          withoutMfa ? "Turn on MFA for the root user now: this sign-in needed only the password." : MFA_CHECK,
          FIND_KEYS,
          review,
        ],
      };
    }
    case "password-recovery-requested":
      return {
        name,
        subjectLabel: label("password reset"),
        opening: rootOpening,
        headline: activity.failed
          ? `Someone asked AWS to reset the root user's password ("Forgot password").${failedNote}`
          : `Someone asked AWS to reset the root user's password ("Forgot password"): AWS sends the reset link to the root email address.`,
        advice: [
          CONFIRM,
          "If it was not: whoever asked knows the root email address. Do not use a reset link you did not ask for, and watch for the next step, PasswordRecoveryCompleted: it means the password was reset.",
          SECURE_INBOX,
          MFA_CHECK,
          review,
        ],
      };
    case "password-recovery-completed":
      return {
        name,
        subjectLabel: label("password reset"),
        opening: rootOpening,
        headline: activity.failed
          ? `Someone tried to reset the root user's password through the link sent to the root email address.${failedNote}`
          : "The root user's password was reset through the link sent to the root email address: whoever did it now holds the root password.",
        advice: [CONFIRM, RECOVER, SECURE_INBOX, MFA_CHECK, FIND_KEYS, review],
      };
    case "password-changed":
      return {
        name,
        subjectLabel: label("password change"),
        opening: rootOpening,
        headline: activity.failed
          ? `Someone signed in as the root user tried to change the root password.${triedAsRoot}`
          : "Someone signed in as the root user changed the root password: whoever did it holds the new password.",
        advice: [CONFIRM, RECOVER, MFA_CHECK, FIND_KEYS, review],
      };
    case "email-changed":
      return {
        name,
        subjectLabel: label("email change"),
        opening: rootOpening,
        headline: activity.failed
          ? `Someone signed in as the root user tried to change the root user's email address.${triedAsRoot}`
          : "The root user's email address was changed: from now on password resets go to the new address, not the old one.",
        advice: [
          CONFIRM,
          "If it was not: contact AWS Support at once to recover the account. The old address can no longer reset the root password, and whoever changed it holds the root password and can read mail at the new address.",
          MFA_CHECK,
          FIND_KEYS,
          review,
        ],
      };
    case "access-key-created":
    case "access-key-activated":
      return accessKeyStory(name, activity, { opening: rootOpening, confirm: CONFIRM, mfaCheck: MFA_CHECK, review });
    case "mfa-removed":
      return {
        name,
        subjectLabel: "Root API call",
        opening: rootOpening,
        headline: activity.failed
          ? `The root user tried to remove an MFA device (${activity.eventName}).${triedAsRoot}`
          : `The root user removed an MFA device (${activity.eventName}): if it was the root user's own, the root password alone may now be enough to sign in; if an IAM user's, that user's password may be.`,
        advice: [
          CONFIRM,
          "If it was not: whoever did it is signed in as root. Reset the root password and assign the affected identity a new MFA device that your team controls, now.",
          FIND_KEYS,
          review,
        ],
      };
    case "assume-root": {
      const call = activity.assumeRoot;
      const caller = call?.callerArn ?? activity.principalArn;
      const target = call?.targetPrincipal ?? "unknown";
      const policy = call?.taskPolicyArn ?? "unknown";
      return {
        name,
        subjectLabel: "Centralized root access",
        opening: (account) => `Centralized root access requested in AWS account ${account} for member account ${target}.`,
        headline: activity.failed
          ? `sts:AssumeRoot: the principal ${caller} tried to take root credentials for member account ${target} (task policy ${policy}); the call FAILED.`
          : `sts:AssumeRoot: the principal ${caller} took short-term root credentials for member account ${target} (task policy ${policy}). For up to 15 minutes it can act there as the root user, within that policy.`,
        advice: [
          `Confirm with whoever controls ${caller} that this privileged task was planned. If it was, nothing more is needed.`,
          call?.sessionAccessKeyId
            ? `In member account ${target}'s CloudTrail, look up the access key ${call.sessionAccessKeyId}: its records are everything done as root in this session.`
            : `In member account ${target}'s CloudTrail, look for root records made with this session's key (responseElements.credentials.accessKeyId of this event).`,
          "If it was not planned: take sts:AssumeRoot away from this principal (its IAM policies, or the sts:TaskPolicyArn condition key in a policy) and review what else it did.",
          `Review CloudTrail in every region for everything else done by ${caller} or from ${activity.sourceIp}.`,
        ],
      };
    }
    case "member-root-change":
      return memberRootChangeStory(activity);
    case "console-action":
    case "api-call": {
      const how = `${activity.eventName} (${activity.eventSource})${activity.invokedBy ? " through the AWS console" : ""}`;
      const session = activity.credentials.kind === "centralized-root-session" ? " in a centralized root access session" : "";
      const headline =
        name === "console-action"
          ? `The root user performed the console action ${how}${session}${activity.failed ? "; it FAILED" : ""}.`
          : `The root user called ${how}${session}${activity.failed ? "; the call FAILED" : ""}.`;
      const centralized = activity.credentials.kind === "centralized-root-session";
      return {
        name,
        subjectLabel: name === "console-action" ? "Root console action" : "Root API call",
        opening: rootOpening,
        headline,
        advice: [
          CONFIRM,
          centralized
            ? "If it was not: find who opened the session (see the step about the session key below), and take sts:AssumeRoot away from them."
            : "If it was not: reset the root user's password at once and sign out its other sessions.",
          MFA_CHECK,
          credentialAdvice(activity.credentials),
          review,
        ],
      };
    }
  }
}

/** The step about the key the call was made with: only a long-lived key can and should be deleted. */
export function credentialAdvice(credentials: Credentials): string {
  const key = credentials.accessKeyId ?? "unknown";
  switch (credentials.kind) {
    case "root-access-key":
      return `This call used the long-lived root access key ${key}. Root access keys should not exist: find what uses it, then delete it (IAM > Security credentials, signed in as root).`;
    case "console-session":
      return `This call used ${key}, the temporary session key of a root console session: it expires on its own and cannot be deleted. Look for the root ConsoleLogin that began the session. ${FIND_KEYS}`;
    case "centralized-root-session":
      return `This call used ${key}, the session key of a centralized root access session (sts:AssumeRoot): it expires within 15 minutes and cannot be deleted. In the organization's management account (or the delegated administrator for IAM), the AssumeRoot event that returned this key names the principal that assumed root and the task policy.`;
    case "temporary-session":
      return `This call used ${key}, a temporary session key: it expires on its own and cannot be deleted. Root session keys come from sts:GetSessionToken called with a root access key, or from a centralized root access session (sts:AssumeRoot) of your organization: look up this key in CloudTrail, here and in the management account, to find which. ${FIND_KEYS}`;
    case "unknown-key":
      return `This call used the access key ${key}. ${FIND_KEYS}`;
    case "none":
      return FIND_KEYS;
  }
}

/** How the summary names the credentials, or undefined when the call used none. */
export function credentialsLine(credentials: Credentials): string | undefined {
  const key = credentials.accessKeyId ?? "unknown";
  switch (credentials.kind) {
    case "root-access-key":
      return `${key} (a long-lived root access key)`;
    case "console-session":
      return `${key} (session key of a root console session)`;
    case "centralized-root-session":
      return `${key} (session key of a centralized root access session)`;
    case "temporary-session":
      return `${key} (temporary session key)`;
    case "unknown-key":
      return key;
    case "none":
      return undefined;
  }
}
