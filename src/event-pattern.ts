/**
 * The EventBridge pattern that selects root activity, as data: the construct puts it on the rule,
 * the tests run it through a real pattern matcher, and the README prints it.
 */

import { CLOUDTRAIL_EVENT_KINDS } from "./cloudtrail-event-kinds";

/** Every CloudTrail detail-type through which root activity reaches EventBridge. */
export const ROOT_ACTIVITY_DETAIL_TYPES = CLOUDTRAIL_EVENT_KINDS.map((kind) => kind.detailType);

/**
 * Root activity: the identity is the root user, and no AWS service acted on its behalf
 * (`invokedBy` absent), so that service calls never reach the function.
 */
export const ROOT_ACTIVITY_EVENT_PATTERN = {
  "detail-type": [...ROOT_ACTIVITY_DETAIL_TYPES],
  detail: {
    userIdentity: {
      type: ["Root"],
      invokedBy: [{ exists: false }],
    },
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
