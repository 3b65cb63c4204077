/**
 * `npm run bench`: what synth, the handler and Terraform cost, each figure beside the floor it is
 * measured against. Prints a Markdown table (the one docs/performance.md quotes) and writes
 * bench-results.json. Timed figures are the median of at least 5 runs, with min and max. Fails if
 * any measured step fails, keeping what was measured before it.
 *
 *   npm run bench                             the quick sections: synth, cli, bundle, handler, spray, cost (a few minutes)
 *   npm run bench -- --only terraform,suite   the slow ones (about 45 minutes), or any others
 *   npm run bench -- --all                    every section
 *   npm run bench -- --runs 7                 more runs per figure
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";
import { commandSettings } from "../scripts/lib/commands";
import { isolatedEnv } from "../emulator/emulator-deployment";
import { runCommand } from "../scripts/lib/run-command";
import { benchBundle } from "./bundle";
import { benchCli } from "./cli";
import { benchCost } from "./cost";
import type { BenchContext } from "./context";
import { FigureRecorder, progress } from "./figures";
import { benchHandler } from "./handler";
import { parseBenchOptions } from "./options";
import { SECTIONS, type SectionName } from "./sections";
import { benchSpray } from "./spray";
import { benchSuite } from "./suite";
import { benchSynth } from "./synth";
import { benchTerraform } from "./terraform";

const RESULTS_FILE = path.join(PROJECT_ROOT, "bench-results.json");

const RUN_SECTION: Readonly<Record<SectionName, (context: BenchContext) => Promise<void>>> = {
  synth: benchSynth,
  cli: benchCli,
  bundle: benchBundle,
  handler: benchHandler,
  spray: benchSpray,
  cost: benchCost,
  terraform: benchTerraform,
  suite: benchSuite,
};

/** Which sections this run leaves out, and how to ask for the slow ones; empty when it runs them all. */
function skippedNote(chosen: readonly SectionName[]): string {
  const skipped = SECTIONS.filter((section) => !chosen.includes(section.name));
  const slow = skipped.filter((section) => section.slow);
  const quick = skipped.filter((section) => !section.slow);
  const lines: string[] = [];
  if (slow.length > 0) {
    lines.push(`skipped the slow sections (run them with \`npm run bench -- --only ${slow.map((section) => section.name).join(",")}\`, or \`--all\` for every section):`);
    lines.push(...slow.map((section) => `  ${section.name}: ${section.measures}`));
  }
  if (quick.length > 0) lines.push(`not asked for: ${quick.map((section) => section.name).join(", ")}`);
  return lines.join("\n");
}

async function bench(argv: readonly string[]): Promise<number | void> {
  const options = parseBenchOptions(argv);
  // The synths run with cdktf.json's settings and none of the caller's: a bad one stops here, not minutes in.
  commandSettings(isolatedEnv());
  const skipped = skippedNote(options.sections);
  progress(`bench: ${options.sections.join(", ")}; ${options.runs} runs per figure`);
  if (skipped) progress(skipped);

  const recorder = new FigureRecorder();
  const work = mkdtempSync(path.join(tmpdir(), "root-monitor-bench-"));
  const started = new Date();
  let failure: Error | undefined;
  try {
    for (const section of options.sections) {
      await RUN_SECTION[section]({ work, runs: options.runs, record: (figure) => recorder.record(figure) });
    }
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // What was measured is kept even when a later step failed; the run still fails.
  console.log(recorder.table());
  recorder.writeResults(RESULTS_FILE, { started, runsPerFigure: options.runs, failed: failure?.message });
  const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(0);
  progress(`wrote ${path.relative(PROJECT_ROOT, RESULTS_FILE)} (${recorder.figures.length} figures, ${seconds} s)`);
  if (skipped) progress(skipped);
  if (failure) throw failure;
}

runCommand("bench", () => bench(process.argv.slice(2)));
