/**
 * A burst of root activity as a console or CLI session makes it: many read-only and write calls
 * under a few access keys, with some critical moves among them. Deterministic (seeded), so the burst
 * test, the bench and the README's timeline see the same story. Every event is a full EventBridge
 * event of CloudTrail's shape, built from the recorded CreateVolume call.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";

export interface BurstOptions {
  readonly account: string;
  /** How many events in all. */
  readonly events: number;
  /** One access key per session. */
  readonly sessions: number;
  /** How many of the events are critical moves (spread through the burst). */
  readonly critical: number;
  /** When the first event happened; the rest follow 100 ms apart. */
  readonly start: Date;
  /** Regions the calls are spread over. @default ["us-east-1"] */
  readonly regions?: readonly string[];
}

/** Everyday calls of a root session: mostly reads, as the console's pages make them. */
const EVERYDAY_CALLS = [
  { eventSource: "s3.amazonaws.com", eventName: "ListBuckets", readOnly: true },
  { eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances", readOnly: true },
  { eventSource: "iam.amazonaws.com", eventName: "GetAccountSummary", readOnly: true },
  { eventSource: "sts.amazonaws.com", eventName: "GetCallerIdentity", readOnly: true },
  { eventSource: "ec2.amazonaws.com", eventName: "CreateVolume", readOnly: false },
] as const;

/** Critical moves: what an intruder with root does to stay in and stay unseen. */
const CRITICAL_CALLS = [
  { eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey", readOnly: false },
  { eventSource: "iam.amazonaws.com", eventName: "DeactivateMFADevice", readOnly: false },
  { eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", readOnly: false },
  { eventSource: "cloudtrail.amazonaws.com", eventName: "DeleteTrail", readOnly: false },
] as const;

/** The access key of session `index` (0-based): a temporary key, as a console or CLI session has. */
const sessionAccessKey = (index: number) => `ASIABURSTSESSION${String(index + 1).padStart(4, "0")}`;

/** A UUID-shaped id that is the same for the same inputs. */
const stableId = (kind: number, index: number) => `${String(kind).padStart(8, "0")}-0000-4000-8000-${String(index).padStart(12, "0")}`;

export function rootSessionBurst(options: BurstOptions): Array<Record<string, any>> {
  const template = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-api-call-create-volume.json"), "utf8"));
  const regions = options.regions ?? ["us-east-1"];
  const criticalEvery = Math.floor(options.events / (options.critical + 1));
  return Array.from({ length: options.events }, (_, index) => {
    const criticalIndex = options.critical > 0 && index > 0 && index % criticalEvery === 0 ? index / criticalEvery - 1 : -1;
    const call = criticalIndex >= 0 && criticalIndex < options.critical ? CRITICAL_CALLS[criticalIndex % CRITICAL_CALLS.length] : EVERYDAY_CALLS[index % EVERYDAY_CALLS.length];
    const session = index % options.sessions;
    const region = regions[index % regions.length];
    const time = new Date(options.start.getTime() + index * 100).toISOString().replace(/\.\d+Z$/, "Z");
    const event = structuredClone(template);
    event.id = stableId(1, index);
    event.account = options.account;
    event.time = time;
    event.region = region;
    event.source = `aws.${call.eventSource.split(".")[0]}`;
    Object.assign(event.detail, {
      eventTime: time,
      eventSource: call.eventSource,
      eventName: call.eventName,
      awsRegion: region,
      eventID: stableId(2, index),
      readOnly: call.readOnly,
      recipientAccountId: options.account,
      sourceIPAddress: `198.51.100.${10 + session}`,
      requestParameters: {},
      responseElements: null,
    });
    event.detail.userIdentity = { ...event.detail.userIdentity, principalId: options.account, accountId: options.account, arn: `arn:aws:iam::${options.account}:root`, accessKeyId: sessionAccessKey(session) };
    return event;
  });
}
