/**
 * The sts:AssumeRoot call of AWS Organizations centralized root access, as CloudTrail records it in
 * the management (or delegated administrator) account: who asked, for which member account, with
 * which task policy, and the session key that the member account's records will then show. Field
 * names follow the record in the IAM User Guide, "Track privileged tasks in AWS CloudTrail". Pure.
 */
import { ASSUME_ROOT_CALL } from "../../src/contract/event-pattern";
import { displayText } from "../messages/display-text";
import { field, nonEmptyTextOf } from "./lenient";

export interface AssumeRootCall {
  /** The principal that asked for root: an assumed role or IAM user of the management account. */
  readonly callerArn: string;
  readonly callerType: string;
  readonly callerAccountId: string;
  /** The member account (or its root principal ARN) the session is for: `requestParameters.targetPrincipal`. */
  readonly targetPrincipal: string;
  /** The AWS managed task policy that scopes the session: `requestParameters.taskPolicyArn.arn`. */
  readonly taskPolicyArn: string;
  /** The session's access key id (`responseElements.credentials.accessKeyId`): the member account's records of the session carry it. */
  readonly sessionAccessKeyId?: string;
}

export function isAssumeRootCall(record: unknown): boolean {
  return field(record, "eventSource") === ASSUME_ROOT_CALL.eventSource && field(record, "eventName") === ASSUME_ROOT_CALL.eventName;
}

export function assumeRootCallOf(record: unknown): AssumeRootCall | undefined {
  if (!isAssumeRootCall(record)) return undefined;
  const identity = field(record, "userIdentity");
  const request = field(record, "requestParameters");
  const policy = field(request, "taskPolicyArn");
  const sessionKey = nonEmptyTextOf(field(field(field(record, "responseElements"), "credentials"), "accessKeyId"));
  return {
    callerArn: displayText(nonEmptyTextOf(field(identity, "arn"))),
    callerType: displayText(nonEmptyTextOf(field(identity, "type"))),
    callerAccountId: displayText(nonEmptyTextOf(field(identity, "accountId")) ?? nonEmptyTextOf(field(record, "recipientAccountId"))),
    targetPrincipal: displayText(nonEmptyTextOf(field(request, "targetPrincipal"))),
    // The documented record holds an object ({ "arn": ... }); a bare string is read too.
    taskPolicyArn: displayText(nonEmptyTextOf(field(policy, "arn")) ?? nonEmptyTextOf(policy)),
    sessionAccessKeyId: sessionKey === undefined ? undefined : displayText(sessionKey, 128),
  };
}
