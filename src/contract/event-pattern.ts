/**
 * The EventBridge pattern that selects root activity, as data: the construct puts it on the rule,
 * the tests run it through a real pattern matcher, the README prints it, and the handler's own
 * decision reads the same names.
 */

import { CLOUDTRAIL_EVENT_KINDS } from "./cloudtrail-event-kinds";

/** Every CloudTrail detail-type through which root activity reaches EventBridge. */
export const ROOT_ACTIVITY_DETAIL_TYPES = CLOUDTRAIL_EVENT_KINDS.map((kind) => kind.detailType);

/**
 * The one `invokedBy` value that still means the root user: the console acting for the person
 * signed in as root. Every other value is an AWS service acting on root's behalf, which is ignored.
 */
export const ROOT_CONSOLE_INVOKED_BY = "signin.amazonaws.com";

/**
 * The call that opens an AWS Organizations centralized root access session: a principal of the
 * management account (or the delegated administrator for IAM) asks STS for short-term root
 * credentials of a member account. The caller is not root, so the root clauses never see it.
 */
export const ASSUME_ROOT_CALL = { eventSource: "sts.amazonaws.com", eventName: "AssumeRoot" } as const;

/**
 * The calls with which the management account (or a delegated administrator) changes a member
 * account's root user or who AWS contacts about it, without a root session: the member's root email
 * (the primary email update, started and accepted by a principal of the management account), its
 * contacts, and centralized root management itself. Their caller is not root either.
 */
export const MEMBER_ROOT_CHANGE_CALLS = {
  /** Always about a member account: the management account cannot name its own. */
  rootEmail: { eventSource: "account.amazonaws.com", eventNames: ["StartPrimaryEmailUpdate", "AcceptPrimaryEmailUpdate"] },
  /** About a member account when the request names one (`accountId`); without it, the caller's own account. */
  contacts: { eventSource: "account.amazonaws.com", eventNames: ["PutAlternateContact", "DeleteAlternateContact", "PutContactInformation"] },
  /** Who may manage members' root credentials and open root sessions in them. */
  centralizedRoot: {
    eventSource: "iam.amazonaws.com",
    eventNames: ["EnableOrganizationsRootCredentialsManagement", "DisableOrganizationsRootCredentialsManagement", "EnableOrganizationsRootSessions", "DisableOrganizationsRootSessions"],
  },
} as const;

/**
 * Root activity, in six clauses (`$or`): the identity is the root user and no AWS service acted on
 * its behalf (`invokedBy` absent); or the root user acted through the console (`invokedBy` is
 * signin.amazonaws.com); or someone called sts:AssumeRoot; or someone changed a member account's
 * root email, its contacts, or centralized root management (MEMBER_ROOT_CHANGE_CALLS). Only events AWS itself wrote: EventBridge
 * refuses `aws.` sources in anyone's PutEvents, so an event made up by a principal who may put events
 * on the central bus (with scope = organization, a role of the right name in any member account)
 * is never told as root activity.
 */
export const ROOT_ACTIVITY_EVENT_PATTERN = {
  source: [{ prefix: "aws." }],
  "detail-type": [...ROOT_ACTIVITY_DETAIL_TYPES],
  detail: {
    $or: [
      { userIdentity: { type: ["Root"], invokedBy: [{ exists: false }] } },
      { userIdentity: { type: ["Root"], invokedBy: [ROOT_CONSOLE_INVOKED_BY] } },
      { eventSource: [ASSUME_ROOT_CALL.eventSource], eventName: [ASSUME_ROOT_CALL.eventName] },
      { eventSource: [MEMBER_ROOT_CHANGE_CALLS.rootEmail.eventSource], eventName: [...MEMBER_ROOT_CHANGE_CALLS.rootEmail.eventNames] },
      {
        eventSource: [MEMBER_ROOT_CHANGE_CALLS.contacts.eventSource],
        eventName: [...MEMBER_ROOT_CHANGE_CALLS.contacts.eventNames],
        requestParameters: { accountId: [{ exists: true }] },
      },
      { eventSource: [MEMBER_ROOT_CHANGE_CALLS.centralizedRoot.eventSource], eventName: [...MEMBER_ROOT_CHANGE_CALLS.centralizedRoot.eventNames] },
    ],
  },
} as const;

/**
 * The rule state. Without `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` EventBridge delivers no
 * read-only management events at all, so a root `GetCallerIdentity` or `ListBuckets`, typically an
 * intruder's first move, would go unseen.
 */
export function ruleState(includeReadOnlyEvents: boolean): "ENABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" {
  return includeReadOnlyEvents ? "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" : "ENABLED";
}
