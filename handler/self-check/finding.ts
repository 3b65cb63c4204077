/**
 * What one check answers: ok, warn (worth a look) or fail (a root action would go unreported), with
 * what is wrong and what to do. Shared by the function's daily self-check and `npm run doctor`.
 */

export type Level = "ok" | "warn" | "fail";

export interface Finding {
  /** The monitored Region the finding is about (where the thing checked lives). */
  readonly region: string;
  /** Which link was checked: "CloudTrail", "rule", "target", "dead-letter queue", ... */
  readonly check: string;
  readonly level: Level;
  /** What was found, and on a problem what to do about it. */
  readonly message: string;
  /** On a problem: a few words for a subject line ("rule root-activity-monitor is DISABLED"). */
  readonly summary?: string;
}

/** An AWS SDK error's name (its exception type), or "". */
export const errorName = (error: unknown): string => (error as { name?: string } | undefined)?.name ?? "";

/** A queue's name: the last path segment of its URL (https://sqs.<region>.amazonaws.com/<account>/<name>). */
export const queueNameOfUrl = (url: string): string => url.slice(url.lastIndexOf("/") + 1);

/** The parts of an ARN: arn:<partition>:<service>:<region>:<account>:<resource>. */
export function arnParts(arn: string): { readonly partition: string; readonly service: string; readonly region: string; readonly account: string; readonly resource: string } {
  const [, partition = "", service = "", region = "", account = "", ...resource] = arn.split(":");
  return { partition, service, region, account, resource: resource.join(":") };
}
