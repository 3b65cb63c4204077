/**
 * "What you will receive": one root session as the delivery handler tells it, step by step, with
 * the messages it sends rendered by the handler's own code. The session is played through the real
 * handler (sessions, severity, digests) with the table kept in memory and SNS recorded, on a clock
 * the script moves, so that the README's timeline is what the code does, not a description of it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { digestTriggerBody } from "../../handler/delivery/buffered-message";
import { playedHandler } from "./played-handler";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import { PROJECT_ROOT } from "../../src/project-root";

const START = Date.parse("2026-11-20T08:00:00Z");
const ACCESS_KEY = "ASIAQ3EGUX5MPLE7ROOT";
const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** A root call of the session at `offsetSeconds`, from the recorded CreateVolume call. */
function rootCall(offsetSeconds: number, eventName: string, eventSource: string, readOnly: boolean, index: number) {
  const event = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-api-call-create-volume.json"), "utf8"));
  const time = new Date(START + offsetSeconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  event.time = time;
  Object.assign(event.detail, { eventTime: time, eventName, eventSource, readOnly, eventID: `5e6f7a8b-9c0d-4e1f-a2b3-${String(index).padStart(12, "0")}`, requestParameters: {}, responseElements: null, awsRegion: "us-east-1" });
  event.region = "us-east-1";
  event.detail.userIdentity.accessKeyId = ACCESS_KEY;
  return event;
}

const READS = [
  ["ListBuckets", "s3.amazonaws.com"],
  ["DescribeInstances", "ec2.amazonaws.com"],
  ["GetAccountSummary", "iam.amazonaws.com"],
  ["ListUsers", "iam.amazonaws.com"],
] as const;

export async function renderSessionTimeline(): Promise<string> {
  const clock = { now: START };
  const triggers: Array<{ sessionKey: string; at: number }> = [];
  const { handle, sent } = playedHandler({
    topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
    clock,
    messageId: (count) => `m-${count}`,
    scheduleDigest: async (sessionKey, delaySeconds) => void triggers.push({ sessionKey, at: clock.now + delaySeconds * 1000 }),
  });

  // The session: a first call, 57 reads over four minutes, a new access key at 3:10, 20 more reads until 7:00.
  const calls = [rootCall(0, "GetCallerIdentity", "sts.amazonaws.com", true, 0)];
  for (let i = 1; i <= 57; i += 1) calls.push(rootCall(i * 4, READS[i % READS.length][0], READS[i % READS.length][1], true, i));
  calls.push(rootCall(190, "CreateAccessKey", "iam.amazonaws.com", false, 58));
  for (let i = 0; i < 20; i += 1) calls.push(rootCall(301 + i * 6, READS[i % READS.length][0], READS[i % READS.length][1], true, 59 + i));
  calls.sort((a, b) => a.detail.eventTime.localeCompare(b.detail.eventTime));

  const rows: string[] = [];
  const note = (at: number, what: string, before: number) => {
    const messages = sent.slice(before).map((input) => `\`${input.Subject}\``);
    rows.push(`| ${hhmmss(at)} | ${what} | ${messages.length > 0 ? messages.join("<br>") : "nothing yet: kept for the digest"} |`);
  };
  let kept = 0;
  let keptSince = 0;
  let messageNumber = 0;
  const dueTriggers = async (until: number) => {
    for (;;) {
      const next = triggers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) return;
      triggers.splice(triggers.indexOf(next), 1);
      if (kept > 0) rows.push(`| ${hhmmss(keptSince)}–${hhmmss(clock.now)} | ${kept} more calls | none: kept for the digest |`);
      kept = 0;
      clock.now = next.at;
      const before = sent.length;
      const outcome = await handle({ messageId: `trigger-${(messageNumber += 1)}`, body: digestTriggerBody(next.sessionKey) }, 30_000);
      rows.push(`| ${hhmmss(next.at)} | the digest is due (${outcome.status}) | ${sent.slice(before).map((input) => `\`${input.Subject}\``).join("<br>") || "nothing: no action waited"} |`);
    }
  };
  for (const call of calls) {
    const at = Date.parse(call.detail.eventTime);
    await dueTriggers(at);
    clock.now = at;
    const before = sent.length;
    const outcome = await handle({ messageId: `event-${(messageNumber += 1)}`, body: JSON.stringify(call) }, 30_000);
    if (outcome.status === "kept for the digest") {
      if (kept === 0) keptSince = at;
      kept += 1;
    } else note(at, `\`${call.detail.eventName}\` (${outcome.status === "alerted" ? (sent.length - before > 0 && (sent[before].Subject ?? "").startsWith("[CRITICAL]") ? "critical" : "the session's first call") : outcome.status})`, before);
  }
  await dueTriggers(START + 3_600_000);

  const digest = sent.find((input) => (input.Subject ?? "").startsWith("Root session digest"));
  const digestEmail = digest ? (JSON.parse(digest.Message ?? "{}")[MESSAGE_KEYS.email] as string) : "";
  return [
    "| Time (UTC) | Root activity | Messages sent |",
    "|---|---|---|",
    ...rows,
    "",
    `${sent.length} messages for ${calls.length} root calls. The first digest, as its email reads:`,
    "",
    "```text",
    `Subject: ${digest?.Subject ?? ""}`,
    "",
    digestEmail,
    "```",
  ].join("\n");
}

if (require.main === module) renderSessionTimeline().then((text) => process.stdout.write(`${text}\n`));
