/**
 * What each Powertools library adds to the handler's cold start: each bundled alone, as the handler
 * is bundled, and loaded in a fresh Node process, against a bundle of what the handler needs anyway
 * (the DynamoDB clients, which idempotency's persistence layer uses too). The line: a
 * library that costs more than 30 ms is said in the README.
 */
import { buildSync } from "esbuild";
import * as path from "node:path";
import { HANDLER_BUILD_OPTIONS } from "../src/function/handler-bundle";
import type { BenchContext } from "./context";
import { fmtMs, msOf, progress } from "./figures";
import { interleaved, runProcess } from "./measure";

/** The cold-start cost above which a library is named in the README. */
const LIBRARY_COLD_START_LIMIT_MS = 30;

/** The baseline (what the handler loads anyway) and each library, as the handler imports them. */
const ENTRIES = {
  baseline: `import "@aws-sdk/client-dynamodb"; import "@aws-sdk/lib-dynamodb";`,
  logger: `import { Logger } from "@aws-lambda-powertools/logger"; new Logger({ serviceName: "bench" });`,
  batch: `import { BatchProcessor, EventType } from "@aws-lambda-powertools/batch"; new BatchProcessor(EventType.SQS);`,
  idempotency: `import "@aws-sdk/client-dynamodb"; import "@aws-sdk/lib-dynamodb"; import "@aws-lambda-powertools/idempotency"; import "@aws-lambda-powertools/idempotency/dynamodb";`,
} as const;

export async function benchLibraryColdStart({ work, runs: RUNS, record }: BenchContext): Promise<void> {
  progress("handler: what each Powertools library adds to a cold start, each bundled alone");
  const files = Object.fromEntries(
    Object.entries(ENTRIES).map(([name, contents]) => {
      const outfile = path.join(work, "libraries", `${name}.js`);
      buildSync({ ...HANDLER_BUILD_OPTIONS, mainFields: [...HANDLER_BUILD_OPTIONS.mainFields], stdin: { contents, resolveDir: HANDLER_BUILD_OPTIONS.absWorkingDir, loader: "ts" }, outfile, logLevel: "warning" });
      return [name, outfile];
    }),
  ) as Record<keyof typeof ENTRIES, string>;
  const env = { ...process.env, AWS_REGION: "us-east-1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  const load = (file: string) => () => runProcess(process.execPath, ["-e", `require(${JSON.stringify(file)})`], { env });
  const runs = await interleaved(Math.max(RUNS, 10), {
    floor: () => runProcess(process.execPath, ["-e", ""], { env }),
    baseline: load(files.baseline),
    logger: load(files.logger),
    batch: load(files.batch),
    idempotency: load(files.idempotency),
  });
  const floor = msOf(runs.floor);
  const baseline = msOf(runs.baseline);
  for (const [name, against, label] of [
    ["logger", floor, "`node -e \"\"`"],
    ["batch", floor, "`node -e \"\"`"],
    ["idempotency", baseline, "the DynamoDB clients alone"],
  ] as const) {
    const figure = msOf(runs[name]);
    const cost = figure.median - against.median;
    record({
      section: "handler",
      name: `cold start of @aws-lambda-powertools/${name}, bundled alone`,
      value: fmtMs(figure),
      floor: `${fmtMs(against)}, ${label}`,
      target: `at most ${LIBRARY_COLD_START_LIMIT_MS} ms above floor: ${cost.toFixed(0)} ms`,
      met: cost <= LIBRARY_COLD_START_LIMIT_MS,
      data: { [name]: figure, against, cost },
    });
  }
}
