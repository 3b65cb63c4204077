/**
 * The chat copy as the delivery handler publishes it (issue 23, items 2 and 4): the real handler
 * with the in-memory session rules and SNS mocked. A copy of every message goes to the chat topic,
 * only when there is one, after the message itself and in its publish second; one root session is
 * one thread; a chat copy that fails never sends the message again.
 */
import { PublishCommand, SNSClient, type PublishCommandInput } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { digestTriggerBody } from "../../handler/delivery/buffered-message";
import { createChatCopy } from "../../handler/delivery/chat-copy";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import type { DeliveryDeps } from "../../handler/delivery/delivery-deps";
import { testAlertBody } from "../../handler/publishing/test-alert";
import { buildHeartbeat } from "../../handler/self-check/heartbeat";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { parseCustomNotification } from "../helpers/custom-notification-schema";
import { loadFixture, ROOT_FIXTURES, TAMPER_FIXTURES } from "../helpers/fixtures";
import { scheduledEvent } from "../helpers/scheduled-event";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const CHAT_TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor-chat";
const SCHEDULE = "arn:aws:events:us-east-1:111122223333:rule/root-activity-monitor-self-check";
const snsMock = mockClient(SNSClient);

function newHandler(overrides: Partial<DeliveryDeps> = {}) {
  const logger = recordingLogger();
  const slots = freeSlots();
  const scheduled: string[] = [];
  const clock = { now: Date.parse("2026-11-20T08:00:00Z") };
  const failures = { counted: 0 };
  const handle = createDeliveryHandler({
    topicArn: TOPIC,
    sns: new SNSClient({}),
    sessions: new InMemorySessionStore(),
    slots,
    scheduleDigest: async (sessionKey) => void scheduled.push(sessionKey),
    lookupAccountName: async () => "prod-payments",
    logger,
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once: inMemoryOnce(),
    countChatCopyFailure: () => void (failures.counted += 1),
    now: () => clock.now,
    ...overrides,
  });
  let messageNumber = 0;
  const handler = (event: unknown, body = JSON.stringify(event)) => handle({ messageId: `sqs-${(messageNumber += 1)}`, body, attributes: { SentTimestamp: String(clock.now) } }, 30_000);
  return { handler, logger, slots, scheduled, clock, failures };
}

const publishes = () => snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
const toTopic = (topic: string) => publishes().filter((input) => input.TopicArn === topic);
const chatCopies = () => toTopic(CHAT_TOPIC).map((input) => parseCustomNotification(input.Message));

