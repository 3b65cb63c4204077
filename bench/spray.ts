/**
 * A password spray with critical moves mixed in, through a delivery on the emulator, as the burst
 * test sends it (100 failed root sign-ins from 100 addresses, 5 critical moves): how long each
 * critical alert took from reaching the function's buffer (SQS's SentTimestamp) to its publish
 * (SNS's timestamp, as the topic's subscriber sees it), over one spray per run; and what the spray
 * became. The emulator answers every AWS call and the function runs as a fresh Node process per
 * batch, so the times are upper bounds of Lambda's.
 */
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { buildHandlerBundle } from "../src/function/handler-bundle";
import { criticalDelays, runBurst, type BurstRun } from "../emulator/burst-run";
import { createEmulatedDelivery } from "../emulator/emulated-delivery";
import { emulatorClientConfig, startMotoServer } from "../emulator/moto-server";
import { signInSpray, SPRAY_CRITICAL_FIXTURES } from "../emulator/sign-in-spray";
import { CRITICAL_WITHIN_MS, sprayStoryProblems } from "../emulator/spray-story";
import type { BenchContext } from "./context";
import { fmtS, progress } from "./figures";
import { stats } from "./measure";

const SPRAY = { account: "123456789012", attempts: 100, critical: SPRAY_CRITICAL_FIXTURES.length } as const;

export async function benchSpray({ runs, record }: BenchContext): Promise<void> {
  buildHandlerBundle();
  const moto = await startMotoServer();
  const sprays: BurstRun[] = [];
  try {
    const sqs = new SQSClient(emulatorClientConfig(moto.endpoint, "us-east-1"));
    for (let run = 0; run < runs; run += 1) {
      progress(`spray: ${SPRAY.attempts} failed root sign-ins from ${SPRAY.attempts} addresses with ${SPRAY.critical} critical moves, run ${run + 1} of ${runs}`);
      const delivery = await createEmulatedDelivery(moto.endpoint, `bench-spray-${run}`);
      const events = signInSpray({ ...SPRAY, start: new Date() });
      sprays.push(
        await runBurst({
          sqs,
          region: "us-east-1",
          bufferQueueUrl: delivery.bufferQueueUrl,
          bufferQueueArn: delivery.bufferQueueArn,
          env: { ...delivery.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
          send: async () => {
            for (let start = 0; start < events.length; start += 10) {
              await sqs.send(new SendMessageBatchCommand({ QueueUrl: delivery.bufferQueueUrl, Entries: events.slice(start, start + 10).map((event, index) => ({ Id: String(index), MessageBody: JSON.stringify(event) })) }));
            }
          },
          delivered: () => delivery.delivered(),
          maxMs: 180_000,
        }),
      );
    }
  } finally {
    await moto.stop();
  }
  const delays = sprays.flatMap(criticalDelays);
  const delay = stats(delays);
  record({
    section: "spray",
    name: `critical alerts during a spray of ${SPRAY.attempts} failed sign-ins from ${SPRAY.attempts} addresses (${SPRAY.critical} critical moves): reaching the function to publish, p50 (min-max) of ${delays.length} alerts in ${runs} sprays`,
    value: fmtS(delay),
    target: `every one under ${CRITICAL_WITHIN_MS / 1000} s`,
    met: delays.length === SPRAY.critical * runs && delay.max < CRITICAL_WITHIN_MS,
    data: { delaysMs: delays },
  });
  const problems = sprays.map((spray) => sprayStoryProblems(spray, SPRAY));
  const kinds = (spray: BurstRun) => spray.messages.reduce<Record<string, number>>((counts, m) => {
    const kind = `${m.message.kind}${m.message.severity === "critical" ? " (critical)" : ""}`;
    return { ...counts, [kind]: (counts[kind] ?? 0) + 1 };
  }, {});
  record({
    section: "spray",
    name: "messages for that spray, per run",
    value: sprays.map((spray) => `${spray.messages.length} (${Object.entries(kinds(spray)).map(([kind, count]) => `${count} ${kind}`).join(", ")})`).join("; "),
    target: `one story: 1 alert and digests counting by address, ${SPRAY.critical} critical alerts, every attempt once`,
    met: problems.every((found) => found.length === 0),
    data: { problems, kinds: sprays.map(kinds) },
  });
  const deferred = sprays.map((spray) => spray.deferredReceived);
  const failed = sprays.map((spray) => spray.driver.failedRecords);
  record({
    section: "spray",
    name: "during that spray: most publishes in one second / deferred copies received / records failed (a receive count spent)",
    value: `${Math.max(...sprays.map((spray) => spray.peakPerSecond))} / ${deferred.join(", ")} / ${failed.join(", ")}`,
    target: "at most 8 (4 slots a second) / reported / 0",
    met: sprays.every((spray) => spray.peakPerSecond <= 8) && failed.every((count) => count === 0),
    data: { peak: sprays.map((spray) => spray.peakPerSecond), deferred, failed },
  });
}
