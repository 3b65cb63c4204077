/**
 * The story of an MFA device removed by the root user (`DeactivateMFADevice`, `DeleteVirtualMFADevice`):
 * the root user's own or an IAM user's, a password alone may now be enough. Pure; every value it
 * reads is already display-safe.
 */
import type { Story } from "./event-story";
import type { RootActivity } from "../events/root-activity";
import { FIND_KEYS, type RootStoryParts } from "./root-story-parts";

export function mfaRemovedStory(activity: Pick<RootActivity, "failed" | "eventName">, parts: RootStoryParts): Story {
  return {
    name: "mfa-removed",
    subjectLabel: "Root API call",
    opening: parts.opening,
    headline: activity.failed
      ? `The root user tried to remove an MFA device (${activity.eventName}).${parts.triedAsRoot}`
      : `The root user removed an MFA device (${activity.eventName}): if it was the root user's own, the root password alone may now be enough to sign in; if an IAM user's, that user's password may be.`,
    advice: [
      parts.confirm,
      "If it was not: whoever did it is signed in as root. Reset the root password and assign the affected identity a new MFA device that your team controls, now.",
      FIND_KEYS,
      parts.review,
    ],
  };
}
