import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { MESSAGE_KEYS, SNS_MAX_MESSAGE_BYTES, utf8Bytes } from "../../handler/messages/envelope";
import { buildNotification, MACHINE_MESSAGE_SCHEMA } from "../../handler/messages/notification";
import { decide } from "../../handler/events/root-activity";
import { deepPartMarker, MAX_JSON_DEPTH } from "../../handler/messages/shrink-json";
import { loadFixture, type FixtureName } from "../helpers/fixtures";
import { holdsHiddenCharacter } from "../helpers/hidden-characters";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";

function notificationFor(event: unknown, accountAlias?: string): PublishCommandInput {
  const decision = decide(event);
  if (decision.action !== "notify") throw new Error("fixture should notify");
  return buildNotification({ topicArn: TOPIC, activity: decision.activity, accountAlias, event });
}

/** Everything SNS counts toward its 256 KiB limit. */
function totalBytes(input: PublishCommandInput): number {
  const attributes = Object.entries(input.MessageAttributes ?? {}).reduce(
    (sum, [name, value]) => sum + utf8Bytes(name) + utf8Bytes(value.DataType ?? "") + utf8Bytes(value.StringValue ?? ""),
    0,
  );
  return utf8Bytes(input.Message ?? "") + utf8Bytes(input.Subject ?? "") + attributes;
}

function documentOf(input: PublishCommandInput): Record<string, string> {
  return JSON.parse(input.Message ?? "{}");
}

const emailOf = (input: PublishCommandInput) => documentOf(input)[MESSAGE_KEYS.email];
const jsonCopyOf = (input: PublishCommandInput) => JSON.parse(documentOf(input)[MESSAGE_KEYS.json]);

/** A root call whose request parameters hold `bytes` of data, as a bulk API call might. */
function largeEvent(bytes: number) {
  const event = loadFixture("root-api-call-create-volume");
  event.detail.requestParameters = { policyDocument: "p".repeat(bytes) };
  return event;
}

/** An ordinary root event of 35 KB: a PutRolePolicy with a long policy, whose quotes the record escapes once and a JSON copy twice. */
function ordinaryLargeEvent() {
  const event = loadFixture("root-api-call-create-volume");
  const statements = Array.from({ length: 92 }, (_, index) => ({
    Sid: `S${index}`,
    Effect: "Allow",
    Action: ["s3:Get*", "s3:List*", "kms:Decrypt", "kms:DescribeKey", "sqs:SendMessage", "sns:Publish", "logs:PutLogEvents", "logs:CreateLogStream"],
    Resource: [`arn:aws:s3:::b${index}`, `arn:aws:s3:::b${index}/*`],
    Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"], "aws:SourceAccount": ["111122223333"] } },
  }));
  Object.assign(event.detail, {
    eventSource: "iam.amazonaws.com",
    eventName: "PutRolePolicy",
    requestParameters: { roleName: "archive-reader", policyName: "read-archives", policyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }) },
    responseElements: null,
  });
  return event;
}

/** An event whose request parameters nest `depth` arrays deep. */
function deepEvent(depth: number) {
  let deep: unknown = "bottom";
  for (let level = 0; level < depth; level += 1) deep = [deep];
  const event = loadFixture("root-api-call-create-volume");
  event.detail.requestParameters = { deep };
  return event;
}

