import { spawn } from "node:child_process";
import * as path from "node:path";

import { HANDLER_CONTRACT } from "../src/contract/names";
import { PROJECT_ROOT } from "../src/project-root";

export const HANDLER_BUNDLE = path.join(PROJECT_ROOT, HANDLER_CONTRACT.bundleDir, HANDLER_CONTRACT.bundleFile);

export interface BundleInvocation {
  readonly ok: boolean;
  /** What the handler answered: for a batch, the failed messages (`batchItemFailures`). */
  readonly result?: { readonly batchItemFailures?: ReadonlyArray<{ readonly itemIdentifier: string }> } & Readonly<Record<string, unknown>>;
  readonly error?: { name: string; message: string };
  /** The handler's structured log lines, parsed. */
  readonly logs: Array<Record<string, unknown>>;
}

/**
 * Runs the built bundle in a fresh Node process (as the Lambda runtime does), with `env` added to
 * the environment and `event` on standard input. A fresh process means a cold start every time.
 * Asynchronous, so that servers in this process (a recording proxy) keep answering meanwhile.
 */
export function invokeBundle(event: unknown, env: Record<string, string>, timeoutMs = 30_000): Promise<BundleInvocation> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "emulator", "lambda-runtime.cjs")], {
      env: { ...process.env, ...env, HANDLER_BUNDLE },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      const lines = stdout.trim().split("\n").filter(Boolean);
      if (lines.length === 0) {
        reject(new Error(`the bundle printed nothing (exit ${code}): ${stderr.slice(-2_000)}`));
        return;
      }
      resolve({ ...JSON.parse(lines[lines.length - 1]), logs: lines.slice(0, -1).map((line) => JSON.parse(line)) });
    });
    child.stdin.end(JSON.stringify(event));
  });
}
