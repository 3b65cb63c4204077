/**
 * A record whose publish finds no second in time is deferred, not failed: a delayed copy of its own
 * on the buffer, the original reported handled; the copy runs as its original (the same `once`
 * records, the same arrival), and a deferral that cannot be sent throws.
 */
import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { digestTriggerBody } from "../../handler/delivery/buffered-message";
import { DEFERRAL_ATTRIBUTES, deferralDelaySeconds, deferralOf, deferredCopy, type DeferredCopy } from "../../handler/sessions/deferral";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import type { BufferedRecord, DeliveryDeps } from "../../handler/delivery/delivery-deps";
import { PublishSlotUnavailableError, type PublishPriority } from "../../handler/publishing/publish-slots";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { loadFixture } from "../helpers/fixtures";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const snsMock = mockClient(SNSClient);
const iamMock = mockClient(IAMClient);

/** A handler whose publish seconds are all taken while `full.value`, and whose deferrals are kept. */
function newHandler(overrides: Partial<DeliveryDeps> = {}) {
  const clock = { now: Date.parse("2026-11-20T08:00:00Z") };
  const full = { value: true };
  const deferred: DeferredCopy[] = [];
  const asked: PublishPriority[] = [];
  const sessions = new InMemorySessionStore();
  const logger = recordingLogger();
  const handle = createDeliveryHandler({
    topicArn: TOPIC,
    sns: new SNSClient({}),
    sessions,
    slots: {
      acquire: async (_deadline, priority) => {
        asked.push(priority);
        if (full.value) throw new PublishSlotUnavailableError(TOPIC, priority);
        return 1;
      },
    },
    defer: async (copy) => void deferred.push(copy),
    scheduleDigest: async () => undefined,
    lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
    logger,
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once: inMemoryOnce(),
    now: () => clock.now,
    ...overrides,
  });
  const handler = (record: BufferedRecord) => handle(record, 30_000);
  /** The record SQS hands over for a deferred copy, sent at `sentMs`. */
  const copyRecord = (copy: DeferredCopy, messageId: string, sentMs: number): BufferedRecord => ({
    messageId,
    body: copy.body,
    attributes: { SentTimestamp: String(sentMs) },
    messageAttributes: Object.fromEntries(Object.entries(copy.attributes).map(([name, value]) => [name, { stringValue: value.StringValue, dataType: value.DataType }])),
  });
  return { handler, clock, full, deferred, asked, sessions, logger, copyRecord };
}

