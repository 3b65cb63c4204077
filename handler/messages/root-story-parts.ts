/**
 * The steps and phrases that root stories share: the opening, the confirm-first step, the checks on
 * MFA, the root inbox and root keys, and the closing review. Each story picks the ones that fit it.
 * Pure; every value it reads is already display-safe (see root-activity.ts).
 */
import type { RootActivity } from "../events/root-activity";

const CONFIRM = "Confirm with the account's owner that this root activity was expected. If it was, nothing more is needed.";
const MFA_CHECK = "Check that MFA is enabled on the root user and that the MFA device is one your team controls.";
export const RECOVER =
  "If it was not: get the account back at once. Reset the root password from the root email inbox (\"Forgot password\" on the root sign-in page); if that inbox no longer receives AWS's email, contact AWS Support to recover the account.";
export const SECURE_INBOX = "Make sure the root email inbox is your team's alone, with its own strong password and MFA: whoever controls it can reset the root password.";
export const FIND_KEYS = "Look for root access keys (IAM > Security credentials, signed in as root) and delete any you find.";

/** The parts of a root story that depend on the activity: its opening, its review step and how it says FAILED. */
export interface RootStoryParts {
  /** The body's first line: root activity in the account. */
  readonly opening: (account: string) => string;
  readonly confirm: string;
  readonly mfaCheck: string;
  /** The last step: review everything else done as root or from the same address. */
  readonly review: string;
  /** `Root <what>`, with ` FAILED` when the call failed. */
  readonly label: (what: string) => string;
  /** ` It FAILED.` when the call failed, else nothing. */
  readonly failedNote: string;
  /** For a failed call that only a root session can make. */
  readonly triedAsRoot: string;
}

export function rootStoryParts(activity: Pick<RootActivity, "failed" | "sourceIp">): RootStoryParts {
  return {
    opening: (account) => `Root user activity in AWS account ${account}.`,
    confirm: CONFIRM,
    mfaCheck: MFA_CHECK,
    review: `Review CloudTrail in every region for everything else done as root or from ${activity.sourceIp}.`,
    label: (what) => `Root ${what}${activity.failed ? " FAILED" : ""}`,
    failedNote: activity.failed ? " It FAILED." : "",
    // Changing the password, the email address or MFA takes a root session: a failure still means someone had one.
    triedAsRoot: " It FAILED, but only someone signed in as root can try.",
  };
}
