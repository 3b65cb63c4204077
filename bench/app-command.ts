/** The app command from cdktf.json (what `cdktf synth` runs), which the synth, cli and bundle sections time. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";
import { isolatedEnv } from "../emulator/emulator-deployment";

export function appCommand(): { command: string; args: string[] } {
  const app: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "cdktf.json"), "utf8")).app;
  const [command, ...args] = app.split(/\s+/);
  return { command, args };
}

/** The environment a timed synth runs in: none of the caller's AWS or monitor settings, no update check. */
export function synthEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...isolatedEnv(), CHECKPOINT_DISABLE: "1", ...extra };
}
