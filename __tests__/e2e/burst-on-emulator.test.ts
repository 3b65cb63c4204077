/**
 * A burst cannot silence the monitor: 1,000 root events from 3 sessions, 4 of them critical, on a
 * delivery's buffer (as the rule puts them there), the built function driven with the buffer's
 * batches as Lambda's event source mapping would (two invocations at a time), against the
 * emulator's DynamoDB, SQS and SNS. What reaches the topic's subscriber is counted by SNS's own
 * timestamps. The deployment test sends a smaller burst through the deployed rule itself.
 */
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { burstStoryProblems, runBurst, type BurstRun } from "../../scripts/lib/burst-run";
import { createEmulatedDelivery, type EmulatedDelivery } from "../../scripts/lib/emulated-delivery";
import { emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { rootSessionBurst } from "../../scripts/lib/root-session-burst";

const BURST = { events: 1_000, sessions: 3, critical: 4 } as const;

describe("a burst of 1,000 root events through a delivery on the emulator", () => {
  let moto: MotoServer;
  let delivery: EmulatedDelivery;
  let sqs: SQSClient;
  let first: BurstRun;
  const burst = rootSessionBurst({ account: "123456789012", ...BURST, start: new Date() });

  beforeAll(async () => {
    moto = await startMotoServer();
    delivery = await createEmulatedDelivery(moto.endpoint, "burst");
    sqs = new SQSClient(emulatorClientConfig(moto.endpoint, "us-east-1"));
  });
  afterAll(async () => moto?.stop());

  /** The events on the buffer, as the rule puts them (the EventBridge event as the message body), then the function's run. */
  const tell = (events: Array<Record<string, any>>) =>
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
      maxMs: 540_000,
    });

  it("tells them as one alert per session, 4 critical alerts and digests, never more than one publish a second", async () => {
    first = await tell(burst);
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
    const again = await tell(burst.slice(0, 201));
    expect(again.messages.length).toBe(0);
    expect(again.driver.records).toBeGreaterThanOrEqual(201);
  }, 300_000);
});