describe("buildNotification", () => {
  it("publishes a structured message to the given topic with the subject", () => {
    expect(notificationFor(loadFixture("root-api-call-create-volume"), "prod-payments")).toMatchObject({
      TopicArn: TOPIC,
      MessageStructure: "json",
      Subject: '[HIGH] Root API call-"CreateVolume" detected in Account-"prod-payments"',
    });
  });

  it("starts a critical event's subject with [CRITICAL]", () => {
    expect(notificationFor(loadFixture("root-create-access-key"), "prod-payments").Subject).toBe(
      '[CRITICAL] Root API call-"CreateAccessKey" detected in Account-"prod-payments"',
    );
  });

  it("gives email subscribers the text, every other protocol one JSON copy, and SMS the subject", () => {
    const input = notificationFor(loadFixture("root-api-call-create-volume"), "prod-payments");
    const document = documentOf(input);
    expect(Object.keys(document).sort()).toEqual(["default", "email", "sms"]);
    expect(document.email).toMatch(/^Root user activity in AWS account prod-payments \(111122223333\)\./);
    expect(document.sms).toBe(input.Subject);
    expect(jsonCopyOf(input)).toMatchObject({
      schema: MACHINE_MESSAGE_SCHEMA,
      kind: "alert",
      severity: "high",
      severityReason: "made with a long-lived root access key, which should not exist",
      eventIds: ["5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"],
      story: "api-call",
      eventKind: "api-call",
      failed: false,
      account: { id: "111122223333", alias: "prod-payments", display: "prod-payments (111122223333)" },
      eventName: "CreateVolume",
      credentials: { kind: "root-access-key", accessKeyId: "AKIAIOSFODNN7EXAMPLE" },
      eventShortened: false,
      event: loadFixture("root-api-call-create-volume"),
    });
  });

  it("carries the event twice, in the text and in the JSON copy, not once per protocol", () => {
    const event = largeEvent(100);
    event.detail.requestParameters = { marker: "only-once-per-copy" };
    expect(notificationFor(event).Message?.split("only-once-per-copy")).toHaveLength(3);
  });

  it("puts the facts of an AssumeRoot call and a new access key in the JSON copy", () => {
    expect(jsonCopyOf(notificationFor(loadFixture("assume-root-call")))).toMatchObject({
      severity: "critical",
      story: "assume-root",
      assumeRoot: { callerArn: "arn:aws:sts::444455556666:assumed-role/OrgRootTasks/alice", targetPrincipal: "111122223333", taskPolicyArn: "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy" },
    });
    expect(jsonCopyOf(notificationFor(loadFixture("root-create-access-key")))).toMatchObject({ newAccessKeyId: "AKIAI44QH8DHBEXAMPLE", credentials: { kind: "console-session" } });
  });

  it("lists no event id when the record has none", () => {
    expect(jsonCopyOf(notificationFor(loadFixture("root-sparse"))).eventIds).toEqual([]);
  });

  it.each<[FixtureName, Record<string, string>]>([
    ["root-console-sign-in-success", { kind: "console-sign-in", signIn: "true", failed: "false", eventName: "ConsoleLogin", severity: "medium" }],
    ["root-console-sign-in-failure", { kind: "console-sign-in", signIn: "true", failed: "true", eventName: "ConsoleLogin", severity: "high" }],
    ["root-password-recovery-requested", { kind: "console-sign-in", signIn: "false", failed: "false", eventName: "PasswordRecoveryRequested", severity: "critical" }],
    ["root-api-call-access-denied", { kind: "api-call", signIn: "false", failed: "true", eventName: "LeaveOrganization", severity: "critical" }],
    ["root-api-call-get-caller-identity", { kind: "api-call", signIn: "false", failed: "false", eventName: "GetCallerIdentity", severity: "high" }],
  ])("sets filterable attributes, severity included, for %s", (fixture, expected) => {
    const attributes = notificationFor(loadFixture(fixture)).MessageAttributes ?? {};
    const values = Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, value.StringValue]));
    expect(values).toEqual({ ...expected, accountId: "111122223333", messageKind: "alert" });
    for (const value of Object.values(attributes)) expect(value.DataType).toBe("String");
  });

  it("keeps the full event when it fits", () => {
    const event = largeEvent(20_000);
    const input = notificationFor(event);
    expect(emailOf(input)).toContain(JSON.stringify(event, null, 2));
    expect(emailOf(input)).not.toContain("larger than one SNS message allows");
  });

  it("keeps an ordinary event of more than 32 KB whole, in the email and in the JSON copy", () => {
    const event = ordinaryLargeEvent();
    expect(utf8Bytes(JSON.stringify(event))).toBeGreaterThan(32 * 1024);
    // The text plus one JSON copy per machine protocol (five) would not fit: this event needs one copy.
    const sixCopies = utf8Bytes(JSON.stringify(JSON.stringify(event, null, 2))) + 5 * utf8Bytes(JSON.stringify(JSON.stringify(event)));
    expect(sixCopies).toBeGreaterThan(SNS_MAX_MESSAGE_BYTES);
    const input = notificationFor(event, "prod");
    expect(emailOf(input)).toContain(JSON.stringify(event, null, 2));
    expect(jsonCopyOf(input)).toMatchObject({ eventShortened: false, event });
    expect(totalBytes(input)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
  });

  it("shortens a 400 KB event to fit under 256 KiB and says so", () => {
    const input = notificationFor(largeEvent(400_000), "prod");
    expect(totalBytes(input)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
    expect(emailOf(input)).toMatch(/The event \(\d+ bytes\) is larger than one SNS message allows/);
    expect(emailOf(input)).toContain("characters removed]");
    const machine = jsonCopyOf(input);
    expect(machine.eventShortened).toBe(true);
    expect(machine.event.detail.eventName).toBe("CreateVolume");
  });

  it("leaves the event out, keeping the summary, when no shortening of strings is enough", () => {
    const event = loadFixture("root-api-call-create-volume");
    event.detail.requestParameters = { items: Array.from({ length: 60_000 }, (_, index) => index) };
    const input = notificationFor(event, "prod");
    expect(totalBytes(input)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
    expect(emailOf(input)).toContain("is too large for one SNS message and was left out");
    expect(emailOf(input)).toContain("Event:       CreateVolume (ec2.amazonaws.com)\n");
    expect(jsonCopyOf(input)).toMatchObject({ eventShortened: true, event: null, eventName: "CreateVolume" });
  });

  it.each([5_000, 100_000])("sends an event nested %p levels deep, with the deep part left out and said so", (depth) => {
    const input = notificationFor(deepEvent(depth));
    expect(totalBytes(input)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
    expect(emailOf(input)).toContain(`Parts of the event nested deeper than ${MAX_JSON_DEPTH} levels were left out below.`);
    const machine = jsonCopyOf(input);
    expect(machine.eventShortened).toBe(true);
    expect(JSON.stringify(machine.event)).toContain(deepPartMarker(MAX_JSON_DEPTH));
  });

  it("says so, and still sends the summary, when the event is not JSON at all", () => {
    const input = buildNotification({ topicArn: TOPIC, activity: (decide(loadFixture("root-sparse")) as any).activity, event: { big: BigInt(1) } });
    expect(emailOf(input)).toContain("The event is not JSON that can be shown here.");
    expect(jsonCopyOf(input).event).toBeNull();
  });

  it("stays under the limit when the event is made of multi-byte characters", () => {
    const event = loadFixture("root-api-call-create-volume");
    event.detail.requestParameters = { note: "\u{1F525}".repeat(120_000) };
    expect(totalBytes(notificationFor(event))).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
  });

  it("keeps a key named __proto__ when it shortens an event", () => {
    const event = largeEvent(400_000);
    event.detail = JSON.parse(`{"__proto__":{"kept":true},${JSON.stringify(event.detail).slice(1)}`);
    const machine = jsonCopyOf(notificationFor(event));
    expect(machine.eventShortened).toBe(true);
    expect(JSON.stringify(machine.event.detail)).toContain('"__proto__":{"kept":true}');
  });

  it("lets no hidden character from a forged user agent through, in the text, the JSON copy or the subject", () => {
    const event = loadFixture("root-sign-in-forged-user-agent");
    const input = notificationFor(event);
    const document = documentOf(input);
    for (const text of [document.email.replace(/\n/g, ""), document.default, input.Subject ?? ""]) expect(holdsHiddenCharacter(text)).toBe(false);
    expect(document.email.split("\n").filter((line) => line.startsWith("WHAT TO DO"))).toEqual(["WHAT TO DO"]);
    expect(jsonCopyOf(input).event).toEqual(event); // escaped, not changed
  });
});

describe("an alert of a member account (scope = organization)", () => {
  it("names the account by its Organizations name and carries the organization's id in the JSON copy", () => {
    const decision = decide(loadFixture("root-console-sign-in-success"));
    if (decision.action !== "notify") throw new Error("fixture should notify");
    const input = buildNotification({ topicArn: TOPIC, activity: decision.activity, accountAlias: "payments-prod", organizationId: "o-a1b2c3d4e5", event: loadFixture("root-console-sign-in-success") });
    expect(input.Subject).toContain("payments-prod");
    expect(jsonCopyOf(input).account).toEqual({ id: decision.activity.accountId, alias: "payments-prod", display: `payments-prod (${decision.activity.accountId})`, organizationId: "o-a1b2c3d4e5" });
  });

  it("carries no organization in an account's own deployment", () => {
    expect(jsonCopyOf(notificationFor(loadFixture("root-console-sign-in-success"))).account).not.toHaveProperty("organizationId");
  });
});
