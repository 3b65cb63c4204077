/**
 * `npm run sample-notification`: prints the email a subscriber receives for a recorded root console
 * sign-in that failed, exactly as the handler renders it. The README's sample is this output, and a
 * test keeps the two the same.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import { buildNotification } from "../../handler/messages/notification";
import { decide } from "../../handler/events/root-activity";
import { PROJECT_ROOT } from "../../src/project-root";

const SAMPLE_FIXTURE = path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-console-sign-in-failure.json");
const SAMPLE_ALIAS = "prod-payments";
/** The root posture the sample shows: as IAM answers for a root user with MFA and no keys (handler/posture/). */
const SAMPLE_POSTURE = { mfaEnabled: true, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: "2026-11-20T07:40:01.000Z" };

export function renderSampleNotification(): string {
  const event: unknown = JSON.parse(readFileSync(SAMPLE_FIXTURE, "utf8"));
  const decision = decide(event);
  if (decision.action !== "notify") throw new Error(`the sample event should notify: ${decision.reason}`);
  const request = buildNotification({
    topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
    activity: decision.activity,
    accountAlias: SAMPLE_ALIAS,
    posture: SAMPLE_POSTURE,
    event,
  });
  const email = JSON.parse(request.Message ?? "{}")[MESSAGE_KEYS.email] as string;
  return `Subject: ${request.Subject}\n\n${email}`;
}

if (require.main === module) process.stdout.write(renderSampleNotification());
