/** `npm run plan` (scripts/plan.ts) as a person runs it, against a deployment on the emulator. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { isolatedEnv } from "../../emulator/emulator-deployment";
import { EMULATOR_ENV } from "../../emulator/moto-server";
import { PROJECT_ROOT } from "../../src/project-root";

export interface PlanCommandResult {
  /** 0: nothing refused; 3: refused as destructive. */
  readonly code: number;
  readonly stdout: string;
  /** The summary it wrote beside the plan. */
  readonly markdown: string;
}

/** Runs the plan command with these settings (`ROOT_MONITOR_*`), writing into `outDir`; any exit but 0 or 3 throws. */
export async function runPlanCommand(outDir: string, endpoint: string, settings: Readonly<Record<string, string>>): Promise<PlanCommandResult> {
  const result = await promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["scripts/plan.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...isolatedEnv(), ...EMULATOR_ENV, CDKTF_OUTDIR: outDir, ROOT_MONITOR_AWS_ENDPOINT: endpoint, ...settings },
  }).then(
    (done) => ({ code: 0, stdout: done.stdout }),
    (failed: { code: number; stdout: string; stderr: string }) => {
      if (failed.code !== 3) throw new Error(`npm run plan failed (${failed.code}): ${failed.stderr}`);
      return { code: failed.code, stdout: failed.stdout };
    },
  );
  return { ...result, markdown: readFileSync(path.join(outDir, "plan-summary.md"), "utf8") };
}
