import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { digestTriggerBody } from "../../handler/delivery/buffered-message";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import type { DeliveryDeps } from "../../handler/delivery/delivery-deps";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import { sessionOf } from "../../handler/events/root-session";
import { loadFixture, NOT_ROOT_FIXTURES, ROOT_FIXTURES } from "../helpers/fixtures";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const DIGEST_SECONDS = 300;
const QUIET_SECONDS = 600;
const snsMock = mockClient(SNSClient);
const iamMock = mockClient(IAMClient);

function newHandler(overrides: Partial<DeliveryDeps> = {}) {
  const logger = recordingLogger();
  const sessions = new InMemorySessionStore();
  const slots = freeSlots();
  const scheduled: Array<{ sessionKey: string; delaySeconds: number; chain?: string }> = [];
  const clock = { now: Date.parse("2026-11-20T08:00:00Z") };
  /** When each root event was counted for the heartbeat; `countFails` makes counting fail. */
  const counted: number[] = [];
  const counter = { countFails: false };
  const handle = createDeliveryHandler({
    topicArn: TOPIC,
    sns: new SNSClient({}),
    sessions,
    slots,
    scheduleDigest: async (sessionKey, delaySeconds, chain) => {
      scheduled.push({ sessionKey, delaySeconds, chain });
    },
    lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
    logger,
    digestIntervalSeconds: DIGEST_SECONDS,
    sessionQuietSeconds: QUIET_SECONDS,
    once: inMemoryOnce(),
    countRootEvent: async (nowMs) => {
      if (counter.countFails) throw new Error("table unavailable");
      counted.push(nowMs);
    },
    now: () => clock.now,
    ...overrides,
  });
  let messageNumber = 0;
  /** Hands one buffered message to the handler, as one record of a batch that reached the queue at `sentAtMs` (default: now). */
  const handler = (event: unknown, body = JSON.stringify(event), sentAtMs = clock.now) =>
    handle({ messageId: `sqs-${(messageNumber += 1)}`, body, attributes: { SentTimestamp: String(sentAtMs) } }, 30_000);
  return { handler, logger, sessions, slots, scheduled, clock, counted, counter };
}

const published = () => snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
const emailOf = (index = 0) => JSON.parse(published()[index].Message ?? "{}")[MESSAGE_KEYS.email] as string;
const jsonOf = (index = 0) => JSON.parse(JSON.parse(published()[index].Message ?? "{}")[MESSAGE_KEYS.json]);

/** `count` actions of one CLI session (one access key), a second apart, from the recorded CreateVolume call. */
function sessionActions(count: number, eventName = "DescribeInstances") {
  return Array.from({ length: count }, (_, index) => {
    const event = loadFixture("root-api-call-create-volume");
    event.detail.eventID = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
    event.detail.eventName = index === 0 ? "CreateVolume" : eventName;
    event.detail.readOnly = index !== 0;
    return event;
  });
}

