/**
 * `npm run bench`: what synth, the handler and Terraform cost, each figure beside the floor it is
 * measured against, in one run. Prints a table and writes bench-results.json. Timed figures are the
 * median of at least 5 runs (min and max beside it). Fails if any measured step fails.
 *
 *   npm run bench                        every section (about 25 minutes: Terraform and the test suite dominate)
 *   npm run bench -- --only synth,handler   some sections: synth, cli, bundle, handler, terraform, suite
 *   npm run bench -- --runs 7            more runs per figure (never fewer than 5)
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { SNSClient } from "@aws-sdk/client-sns";
import { createRootActivityHandler } from "../handler/root-activity-handler";
import { DEFAULT_REGIONS } from "../src/regions";
import { buildHandlerBundle } from "../src/handler-bundle";
import { PROJECT_ROOT } from "../src/project-root";
import { STACK_NAME } from "../src/stack-name";
import { deployToEmulator, isolatedEnv } from "./lib/emulator-deployment";
import { startMotoServer } from "./lib/moto-server";
import { startAwsStub } from "./bench/aws-stub";
import { interleaved, runProcess, stats, type ProcessRun, type Stats } from "./bench/measure";

const SECTIONS = ["synth", "cli", "bundle", "handler", "terraform", "suite"] as const;
type Section = (typeof SECTIONS)[number];

interface Figure {
  readonly section: Section;
  readonly name: string;
  readonly value: string;
  readonly floor?: string;
  readonly target?: string;
  /** Whether the target is met; undefined where the figure is only reported. */
  readonly met?: boolean;
  readonly data: Record<string, unknown>;
}

const figures: Figure[] = [];
/** Figures as they are measured, so that a long run shows progress and a late failure loses nothing. */
const record = (figure: Figure) => {
  figures.push(figure);
  process.stderr.write(`  ${figure.name}: ${figure.value}${figure.floor ? ` | floor ${figure.floor}` : ""}${figure.target ? ` | ${figure.target}` : ""}${figure.met === undefined ? "" : figure.met ? " (met)" : " (MISSED)"}\n`);
};
const args = process.argv.slice(2);
const argValue = (flag: string) => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
const RUNS = Math.max(5, Number(argValue("--runs") ?? 5));
const only = argValue("--only")?.split(",") as Section[] | undefined;
const wanted = (section: Section) => !only || only.includes(section);
for (const section of only ?? []) if (!SECTIONS.includes(section)) throw new Error(`--only: unknown section ${section}; known: ${SECTIONS.join(", ")}`);

