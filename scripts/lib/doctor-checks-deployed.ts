/**
 * What doctor reads of the deployment: the Terraform state's outputs name the rules by ARN and the
 * queues by URL; these turn them into what the checks take, and say so when an output is missing.
 */
import { arnParts, queueNameOfUrl, type Finding } from "../../handler/self-check/finding";

/** A finding for a Region whose state has no output of this kind: not deployed there, or deployed by a version without it. */
export const notInState = (region: string, check: string, output: string): Finding => ({
  region,
  check,
  level: "fail",
  message: `the Terraform state has no output ${output}: the monitor is not deployed here (or was deployed by an older version: apply this one)`,
});

/** A rule's name and bus from its ARN: arn:<partition>:events:<region>:<account>:rule/[<bus>/]<name>. */
export function ruleOfArn(arn: string): { readonly name: string; readonly eventBusName?: string } {
  const path = arnParts(arn).resource.split("/").slice(1);
  return path.length > 1 ? { eventBusName: path[0], name: path[1] } : { name: path[0] };
}

/** The ARN of the queue at `url` in `region`, in the partition and account of `sameAccountArn` (the outputs give queues by URL). */
export function queueArnOf(url: string, region: string, sameAccountArn: string): string {
  const { partition, account } = arnParts(sameAccountArn);
  return `arn:${partition}:sqs:${region}:${account}:${queueNameOfUrl(url)}`;
}