/** Three calls of one root CLI session (one access key); the last is critical. */
function sessionCalls() {
  return ["CreateVolume", "DescribeInstances", "StopLogging"].map((eventName, index) => {
    const event = loadFixture("root-api-call-create-volume");
    Object.assign(event.detail, { eventID: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`, eventName, readOnly: index === 1 });
    if (eventName === "StopLogging") event.detail.eventSource = "cloudtrail.amazonaws.com";
    return event;
  });
}

/** Plays the session, then its digest, through `handler`; answers the main topic's messages. */
async function playSession(run: ReturnType<typeof newHandler>): Promise<PublishCommandInput[]> {
  for (const call of sessionCalls()) await run.handler(call);
  run.clock.now += 300_000;
  await run.handler(undefined, digestTriggerBody(run.scheduled[0]));
  return toTopic(TOPIC);
}

beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).callsFake((input: PublishCommandInput) => ({ MessageId: `${input.TopicArn === CHAT_TOPIC ? "chat" : "msg"}-${snsMock.commandCalls(PublishCommand).length}` }));
});

describe("the chat copy, published", () => {
  it("is not made without a chat topic: every message as before, on the main topic alone", async () => {
    await playSession(newHandler());
    expect(publishes().map((input) => input.TopicArn)).toEqual([TOPIC, TOPIC, TOPIC]);
  });

  it("follows every message on the chat topic, in the same publish second, leaving the message itself byte for byte as it was", async () => {
    const without = await playSession(newHandler());
    snsMock.resetHistory();
    const run = newHandler({ chatTopicArn: CHAT_TOPIC });
    const withChat = await playSession(run);
    expect(withChat).toEqual(without);
    expect(publishes().map((input) => input.TopicArn)).toEqual([TOPIC, CHAT_TOPIC, TOPIC, CHAT_TOPIC, TOPIC, CHAT_TOPIC]);
    expect(run.slots.acquired).toBe(3);
  });

  it("tells one root session as one thread: its opening alert, its critical action and its digest, each with the id of its message", async () => {
    await playSession(newHandler({ chatTopicArn: CHAT_TOPIC }));
    const chats = chatCopies();
    expect(chats.map((chat) => chat.metadata?.eventType)).toEqual(["alert", "alert", "digest"]);
    expect(chats.map((chat) => chat.id)).toEqual(["msg-1", "msg-3", "msg-5"]);
    const [thread] = new Set(chats.map((chat) => chat.metadata?.threadId));
    // The session's key, and when it began (the clock's start, as its first call opened it).
    expect(thread).toMatch(/^111122223333:key:[0-9a-f]+:20261120T080000Z$/);
    expect(chats.map((chat) => chat.metadata?.threadId)).toEqual([thread, thread, thread]);
    expect(chats[1].content.title).toBe('\u{1F534} [CRITICAL] Root API call-"StopLogging" detected in Account-"prod-payments"');
  });

  // The red team's stolen key used again days later: its alert must be a post of its own, not a reply
  // buried in the thread of the owner's session that the same key opened before.
  it("opens a thread of its own for a later session of the same key, once the first was quiet", async () => {
    const run = newHandler({ chatTopicArn: CHAT_TOPIC });
    await playSession(run);
    const [first] = chatCopies().map((chat) => chat.metadata?.threadId);
    run.clock.now += 3 * 24 * 3_600_000;
    const later = loadFixture("root-api-call-create-volume");
    const time = new Date(run.clock.now).toISOString().replace(/\.\d+Z$/, "Z");
    Object.assign(later.detail, { eventID: "00000000-0000-4000-8000-000000000099", eventName: "CreateVolume", eventTime: time });
    later.time = time;
    await run.handler(later);
    const newest = chatCopies().at(-1);
    expect(newest?.metadata?.eventType).toBe("alert");
    expect(newest?.metadata?.threadId).toBe(`${first?.replace(/:\d{8}T\d{6}Z$/, "")}:20261123T080500Z`);
    expect(newest?.metadata?.threadId).not.toBe(first);
  });

  it("copies the self-check's messages too: they publish through the same tools", async () => {
    const heartbeat = buildHeartbeat({ topicArn: TOPIC, heartbeat: "daily", regions: ["us-east-1"], rootEvents: 0, warnings: [], accountId: "111122223333", checkedAt: Date.parse("2026-11-23T08:00:00Z") });
    const { handler } = newHandler({
      chatTopicArn: CHAT_TOPIC,
      selfCheck: { scheduleRuleArn: SCHEDULE, run: async (_runId, deadlineMs, publish) => ({ status: "heartbeat sent", messageId: await publish(heartbeat, deadlineMs) }) },
    });
    await handler(scheduledEvent(SCHEDULE));
    expect(chatCopies()).toEqual([expect.objectContaining({ id: "msg-1", metadata: expect.objectContaining({ eventType: "heartbeat", threadId: "self-check:us-east-1:2026-11-20" }) })]);
  });

  it("gives every kind of message a chat copy in the custom-notification format, and leaves every message itself as it was without chat", async () => {
    /** Every kind the handler sends: each root fixture, new places, tamper, a possible forgery, a test, the digests. */
    const playAll = async (run: ReturnType<typeof newHandler>) => {
      for (const name of ROOT_FIXTURES) await run.handler(loadFixture(name));
      // As the tamper rule's input transformer wraps them.
      for (const name of TAMPER_FIXTURES) await run.handler(undefined, JSON.stringify({ type: "root-activity-monitor/tamper", event: loadFixture(name) }));
      await run.handler(undefined, "not a message the monitor sends");
      await run.handler(undefined, testAlertBody({ regions: ["eu-west-1"] }));
      run.clock.now += 300_000;
      for (const sessionKey of [...run.scheduled]) await run.handler(undefined, digestTriggerBody(sessionKey));
      return toTopic(TOPIC);
    };
    const without = await playAll(newHandler());
    snsMock.resetHistory();
    expect(await playAll(newHandler({ chatTopicArn: CHAT_TOPIC }))).toEqual(without);
    const kinds = new Set(chatCopies().map((chat) => chat.metadata?.eventType));
    expect([...kinds]).toEqual(expect.arrayContaining(["alert", "digest", "new-place", "possible-forgery", "tamper", "test"]));
    expect(toTopic(CHAT_TOPIC)).toHaveLength(without.length);
  });

  describe("when the chat topic refuses it", () => {
    beforeEach(() => {
      snsMock.on(PublishCommand, { TopicArn: CHAT_TOPIC }).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottledException" }));
    });

    it("still tells the alert, once: the record succeeds and its retry is a duplicate, so the email never goes twice", async () => {
      const { handler, logger, failures } = newHandler({ chatTopicArn: CHAT_TOPIC });
      const event = loadFixture("root-console-sign-in-failure");
      await expect(handler(event)).resolves.toMatchObject({ status: "alerted", messageId: "msg-1" });
      await expect(handler(event)).resolves.toMatchObject({ status: "duplicate" });
      expect(toTopic(TOPIC)).toHaveLength(1);
      expect(logger.lines.filter((line) => line.level === "ERROR")).toEqual([
        { level: "ERROR", message: "chat copy not published; the message itself went out", fields: expect.objectContaining({ messageId: "msg-1", messageKind: "alert", chatTopicArn: CHAT_TOPIC, errorName: "ThrottledException" }) },
      ]);
      expect(failures.counted).toBe(1);
    });

    it("completes a once-only unit (a test message) without repeating it", async () => {
      const { handler, failures } = newHandler({ chatTopicArn: CHAT_TOPIC });
      await expect(handler(undefined, testAlertBody({ regions: [] }))).resolves.toMatchObject({ status: "test alert sent", messageId: "msg-1" });
      expect(toTopic(TOPIC)).toHaveLength(1);
      expect(failures.counted).toBe(1);
    });

    it("still tells it when counting the failure fails too", async () => {
      const { handler, logger } = newHandler({ chatTopicArn: CHAT_TOPIC, countChatCopyFailure: () => { throw new Error("counted outside a batch run"); } });
      await expect(handler(loadFixture("root-create-access-key"))).resolves.toMatchObject({ status: "alerted" });
      expect(logger.lines.map((line) => line.message)).toEqual(expect.arrayContaining(["chat copy not published; the message itself went out", "chat copy failure not counted"]));
    });
  });

  it("gives up on a chat publish that hangs, within its time, and tells it like any other failure", async () => {
    const logger = recordingLogger();
    let counted = 0;
    const copy = createChatCopy({ chatTopicArn: CHAT_TOPIC, sns: { send: () => new Promise(() => undefined) } as never, logger, now: () => 0, timeoutMs: 50, countFailure: () => void (counted += 1) });
    const started = Date.now();
    await expect(copy({ TopicArn: TOPIC, Subject: "s", Message: "m" }, "msg-1", 60_000)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(logger.lines).toEqual([expect.objectContaining({ level: "ERROR", fields: expect.objectContaining({ messageId: "msg-1", errorMessage: "the chat publish took more than 50 ms" }) })]);
    expect(counted).toBe(1);
  });

  // The red team's slow chat topic (SNS or KMS throttled on purpose): the copy never outlasts the
  // invocation's deadline, which would time the invocation out and hold the batch's other alerts.
  it("waits no longer than the invocation's deadline, and with none left does not publish, and tells it", async () => {
    const logger = recordingLogger();
    let counted = 0;
    let sent = 0;
    const sns = { send: (_command: unknown, options: { abortSignal?: AbortSignal }) => ((sent += 1), new Promise((_, reject) => options.abortSignal?.addEventListener("abort", () => reject(new Error("aborted"))))) };
    const copy = createChatCopy({ chatTopicArn: CHAT_TOPIC, sns: sns as never, logger, now: () => 1_000_000, countFailure: () => void (counted += 1) });
    const started = Date.now();
    await copy({ TopicArn: TOPIC, Subject: "s", Message: "m" }, "msg-1", 1_000_000 + 40);
    expect(Date.now() - started).toBeLessThan(2_000);
    await copy({ TopicArn: TOPIC, Subject: "s", Message: "m" }, "msg-2", 1_000_000);
    expect(sent).toBe(1);
    expect(counted).toBe(2);
    expect(logger.lines.map((line) => line.fields)).toEqual([
      expect.objectContaining({ messageId: "msg-1" }),
      expect.objectContaining({ messageId: "msg-2", errorMessage: "no time left before the invocation's deadline" }),
    ]);
  });
});
