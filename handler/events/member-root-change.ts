/**
 * A call of the management account (or a delegated administrator) that changes a member account's
 * root user, or who AWS contacts about it, without a root session (src/contract/event-pattern.ts,
 * MEMBER_ROOT_CHANGE_CALLS): who made it, and for which member account (`requestParameters.accountId`).
 * Its caller is not root, as with sts:AssumeRoot (assume-root.ts). Pure.
 */
import { MEMBER_ROOT_CHANGE_CALLS } from "../../src/contract/event-pattern";
import { displayText } from "../messages/display-text";
import { field, nonEmptyTextOf } from "./lenient";

export interface MemberRootChange {
  /** What is changing: the member's root email, its contacts, or centralized root management of the organization. */
  readonly what: keyof typeof MEMBER_ROOT_CHANGE_CALLS;
  readonly callerArn: string;
  readonly callerType: string;
  readonly callerAccountId: string;
  /** The member account the call names; "unknown" for centralized root management (the whole organization). */
  readonly targetAccountId: string;
}

function whatOf(record: unknown): MemberRootChange["what"] | undefined {
  const source = field(record, "eventSource");
  const name = field(record, "eventName");
  for (const [what, calls] of Object.entries(MEMBER_ROOT_CHANGE_CALLS) as Array<[MemberRootChange["what"], (typeof MEMBER_ROOT_CHANGE_CALLS)[MemberRootChange["what"]]]>) {
    if (source === calls.eventSource && (calls.eventNames as readonly unknown[]).includes(name)) return what;
  }
  return undefined;
}

/** The change, when the record is one made by a principal other than root (root's own are root activity as ever). */
export function memberRootChangeOf(record: unknown): MemberRootChange | undefined {
  const what = whatOf(record);
  const identity = field(record, "userIdentity");
  if (what === undefined || field(identity, "type") === "Root") return undefined;
  const target = nonEmptyTextOf(field(field(record, "requestParameters"), "accountId"));
  // Contacts without an account id are the caller's own account's: not a member's (the rule lets none through).
  if (what === "contacts" && target === undefined) return undefined;
  return {
    what,
    callerArn: displayText(nonEmptyTextOf(field(identity, "arn"))),
    callerType: displayText(nonEmptyTextOf(field(identity, "type"))),
    callerAccountId: displayText(nonEmptyTextOf(field(identity, "accountId")) ?? nonEmptyTextOf(field(record, "recipientAccountId"))),
    targetAccountId: displayText(target, 64),
  };
}
