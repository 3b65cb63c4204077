/**
 * The story of an `sts:AssumeRoot` call: a principal of the organization took short-term root
 * credentials for a member account, within a task policy. Not someone holding the root password:
 * the advice leads to that principal and to the session's key. Pure; every value it reads is
 * already display-safe.
 */
import type { Story } from "./event-story";
import type { RootActivity } from "../events/root-activity";

export function assumeRootStory(activity: Pick<RootActivity, "failed" | "assumeRoot" | "principalArn" | "sourceIp">): Story {
  const call = activity.assumeRoot;
  const caller = call?.callerArn ?? activity.principalArn;
  const target = call?.targetPrincipal ?? "unknown";
  const policy = call?.taskPolicyArn ?? "unknown";
  return {
    name: "assume-root",
    subjectLabel: "Centralized root access",
    opening: (account) => `Centralized root access requested in AWS account ${account} for member account ${target}.`,
    headline: activity.failed
      ? `sts:AssumeRoot: the principal ${caller} tried to take root credentials for member account ${target} (task policy ${policy}); the call FAILED.`
      : `sts:AssumeRoot: the principal ${caller} took short-term root credentials for member account ${target} (task policy ${policy}). For up to 15 minutes it can act there as the root user, within that policy.`,
    advice: [
      `Confirm with whoever controls ${caller} that this privileged task was planned. If it was, nothing more is needed.`,
      call?.sessionAccessKeyId
        ? `In member account ${target}'s CloudTrail, look up the access key ${call.sessionAccessKeyId}: its records are everything done as root in this session.`
        : `In member account ${target}'s CloudTrail, look for root records made with this session's key (responseElements.credentials.accessKeyId of this event).`,
      "If it was not planned: take sts:AssumeRoot away from this principal (its IAM policies, or the sts:TaskPolicyArn condition key in a policy) and review what else it did.",
      `Review CloudTrail in every region for everything else done by ${caller} or from ${activity.sourceIp}.`,
    ],
  };
}
