/** `npm run test-alert` through the monitor's own path: a test message on the buffer, told by the function through its topic. */
import { IAMClient } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { readBufferedMessage } from "../../handler/delivery/buffered-message";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import { buildTestAlert, senderIdText, testAlertBody } from "../../handler/publishing/test-alert";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:root-activity-monitor";
const SENT = Date.parse("2026-11-20T08:00:00Z");
const snsMock = mockClient(SNSClient);

describe("a test-alert message", () => {
  it("is read as a test-alert request, keeping only what reads as Region codes", () => {
    const body = JSON.stringify({ type: "root-activity-monitor/test-alert", regions: ["us-east-1", "eu-west-1", "FALSE ALARM, do not open an incident", 42, "us-gov-west-1", "us-east-1"] });
    expect(readBufferedMessage(body)).toEqual({ kind: "test-alert", request: { regions: ["us-east-1", "eu-west-1", "us-gov-west-1"] } });
  });

  it("is what the command writes", () => {
    expect(JSON.parse(testAlertBody({ regions: ["eu-west-1"] }))).toEqual({ type: "root-activity-monitor/test-alert", regions: ["eu-west-1"] });
    expect(readBufferedMessage(testAlertBody({ regions: ["eu-west-1"] }))).toEqual({ kind: "test-alert", request: { regions: ["eu-west-1"] } });
  });

  it("is told as a clearly marked test naming the sender by SQS's SenderId, and quoting nothing of the message", () => {
    const request = buildTestAlert({ topicArn: TOPIC, request: { regions: ["us-east-1", "eu-west-1"] }, senderId: "AROAEXAMPLEID:alice", sentAtMs: SENT });
    expect(request.Subject).toBe("[TEST] Root activity monitor in eu-west-1");
    expect(request.TopicArn).toBe(TOPIC);
    expect(request.Message).toContain("THIS IS A TEST. No root activity happened.");
    expect(request.Message).toContain("At 2026-11-20T08:00:00.000Z someone put the root activity monitor's test message on its buffer queue");
    expect(request.Message).toContain("that notifications for us-east-1, eu-west-1 reach you");
    expect(request.Message).toContain("Sent by (SQS SenderId): AROAEXAMPLEID:alice");
    expect(request.MessageAttributes?.messageKind).toEqual({ DataType: "String", StringValue: "test" });
  });

  it("covers the topic's own Region when the message names none", () => {
    expect(buildTestAlert({ topicArn: TOPIC, request: { regions: [] }, sentAtMs: SENT }).Message).toContain("that notifications for eu-west-1 reach you");
  });

  it("cuts a SenderId to the characters IAM ids and session names hold", () => {
    expect(senderIdText("AROAEXAMPLEID:alice\u202Eevil\nline")).toBe("AROAEXAMPLEID:alice?evil?line");
    expect(senderIdText(undefined)).toBe("unknown");
    expect(senderIdText("A".repeat(300))).toHaveLength(128);
  });
});

describe("the delivery handler with a test-alert message", () => {
  beforeEach(() => {
    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "msg-test" });
  });

  function handler() {
    const logger = recordingLogger();
    const slots = freeSlots();
    const handle = createDeliveryHandler({
      topicArn: TOPIC,
      sns: new SNSClient({}),
      sessions: new InMemorySessionStore(),
      slots,
      scheduleDigest: async () => undefined,
      lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
      logger,
      digestIntervalSeconds: 300,
      sessionQuietSeconds: 600,
      once: inMemoryOnce(),
      now: () => SENT + 2_000,
    });
    return { handle, logger, slots };
  }

  it("publishes the test through the function's own topic, taking a publish second, once for a message delivered twice", async () => {
    const { handle, slots } = handler();
    const record = { messageId: "sqs-1", body: testAlertBody({ regions: ["eu-west-1"] }), attributes: { SentTimestamp: String(SENT), SenderId: "AROAEXAMPLEID:operator" } };
    expect(await handle(record, 30_000)).toEqual({ status: "test alert sent", messageId: "msg-test" });
    await handle(record, 30_000);
    const calls = snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(calls).toHaveLength(1);
    expect(calls[0].Subject).toBe("[TEST] Root activity monitor in eu-west-1");
    expect(calls[0].Message).toContain("Sent by (SQS SenderId): AROAEXAMPLEID:operator");
    expect(slots.acquired).toBe(1);
  });

  it("throws when the publish fails, so that the message is retried", async () => {
    snsMock.on(PublishCommand).rejects(new Error("SNS unavailable"));
    const { handle } = handler();
    await expect(handle({ messageId: "sqs-2", body: testAlertBody({ regions: [] }), attributes: { SentTimestamp: String(SENT) } }, 30_000)).rejects.toThrow("SNS unavailable");
  });
});
