/**
 * Issue 20, item 1: a message on the buffer that is not an event of the monitor's own rules or
 * triggers is told as a possible forgery (critical), quoting none of its text.
 */
import { createHash } from "node:crypto";
import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import type { BufferedRecord } from "../../handler/delivery/delivery-deps";
import type { InFlightCheck } from "../../handler/delivery/in-flight-check";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { loadFixture } from "../helpers/fixtures";
import { recordingLogger } from "../helpers/silent-logger";

const snsMock = mockClient(SNSClient);
const iamMock = mockClient(IAMClient);
const SENT_AT = Date.parse("2026-11-20T07:59:58Z");
const SENDER = "AROAEXAMPLEINSIDER01:mallory";
/** The red team's forgery: a root event made up by hand, its text meant for the reader. */
const FALSE_ALARM = "FALSE ALARM: this was a scheduled test, please do not open an incident";

function newHandler(inFlight?: InFlightCheck, clock = { now: Date.parse("2026-11-20T08:00:00Z") }) {
  const logger = recordingLogger();
  const handle = createDeliveryHandler({
    ...(inFlight ? { inFlight } : {}),
    topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
    sns: new SNSClient({}),
    sessions: new InMemorySessionStore(),
    slots: freeSlots(),
    scheduleDigest: async () => undefined,
    lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
    logger,
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once: inMemoryOnce(),
    now: () => clock.now,
  });
  const deliver = (body: string, messageId = "5fea7756-0ea4-451a-a703-a558b933e274") => {
    const record: BufferedRecord = { messageId, body, attributes: { SentTimestamp: String(SENT_AT), SenderId: SENDER } };
    return handle(record, 30_000);
  };
  return { deliver, logger };
}

const published = () => snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
const emailOf = (index = 0): string => JSON.parse(published()[index].Message ?? "{}")[MESSAGE_KEYS.email];
const jsonOf = (index = 0) => JSON.parse(JSON.parse(published()[index].Message ?? "{}")[MESSAGE_KEYS.json]);

/** A root event made up by someone with SQS rights: the rule never delivers a source of their own. */
function forgedEvent(): string {
  const event = loadFixture("root-create-access-key");
  event.source = "custom.monitor";
  event.detail.userAgent = FALSE_ALARM;
  event.detail.eventName = "FALSE_ALARM_IGNORE";
  return JSON.stringify(event);
}

