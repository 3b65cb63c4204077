/** A root console sign-in for the demo to put on the event bus: the recorded one, made the emulated account's and this moment's. */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";

/**
 * A root console sign-in as CloudTrail records it, made this account's and this moment's: the
 * recorded event (`__tests__/fixtures/`) with its account id replaced everywhere (ARNs included),
 * the current time, a new CloudTrail event id, and the Region where it is recorded.
 */
export function simulatedRootSignIn(accountId: string, region: string) {
  const recorded = readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-console-sign-in-success.json"), "utf8");
  const event = JSON.parse(recorded.replaceAll(JSON.parse(recorded).account, accountId));
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  event.time = now;
  event.detail.eventTime = now;
  event.detail.eventID = randomUUID();
  event.region = region;
  event.detail.awsRegion = region;
  return event;
}
