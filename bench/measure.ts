/** Timing and memory of whole processes, and the statistics the bench reports. */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface Stats {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly runs: number;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) throw new Error("no measurements");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Resident memory of a process and all its descendants, in KiB (Linux /proc). */
function treeRssKib(rootPid: number): number {
  let total = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    try {
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (rss) total += Number(rss[1]);
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
        if (children) pending.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

export interface ProcessRun {
  readonly ms: number;
  readonly peakRssMib: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  /** Exit codes that count as success. @default [0] */
  readonly okCodes?: readonly number[];
}

/** Runs a command to completion, timing it and sampling the memory of its process tree every 20 ms. Throws if it fails. */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let peak = 0;
    const sample = () => {
      if (child.pid) peak = Math.max(peak, treeRssKib(child.pid));
    };
    const sampler = setInterval(sample, 20);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", (error) => {
      clearInterval(sampler);
      reject(error);
    });
    child.once("close", (code) => {
      clearInterval(sampler);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const run = { ms, peakRssMib: peak / 1024, code: code ?? 1, stdout, stderr };
      if (!(options.okCodes ?? [0]).includes(run.code)) {
        reject(new Error(`${command} ${args.join(" ")} exited with ${run.code}: ${(stderr || stdout).slice(-2_000)}`));
      } else {
        resolve(run);
      }
    });
    child.stdin.end(options.input ?? "");
    sample();
  });
}

/** Runs `measure` `runs` times for each of several commands, alternating between them so that drift hits all alike. */
export async function interleaved<K extends string>(runs: number, measures: Record<K, () => Promise<ProcessRun>>): Promise<Record<K, ProcessRun[]>> {
  const results = Object.fromEntries(Object.keys(measures).map((key) => [key, [] as ProcessRun[]])) as Record<K, ProcessRun[]>;
  for (let i = 0; i < runs; i++) {
    for (const key of Object.keys(measures) as K[]) results[key].push(await measures[key]());
  }
  return results;
}