const fmtMs = (s: Stats) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}-${s.max.toFixed(0)})`;
const fmtMib = (s: Stats) => `${s.median.toFixed(0)} MiB (${s.min.toFixed(0)}-${s.max.toFixed(0)})`;
const msOf = (runs: ProcessRun[]) => stats(runs.map((run) => run.ms));
const mibOf = (runs: ProcessRun[]) => stats(runs.map((run) => run.peakRssMib));
const log = (text: string) => process.stderr.write(`${text}\n`);

/** The app command from cdktf.json, as command and arguments. */
function appCommand(): { command: string; args: string[] } {
  const app: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "cdktf.json"), "utf8")).app;
  const [command, ...rest] = app.split(/\s+/);
  return { command, args: rest };
}

async function benchSynth(work: string): Promise<void> {
  const { command, args: appArgs } = appCommand();
  const floorArgs = appArgs.map((arg) => (arg === "main.ts" ? "scripts/bench/empty-app.ts" : arg));
  const synth = (regions: string, file = appArgs) => () =>
    runProcess(command, file, {
      cwd: PROJECT_ROOT,
      env: { ...isolatedEnv(), CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: path.join(work, "synth"), ROOT_MONITOR_REGIONS: regions },
    });
  log(`synth: ${command} ${appArgs.join(" ")} for 1, 3 and 17 Regions, against ${command} ${floorArgs.join(" ")}`);
  await synth("all")(); // warm the runner's transform cache and the bundle cache, as any second synth finds them
  const runs = await interleaved(RUNS, {
    floor: synth("all", floorArgs),
    all: synth("all"),
    one: synth("us-east-1"),
    three: synth("us-east-1,eu-west-1,ap-southeast-2"),
  });
  const [floorMs, allMs, floorMib, allMib] = [msOf(runs.floor), msOf(runs.all), mibOf(runs.floor), mibOf(runs.all)];
  const ratioMs = allMs.median / floorMs.median;
  const ratioMib = allMib.median / floorMib.median;
  record({
    section: "synth",
    name: "synth, 17 Regions (app command): wall time",
    value: fmtMs(allMs),
    floor: `${fmtMs(floorMs)} empty stack`,
    target: `<= 1.5x floor: ${ratioMs.toFixed(2)}x`,
    met: ratioMs <= 1.5,
    data: { all: allMs, floor: floorMs, ratio: ratioMs },
  });
  record({
    section: "synth",
    name: "synth, 17 Regions (app command): peak memory",
    value: fmtMib(allMib),
    floor: `${fmtMib(floorMib)} empty stack`,
    target: `<= 1.5x floor: ${ratioMib.toFixed(2)}x`,
    met: ratioMib <= 1.5,
    data: { all: allMib, floor: floorMib, ratio: ratioMib },
  });
  const [one, three] = [msOf(runs.one), msOf(runs.three)];
  const perRegion = (allMs.median - one.median) / (DEFAULT_REGIONS.length - 1);
  record({
    section: "synth",
    name: "synth growth: 1 / 3 / 17 Regions",
    value: `${one.median.toFixed(0)} / ${three.median.toFixed(0)} / ${allMs.median.toFixed(0)} ms`,
    target: `< 20 ms per extra Region: ${perRegion.toFixed(1)} ms`,
    met: perRegion < 20,
    data: { one, three, seventeen: allMs, perRegionMs: perRegion },
  });
}

async function benchCli(work: string): Promise<void> {
  const { command, args: appArgs } = appCommand();
  const env = { ...isolatedEnv(), CHECKPOINT_DISABLE: "1", CI: "1" };
  log("cli: cdktf synth against the app command alone");
  const runs = await interleaved(RUNS, {
    app: () => runProcess(command, appArgs, { cwd: PROJECT_ROOT, env: { ...env, CDKTF_OUTDIR: path.join(work, "app") } }),
    cli: () => runProcess(path.join(PROJECT_ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", path.join(work, "cli")], { cwd: PROJECT_ROOT, env }),
  });
  const [app, cli] = [msOf(runs.app), msOf(runs.cli)];
  record({
    section: "cli",
    name: "synth through the cdktf CLI (cdktf synth)",
    value: fmtMs(cli),
    floor: `${fmtMs(app)} app command alone`,
    target: `reported: the CLI adds ${(cli.median - app.median).toFixed(0)} ms`,
    data: { cli, app, cliPeakMib: mibOf(runs.cli) },
  });
}

async function benchBundle(work: string): Promise<void> {
  log("bundle: build, then the archive the synth ships");
  const bundle = buildHandlerBundle(path.join(work, "bundle", "handler"));
  const { command, args: appArgs } = appCommand();
  const out = path.join(work, "bundle-synth");
  await runProcess(command, appArgs, { cwd: PROJECT_ROOT, env: { ...isolatedEnv(), CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: out, ROOT_MONITOR_REGIONS: "us-east-1" } });
  const assetRoot = path.join(out, "stacks", STACK_NAME, "assets", "HandlerAsset");
  const zip = path.join(assetRoot, readdirSync(assetRoot)[0], "archive.zip");
  const byPackage = new Map<string, number>();
  for (const [input, info] of Object.entries(bundle.metafile.outputs[Object.keys(bundle.metafile.outputs)[0]].inputs)) {
    const name = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? path.dirname(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  const largest = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6);
  record({
    section: "bundle",
    name: "handler bundle: zip / unpacked",
    value: `${(statSync(zip).size / 1024).toFixed(0)} KiB / ${(statSync(bundle.outfile).size / 1024).toFixed(0)} KiB`,
    target: `reported; largest: ${largest.map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KiB`).join(", ")}`,
    data: { zipBytes: statSync(zip).size, unpackedBytes: statSync(bundle.outfile).size, largest: Object.fromEntries(largest) },
  });
}

