/**
 * Whose access key a `CreateAccessKey` or `UpdateAccessKey` (to `Active`) call made or turned back
 * on, told truthfully. A call that names an IAM user (`requestParameters.userName`) minted or revived
 * THAT user's long-lived credentials: the story names the user and the advice leads to that user's
 * keys. Only a call that names no user is about a root access key. Both are critical (severity.ts):
 * root handing long-lived credentials to someone else is as serious as keeping some itself.
 * Pure; every value it reads is already display-safe (see root-activity.ts).
 */
import type { Story } from "./event-story";
import type { RootActivity } from "../events/root-activity";
import type { RootStoryParts } from "./root-story-parts";

type AccessKeyStoryName = "access-key-created" | "access-key-activated";

/** The steps and opening every root story shares (root-story-parts.ts). */
type SharedStoryParts = Pick<RootStoryParts, "opening" | "confirm" | "mfaCheck" | "review">;

type KeyFacts = Pick<RootActivity, "failed" | "newAccessKeyId" | "updatedAccessKey" | "accessKeyUser">;

const ROOT_KEYS_PAGE = "sign in as root, open IAM > Security credentials > Access keys";
const userKeysPage = (user: string) => `open IAM > Users > ${user} > Security credentials > Access keys`;
const SIGNED_IN_AS_ROOT = "If it was not: whoever did it is signed in as root. Reset the root password and check MFA.";

export function accessKeyStory(name: AccessKeyStoryName, activity: KeyFacts, shared: SharedStoryParts): Story {
  const user = activity.accessKeyUser;
  const failed = activity.failed;
  const labelled = (label: string) => `${label}${failed ? " FAILED" : ""}`;
  if (name === "access-key-created") {
    const key = activity.newAccessKeyId;
    if (user === undefined) {
      return {
        name,
        subjectLabel: "Root API call",
        opening: shared.opening,
        headline: failed
          ? "The root user tried to create a root access key; the call FAILED, so no key was made."
          : `The root user created a new root access key${key ? ` ${key}` : ""}: long-lived credentials that work without the password or MFA.`,
        advice: [
          shared.confirm,
          failed
            ? "If it was not: someone signed in as root wants long-lived credentials. Reset the root password and check MFA."
            : `Unless your team made it on purpose, delete the key now: ${ROOT_KEYS_PAGE} and delete ${key ?? "the new key"} (deactivate it first if you must find what uses it). Root access keys should not exist.`,
          shared.mfaCheck,
          shared.review,
        ],
      };
    }
    return {
      name,
      subjectLabel: labelled("Root created IAM user key"),
      opening: shared.opening,
      headline: failed
        ? `The root user tried to create an access key for IAM user ${user}; the call FAILED, so no key was made.`
        : `The root user created an access key${key ? ` ${key}` : ""} for IAM user ${user}: long-lived credentials for that user, minted by root. It is that user's key, not root's own.`,
      advice: [
        shared.confirm,
        failed
          ? `If it was not: someone signed in as root wants long-lived credentials for IAM user ${user}. Reset the root password, check MFA, and review what ${user} may do.`
          : `Unless your team made it on purpose, delete the key now: ${userKeysPage(user)} and delete ${key ?? "the new key"} (deactivate it first if you must find what uses it). Then review what ${user} may do (its policies and groups) and whether it should exist.`,
        ...(failed ? [] : [SIGNED_IN_AS_ROOT]),
        shared.mfaCheck,
        shared.review,
      ],
    };
  }
  const key = activity.updatedAccessKey?.accessKeyId ?? "unknown";
  const whose = user === undefined ? `root access key ${key}` : `access key ${key} of IAM user ${user}`;
  return {
    name,
    subjectLabel: user === undefined ? "Root API call" : labelled("Root turned on IAM user key"),
    opening: shared.opening,
    headline: failed
      ? `The root user tried to turn ${whose} back on; the call FAILED, so the key stays as it was.`
      : user === undefined
        ? `The root user turned ${whose} back on: long-lived credentials that work without the password or MFA.`
        : `The root user turned ${whose} back on: that user's long-lived credentials work again. It is that user's key, not root's own.`,
    advice: [
      shared.confirm,
      failed
        ? SIGNED_IN_AS_ROOT
        : user === undefined
          ? `Unless your team did it on purpose, turn it off now and delete it: ${ROOT_KEYS_PAGE}, ${key}. Root access keys should not exist.`
          : `Unless your team did it on purpose, turn it off now: ${userKeysPage(user)}, ${key}: deactivate it, and delete it once you know what uses it. Then review what ${user} may do (its policies and groups).`,
      ...(failed ? [] : [SIGNED_IN_AS_ROOT]),
      shared.mfaCheck,
      shared.review,
    ],
  };
}
