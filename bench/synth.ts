/**
 * Synth, 17 Regions, through the app command: wall time and peak memory against the floor of the same
 * runner synthesizing one empty stack (empty-app.ts), and how it grows from 1 to 3 to 17 Regions.
 */
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";
import { DEFAULT_REGIONS } from "../src/contract/regions";
import { appCommand, synthEnv } from "./app-command";
import type { BenchContext } from "./context";
import { fmtMib, fmtMs, mibOf, msOf, progress } from "./figures";
import { interleaved, runProcess } from "./measure";

export async function benchSynth({ work, runs: RUNS, record }: BenchContext): Promise<void> {
  const { command, args: appArgs } = appCommand();
  const floorArgs = appArgs.map((arg) => (arg === "main.ts" ? "bench/empty-app.ts" : arg));
  const synth = (regions: string, file = appArgs) => () =>
    runProcess(command, file, { cwd: PROJECT_ROOT, env: synthEnv({ CDKTF_OUTDIR: path.join(work, "synth"), ROOT_MONITOR_REGIONS: regions }) });
  progress(`synth: ${command} ${appArgs.join(" ")} for 1, 3 and 17 Regions, against ${command} ${floorArgs.join(" ")}`);
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
    floor: `${fmtMs(floorMs)}, empty stack`,
    target: `<= 1.5x floor: ${ratioMs.toFixed(2)}x`,
    met: ratioMs <= 1.5,
    data: { all: allMs, floor: floorMs, ratio: ratioMs },
  });
  record({
    section: "synth",
    name: "synth, 17 Regions (app command): peak memory",
    value: fmtMib(allMib),
    floor: `${fmtMib(floorMib)}, empty stack`,
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
