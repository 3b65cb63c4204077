/**
 * The story of a member account's root email, contacts or centralized root management changed by the
 * management account (member-root-change.ts): who is changing what for which member, and what to do.
 * Pure; every value it reads is already display-safe.
 */
import type { Story } from "./event-story";
import type { RootActivity } from "../events/root-activity";

/** What the management account is changing, in words: the member's root email, its contacts, or centralized root management. */
const MEMBER_CHANGE_WORDS = {
  rootEmail: (target: string) => `member account ${target}'s root email address`,
  contacts: (target: string) => `member account ${target}'s contacts`,
  centralizedRoot: () => "centralized root management of every member account",
} as const;

export function memberRootChangeStory(activity: RootActivity): Story {
  const change = activity.memberRootChange;
  const caller = change?.callerArn ?? activity.principalArn;
  const target = change?.targetAccountId ?? "unknown";
  const what = MEMBER_CHANGE_WORDS[change?.what ?? "rootEmail"](target);
  const failed = activity.failed ? "; the call FAILED" : "";
  return {
    name: "member-root-change",
    subjectLabel: "Member root change",
    opening: (account) => `The management account ${account} is changing ${what}.`,
    headline: `${activity.eventName}: the principal ${caller} is changing ${what}, without a root session${failed}. Whoever controls the member's root email can reset its root password and take the account.`,
    advice: [
      `Confirm with whoever controls ${caller} that this change was planned. If it was, nothing more is needed.`,
      change?.what === "centralizedRoot"
        ? "If it was not: turn centralized root management back to how it was (IAM > Root access management) and take these IAM rights away from this principal."
        : `If it was not: stop it now. An email update takes a one-time code sent to the new address; contact AWS Support to recover member account ${target}'s root email if it went through, and take account:* rights away from this principal.`,
      `Review CloudTrail in every region for everything else done by ${caller} or from ${activity.sourceIp}.`,
    ],
  };
}
