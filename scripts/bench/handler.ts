/**
 * The handler: its cold start in a fresh Node process (against `node -e ""`), the AWS calls it makes
 * for 100 events in one execution environment (against a local SNS and IAM stub, so that neither a
 * network nor an emulator's latency is measured), and its own work per event when warm.
 */
import type { SNSClient } from "@aws-sdk/client-sns";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { createRootActivityHandler } from "../../handler/root-activity-handler";
import { buildHandlerBundle } from "../../src/handler-bundle";
import { HANDLER_CONTRACT } from "../../src/names";
import { PROJECT_ROOT } from "../../src/project-root";
import { isolatedEnv } from "../lib/emulator-deployment";
import { startAwsStub } from "./aws-stub";
import type { BenchContext } from "./context";
import { fmtMs, msOf, progress } from "./figures";
import { interleaved, runProcess, stats } from "./measure";

const TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
/** A cold start varies more than a synth does: at least this many runs. */
const MIN_COLD_STARTS = 10;
const BATCH_EVENTS = 100;

function rootEvent(index: number, extraBytes = 0): Record<string, unknown> {
  const event = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-api-call-create-volume.json"), "utf8"));
  event.detail.eventID = `bench-${index}`;
  if (extraBytes > 0) event.detail.requestParameters = { policyDocument: "p".repeat(extraBytes) };
  return event;
}

export async function benchHandler(context: BenchContext): Promise<void> {
  const bundle = buildHandlerBundle();
  await coldStartAndCalls(context, bundle.outfile);
  await warm(context);
}

async function coldStartAndCalls({ runs: RUNS, record }: BenchContext, bundleFile: string): Promise<void> {
  const stub = await startAwsStub();
  try {
    const env = {
      ...isolatedEnv(),
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL: stub.endpoint,
      [HANDLER_CONTRACT.topicArnEnv]: TOPIC_ARN,
      HANDLER_BUNDLE: bundleFile,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    progress("handler: cold start against a local SNS and IAM stub, against a Node process that does nothing");
    const invoke = path.join(PROJECT_ROOT, "scripts", "invoke-bundle.cjs");
    const runs = await interleaved(Math.max(RUNS, MIN_COLD_STARTS), {
      floor: () => runProcess(process.execPath, ["-e", ""], { env }),
      cold: () => runProcess(process.execPath, [invoke], { env, input: JSON.stringify(rootEvent(0)) }),
    });
    const [floor, cold] = [msOf(runs.floor), msOf(runs.cold)];
    const above = cold.median - floor.median;
    record({
      section: "handler",
      name: "handler cold start: new Node process, load the bundle, handle one event (local SNS/IAM stub)",
      value: fmtMs(cold),
      floor: `${fmtMs(floor)}, \`node -e ""\``,
      target: `<= 150 ms above floor: ${above.toFixed(0)} ms`,
      met: above <= 150,
      data: { cold, floor, aboveMs: above },
    });

    progress(`handler: AWS calls for ${BATCH_EVENTS} events in one execution environment`);
    for (const key of Object.keys(stub.calls)) delete stub.calls[key];
    const batch = await runProcess(process.execPath, [invoke, "--batch"], { env, input: JSON.stringify(Array.from({ length: BATCH_EVENTS }, (_, i) => rootEvent(i))) });
    const statuses = (JSON.parse(batch.stdout.trim().split("\n").pop() ?? "{}").result ?? []) as Array<{ status: string }>;
    if (statuses.filter((result) => result.status === "notified").length !== BATCH_EVENTS) throw new Error(`the batch did not notify ${BATCH_EVENTS} times`);
    const total = Object.values(stub.calls).reduce((sum, count) => sum + count, 0);
    record({
      section: "handler",
      name: `AWS calls for ${BATCH_EVENTS} events in one execution environment`,
      value: `${total} (${Object.entries(stub.calls).map(([action, count]) => `${count} ${action}`).join(", ")})`,
      target: `exactly ${BATCH_EVENTS + 1}: ${BATCH_EVENTS} publishes, 1 alias lookup`,
      met: total === BATCH_EVENTS + 1 && stub.calls.Publish === BATCH_EVENTS && stub.calls.ListAccountAliases === 1,
      data: { calls: { ...stub.calls } },
    });
  } finally {
    await stub.close();
  }
}

async function warm({ runs: RUNS, record }: BenchContext): Promise<void> {
  progress("handler: warm, our own work per event (SNS and IAM replaced by instant stand-ins)");
  const fakeSns = { send: async () => ({ MessageId: "m" }) } as unknown as SNSClient;
  const handler = createRootActivityHandler({
    sns: fakeSns,
    topicArn: TOPIC_ARN,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    lookupAccountAlias: async () => "bench-account",
  });
  const perEvent = async (events: unknown[]) => {
    const started = process.hrtime.bigint();
    for (const event of events) await handler(event);
    return Number(process.hrtime.bigint() - started) / 1e6 / events.length;
  };
  const typical = Array.from({ length: 2_000 }, (_, i) => rootEvent(i));
  const large = Array.from({ length: 40 }, (_, i) => rootEvent(i, 400_000));
  await perEvent(typical.slice(0, 200)); // let the JIT settle, as in a warm execution environment
  const typicalRuns: number[] = [];
  const largeRuns: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    typicalRuns.push(await perEvent(typical));
    largeRuns.push(await perEvent(large));
  }
  const [typicalStats, largeStats] = [stats(typicalRuns), stats(largeRuns)];
  record({
    section: "handler",
    name: "handler warm, our own work per event: typical / 400 KB",
    value: `${typicalStats.median.toFixed(3)} ms / ${largeStats.median.toFixed(1)} ms`,
    target: "< 1 ms and < 20 ms",
    met: typicalStats.median < 1 && largeStats.median < 20,
    data: { typical: typicalStats, large: largeStats },
  });
}
