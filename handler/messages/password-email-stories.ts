/**
 * The stories of the root user's password and email address: a reset asked for, a reset done, the
 * password changed, the email address changed. None of them is a sign-in, and each says who now
 * holds what. Pure; every value it reads is already display-safe.
 */
import type { Story } from "./event-story";
import type { RootActivity } from "../events/root-activity";
import { FIND_KEYS, RECOVER, SECURE_INBOX, type RootStoryParts } from "./root-story-parts";

type Facts = Pick<RootActivity, "failed">;

export function passwordRecoveryRequestedStory(activity: Facts, parts: RootStoryParts): Story {
  return {
    name: "password-recovery-requested",
    subjectLabel: parts.label("password reset"),
    opening: parts.opening,
    headline: activity.failed
      ? `Someone asked AWS to reset the root user's password ("Forgot password").${parts.failedNote}`
      : `Someone asked AWS to reset the root user's password ("Forgot password"): AWS sends the reset link to the root email address.`,
    advice: [
      parts.confirm,
      "If it was not: whoever asked knows the root email address. Do not use a reset link you did not ask for, and watch for the next step, PasswordRecoveryCompleted: it means the password was reset.",
      SECURE_INBOX,
      parts.mfaCheck,
      parts.review,
    ],
  };
}

export function passwordRecoveryCompletedStory(activity: Facts, parts: RootStoryParts): Story {
  return {
    name: "password-recovery-completed",
    subjectLabel: parts.label("password reset"),
    opening: parts.opening,
    headline: activity.failed
      ? `Someone tried to reset the root user's password through the link sent to the root email address.${parts.failedNote}`
      : "The root user's password was reset through the link sent to the root email address: whoever did it now holds the root password.",
    advice: [parts.confirm, RECOVER, SECURE_INBOX, parts.mfaCheck, FIND_KEYS, parts.review],
  };
}

export function passwordChangedStory(activity: Facts, parts: RootStoryParts): Story {
  return {
    name: "password-changed",
    subjectLabel: parts.label("password change"),
    opening: parts.opening,
    headline: activity.failed
      ? `Someone signed in as the root user tried to change the root password.${parts.triedAsRoot}`
      : "Someone signed in as the root user changed the root password: whoever did it holds the new password.",
    advice: [parts.confirm, RECOVER, parts.mfaCheck, FIND_KEYS, parts.review],
  };
}

export function emailChangedStory(activity: Facts, parts: RootStoryParts): Story {
  return {
    name: "email-changed",
    subjectLabel: parts.label("email change"),
    opening: parts.opening,
    headline: activity.failed
      ? `Someone signed in as the root user tried to change the root user's email address.${parts.triedAsRoot}`
      : "The root user's email address was changed: from now on password resets go to the new address, not the old one.",
    advice: [
      parts.confirm,
      "If it was not: contact AWS Support at once to recover the account. The old address can no longer reset the root password, and whoever changed it holds the root password and can read mail at the new address.",
      parts.mfaCheck,
      FIND_KEYS,
      parts.review,
    ],
  };
}