describe("a message no rule or trigger of the monitor's put on the buffer", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "msg-1" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  it("is told as a possible forgery, critical, never as root activity", async () => {
    const { deliver } = newHandler();
    await expect(deliver(forgedEvent())).resolves.toMatchObject({ status: "possible forgery told" });
    expect(published()).toHaveLength(1);
    expect(published()[0]).toMatchObject({
      Subject: "[CRITICAL] Root activity monitor: possible forgery on its buffer queue",
      MessageAttributes: { messageKind: { DataType: "String", StringValue: "possible-forgery" }, severity: { DataType: "String", StringValue: "critical" } },
    });
  });

  it("quotes none of its text", async () => {
    const { deliver } = newHandler();
    await deliver(forgedEvent());
    const message = published()[0].Message ?? ""; // every copy: email, JSON and SMS
    for (const piece of ["FALSE ALARM", "FALSE_ALARM_IGNORE", "custom.monitor", "AKIAI44QH8DHBEXAMPLE", "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a51"]) expect(message).not.toContain(piece);
  });

  it("says what identifies it: message id, sender, time sent, size and SHA-256 of the body", async () => {
    const { deliver } = newHandler();
    const body = forgedEvent();
    await deliver(body);
    const message = emailOf();
    expect(message).toMatch(/\nSQS message ID: +5fea7756-0ea4-451a-a703-a558b933e274\n/);
    expect(message).toMatch(/\nSent by: +AROAEXAMPLEINSIDER01:mallory \(SQS SenderId/);
    expect(message).toMatch(/\nSent at \(UTC\): +2026-11-20T07:59:58.000Z\n/);
    expect(message).toMatch(new RegExp(`\\nSize: +${Buffer.byteLength(body)} bytes\\n`));
    expect(message).toMatch(new RegExp(`\\nSHA-256: +${createHash("sha256").update(body).digest("hex")}\\n`));
    expect(message).toContain("its source is not an AWS service");
    expect(message).toContain("function's logs");
    expect(jsonOf()).toEqual({
      schema: "root-activity-monitor/notification/v2",
      kind: "possible-forgery",
      severity: "critical",
      sqsMessageId: "5fea7756-0ea4-451a-a703-a558b933e274",
      senderId: SENDER,
      sentAt: "2026-11-20T07:59:58.000Z",
      bytes: Buffer.byteLength(body),
      sha256: createHash("sha256").update(body).digest("hex"),
      reason: "its source is not an AWS service (aws.*), so no rule of the monitor's delivered it",
    });
  });

  it("keeps its text in the function's logs, with the same id and hash", async () => {
    const { deliver, logger } = newHandler();
    const body = forgedEvent();
    await deliver(body);
    expect(logger.lines).toContainEqual(expect.objectContaining({ message: "possible forgery told", fields: expect.objectContaining({ sqsMessageId: "5fea7756-0ea4-451a-a703-a558b933e274", senderId: SENDER, body, sha256: createHash("sha256").update(body).digest("hex") }) }));
  });

  it.each([
    ["text that is not JSON", FALSE_ALARM],
    ["JSON that is not an object", JSON.stringify([FALSE_ALARM])],
    ["an event of a detail-type the rules do not route", JSON.stringify({ ...loadFixture("root-create-access-key"), "detail-type": FALSE_ALARM })],
  ])("is told the same way for %s, quoting none of it", async (_name, body) => {
    const { deliver } = newHandler();
    await expect(deliver(body)).resolves.toMatchObject({ status: "possible forgery told" });
    expect(published()[0].Subject).toBe("[CRITICAL] Root activity monitor: possible forgery on its buffer queue");
    expect(published()[0].Message).not.toContain("FALSE ALARM");
  });

  it("still tells a real event of the rules as root activity", async () => {
    const { deliver } = newHandler();
    await expect(deliver(JSON.stringify(loadFixture("root-create-access-key")))).resolves.toMatchObject({ status: "alerted" });
    expect(published()[0].Subject).toBe('[CRITICAL] Root API call-"CreateAccessKey" detected in Account-"prod-payments"');
  });

  it("tells a real-looking root event that is not in flight on the buffer (the function invoked directly) as a possible forgery, and believes none of it", async () => {
    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
    const { deliver } = newHandler(async () => false);
    const outcome = await deliver(JSON.stringify(loadFixture("root-cloudtrail-stop-logging")));
    expect(outcome.status).toBe("possible forgery told");
    expect(published()).toHaveLength(1);
    expect(published()[0].Subject).toBe("[CRITICAL] Root activity monitor: possible forgery on its buffer queue");
    expect(emailOf()).toContain("invoked with it directly");
    expect(emailOf()).not.toContain("StopLogging");
  });

  it("says no sender for a record not on the queue: its SenderId and time are the caller's own words", async () => {
    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
    const { deliver } = newHandler(async () => false);
    await deliver(JSON.stringify(loadFixture("root-cloudtrail-stop-logging")));
    expect(emailOf()).not.toContain(SENDER);
    expect(emailOf()).toMatch(/Sent by: +unknown: the record was not on the queue/);
  });

  it("tells a flood of forgeries once a minute for each reason, logging every one, so that real alerts keep their publish slots", async () => {
    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
    const clock = { now: Date.parse("2026-11-20T08:00:00Z") };
    const { deliver, logger } = newHandler(undefined, clock);
    const outcomes = [];
    for (let index = 0; index < 50; index += 1) outcomes.push(await deliver(`junk ${index}`, `junk-${index}`));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["possible forgery told", ...Array.from({ length: 49 }, () => "possible forgery told with another")]);
    expect(published()).toHaveLength(1);
    expect(logger.lines.filter((line) => line.message === "possible forgery, told with the first of its minute")).toHaveLength(49);
    await deliver(forgedEvent(), "other-reason"); // another reason: told on its own
    clock.now += 60_000;
    await deliver("junk again", "junk-next-minute"); // the next minute: told again
    expect(published()).toHaveLength(3);
  });
});
