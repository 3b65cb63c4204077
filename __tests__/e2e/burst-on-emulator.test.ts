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
 */
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { burstStoryProblems, runBurst, type BurstRun } from "../../scripts/lib/burst-run";
import { createEmulatedDelivery, type EmulatedDelivery } from "../../scripts/lib/emulated-delivery";
import { emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { rootSessionBurst } from "../../scripts/lib/root-session-burst";
import { signInSpray, SPRAY_CRITICAL_FIXTURES } from "../../scripts/lib/sign-in-spray";
import { sprayStoryProblems } from "../../scripts/lib/spray-story";

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