describe("deferral", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "msg-1" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  it("puts a record that found no publish second back on the buffer, delayed, and reports the original handled", async () => {
    const { handler, deferred, clock } = newHandler();
    const body = JSON.stringify(loadFixture("root-cloudtrail-stop-logging"));
    const sentMs = clock.now - 2_000;
    await expect(handler({ messageId: "sqs-1", body, attributes: { SentTimestamp: String(sentMs) } })).resolves.toMatchObject({ status: "deferred", priority: "critical", deferrals: 1 });
    expect(deferred).toEqual([
      {
        body,
        delaySeconds: 1,
        attributes: {
          [DEFERRAL_ATTRIBUTES.count]: { DataType: "Number", StringValue: "1" },
          [DEFERRAL_ATTRIBUTES.firstSentMs]: { DataType: "Number", StringValue: String(sentMs) },
          [DEFERRAL_ATTRIBUTES.originMessageId]: { DataType: "String", StringValue: "sqs-1" },
        },
      },
    ]);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("alerts once from the copy when a second is free, and its arrival is the original's: the session it reached in time goes on", async () => {
    const { handler, deferred, full, clock, copyRecord, sessions } = newHandler();
    full.value = false;
    const opener = loadFixture("root-api-call-create-volume");
    opener.detail.userIdentity.accessKeyId = "ASIAQRSTUVWXEXAMPLE1";
    const event = loadFixture("root-cloudtrail-stop-logging");
    // From the same place as the critical move: a new place would be told at once too (a third message).
    opener.detail.sourceIPAddress = event.detail.sourceIPAddress;
    opener.detail.userAgent = event.detail.userAgent;
    await handler({ messageId: "sqs-0", body: JSON.stringify(opener), attributes: { SentTimestamp: String(clock.now) } });
    // The critical move reaches the buffer 500 s later, within the session's 600 s of quiet; it waits 400 s more for a second.
    full.value = true;
    clock.now += 500_000;
    const firstSent = clock.now;
    await handler({ messageId: "sqs-1", body: JSON.stringify(event), attributes: { SentTimestamp: String(firstSent) } });
    full.value = false;
    clock.now += 400_000;
    await expect(handler(copyRecord(deferred[0], "sqs-2", clock.now - 100))).resolves.toMatchObject({ status: "alerted", severity: "critical" });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
    expect([...sessions.records.values()]).toEqual([expect.objectContaining({ firstEventId: opener.detail.eventID })]);
    // The original, retried after all (its success report was lost), is a duplicate.
    await expect(handler({ messageId: "sqs-1", body: JSON.stringify(event), attributes: { SentTimestamp: String(firstSent) } })).resolves.toMatchObject({ status: "duplicate" });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it("runs a deferred digest trigger under its original's message id: a copy and a retried original tell the digest once", async () => {
    const { handler, deferred, full, copyRecord, sessions } = newHandler();
    const event = loadFixture("root-api-call-create-volume");
    full.value = false;
    await handler({ messageId: "sqs-0", body: JSON.stringify(event) });
    const later = { ...event, detail: { ...event.detail, eventID: "00000000-0000-4000-8000-000000000009", eventName: "DescribeInstances", readOnly: true } };
    await handler({ messageId: "sqs-1", body: JSON.stringify(later) });
    const [session] = [...sessions.records.values()];
    full.value = true;
    const trigger = { messageId: "sqs-trigger", body: digestTriggerBody(session.key, session.digestChain) };
    await expect(handler(trigger)).resolves.toMatchObject({ status: "deferred", priority: "routine" });
    full.value = false;
    await expect(handler(copyRecord(deferred[0], "sqs-copy", Date.now()))).resolves.toMatchObject({ status: "digest scheduled", actions: 1 });
    await expect(handler(trigger)).resolves.toMatchObject({ status: "digest scheduled", actions: 1 });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it("counts each deferral of the same message on", async () => {
    const { handler, deferred, copyRecord } = newHandler();
    await handler({ messageId: "sqs-1", body: JSON.stringify(loadFixture("root-api-call-create-volume")) });
    await expect(handler(copyRecord(deferred[0], "sqs-2", Date.now()))).resolves.toMatchObject({ status: "deferred", deferrals: 2 });
    expect(deferred[1].attributes[DEFERRAL_ATTRIBUTES.originMessageId].StringValue).toBe("sqs-1");
    expect(deferred[1].attributes[DEFERRAL_ATTRIBUTES.firstSentMs]).toEqual(deferred[0].attributes[DEFERRAL_ATTRIBUTES.firstSentMs]);
  });

  it("throws when the copy cannot be sent, so that the original is retried", async () => {
    const { handler, logger } = newHandler({
      defer: async () => {
        throw Object.assign(new Error("queue unavailable"), { name: "QueueDoesNotExist" });
      },
    });
    await expect(handler({ messageId: "sqs-1", body: JSON.stringify(loadFixture("root-cloudtrail-stop-logging")) })).rejects.toThrow("queue unavailable");
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: "ERROR", fields: expect.objectContaining({ errorName: "QueueDoesNotExist" }) }));
  });

  it("asks for a second by the message's priority: critical for a critical move, high for a failed sign-in, routine for a medium opener", async () => {
    const { handler, asked, full } = newHandler();
    full.value = false;
    await handler({ messageId: "a", body: JSON.stringify(loadFixture("root-cloudtrail-stop-logging")) });
    await handler({ messageId: "b", body: JSON.stringify(loadFixture("root-console-sign-in-failure")) });
    await handler({ messageId: "c", body: JSON.stringify(loadFixture("root-console-sign-in-success")) });
    expect(asked).toEqual(["critical", "high", "routine"]);
  });
});

describe("deferral attributes and delays", () => {
  it("reads a record without them as never deferred, and odd values as absent", () => {
    expect(deferralOf(undefined)).toEqual({ count: 0 });
    expect(deferralOf({ [DEFERRAL_ATTRIBUTES.count]: { stringValue: "-1" }, [DEFERRAL_ATTRIBUTES.firstSentMs]: { stringValue: "soon" }, [DEFERRAL_ATTRIBUTES.originMessageId]: { stringValue: "a b#c" } })).toEqual({ count: 0 });
  });

  it("brings urgent messages back after a second, routine ones after 5 s to a minute, later each time, at most SQS's 15 minutes", () => {
    expect(deferralDelaySeconds("critical", 7, () => 0.99)).toBe(1);
    expect(deferralDelaySeconds("high", 0, () => 0.99)).toBe(1);
    expect([deferralDelaySeconds("routine", 0, () => 0), deferralDelaySeconds("routine", 0, () => 0.999)]).toEqual([5, 59]);
    expect(deferralDelaySeconds("routine", 3, () => 0.999)).toBe(239);
    expect(deferralDelaySeconds("routine", 50, () => 0.999)).toBe(659);
    expect(deferredCopy({ messageId: "m", body: "{}" }, { count: 99 }, 1, "routine", () => 0.999).delaySeconds).toBeLessThanOrEqual(900);
  });
});
