/**
 * The function's self-check of one Region: the trail, each rule (enabled, targeting what it should,
 * its dead-letter queue empty) and, in the delivery's Region, the unprocessed queue and the topic's
 * subscriptions. A check that cannot be made (access denied, a timeout) is a problem too: the
 * monitor cannot say that it sees.
 */
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { errorName, type Finding } from "./finding";
import { checkQueueEmpty } from "./queue-depth";
import { checkRuleState } from "./rule-state";
import { checkRuleTarget } from "./rule-target";
import { checkSubscriptions } from "./subscriptions";
import { checkTrail } from "./trail";
import type { WatchedRegion } from "./watched";

/** The SDK clients of one Region. */
export interface RegionClients {
  readonly cloudtrail: CloudTrailClient;
  readonly events: EventBridgeClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
}

/** A check that could not be made (access denied, a timeout): a problem too, since the monitor cannot say that it sees. */
export function couldNotCheck(region: string, check: string, error: unknown): Finding {
  const why = `${errorName(error) || "Error"}: ${error instanceof Error ? error.message : String(error)}`;
  return { region, check, level: "fail", message: `could not check (${why}): the monitor cannot tell whether it sees here. Run npm run doctor.`, summary: `could not check the ${check}` };
}

async function guarded(region: string, check: string, run: () => Promise<Finding>): Promise<Finding> {
  try {
    return await run();
  } catch (error) {
    return couldNotCheck(region, check, error);
  }
}

export async function checkWatchedRegion(watched: WatchedRegion, clientsIn: (region: string) => RegionClients, includeReadOnlyEvents: boolean): Promise<Finding[]> {
  const { region } = watched;
  const { events, sqs, sns } = clientsIn(region);
  const findings = [await guarded(region, "CloudTrail", () => checkTrail(region, (where) => clientsIn(where).cloudtrail))];
  for (const rule of watched.rules) {
    findings.push(await guarded(region, rule.check, () => checkRuleState(events, region, rule, includeReadOnlyEvents)));
    findings.push(await guarded(region, rule.targetCheck, () => checkRuleTarget(events, region, rule)));
    findings.push(await guarded(region, rule.deadLetterQueue.check, () => checkQueueEmpty(sqs, region, rule.deadLetterQueue)));
  }
  const delivery = watched.delivery;
  if (delivery) {
    findings.push(await guarded(region, delivery.unprocessedQueue.check, () => checkQueueEmpty(sqs, region, delivery.unprocessedQueue)));
    findings.push(await guarded(region, "subscriptions", () => checkSubscriptions(sns, region, delivery)));
  }
  return findings;
}
