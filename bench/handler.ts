/**
 * The handler: its cold start in a fresh Node process (against `node -e ""`), and a burst of root
 * activity through a delivery on the emulator (1,000 events from 3 sessions, 4 of them critical):
 * the messages it becomes, the most publishes in one second, the function's time for it, and the
 * root posture's calls within it (posture.ts).
 * The emulator answers every AWS call, so its own latency is in the timed figures: they are upper
 * bounds of the function's work, not Lambda's figures.
 */
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import * as path from "node:path";
import { buildHandlerBundle } from "../src/function/handler-bundle";
import { PROJECT_ROOT } from "../src/project-root";
import { burstStoryProblems, runBurst } from "../emulator/burst-run";
import { startRecordingProxy } from "../emulator/recording-proxy";
import { createEmulatedDelivery, inFlightEventOf } from "../emulator/emulated-delivery";
import { isolatedEnv } from "../emulator/emulator-deployment";
import { emulatorClientConfig, startMotoServer } from "../emulator/moto-server";
import { rootSessionBurst } from "../emulator/root-session-burst";
import type { BenchContext } from "./context";
import { benchLibraryColdStart } from "./library-cold-start";
import { fmtMs, msOf, progress } from "./figures";
import { interleaved, runProcess } from "./measure";
import { recordPostureCost } from "./posture";

/** A cold start varies more than a synth does: at least this many runs. */
const MIN_COLD_STARTS = 10;
const BURST = { events: 1_000, sessions: 3, critical: 4 } as const;

export async function benchHandler(context: BenchContext): Promise<void> {
  const bundle = buildHandlerBundle();
  const moto = await startMotoServer();
  try {
    await coldStart(context, bundle.outfile, moto.endpoint);
    await benchLibraryColdStart(context);
    await burst(context, moto.endpoint);
  } finally {
    await moto.stop();
  }
}

