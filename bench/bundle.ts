/** The handler bundle: the zip that synth ships and the unpacked file, and which packages fill it. */
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { buildHandlerBundle } from "../src/function/handler-bundle";
import { PROJECT_ROOT } from "../src/project-root";
import { STACK_NAME } from "../src/contract/names";
import { appCommand, synthEnv } from "./app-command";
import type { BenchContext } from "./context";
import { progress } from "./figures";
import { runProcess } from "./measure";

/** How many of the largest packages the figure names. */
const LARGEST_SHOWN = 6;

export async function benchBundle({ work, record }: BenchContext): Promise<void> {
  progress("bundle: build, then the archive the synth ships");
  const bundle = buildHandlerBundle(path.join(work, "bundle", "handler"));
  const { command, args: appArgs } = appCommand();
  const out = path.join(work, "bundle-synth");
  await runProcess(command, appArgs, { cwd: PROJECT_ROOT, env: synthEnv({ CDKTF_OUTDIR: out, ROOT_MONITOR_REGIONS: "us-east-1" }) });
  const assetRoot = path.join(out, "stacks", STACK_NAME, "assets", "HandlerAsset");
  const zip = path.join(assetRoot, readdirSync(assetRoot)[0], "archive.zip");
  const byPackage = new Map<string, number>();
  for (const [input, info] of Object.entries(bundle.metafile.outputs[Object.keys(bundle.metafile.outputs)[0]].inputs)) {
    const name = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? path.dirname(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  const largest = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, LARGEST_SHOWN);
  record({
    section: "bundle",
    name: "handler bundle: zip / unpacked",
    value: `${(statSync(zip).size / 1024).toFixed(0)} KiB / ${(statSync(bundle.outfile).size / 1024).toFixed(0)} KiB`,
    target: `reported; largest: ${largest.map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KiB`).join(", ")}`,
    data: { zipBytes: statSync(zip).size, unpackedBytes: statSync(bundle.outfile).size, largest: Object.fromEntries(largest) },
  });
}
