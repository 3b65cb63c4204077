import { decide, type RootActivity } from "../../handler/root-activity";
import {
  buildNotification,
  MACHINE_MESSAGE_SCHEMA,
  MACHINE_PROTOCOLS,
  SNS_MAX_MESSAGE_BYTES,
  utf8Bytes,
} from "../../handler/notification";
import { loadFixture } from "../helpers/fixtures";
import type { PublishCommandInput } from "@aws-sdk/client-sns";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";

function notificationFor(event: Record<string, any>, accountAlias?: string): PublishCommandInput {
  const decision = decide(event);
  if (decision.action !== "notify") throw new Error("fixture should notify");
  return buildNotification({ topicArn: TOPIC, activity: decision.activity as RootActivity, accountAlias, event });
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

/** A root call whose request parameters hold `bytes` of data, as a bulk API call might. */
function largeEvent(bytes: number) {
  const event = loadFixture("root-api-call-create-volume");
  event.detail.requestParameters = { policyDocument: "p".repeat(bytes) };
  return event;
}

describe("buildNotification", () => {
  it("publishes a structured message to the given topic with the subject", () => {
    const input = notificationFor(loadFixture("root-api-call-create-volume"), "prod-payments");
    expect(input).toMatchObject({
      TopicArn: TOPIC,
      MessageStructure: "json",
      Subject: 'Root API call-"CreateVolume" detected in Account-"prod-payments"',
    });
  });

  it("gives email subscribers the text and machine subscribers a JSON copy", () => {
    const document = documentOf(notificationFor(loadFixture("root-api-call-create-volume"), "prod-payments"));
    expect(Object.keys(document).sort()).toEqual(["default", ...MACHINE_PROTOCOLS].sort());
    expect(document.default).toContain("Root user activity in AWS account prod-payments (111122223333).");
    for (const protocol of MACHINE_PROTOCOLS) {
      expect(JSON.parse(document[protocol])).toMatchObject({
        schema: MACHINE_MESSAGE_SCHEMA,
        kind: "api-call",
        failed: false,
        account: { id: "111122223333", alias: "prod-payments", display: "prod-payments (111122223333)" },
        eventName: "CreateVolume",
        eventShortened: false,
        event: loadFixture("root-api-call-create-volume"),
      });
    }
  });

  it.each([
    ["root-console-sign-in-success", { kind: "console-sign-in", signIn: "true", failed: "false", eventName: "ConsoleLogin" }],
    ["root-console-sign-in-failure", { kind: "console-sign-in", signIn: "true", failed: "true", eventName: "ConsoleLogin" }],
    ["root-api-call-access-denied", { kind: "api-call", signIn: "false", failed: "true", eventName: "LeaveOrganization" }],
    ["root-api-call-get-caller-identity", { kind: "api-call", signIn: "false", failed: "false", eventName: "GetCallerIdentity" }],
  ] as const)("sets filterable attributes for %s", (fixture, expected) => {
    const attributes = notificationFor(loadFixture(fixture)).MessageAttributes ?? {};
    const values = Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, value.StringValue]));
    expect(values).toEqual({ ...expected, accountId: "111122223333" });
    for (const value of Object.values(attributes)) expect(value.DataType).toBe("String");
  });

  it("keeps the full event when it fits", () => {
    const event = largeEvent(20_000);
    const document = documentOf(notificationFor(event));
    expect(document.default).toContain(JSON.stringify(event, null, 2));
    expect(document.default).not.toContain("larger than one SNS message allows");
  });

  it("shortens a 400 KB event to fit under 256 KiB and says so", () => {
    const input = notificationFor(largeEvent(400_000), "prod");
    expect(totalBytes(input)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
    const document = documentOf(input);
    expect(document.default).toMatch(/The event \(\d+ bytes\) is larger than one SNS message allows/);
    expect(document.default).toContain("characters removed]");
    const machine = JSON.parse(document.sqs);
    expect(machine.eventShortened).toBe(true);
    expect(machine.event.detail.eventName).toBe("CreateVolume");
  });

  it("leaves the event out, keeping the summary, when no shortening of strings is enough", () => {
    const event = loadFixture("root-api-call-create-volume");
    event.detail.requestParameters = { items: Array.from({ length: 60_000 }, (_, index) => index) };
    const input = notificationFor(event, "prod");
    expect(totalBytes(input)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
    const document = documentOf(input);
    expect(document.default).toContain("is too large for one SNS message and was left out");
    expect(document.default).toContain("Event:      CreateVolume (ec2.amazonaws.com)\n");
    expect(JSON.parse(document.lambda)).toMatchObject({ eventShortened: true, event: null, eventName: "CreateVolume" });
  });

  it("stays under the limit when the event is made of multi-byte characters", () => {
    const event = loadFixture("root-api-call-create-volume");
    event.detail.requestParameters = { note: "\u{1F525}".repeat(120_000) };
    expect(totalBytes(notificationFor(event))).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
  });

  it("keeps a key named __proto__ when it shortens an event", () => {
    const event = largeEvent(400_000);
    event.detail = JSON.parse(`{"__proto__":{"kept":true},${JSON.stringify(event.detail).slice(1)}`);
    const machine = JSON.parse(documentOf(notificationFor(event)).sqs);
    expect(machine.eventShortened).toBe(true);
    expect(JSON.stringify(machine.event.detail)).toContain('"__proto__":{"kept":true}');
  });
});