async function coldStart({ runs: RUNS, record }: BenchContext, bundleFile: string, endpoint: string): Promise<void> {
  const delivery = await createEmulatedDelivery(endpoint, "bench-cold");
  const env = { ...isolatedEnv(), ...delivery.env, HANDLER_BUNDLE: bundleFile, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  const invoke = path.join(PROJECT_ROOT, "emulator", "lambda-runtime.cjs");
  const event = JSON.parse(JSON.stringify(rootSessionBurst({ account: "123456789012", events: 1, sessions: 1, critical: 0, start: new Date() })[0]));
  progress("handler: cold start, loading the bundle only and handling a one-message batch, against a Node process that does nothing");
  // A new event each time (a repeat would be answered from its idempotency record), each put on the
  // buffer and received beforehand, as the function checks that it is in flight there.
  const coldStarts = Math.max(RUNS, MIN_COLD_STARTS);
  const batches: string[] = [];
  for (let counter = 1; counter <= coldStarts; counter += 1) {
    event.detail.eventID = `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`;
    batches.push(JSON.stringify(await inFlightEventOf(delivery, [JSON.stringify(event)])));
  }
  const runs = await interleaved(coldStarts, {
    floor: () => runProcess(process.execPath, ["-e", ""], { env }),
    load: () => runProcess(process.execPath, ["-e", `require(${JSON.stringify(bundleFile)})`], { env }),
    cold: () => runProcess(process.execPath, [invoke], { env, input: batches.shift() ?? "" }),
  });
  const [floor, load, cold] = [msOf(runs.floor), msOf(runs.load), msOf(runs.cold)];
  record({
    section: "handler",
    name: "handler cold start: new Node process, load the bundle (Powertools, SDK clients inside)",
    value: fmtMs(load),
    floor: `${fmtMs(floor)}, \`node -e ""\``,
    target: `reported: ${(load.median - floor.median).toFixed(0)} ms above floor`,
    data: { load, floor },
  });
  record({
    section: "handler",
    name: "handler cold start and one alert: load, then a one-message batch (session table, publish second, SNS on the emulator)",
    value: fmtMs(cold),
    floor: `${fmtMs(floor)}, \`node -e ""\``,
    target: `reported: ${(cold.median - floor.median).toFixed(0)} ms above floor, the emulator's answers included`,
    data: { cold, floor },
  });
}

async function burst({ record }: BenchContext, endpoint: string): Promise<void> {
  progress(`handler: a burst of ${BURST.events} root events from ${BURST.sessions} sessions, ${BURST.critical} critical, through a delivery on the emulator`);
  const delivery = await createEmulatedDelivery(endpoint, "bench-burst");
  const sqs = new SQSClient(emulatorClientConfig(endpoint, "us-east-1"));
  const events = rootSessionBurst({ account: "123456789012", ...BURST, start: new Date() });
  // The function's calls pass a counting proxy; the driver's own receives and deletes (Lambda's part) do not.
  const proxy = await startRecordingProxy(endpoint);
  const run = await runBurst({
    sqs,
    region: "us-east-1",
    bufferQueueUrl: delivery.bufferQueueUrl,
    bufferQueueArn: delivery.bufferQueueArn,
    env: { ...delivery.env, AWS_ENDPOINT_URL: proxy.endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    send: async () => {
      for (let start = 0; start < events.length; start += 10) {
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: delivery.bufferQueueUrl, Entries: events.slice(start, start + 10).map((event, index) => ({ Id: String(index), MessageBody: JSON.stringify(event) })) }));
      }
    },
    delivered: () => delivery.delivered(),
  });
  await proxy.close();
  const calls = [...proxy.calls.values()].reduce((sum, count) => sum + count, 0);
  const byAction = [...proxy.calls].sort(([, a], [, b]) => b - a);
  const kinds = run.messages.reduce<Record<string, number>>((counts, m) => ({ ...counts, [`${m.message.kind}${m.message.severity === "critical" ? " (critical)" : ""}`]: (counts[`${m.message.kind}${m.message.severity === "critical" ? " (critical)" : ""}`] ?? 0) + 1 }), {});
  const covered = run.messages.flatMap((m) => m.message.eventIds);
  record({
    section: "handler",
    name: `messages for a burst of ${BURST.events} root events (${BURST.sessions} sessions, ${BURST.critical} critical)`,
    value: `${run.messages.length} (${Object.entries(kinds).map(([kind, count]) => `${count} ${kind}`).join(", ")}); ${covered.length} event ids covered, ${new Set(covered).size} distinct`,
    target: `one alert per session (${BURST.sessions}), ${BURST.critical} critical, digests; every event once`,
    met: burstStoryProblems(run, BURST).length === 0 && covered.length === BURST.events && new Set(covered).size === BURST.events,
    data: { kinds, covered: covered.length },
  });
  record({
    section: "handler",
    name: "publishes per second during that burst: most in one second / average",
    value: `${run.peakPerSecond} / ${run.averagePerSecond.toFixed(2)}`,
    target: "at most 5 / at most 1",
    met: run.peakPerSecond <= 5 && run.averagePerSecond <= 1,
    data: { peak: run.peakPerSecond, average: run.averagePerSecond },
  });
  record({
    section: "handler",
    name: `function time for the ${BURST.events} events: ${run.driver.invocations} invocations of up to 100 messages`,
    value: `${(run.driver.invocationMs / 1000).toFixed(1)} s (${(run.driver.invocationMs / BURST.events).toFixed(1)} ms per event)`,
    target: "reported (the emulator's answers included)",
    data: { invocationMs: run.driver.invocationMs, invocations: run.driver.invocations, records: run.driver.records },
  });
  record({
    section: "handler",
    name: `the function's AWS calls for the ${BURST.events} events`,
    value: `${calls} (${(calls / BURST.events).toFixed(1)} per event)`,
    target: `reported; most: ${byAction.slice(0, 5).map(([action, count]) => `${action.replace(/^\w+_\d+\.|^AmazonSQS\./, "")} ${count}`).join(", ")}`,
    data: { calls, byAction: Object.fromEntries(byAction) },
  });
  await recordPostureCost({ record }, endpoint, { events: BURST.events, invocations: run.driver.invocations, calls: proxy.calls });
}
