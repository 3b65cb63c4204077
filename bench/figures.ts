/**
 * A bench figure (one measured value beside its floor and target), how figures are shown as they are
 * measured, and the two places a run leaves them: the Markdown table on standard output and
 * bench-results.json.
 */
import { writeFileSync } from "node:fs";
import type { ProcessRun, Stats } from "./measure";
import { stats } from "./measure";
import type { SectionName } from "./sections";

export interface Figure {
  readonly section: SectionName;
  readonly name: string;
  readonly value: string;
  readonly floor?: string;
  readonly target?: string;
  /** Whether the target is met; undefined where the figure is only reported. */
  readonly met?: boolean;
  readonly data: Record<string, unknown>;
}

export const fmtMs = (s: Stats) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}-${s.max.toFixed(0)})`;
/** For figures of many seconds, where milliseconds would be noise. */
export const fmtS = (s: Stats) => `${(s.median / 1000).toFixed(1)} s (${(s.min / 1000).toFixed(1)}-${(s.max / 1000).toFixed(1)})`;
export const fmtMib = (s: Stats) => `${s.median.toFixed(0)} MiB (${s.min.toFixed(0)}-${s.max.toFixed(0)})`;
export const msOf = (runs: readonly ProcessRun[]) => stats(runs.map((run) => run.ms));
export const mibOf = (runs: readonly ProcessRun[]) => stats(runs.map((run) => run.peakRssMib));

/** Progress goes to standard error, so that standard output holds only the table. */
export const progress = (text: string) => process.stderr.write(`${text}\n`);

/** Collects figures and shows each as it is measured, so that a long run shows progress and a late failure loses nothing. */
export class FigureRecorder {
  readonly figures: Figure[] = [];

  record(figure: Figure): void {
    this.figures.push(figure);
    const verdict = figure.met === undefined ? "" : figure.met ? " (met)" : " (MISSED)";
    progress(`  ${figure.name}: ${figure.value}${figure.floor ? ` | floor ${figure.floor}` : ""}${figure.target ? ` | ${figure.target}` : ""}${verdict}`);
  }

  /** The figures as the Markdown table that docs/performance.md quotes. */
  table(): string {
    const header = ["figure", "measured: median (min-max)", "floor", "target", ""];
    const rows = this.figures.map((f) => [f.name, f.value, f.floor ?? "", f.target ?? "", f.met === undefined ? "" : f.met ? "met" : "MISSED"]);
    return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
  }

  /** Writes bench-results.json: the figures with their raw statistics, and what failed, if anything did. */
  writeResults(file: string, run: { started: Date; runsPerFigure: number; failed?: string }): void {
    const results = { date: run.started.toISOString(), runsPerFigure: run.runsPerFigure, node: process.version, failed: run.failed ?? null, figures: this.figures };
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  }
}
