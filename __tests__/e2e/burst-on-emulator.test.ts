/**
 * A burst cannot silence the monitor: 1,000 root events from 3 sessions, 4 of them critical, on a
 * delivery's buffer (as the rule puts them there), the built function driven with the buffer's
 * batches as Lambda's event source mapping would (two invocations at a time), against the
 * emulator's DynamoDB, SQS and SNS. What reaches the topic's subscriber is counted by SNS's own
 * timestamps. The deployment test sends a smaller burst through the deployed rule itself.
 *
 * And a password spray (100 failed root sign-ins from 100 addresses) with five critical moves mixed
 * in, on the same emulator: one story for the spray, and every critical alert out within 30 s of
 * reaching the function (SQS's SentTimestamp against SNS's timestamp as the subscriber sees it).
 * And the red team's publish-second tampering: every second of the next 134 s pre-claimed in the
 * table; critical moves still go out at once, the forged claims are told as tampering, and the
 * routine digest waits on the buffer as a deferred copy instead of failing.
 */
import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { burstStoryProblems, criticalDelays, runBurst, type BurstRun } from "../../emulator/burst-run";
import { createEmulatedDelivery, type EmulatedDelivery } from "../../emulator/emulated-delivery";
import { emulatorClientConfig, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { rootSessionBurst } from "../../emulator/root-session-burst";
import { signInSpray, SPRAY_CRITICAL_FIXTURES } from "../../emulator/sign-in-spray";
import { sprayStoryProblems } from "../../emulator/spray-story";
import { HANDLER_CONTRACT } from "../../src/contract/names";

const BURST = { events: 1_000, sessions: 3, critical: 4 } as const;
const SPRAY = { account: "123456789012", attempts: 100, critical: SPRAY_CRITICAL_FIXTURES.length } as const;

let moto: MotoServer;
let sqs: SQSClient;
beforeAll(async () => {
  moto = await startMotoServer();
  sqs = new SQSClient(emulatorClientConfig(moto.endpoint, "us-east-1"));
});
afterAll(async () => moto?.stop());

/** The events on the buffer, as the rule puts them (the EventBridge event as the message body), then the function's run. */
const tell = (delivery: EmulatedDelivery, events: Array<Record<string, any>>, maxMs: number) =>
  runBurst({
    sqs,
    region: "us-east-1",
    bufferQueueUrl: delivery.bufferQueueUrl,
    bufferQueueArn: delivery.bufferQueueArn,
    env: delivery.env,
    send: async () => {
      for (let start = 0; start < events.length; start += 10) {
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: delivery.bufferQueueUrl, Entries: events.slice(start, start + 10).map((event, index) => ({ Id: String(index), MessageBody: JSON.stringify(event) })) }));
      }
    },
    delivered: () => delivery.delivered(),
    maxMs,
  });

describe("a password spray of 100 failed sign-ins from 100 addresses, with 5 critical moves, through a delivery on the emulator", () => {
  it("tells the spray as one story (one alert, digests counting by address) and every critical move within 30 s of reaching the function", async () => {
    const delivery = await createEmulatedDelivery(moto.endpoint, "spray");
    const run = await tell(delivery, signInSpray({ ...SPRAY, start: new Date() }), 120_000);
    expect(sprayStoryProblems(run, SPRAY)).toEqual([]);
    // 4 slots a second; even if every publish of one second landed in the next, 8: under SNS's 10 for an email subscription.
    expect(run.peakPerSecond).toBeLessThanOrEqual(8);
  }, 180_000);

  it("tells critical moves within 30 s though someone pre-claimed every publish second of the next 134 s, tells that as tampering, and defers the digest rather than failing it", async () => {
    const delivery = await createEmulatedDelivery(moto.endpoint, "preclaimed");
    const topicArn = delivery.env[HANDLER_CONTRACT.topicArnEnv];
    // The red team's items: `publish-slot#<topic>` / `<second>`, for every second from now on.
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(emulatorClientConfig(moto.endpoint, "us-east-1")));
    const now = Math.floor(Date.now() / 1000);
    const items = Array.from({ length: 135 }, (_, i) => ({ PutRequest: { Item: { pk: `publish-slot#${topicArn}`, sk: String(now + i), expiresAt: now + 3_600 } } }));
    for (let start = 0; start < items.length; start += 25) {
      await documents.send(new BatchWriteCommand({ RequestItems: { [delivery.env[HANDLER_CONTRACT.env.sessionTable]]: items.slice(start, start + 25) } }));
    }
    // Two failed sign-ins (an alert, and one kept for a digest, which is routine) and two critical moves.
    const spray = signInSpray({ ...SPRAY, attempts: 10, start: new Date() });
    const signIns = spray.filter((event) => event.detail.eventName === "ConsoleLogin").slice(0, 2);
    const events = [...signIns, ...spray.filter((event) => event.detail.eventName !== "ConsoleLogin").slice(0, 2)];
    const run = await tell(delivery, events, 12_000);
    const kinds = run.messages.map((m) => `${m.message.kind} ${m.message.severity}`).sort();
    expect(kinds).toEqual(["alert critical", "alert critical", "alert high", "tampering critical"]);
    expect(criticalDelays(run).every((ms) => ms < 30_000)).toBe(true);
    expect(run.driver.failedRecords).toBe(0);
    // The digest trigger (routine: slot 0 only) found no second: it waits on the buffer as a deferred copy, not as a failure.
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: delivery.bufferQueueUrl, AttributeNames: ["ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessages"] }));
    expect(Number(Attributes.ApproximateNumberOfMessagesDelayed) + Number(Attributes.ApproximateNumberOfMessages) + run.deferredReceived).toBeGreaterThanOrEqual(1);
    expect(run.messages.filter((m) => m.message.kind === "digest")).toHaveLength(0);
  }, 60_000);
});

describe("a burst of 1,000 root events through a delivery on the emulator", () => {
  let delivery: EmulatedDelivery;
  let first: BurstRun;
  const burst = rootSessionBurst({ account: "123456789012", ...BURST, start: new Date() });

  beforeAll(async () => {
    delivery = await createEmulatedDelivery(moto.endpoint, "burst");
  });

  it("tells them as one alert per session, 4 critical alerts and digests, at most one publish a second on average", async () => {
    first = await tell(delivery, burst, 540_000);
    expect(burstStoryProblems(first, BURST)).toEqual([]);
    expect(first.peakPerSecond).toBeLessThanOrEqual(5);
    expect(first.averagePerSecond).toBeLessThanOrEqual(1);
  }, 600_000);

  it("covers every event id exactly once", () => {
    const covered = first.messages.flatMap((m) => m.message.eventIds);
    expect(covered.length).toBe(BURST.events);
    expect(new Set(covered)).toEqual(new Set(burst.map((event) => event.detail.eventID)));
  });

  it("publishes nothing for the same events delivered again", async () => {
    // Repeats of the alerted, the digested and the first critical one (event 200).
    const again = await tell(delivery, burst.slice(0, 201), 540_000);
    expect(again.messages.length).toBe(0);
    expect(again.driver.records).toBeGreaterThanOrEqual(201);
  }, 300_000);
});
