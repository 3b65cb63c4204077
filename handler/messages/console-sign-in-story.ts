/**
 * The story of a root console sign-in: whether it failed, and whether MFA was used, which is the
 * first thing to triage on. Pure; every value it reads is already display-safe.
 */
import type { Story } from "./event-story";
import type { RootActivity } from "../events/root-activity";
import { FIND_KEYS, type RootStoryParts } from "./root-story-parts";

function signInLabel(activity: Pick<RootActivity, "failed" | "signIn">): string {
  if (activity.failed) return "Root console sign-in FAILED";
  const mfaUsed = activity.signIn?.mfaUsed;
  return `Root console sign-in ${mfaUsed === "Yes" ? "with MFA" : mfaUsed === "No" ? "WITHOUT MFA" : "(MFA not recorded)"}`;
}

export function consoleSignInStory(activity: RootActivity, parts: RootStoryParts): Story {
  const failed = activity.failed;
  const withoutMfa = !failed && activity.signIn?.result === "Success" && activity.signIn.mfaUsed !== "Yes";
  return {
    name: "console-sign-in",
    // A successful sign-in says in its subject whether MFA was used: the first thing to triage on.
    subjectLabel: signInLabel(activity),
    opening: parts.opening,
    headline: failed
      ? "Someone tried to sign in to the AWS console as the root user, and the sign-in FAILED."
      : withoutMfa
        ? "Someone signed in to the AWS console as the root user WITHOUT MFA: the password alone was enough."
        : "Someone signed in to the AWS console as the root user.",
    advice: [
      parts.confirm,
      failed
        ? "If it was not: someone knows the root user's email address and is trying to get in. Make sure the root password is long and unique and that MFA is on."
        : "If it was not: reset the root user's password at once and sign out its other sessions.",
      withoutMfa ? "Turn on MFA for the root user now: this sign-in needed only the password." : parts.mfaCheck,
      FIND_KEYS,
      parts.review,
    ],
  };
}
