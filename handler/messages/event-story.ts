/**
 * What a root event is, told truthfully: a password reset is not a sign-in, a session key is not an
 * access key that can be deleted, and an AssumeRoot call is not someone holding the root password.
 * Each story gives the subject's label, the headline, facts for the summary and the advice that fits.
 * Which story an event tells is decided here; each story is told in its own file, chosen from a table.
 * Pure; every value it reads is already display-safe (see root-activity.ts).
 */
import { accessKeyStory } from "./access-key-story";
import { assumeRootStory } from "./assume-root-story";
import { consoleSignInStory } from "./console-sign-in-story";
import { memberRootChangeStory } from "./member-root-change-story";
import { mfaRemovedStory } from "./mfa-removed-story";
import { emailChangedStory, passwordChangedStory, passwordRecoveryCompletedStory, passwordRecoveryRequestedStory } from "./password-email-stories";
import { rootCallStory } from "./root-call-story";
import { rootStoryParts, type RootStoryParts } from "./root-story-parts";
import { CONSOLE_LOGIN, type RootActivity } from "../events/root-activity";

type StoryName =
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

function storyNameOf(activity: Pick<RootActivity, "eventName" | "kind" | "assumeRoot" | "updatedAccessKey"> & Partial<Pick<RootActivity, "memberRootChange">>): StoryName {
  if (activity.assumeRoot) return "assume-root";
  if (activity.memberRootChange) return "member-root-change";
  if (activity.eventName === "UpdateAccessKey" && activity.updatedAccessKey?.status === "Active") return "access-key-activated";
  return STORY_BY_EVENT_NAME.get(activity.eventName) ?? (activity.kind === "api-call" ? "api-call" : "console-action");
}

/** Tells one kind of story from the activity and the parts every root story shares. */
type StoryTeller = (activity: RootActivity, parts: RootStoryParts) => Story;

/** The teller of each story, by name. */
const STORY_TELLERS: { readonly [Name in StoryName]: StoryTeller } = {
  "console-sign-in": consoleSignInStory,
  "password-recovery-requested": passwordRecoveryRequestedStory,
  "password-recovery-completed": passwordRecoveryCompletedStory,
  "password-changed": passwordChangedStory,
  "email-changed": emailChangedStory,
  "access-key-created": (activity, parts) => accessKeyStory("access-key-created", activity, parts),
  "access-key-activated": (activity, parts) => accessKeyStory("access-key-activated", activity, parts),
  "mfa-removed": mfaRemovedStory,
  "assume-root": (activity) => assumeRootStory(activity),
  "member-root-change": (activity) => memberRootChangeStory(activity),
  "console-action": (activity, parts) => rootCallStory("console-action", activity, parts),
  "api-call": (activity, parts) => rootCallStory("api-call", activity, parts),
};

export function storyOf(activity: RootActivity): Story {
  return STORY_TELLERS[storyNameOf(activity)](activity, rootStoryParts(activity));
}