function rootEvent(index: number, extraBytes = 0): Record<string, unknown> {
  const event = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-api-call-create-volume.json"), "utf8"));
  event.detail.eventID = `bench-${index}`;
  if (extraBytes > 0) event.detail.requestParameters = { policyDocument: "p".repeat(extraBytes) };
  return event;
}

async function benchHandler(): Promise<void> {
  const bundlePath = path.join(PROJECT_ROOT, "dist", "handler", "index.js");
  buildHandlerBundle();
  const stub = await startAwsStub();
  try {
    const env = {
      ...isolatedEnv(),
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL: stub.endpoint,
      SNS_TOPIC_ARN: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
      HANDLER_BUNDLE: bundlePath,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    log("handler: cold start against a local SNS and IAM stub, against a Node process that does nothing");
    const invoke = path.join(PROJECT_ROOT, "scripts", "invoke-bundle.cjs");
    const runs = await interleaved(Math.max(RUNS, 10), {
      floor: () => runProcess(process.execPath, ["-e", ""], { env }),
      cold: () => runProcess(process.execPath, [invoke], { env, input: JSON.stringify(rootEvent(0)) }),
    });
    const [floor, cold] = [msOf(runs.floor), msOf(runs.cold)];
    const above = cold.median - floor.median;
    record({
      section: "handler",
      name: "handler cold start: load the bundle, handle one event",
      value: fmtMs(cold),
      floor: `${fmtMs(floor)} node -e ""`,
      target: `<= 150 ms above floor: ${above.toFixed(0)} ms`,
      met: above <= 150,
      data: { cold, floor, aboveMs: above },
    });

    log("handler: AWS calls for 100 events in one execution environment");
    for (const key of Object.keys(stub.calls)) delete stub.calls[key];
    const batch = await runProcess(process.execPath, [invoke, "--batch"], { env, input: JSON.stringify(Array.from({ length: 100 }, (_, i) => rootEvent(i))) });
    const statuses = (JSON.parse(batch.stdout.trim().split("\n").pop() ?? "{}").result ?? []) as Array<{ status: string }>;
    if (statuses.filter((result) => result.status === "notified").length !== 100) throw new Error("the batch did not notify 100 times");
    const total = Object.values(stub.calls).reduce((sum, count) => sum + count, 0);
    record({
      section: "handler",
      name: "AWS calls for 100 events in one execution environment",
      value: `${total} (${Object.entries(stub.calls).map(([action, count]) => `${count} ${action}`).join(", ")})`,
      target: "exactly 101: 100 publishes, 1 alias lookup",
      met: total === 101 && stub.calls.Publish === 100 && stub.calls.ListAccountAliases === 1,
      data: { calls: { ...stub.calls } },
    });
  } finally {
    await stub.close();
  }

  log("handler: warm, our own work per event (SNS and IAM replaced by instant stand-ins)");
  const fakeSns = { send: async () => ({ MessageId: "m" }) } as unknown as SNSClient;
  const handler = createRootActivityHandler({
    sns: fakeSns,
    topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
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
  await perEvent(typical.slice(0, 200));
  const typicalRuns: number[] = [];
  const largeRuns: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    typicalRuns.push(await perEvent(typical));
    largeRuns.push(await perEvent(large));
  }
  const [typicalStats, largeStats] = [stats(typicalRuns), stats(largeRuns)];
  record({
    section: "handler",
    name: "handler warm, per event: typical / 400 KB",
    value: `${typicalStats.median.toFixed(3)} ms / ${largeStats.median.toFixed(1)} ms`,
    target: `< 1 ms and < 20 ms`,
    met: typicalStats.median < 1 && largeStats.median < 20,
    data: { typical: typicalStats, large: largeStats },
  });
}

async function benchTerraform(work: string): Promise<void> {
  const moto = await startMotoServer();
  try {
    const planFor = async (label: string, regions: readonly string[]) => {
      log(`terraform: apply ${regions.length} Region(s) to the emulator, then plan ${RUNS} times`);
      const deployment = await deployToEmulator({
        endpoint: moto.endpoint,
        workDir: path.join(work, `terraform-${label}`),
        regions,
        emails: ["security@example.com"],
        stateBucket: `bench-state-${label}`,
      });
      try {
        const runs: ProcessRun[] = [];
        for (let i = 0; i < RUNS; i++) {
          runs.push(await runProcess("terraform", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"], { cwd: deployment.stackDir, env: deployment.terraformEnv }));
        }
        return runs;
      } finally {
        await deployment.destroy();
      }
    };
    const one = await planFor("one", ["us-east-1"]);
    const all = await planFor("all", DEFAULT_REGIONS);
    const [oneMs, allMs, oneMib, allMib] = [msOf(one), msOf(all), mibOf(one), mibOf(all)];
    const perRegionMs = (allMs.median - oneMs.median) / (DEFAULT_REGIONS.length - 1);
    const perRegionMib = (allMib.median - oneMib.median) / (DEFAULT_REGIONS.length - 1);
    record({
      section: "terraform",
      name: "terraform plan after apply, 17 Regions (emulator): wall time",
      value: fmtMs(allMs),
      floor: `${fmtMs(oneMs)} 1 Region`,
      target: `reported: ${perRegionMs.toFixed(0)} ms per extra Region`,
      data: { all: allMs, one: oneMs, perRegionMs },
    });
    record({
      section: "terraform",
      name: "terraform plan, 17 Regions: peak memory of Terraform and providers",
      value: fmtMib(allMib),
      floor: `${fmtMib(oneMib)} 1 Region`,
      target: `reported: ${perRegionMib.toFixed(0)} MiB per extra Region`,
      data: { all: allMib, one: oneMib, perRegionMib },
    });
  } finally {
    await moto.stop();
  }
}

async function benchSuite(): Promise<void> {
  const jest = path.join(PROJECT_ROOT, "node_modules", ".bin", "jest");
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  log(`suite: jest without and with the end-to-end test, ${RUNS} runs each (several minutes)`);
  const runs = await interleaved(RUNS, {
    without: () => runProcess(jest, ["--testPathIgnorePatterns", "deploy-on-emulator"], { cwd: PROJECT_ROOT, env }),
    with: () => runProcess(jest, [], { cwd: PROJECT_ROOT, env }),
  });
  const [without, withE2e] = [msOf(runs.without), msOf(runs.with)];
  record({
    section: "suite",
    name: "test suite (jest): without / with the end-to-end test",
    value: `${(without.median / 1000).toFixed(1)} s / ${(withE2e.median / 1000).toFixed(1)} s`,
    target: "reported",
    data: { without, with: withE2e },
  });
}

function printTable(): void {
  const rows = figures.map((f) => [f.name, f.value, f.floor ?? "", f.target ?? "", f.met === undefined ? "" : f.met ? "met" : "MISSED"]);
  const header = ["figure", "measured: median (min-max)", "floor", "target", ""];
  console.log(`| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), "root-monitor-bench-"));
  const started = new Date();
  let failure: Error | undefined;
  try {
    if (wanted("synth")) await benchSynth(work);
    if (wanted("cli")) await benchCli(work);
    if (wanted("bundle")) await benchBundle(work);
    if (wanted("handler")) await benchHandler();
    if (wanted("terraform")) await benchTerraform(work);
    if (wanted("suite")) await benchSuite();
  } catch (error) {
    failure = error as Error;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // What was measured is kept even when a later step failed; the run still fails.
  printTable();
  const results = { date: started.toISOString(), runsPerFigure: RUNS, node: process.version, failed: failure?.message ?? null, figures };
  writeFileSync(path.join(PROJECT_ROOT, "bench-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote bench-results.json (${figures.length} figures, ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
  if (failure) throw failure;
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.message}`);
  process.exitCode = 1;
});
