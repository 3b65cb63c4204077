import { spawnSync } from "node:child_process";
import * as path from "node:path";

import { PROJECT_ROOT } from "../../src/project-root";
export const HANDLER_BUNDLE = path.join(PROJECT_ROOT, "dist", "handler", "index.js");

export interface BundleInvocation {
  readonly ok: boolean;
  readonly result?: { status: string; eventId: string; messageId?: string; reason?: string };
  readonly error?: { name: string; message: string };
  /** The handler's structured log lines, parsed. */
  readonly logs: Array<Record<string, unknown>>;
}

/**
 * Runs the built bundle in a fresh Node process (as the Lambda runtime does), with `env` added to
 * the environment and `event` on standard input. A fresh process means a cold start every time.
 */
export function invokeBundle(event: unknown, env: Record<string, string>): BundleInvocation {
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "scripts", "invoke-bundle.cjs")], {
    input: JSON.stringify(event),
    env: { ...process.env, ...env, HANDLER_BUNDLE },
    encoding: "utf8",
    timeout: 30_000,
  });
  const lines = run.stdout.trim().split("\n").filter(Boolean);
  if (lines.length === 0) throw new Error(`bundle printed nothing (exit ${run.status}): ${run.stderr}`);
  const outcome = JSON.parse(lines[lines.length - 1]);
  return { ...outcome, logs: lines.slice(0, -1).map((line) => JSON.parse(line)) };
}
