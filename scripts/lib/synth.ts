/** Runs the app (main.ts) in a child process, as the cdktf CLI would, and answers the synthesized stack's folder. */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../src/project-root";
import { STACK_NAME } from "../../src/contract/names";

export async function synthesizeStack(outDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  await promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["main.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...env, CDKTF_OUTDIR: outDir, CHECKPOINT_DISABLE: "1" },
  });
  return path.join(outDir, "stacks", STACK_NAME);
}
