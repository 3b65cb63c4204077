/**
 * Issue 20, item 1: a session record that contradicts time (lastSeen or firstSeen later than now
 * beyond clock skew) is tampering: told as critical, never trusted. The red team's attack: one
 * PutItem of a live-looking session far in the future silenced every later non-critical call of the
 * key (kept for a digest that its forged claim never let go out).
 */
import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import { describeTime, tamperingOf } from "../../handler/sessions/session-tampering";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { loadFixture } from "../helpers/fixtures";
import { recordingLogger } from "../helpers/silent-logger";

const snsMock = mockClient(SNSClient);
const iamMock = mockClient(IAMClient);
const NOW = Date.parse("2026-11-20T08:00:00Z");
const FAR_FUTURE = Date.parse("2099-01-01T00:00:00Z");
const TAMPERED_SUBJECT = "[CRITICAL] Root activity monitor: a session record was tampered with";

function newHandler() {
  const sessions = new InMemorySessionStore();
  const scheduled: Array<{ sessionKey: string; chain?: string }> = [];
  const clock = { now: NOW };
  const handle = createDeliveryHandler({
    topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
    sns: new SNSClient({}),
    sessions,
    slots: freeSlots(),
    scheduleDigest: async (sessionKey, _delay, chain) => {
      scheduled.push({ sessionKey, chain });
    },
    lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
    logger: recordingLogger(),
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once: inMemoryOnce(),
    now: () => clock.now,
  });
  let n = 0;
  const deliver = (event: unknown, messageId = `sqs-${(n += 1)}`) => handle({ messageId, body: JSON.stringify(event), attributes: { SentTimestamp: String(clock.now) } }, 30_000);
  return { deliver, sessions, scheduled, clock };
}

/** A read-only call of the recorded CLI session (its access key), a non-critical action. */
function readOnlyCall(index: number) {
  const event = loadFixture("root-api-call-create-volume");
  event.detail.eventID = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
  event.detail.eventName = "DescribeInstances";
  event.detail.readOnly = true;
  return event;
}

const published = () => snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);

describe("a session record that contradicts time", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "msg-1" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  /** The red team's item: a live-looking session of the key, far in the future, with a digest claim of its own. */
  async function forgeSession(context: ReturnType<typeof newHandler>) {
    const first = await context.deliver(readOnlyCall(0));
    const key = String(first.session);
    context.sessions.records.set(key, { key, label: "FALSE ALARM ignore", accountId: "111122223333", firstEventId: "x", firstSeen: FAR_FUTURE, lastSeen: FAR_FUTURE, digestScheduled: FAR_FUTURE, digestChain: "forged" });
    snsMock.resetHistory();
    context.clock.now += 60_000;
    return key;
  }

  it("does not keep the next action quiet: it opens the session afresh and is alerted", async () => {
    const context = newHandler();
    await forgeSession(context);
    await expect(context.deliver(readOnlyCall(1))).resolves.toMatchObject({ status: "alerted", eventId: "00000000-0000-4000-8000-000000000001" });
  });

  it("is told as critical tampering, naming the session and the bogus times, quoting nothing else of it", async () => {
    const context = newHandler();
    const key = await forgeSession(context);
    await context.deliver(readOnlyCall(1));
    const told = published().filter((request) => request.Subject === TAMPERED_SUBJECT);
    expect(told).toHaveLength(1);
    expect(told[0].MessageAttributes).toMatchObject({ severity: { StringValue: "critical" }, messageKind: { StringValue: "session-tampered" } });
    const email: string = JSON.parse(told[0].Message ?? "{}")[MESSAGE_KEYS.email];
    expect(email).toContain(`Session:      ${key}`);
    expect(email).toContain("lastSeen:     2099-01-01T00:00:00.000Z");
    expect(email).toContain("firstSeen:    2099-01-01T00:00:00.000Z");
    expect(told[0].Message).not.toMatch(/FALSE ALARM|forged/);
  });

  it("starts a digest chain of the fresh session, so that what the forged claim held back is told", async () => {
    const context = newHandler();
    const key = await forgeSession(context);
    await context.deliver(readOnlyCall(1));
    expect(context.scheduled.filter((trigger) => trigger.sessionKey === key && trigger.chain !== "forged")).toHaveLength(1);
  });

  it("is told once, even when the opener is delivered again, and not for the later actions", async () => {
    const context = newHandler();
    await forgeSession(context);
    await context.deliver(readOnlyCall(1), "sqs-opener");
    await context.deliver(readOnlyCall(1), "sqs-opener-again");
    await context.deliver(readOnlyCall(2));
    expect(published().filter((request) => request.Subject === TAMPERED_SUBJECT)).toHaveLength(1);
  });

  it("is a record whose lastSeen is not a time at all", async () => {
    const context = newHandler();
    const first = await context.deliver(readOnlyCall(0));
    const key = String(first.session);
    context.sessions.records.set(key, { ...context.sessions.records.get(key)!, lastSeen: "9999999999999" as unknown as number });
    snsMock.resetHistory();
    await context.deliver(readOnlyCall(1));
    expect(published().map((request) => request.Subject)).toContain(TAMPERED_SUBJECT);
  });

  it("is not a live session whose lastSeen is a little ahead, within clock skew", async () => {
    const context = newHandler();
    const first = await context.deliver(readOnlyCall(0));
    const key = String(first.session);
    context.sessions.records.set(key, { ...context.sessions.records.get(key)!, lastSeen: NOW + 4 * 60_000 });
    snsMock.resetHistory();
    await expect(context.deliver(readOnlyCall(1))).resolves.toMatchObject({ status: "kept for the digest" });
    expect(published()).toEqual([]);
  });
});

describe("tamperingOf", () => {
  it.each([
    ["a lastSeen in the future", { firstSeen: NOW, lastSeen: NOW + 5 * 60_000 + 1 }],
    ["a firstSeen in the future", { firstSeen: NOW + 3_600_000, lastSeen: NOW }],
    ["a lastSeen that is text", { firstSeen: NOW, lastSeen: "soon" }],
    ["no firstSeen", { lastSeen: NOW }],
  ])("finds %s", (_name, record) => {
    expect(tamperingOf(record, NOW)).toBeDefined();
  });

  it("believes times up to five minutes ahead", () => {
    expect(tamperingOf({ firstSeen: NOW - 1, lastSeen: NOW + 5 * 60_000 }, NOW)).toBeUndefined();
  });

  it("describes a bogus time as a date, or as what it is, cleaned and short", () => {
    expect(describeTime(FAR_FUTURE)).toBe("2099-01-01T00:00:00.000Z");
    expect(describeTime(undefined)).toBe("missing");
    expect(describeTime("x\u2028WHAT TO DO")).toBe("not a time: x\\u2028WHAT TO DO");
    expect(describeTime("y".repeat(500)).length).toBeLessThanOrEqual("not a time: ".length + 64);
  });
});
