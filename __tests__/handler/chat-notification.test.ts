/**
 * The chat copy of each kind of message, made by the real builders and read back against the
 * custom-notification format written from the service's documentation (helpers/custom-notification-schema.ts).
 */
import { chatNotificationOf, chatPublishRequest } from "../../handler/messages/chat-notification";
import { buildDigest } from "../../handler/messages/digest";
import { buildNotification } from "../../handler/messages/notification";
import { decide } from "../../handler/events/root-activity";
import { buildTestAlert } from "../../handler/publishing/test-alert";
import { buildBlindMessage } from "../../handler/self-check/blind-message";
import { buildHeartbeat } from "../../handler/self-check/heartbeat";
import type { PendingAction } from "../../handler/sessions/session-record";
import { parseCustomNotification } from "../helpers/custom-notification-schema";
import { loadFixture, type FixtureName } from "../helpers/fixtures";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const CHAT_TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor-chat";
const NOW = Date.parse("2026-11-23T08:00:00Z");
const SESSION = { key: "111122223333:key:0123456789abcdef", label: "access key ASIAEXAMPLE1", accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1" };

/** The chat copy of `request` as the chat topic's subscriber reads it: parsed, and checked against the format. */
const chatOf = (request: Parameters<typeof chatNotificationOf>[0], messageId = "5f0c9e1a-0000-4000-8000-000000000001") =>
  parseCustomNotification(chatPublishRequest(CHAT_TOPIC, chatNotificationOf(request, { messageId, nowMs: NOW })).Message);

function alertOf(fixture: FixtureName, session = SESSION) {
  const event = loadFixture(fixture);
  const decision = decide(event);
  if (decision.action !== "notify") throw new Error(`${fixture} should notify`);
  // The posture as GetAccountSummary answers for a root user with MFA and no keys: the email's line reaches chat too.
  const posture = { mfaEnabled: true, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: "2026-11-20T08:00:00Z" };
  return buildNotification({ topicArn: TOPIC, activity: decision.activity, accountAlias: "prod-payments", event, session, posture });
}

function action(index: number, overrides: Partial<PendingAction> = {}): PendingAction {
  return {
    eventId: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    eventName: index % 3 === 0 ? "DescribeInstances" : "ListBuckets",
    eventSource: index % 3 === 0 ? "ec2.amazonaws.com" : "s3.amazonaws.com",
    eventTime: new Date(NOW + index * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
    region: "us-east-1",
    sourceIp: "198.51.100.7",
    failed: false,
    severity: "low",
    ...overrides,
  };
}

describe("the chat copy", () => {
  it("of an alert: the subject as title, the story as description, WHAT TO DO as next steps, the session as thread", () => {
    const chat = chatOf(alertOf("root-console-sign-in-failure"));
    expect(chat).toMatchObject({
      version: "1.0",
      source: "custom",
      id: "5f0c9e1a-0000-4000-8000-000000000001",
      content: {
        textType: "client-markdown",
        title: '\u{1F7E0} [HIGH] Root console sign-in FAILED-"ConsoleLogin" detected in Account-"prod-payments"',
        keywords: ["HIGH", "111122223333", "us-east-1"],
      },
      metadata: {
        threadId: "111122223333:key:0123456789abcdef",
        eventType: "alert",
        relatedResources: ["https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events?EventId=a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"],
      },
    });
    const lines = chat.content.description.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      "Root user activity in AWS account prod-payments (111122223333).",
      "Someone tried to sign in to the AWS console as the root user, and the sign-in FAILED.",
      "Root posture: MFA on, no access keys",
      "",
      "*WHAT HAPPENED*",
      "*Severity:* HIGH: a failed root sign-in: someone knows the root email address and is trying to get in",
    ]);
    expect(lines).toContain("*Source IP:* 198.51.100.77");
    // The event's JSON stays in the email: chat links to CloudTrail instead.
    expect(chat.content.description).not.toContain("FULL EVENT");
    expect(chat.content.description).not.toContain("{");
    expect(chat.content.nextSteps).toHaveLength(5);
    expect(chat.content.nextSteps?.[0]).toBe("Confirm with the account's owner that this root activity was expected. If it was, nothing more is needed.");
  });

  it("of a critical event: marked critical in its title and keywords", () => {
    const chat = chatOf(alertOf("root-create-access-key"));
    expect(chat.content.title).toBe('\u{1F534} [CRITICAL] Root API call-"CreateAccessKey" detected in Account-"prod-payments"');
    expect(chat.content.keywords?.[0]).toBe("CRITICAL");
    expect(chat.content.description).toContain("*New access key:* AKIAI44QH8DHBEXAMPLE (a long-lived root access key)");
  });

  it("of a digest: in its session's thread, its counts as bullets, cut with '… N more lines' within the limit", () => {
    const actions = Array.from({ length: 143 }, (_, index) => action(index));
    const chat = chatOf(buildDigest({ topicArn: TOPIC, session: SESSION, actions, accountAlias: "prod-payments", firstSeen: NOW - 12 * 60_000, lastSeen: NOW }));
    // The session's key and when it began (12 minutes before NOW): a later session of the key gets a thread of its own.
    expect(chat.metadata?.threadId).toBe("111122223333:key:0123456789abcdef:20261123T074800Z");
    expect(chat.metadata?.eventType).toBe("digest");
    expect(chat.content.title).toBe('\u{1F535} [LOW] Root session digest-"143 more actions" detected in Account-"prod-payments"');
    expect(chat.content.description).toContain("*BY ACTION*\n\u2022 95  ListBuckets (s3[.]amazonaws[.]com)");
    expect(chat.content.description.length).toBeLessThanOrEqual(3_000);
    expect(chat.content.description.split("\n").pop()).toMatch(/^\u2026 \d+ more lines: the email and CloudTrail have them all$/);
    expect(chat.metadata?.relatedResources).toEqual(["https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events?AccessKeyId=ASIAEXAMPLE1"]);
  });

  it("of a self-check finding: critical, in the thread of its Region and day", () => {
    const finding = { region: "ap-southeast-2", check: "rule", level: "fail" as const, message: "rule root-activity-monitor is DISABLED: root activity here is not routed to anyone.", summary: "rule is DISABLED" };
    const chat = chatOf(buildBlindMessage({ topicArn: TOPIC, region: "ap-southeast-2", problems: [finding], accountId: "111122223333", checkedAt: NOW, checkedFrom: "us-east-1" }));
    expect(chat.content.title).toBe("\u{1F534} [CRITICAL] root activity monitor is blind in ap-southeast-2: rule is DISABLED");
    expect(chat.metadata).toMatchObject({ threadId: "self-check:ap-southeast-2:2026-11-23", eventType: "self-check" });
    expect(chat.content.keywords).toEqual(["CRITICAL", "111122223333", "ap-southeast-2"]);
    expect(chat.content.description).toContain("*WHAT IS WRONG*\n\u2022 rule: rule root-activity-monitor is DISABLED: root activity here is not routed to anyone.");
    expect(chat.content.nextSteps).toEqual(["Fix each problem above (each says how), or apply the monitor again (npm run deploy). Then run npm run doctor, which checks the same and more."]);
    expect(chat.content.description).toContain("Checked at 2026-11-23 08:00:00 UTC by the delivery in us-east-1.");
  });

  it("of a heartbeat: low, in the self-check's thread of the delivery's Region and day", () => {
    const chat = chatOf(buildHeartbeat({ topicArn: TOPIC, heartbeat: "weekly", regions: ["us-east-1", "eu-west-1"], rootEvents: 3, warnings: [], accountId: "111122223333", checkedAt: NOW }));
    expect(chat.content.title).toBe("\u{1F535} [LOW] root activity monitor: all 2 Regions watched, 3 root events this week");
    expect(chat.metadata).toMatchObject({ threadId: "self-check:us-east-1:2026-11-23", eventType: "heartbeat" });
    expect(chat.content.nextSteps).toEqual([]);
  });

  it("of a test message (plain text, no JSON copy): a post of its own", () => {
    const chat = chatOf(buildTestAlert({ topicArn: TOPIC, request: { regions: [] }, sentAtMs: NOW }));
    expect(chat.content.title).toBe("[TEST] Root activity monitor in us-east-1");
    expect(chat.metadata?.threadId).toBeUndefined();
    expect(chat.metadata?.eventType).toBe("test");
    expect(chat.content.description.split("\n")[0]).toBe("THIS IS A TEST. No root activity happened.");
  });

  it("is a plain message on the chat topic: the notification is its body, nothing else is set", () => {
    const request = chatPublishRequest(CHAT_TOPIC, chatNotificationOf(alertOf("root-console-sign-in-failure"), { messageId: "m-1", nowMs: NOW }));
    expect(Object.keys(request).sort()).toEqual(["Message", "TopicArn"]);
    expect(request.TopicArn).toBe(CHAT_TOPIC);
  });

  it("fits a description of wide characters within the whole message's bound, and every field within its own", () => {
    const wide = "\u{1F600}".repeat(5_000);
    const actions = Array.from({ length: 60 }, (_, index) => action(index, { eventName: `${wide}${index}`, severity: "high" }));
    const body = chatPublishRequest(CHAT_TOPIC, chatNotificationOf(buildDigest({ topicArn: TOPIC, session: SESSION, actions, firstSeen: NOW, lastSeen: NOW }), { messageId: "m-1", nowMs: NOW })).Message ?? "";
    expect(Buffer.byteLength(body, "utf8")).toBeLessThanOrEqual(32_768);
    expect(() => parseCustomNotification(body)).not.toThrow();
  });
});

describe("the chat copy of a message with nothing to say", () => {
  it("still has a title and a description, in the format", () => {
    const chat = chatOf({ TopicArn: TOPIC, Message: "", MessageAttributes: { messageKind: { DataType: "String", StringValue: "tampering" }, severity: { DataType: "String", StringValue: "critical" } } });
    expect(chat.content.title).toBe("\u{1F534} [CRITICAL] root activity monitor: tampering");
    expect(chat.content.description).toBe(chat.content.title);
  });
});