describe("the delivery handler", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "msg-1" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  it.each([
    ["root-console-sign-in-success", 'Root console sign-in with MFA-"ConsoleLogin" detected in Account-"prod-payments"'],
    ["root-console-sign-in-failure", '[HIGH] Root console sign-in FAILED-"ConsoleLogin" detected in Account-"prod-payments"'],
    ["root-api-call-create-volume", '[HIGH] Root API call-"CreateVolume" detected in Account-"prod-payments"'],
    ["root-api-call-get-caller-identity", '[HIGH] Root API call-"GetCallerIdentity" detected in Account-"prod-payments"'],
    ["root-api-call-access-denied", '[CRITICAL] Root API call-"LeaveOrganization" detected in Account-"prod-payments"'],
    ["root-console-action", '[CRITICAL] Root password change-"PasswordUpdated" detected in Account-"prod-payments"'],
    ["root-password-recovery-requested", '[CRITICAL] Root password reset-"PasswordRecoveryRequested" detected in Account-"prod-payments"'],
    ["root-create-access-key", '[CRITICAL] Root API call-"CreateAccessKey" detected in Account-"prod-payments"'],
    ["root-invoked-by-signin", '[CRITICAL] Root API call-"AttachUserPolicy" detected in Account-"prod-payments"'],
    ["root-sparse", 'Root API call-"42" detected in Account-"prod-payments"'],
  ] as const)("alerts at once on %s, the first action of its session, with the subject %p", async (fixture, subject) => {
    const { handler } = newHandler();
    await handler(loadFixture(fixture));
    expect(published()).toHaveLength(1);
    expect(published()[0]).toMatchObject({ Subject: subject, TopicArn: TOPIC });
    expect(emailOf()).toContain("AWS account prod-payments (111122223333)");
    expect(published()[0].MessageAttributes).toMatchObject({ accountId: { StringValue: "111122223333" }, messageKind: { StringValue: "alert" } });
  });

  it.each(ROOT_FIXTURES)("logs one 'alerted' line with the SNS message id and the session for %s", async (fixture) => {
    const { handler, logger } = newHandler();
    const event = loadFixture(fixture);
    await expect(handler(event)).resolves.toMatchObject({ status: "alerted", eventId: event.detail.eventID, messageId: "msg-1" });
    expect(logger.lines).toEqual([expect.objectContaining({ level: "INFO", message: "alerted", fields: expect.objectContaining({ eventId: event.detail.eventID, messageId: "msg-1", session: expect.any(String) }) })]);
  });

  it.each(NOT_ROOT_FIXTURES)("publishes nothing for %s and logs one 'ignored' line with the reason", async (fixture) => {
    const { handler, logger } = newHandler();
    await expect(handler(loadFixture(fixture))).resolves.toMatchObject({ status: "ignored" });
    expect(published()).toHaveLength(0);
    expect(iamMock.commandCalls(ListAccountAliasesCommand)).toHaveLength(0);
    expect(logger.lines).toEqual([expect.objectContaining({ level: "INFO", message: "ignored", fields: expect.objectContaining({ reason: expect.any(String) }) })]);
  });

  it("counts each new root event once for the heartbeat, alerted or kept, and never a duplicate", async () => {
    const { handler, counted } = newHandler();
    const actions = sessionActions(3);
    for (const action of actions) await handler(action);
    for (const action of actions) await handler(action);
    expect(counted).toHaveLength(3);
  });

  it("still alerts when a root event cannot be counted, and says so in the log", async () => {
    const { handler, counter, logger } = newHandler();
    counter.countFails = true;
    await expect(handler(loadFixture("root-console-sign-in-failure"))).resolves.toMatchObject({ status: "alerted" });
    expect(published()).toHaveLength(1);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: "WARN", message: "root event not counted for the heartbeat" }));
  });

  it("keeps a session's later actions for its digest and schedules the digest once", async () => {
    const { handler, scheduled } = newHandler();
    const actions = sessionActions(5);
    for (const action of actions) await handler(action);
    expect(published()).toHaveLength(1);
    const session = sessionOf({ accountId: "111122223333", accessKeyId: actions[0].detail.userIdentity.accessKeyId, sourceIp: "", userAgent: "" });
    expect(jsonOf()).toMatchObject({ kind: "alert", eventIds: [actions[0].detail.eventID], session: { key: session.key } });
    expect(scheduled).toEqual([{ sessionKey: session.key, delaySeconds: DIGEST_SECONDS, chain: expect.any(String) }]);
  });

  it("alerts at once on a critical action in the middle of a session", async () => {
    const { handler } = newHandler();
    const actions = sessionActions(3);
    actions[2].detail.eventName = "StopLogging";
    actions[2].detail.eventSource = "cloudtrail.amazonaws.com";
    for (const action of actions) await handler(action);
    expect(published().map((input) => input.Subject)).toEqual([
      '[HIGH] Root API call-"CreateVolume" detected in Account-"prod-payments"',
      '[CRITICAL] Root API call-"StopLogging" detected in Account-"prod-payments"',
    ]);
  });

  it("sends the digest of what waited, covering each action once, and keeps digesting while the session goes on", async () => {
    const { handler, scheduled, clock, sessions } = newHandler();
    const actions = sessionActions(4);
    for (const action of actions) await handler(action);
    const [{ sessionKey }] = scheduled;
    clock.now += DIGEST_SECONDS * 1000;
    await expect(handler(undefined, digestTriggerBody(sessionKey))).resolves.toMatchObject({ status: "digest scheduled", actions: 3 });
    expect(published()[1].Subject).toBe('[HIGH] Root session digest-"3 more actions" detected in Account-"prod-payments"');
    expect(jsonOf(1)).toMatchObject({ kind: "digest", eventIds: actions.slice(1).map((a) => a.detail.eventID) });
    expect(await sessions.pending(sessionKey)).toEqual([]);
    expect(scheduled).toHaveLength(2);
  });

  it("ends a quiet session after its last digest, and the next action opens a new one with an alert", async () => {
    const { handler, scheduled, clock, sessions } = newHandler();
    const actions = sessionActions(2);
    for (const action of actions) await handler(action);
    const [{ sessionKey }] = scheduled;
    clock.now += (QUIET_SECONDS + 1) * 1000;
    await expect(handler(undefined, digestTriggerBody(sessionKey))).resolves.toMatchObject({ status: "session over", actions: 1 });
    // Its digest chain ends; the record stays until it expires (for actions that arrived in time but are handled late).
    expect(sessions.records.get(sessionKey)).toMatchObject({ firstEventId: actions[0].detail.eventID });
    expect(sessions.records.get(sessionKey)?.digestScheduled).toBeUndefined();
    expect(scheduled).toHaveLength(1);
    const later = sessionActions(1)[0];
    later.detail.eventID = "11111111-0000-4000-8000-000000000000";
    await handler(later);
    expect(published().map((input) => JSON.parse(JSON.parse(input.Message ?? "{}")[MESSAGE_KEYS.json]).kind)).toEqual(["alert", "digest", "alert"]);
  });

  it("keeps one session when the function falls behind: actions that reached the queue in time belong to it, however late they are handled", async () => {
    const { handler, scheduled, clock } = newHandler();
    const actions = sessionActions(4);
    const sentAt = clock.now;
    await handler(actions[0]);
    clock.now += (QUIET_SECONDS + 120) * 1000;
    for (const action of actions.slice(1)) await expect(handler(action, undefined, sentAt + 1_000)).resolves.toMatchObject({ status: "kept for the digest" });
    expect(published()).toHaveLength(1);
    expect(scheduled).toHaveLength(1);
  });

  it("keeps one session when its digest ended it while an action of it still waited in the buffer: told in a digest of its own, not a second alert", async () => {
    const { handler, scheduled, clock } = newHandler();
    const actions = sessionActions(3);
    const sentAt = clock.now;
    for (const action of actions.slice(0, 2)) await handler(action);
    // The third reached the queue with the others; the function fell behind, and the digest found the session quiet meanwhile.
    clock.now += (QUIET_SECONDS + 1) * 1000;
    await expect(handler(undefined, digestTriggerBody(scheduled[0].sessionKey, scheduled[0].chain))).resolves.toMatchObject({ status: "session over", actions: 1 });
    await expect(handler(actions[2], undefined, sentAt + 1_000)).resolves.toMatchObject({ status: "kept for the digest" });
    expect(scheduled).toHaveLength(2);
    expect(scheduled[1].chain).not.toBe(scheduled[0].chain);
    // The ended chain's trigger, delivered again, tells nothing; the new chain's tells the late action.
    await expect(handler(undefined, digestTriggerBody(scheduled[0].sessionKey, scheduled[0].chain))).resolves.toMatchObject({ status: "stale trigger" });
    await expect(handler(undefined, digestTriggerBody(scheduled[1].sessionKey, scheduled[1].chain))).resolves.toMatchObject({ status: "digest scheduled", actions: 1 });
    expect(published().map((_, index) => jsonOf(index).kind)).toEqual(["alert", "digest", "digest"]);
    expect(published().flatMap((_, index) => jsonOf(index).eventIds as string[])).toEqual(actions.map((action) => action.detail.eventID));
  });

  it("never tells an alerted action again when a repeat of it lands in a later session of the same key", async () => {
    const { handler, scheduled, clock } = newHandler();
    const actions = sessionActions(2);
    for (const action of actions) await handler(action);
    clock.now += (QUIET_SECONDS + 1) * 1000;
    await handler(undefined, digestTriggerBody(scheduled[0].sessionKey, scheduled[0].chain));
    // A new session of the same key, then the first session's alerted action delivered again inside it.
    const fresh = { ...sessionActions(1)[0], detail: { ...sessionActions(1)[0].detail, eventID: "44444444-0000-4000-8000-000000000000" } };
    await expect(handler(fresh)).resolves.toMatchObject({ status: "alerted" });
    await expect(handler(actions[0])).resolves.toMatchObject({ status: "duplicate" });
    for (const trigger of scheduled.slice(1)) await expect(handler(undefined, digestTriggerBody(trigger.sessionKey, trigger.chain))).resolves.toMatchObject({ actions: 0 });
    expect(published().map((_, index) => [jsonOf(index).kind, jsonOf(index).eventIds])).toEqual([
      ["alert", [actions[0].detail.eventID]],
      ["digest", [actions[1].detail.eventID]],
      ["alert", [fresh.detail.eventID]],
    ]);
  });

  it("leaves a live session alone when its first event is delivered again: its digest still tells the actions kept", async () => {
    const { handler, scheduled } = newHandler();
    const actions = sessionActions(3);
    for (const action of actions) await handler(action);
    await expect(handler(actions[0])).resolves.toMatchObject({ status: "duplicate" });
    await expect(handler(undefined, digestTriggerBody(scheduled[0].sessionKey, scheduled[0].chain))).resolves.toMatchObject({ status: "digest scheduled", actions: 2 });
    expect(published().map((_, index) => jsonOf(index).kind)).toEqual(["alert", "digest"]);
    expect(jsonOf(1).eventIds).toEqual(actions.slice(1).map((action) => action.detail.eventID));
  });

  it("keeps one digest trigger when a quiet session opens again while its trigger is on its way, and tells each action once", async () => {
    const { handler, scheduled, clock } = newHandler();
    const first = sessionActions(3);
    for (const action of first) await handler(action);
    expect(scheduled).toHaveLength(1);
    // Quiet for longer than sessionQuietSeconds, while the delayed trigger has not come back yet.
    clock.now += (QUIET_SECONDS + 1) * 1000;
    const again = sessionActions(6).slice(3).map((action, index) => ({ ...action, detail: { ...action.detail, eventID: `33333333-0000-4000-8000-00000000000${index}` } }));
    for (const action of again) await handler(action);
    expect(published().map((_, index) => jsonOf(index).kind)).toEqual(["alert", "alert"]);
    expect(scheduled).toHaveLength(1);
    await expect(handler(undefined, digestTriggerBody(scheduled[0].sessionKey))).resolves.toMatchObject({ status: "digest scheduled", actions: 4 });
    clock.now += (QUIET_SECONDS + 1) * 1000;
    await expect(handler(undefined, digestTriggerBody(scheduled[1].sessionKey))).resolves.toMatchObject({ status: "session over", actions: 0 });
    const told = published().flatMap((_, index) => jsonOf(index).eventIds as string[]);
    expect(told.sort()).toEqual([...first, ...again].map((action) => action.detail.eventID).sort());
    expect(scheduled).toHaveLength(2);
  });

  it("stops a digest trigger whose chain is no longer the session's, telling nothing, and keeps the session's own chain going", async () => {
    const { handler, scheduled, clock, sessions } = newHandler();
    for (const action of sessionActions(3)) await handler(action);
    const [{ sessionKey, chain }] = scheduled;
    // A second claim that went through (a store whose conditional writes are not atomic) made another chain the session's.
    const record = sessions.records.get(sessionKey);
    if (!record) throw new Error("the session should be open");
    sessions.records.set(sessionKey, { ...record, digestChain: "the-other-chain" });
    clock.now += DIGEST_SECONDS * 1000;
    await expect(handler(undefined, digestTriggerBody(sessionKey, chain))).resolves.toMatchObject({ status: "stale trigger" });
    expect(published()).toHaveLength(1);
    expect(scheduled).toHaveLength(1);
    await expect(handler(undefined, digestTriggerBody(sessionKey, "the-other-chain"))).resolves.toMatchObject({ status: "digest scheduled", actions: 2 });
    expect(scheduled[1]).toMatchObject({ sessionKey, chain: "the-other-chain" });
  });

  it("keeps an action delivered twice once, and never puts it back after its digest", async () => {
    const { handler, scheduled, clock } = newHandler();
    const actions = sessionActions(2);
    for (const action of actions) await handler(action);
    await expect(handler(actions[1])).resolves.toMatchObject({ status: "duplicate" });
    clock.now += DIGEST_SECONDS * 1000;
    await handler(undefined, digestTriggerBody(scheduled[0].sessionKey));
    await expect(handler(actions[1])).resolves.toMatchObject({ status: "duplicate" });
    clock.now += DIGEST_SECONDS * 1000;
    await expect(handler(undefined, digestTriggerBody(scheduled[0].sessionKey))).resolves.toMatchObject({ actions: 0 });
    expect(published().map((input) => jsonOf(published().indexOf(input)).eventIds)).toEqual([[actions[0].detail.eventID], [actions[1].detail.eventID]]);
  });

  it("alerts on none of a session's repeats after it ended, and still on the next new action", async () => {
    const { handler, scheduled, clock } = newHandler();
    const actions = sessionActions(3);
    for (const action of actions) await handler(action);
    clock.now += (QUIET_SECONDS + 1) * 1000;
    await handler(undefined, digestTriggerBody(scheduled[0].sessionKey));
    const before = published().length;
    clock.now += 60_000;
    for (const action of [actions[1], actions[0], actions[2]]) await expect(handler(action)).resolves.toMatchObject({ status: "duplicate" });
    expect(published()).toHaveLength(before);
    const fresh = sessionActions(1)[0];
    fresh.detail.eventID = "22222222-0000-4000-8000-000000000000";
    await expect(handler(fresh)).resolves.toMatchObject({ status: "alerted" });
  });

  it("waits for a publish second of its own before every publish", async () => {
    const { handler, slots } = newHandler();
    await handler(loadFixture("root-create-access-key"));
    await handler(loadFixture("root-console-sign-in-failure"));
    expect(slots.acquired).toBe(published().length);
  });

  it("tells an unreadable message as a possible forgery instead of dropping it", async () => {
    const { handler } = newHandler();
    await expect(handler(undefined, "\u0000not json")).resolves.toMatchObject({ status: "possible forgery told" });
    expect(published()[0].Subject).toBe("[CRITICAL] Root activity monitor: possible forgery on its buffer queue");
  });

  // 20,000 levels is about as deep as a 256 KiB SQS message can nest. The body is written as text:
  // JSON.stringify itself cannot go that deep, but a sender's JSON can.
  it.each([5_000, 20_000])("alerts once on an event nested %p levels deep", async (depth) => {
    const event = loadFixture("root-api-call-create-volume");
    event.detail.requestParameters = "DEEP";
    const body = JSON.stringify(event).replace('"DEEP"', `${'{"deeper":'.repeat(depth)}"bottom"${"}".repeat(depth)}`);
    const { handler } = newHandler();
    await expect(handler(undefined, body)).resolves.toMatchObject({ status: "alerted" });
    expect(published()).toHaveLength(1);
  });

  it("names the account by its id, and still alerts, when the alias lookup is denied", async () => {
    iamMock.on(ListAccountAliasesCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    await newHandler().handler(loadFixture("root-console-sign-in-failure"));
    expect(published()[0].Subject).toBe('[HIGH] Root console sign-in FAILED-"ConsoleLogin" detected in Account-"111122223333"');
  });

  it("makes one alias lookup for two alerts in one execution environment", async () => {
    const { handler } = newHandler();
    await handler(loadFixture("root-api-call-create-volume"));
    await handler(loadFixture("root-console-sign-in-success"));
    expect(iamMock.commandCalls(ListAccountAliasesCommand)).toHaveLength(1);
    expect(published()).toHaveLength(2);
  });

  it("throws when the publish fails, so that the message is retried, and logs it as an error", async () => {
    snsMock.on(PublishCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottledException" }));
    const { handler, logger } = newHandler();
    await expect(handler(loadFixture("root-api-call-create-volume"))).rejects.toThrow("Rate exceeded");
    expect(logger.lines).toEqual([expect.objectContaining({ level: "ERROR", fields: expect.objectContaining({ errorName: "ThrottledException" }) })]);
  });

  it("alerts on the retry after a failed publish, once, and not again on a late duplicate", async () => {
    snsMock.on(PublishCommand).rejectsOnce(new Error("SNS unavailable")).resolves({ MessageId: "msg-2" });
    const { handler } = newHandler();
    const event = loadFixture("root-console-sign-in-failure");
    await expect(handler(event)).rejects.toThrow("SNS unavailable");
    await expect(handler(event)).resolves.toMatchObject({ status: "alerted", messageId: "msg-2" });
    await expect(handler(event)).resolves.toMatchObject({ status: "duplicate" });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it("never treats two events without an id as the same event", async () => {
    const { handler } = newHandler();
    await handler(loadFixture("root-sparse"));
    await handler(loadFixture("root-sparse"));
    expect(published()).toHaveLength(2);
  });

  describe("centralized root access: an sts:AssumeRoot call and what is done with it in the member account", () => {
    const MEMBER = "111122223333";
    /** The member account's actions under the session the call handed out (its access key). */
    const memberAction = (eventID: string, eventSource: string, eventName: string) => {
      const event = loadFixture("root-centralized-root-session");
      Object.assign(event.detail, { eventID, eventSource, eventName });
      return event;
    };

    it("tells the call and the member account's actions as one session of the member account: one alert, then its digest", async () => {
      const { handler, scheduled } = newHandler();
      const call = await handler(loadFixture("assume-root-call"));
      expect(call).toMatchObject({ status: "alerted", session: expect.stringMatching(new RegExp(`^${MEMBER}:key:`)) });
      const action = await handler(memberAction("e0000000-0000-4000-8000-000000000001", "s3.amazonaws.com", "GetBucketPolicy"));
      expect(action).toMatchObject({ status: "kept for the digest", session: call.session });
      expect(published()).toHaveLength(1);
      expect(scheduled.map((trigger) => trigger.sessionKey)).toEqual([call.session]);
    });

    it("with digest-only, opens the session without an alert and keeps its actions for the digest", async () => {
      const { handler, scheduled } = newHandler({ centralizedRootAccess: "digest-only" });
      const call = await handler(loadFixture("assume-root-call"));
      expect(call).toMatchObject({ status: "kept for the digest" });
      expect(await handler(memberAction("e0000000-0000-4000-8000-000000000001", "s3.amazonaws.com", "GetBucketPolicy"))).toMatchObject({ status: "kept for the digest", session: call.session });
      expect(published()).toHaveLength(0);
      expect(scheduled).toHaveLength(1);
    });

    it("with digest-only, still pages at once on the session's critical move", async () => {
      const { handler } = newHandler({ centralizedRootAccess: "digest-only" });
      await handler(loadFixture("assume-root-call"));
      expect(await handler(memberAction("e0000000-0000-4000-8000-000000000002", "iam.amazonaws.com", "CreateAccessKey"))).toMatchObject({ status: "alerted", severity: "critical" });
      expect(published().map((input) => input.Subject)).toEqual([expect.stringMatching(/^\[CRITICAL\] /)]);
    });

    it("with digest-only, keeps the member account's first action out of immediate alerts when it arrives before the call (its record is marked)", async () => {
      const { handler } = newHandler({ centralizedRootAccess: "digest-only" });
      const first = memberAction("e0000000-0000-4000-8000-000000000003", "s3.amazonaws.com", "GetBucketPolicy");
      first.detail.userIdentity.sessionContext.assumedRoot = "true";
      expect(await handler(first)).toMatchObject({ status: "kept for the digest" });
      expect(await handler(loadFixture("assume-root-call"))).toMatchObject({ status: "kept for the digest" });
      expect(published()).toHaveLength(0);
    });

    it("with digest-only, still alerts on a failed sts:AssumeRoot call", async () => {
      const { handler } = newHandler({ centralizedRootAccess: "digest-only" });
      const refused = loadFixture("assume-root-call");
      Object.assign(refused.detail, { errorCode: "AccessDenied", errorMessage: "not authorized", responseElements: null });
      expect(await handler(refused)).toMatchObject({ status: "alerted" });
    });

    it("with digest-only, still alerts on any other root session", async () => {
      const { handler } = newHandler({ centralizedRootAccess: "digest-only" });
      expect(await handler(loadFixture("root-console-sign-in-success"))).toMatchObject({ status: "alerted" });
    });
  });
});
