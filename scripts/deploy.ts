/**
 * `npm run deploy [-- <cdktf deploy options>]`: `cdktf deploy` that also works offline. cdktf runs
 * Terraform with the user's own CLI configuration, so it never sees ROOT_MONITOR_PROVIDER_MIRROR,
 * and it runs `terraform providers lock`, which asks the registry. With a mirror set, this writes a
 * CLI configuration that installs from it, points TF_CLI_CONFIG_FILE at it and passes
 * `--skip-provider-lock`; without one it is plain `cdktf deploy`. Refuses the example state bucket
 * of the shipped cdktf.json. Without a terminal (CI, a pipe) it refuses at once unless told
 * `--auto-approve`: cdktf's interactive review crashes there ("Raw mode is not supported") and leaves
 * the state locked. With `--auto-approve` cdktf reads no input and runs through pipes as it is (no CI
 * variable needed): operator-commands.test.ts deploys that way, and the plan after it takes the lock.
 *
 *   npm run deploy [-- --auto-approve] [-- --output <folder>]
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";
import { commandSettings } from "./lib/commands";
import { hasTerminal, noTerminalProblem } from "./lib/no-terminal";
import { refuseExampleStateBucket } from "./lib/own-state-bucket";
import { runCommand } from "./lib/run-command";
import { providerMirrorFrom, terraformEnvironment } from "./lib/terraform-cli-config";

const CDKTF = path.join(PROJECT_ROOT, "node_modules", ".bin", "cdktf");

/**
 * The folder cdktf synthesizes into, as cdktf itself chooses it: `--output`/`-o`, else CDKTF_OUTPUT
 * (cdktf reads every option from CDKTF_<OPTION> too), else `output` in cdktf.json, else cdktf.out.
 */
function cdktfOutDir(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--output" || argv[i] === "-o") return path.resolve(PROJECT_ROOT, argv[i + 1]);
    const joined = /^(?:--output|-o)=(.+)$/.exec(argv[i]);
    if (joined) return path.resolve(PROJECT_ROOT, joined[1]);
  }
  const configured = env.CDKTF_OUTPUT || (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "cdktf.json"), "utf8")) as { output?: string }).output;
  return path.resolve(PROJECT_ROOT, configured || "cdktf.out");
}

async function main(argv: readonly string[]): Promise<number> {
  refuseExampleStateBucket(commandSettings()); // also fails early, naming any bad setting
  const problem = noTerminalProblem("deploy", argv, hasTerminal());
  if (problem !== undefined) {
    console.error(problem);
    return 2;
  }
  const mirror = providerMirrorFrom();
  const env = mirror ? terraformEnvironment(path.join(cdktfOutDir(argv), "terraform-cli")) : process.env;
  const args = ["deploy", ...(mirror ? ["--skip-provider-lock"] : []), ...argv];
  if (mirror) console.error(`providers from the mirror ${mirror} (Terraform CLI configuration ${env.TF_CLI_CONFIG_FILE})`);
  return new Promise((resolve, reject) => {
    const child = spawn(CDKTF, args, { cwd: PROJECT_ROOT, env, stdio: "inherit" });
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

runCommand("deploy", () => main(process.argv.slice(2)));
