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
 * cdktf runs `terraform init` itself and shows Terraform's output straight on the terminal (its
 * interactive review needs it), so what plan tells in the project's words is checked here before
 * cdktf starts, where that can be done: credentials (the AWS SDK's standard chain, as Terraform's),
 * and a changed state backend (lib/settle-backend.ts: refused, exit 2, unless told --reconfigure or
 * --migrate-state). A Region removed from `regions` or scope = organization outside an organization
 * show only in cdktf's output: `npm run plan` first tells them in the project's words.
 *
 *   npm run deploy [-- --auto-approve] [-- --output <folder>] [-- --reconfigure | --migrate-state]
 */
import { SNSClient } from "@aws-sdk/client-sns";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Settings } from "../src/config";
import { STACK_NAME } from "../src/names";
import { PROJECT_ROOT } from "../src/project-root";
import { awsClientConfig, commandSettings } from "./lib/commands";
import { hasTerminal, noTerminalProblem } from "./lib/no-terminal";
import { refuseExampleStateBucket } from "./lib/own-state-bucket";
import { runCommand } from "./lib/run-command";
import { initialisedBackendFile, settleBackend, withoutBackendFlags } from "./lib/settle-backend";
import { synthesizeStack } from "./lib/synth";
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

/**
 * Resolves credentials through the AWS SDK's standard chain, the one Terraform follows too. With none,
 * it throws the SDK's CredentialsProviderError, which runCommand tells as the ways to give some,
 * where cdktf would show Terraform's error about the EC2 instance metadata service.
 */
async function requireCredentials(settings: Settings): Promise<void> {
  const client = new SNSClient(awsClientConfig(settings, settings.stateRegion));
  try {
    await client.config.credentials();
  } finally {
    client.destroy();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const settings = commandSettings(); // fails early, naming any bad setting
  refuseExampleStateBucket(settings);
  const problem = noTerminalProblem("deploy", argv, hasTerminal());
  if (problem !== undefined) {
    console.error(problem);
    return 2;
  }
  await requireCredentials(settings);
  const outDir = cdktfOutDir(argv);
  const mirror = providerMirrorFrom();
  const terraformEnv = terraformEnvironment(path.join(outDir, "terraform-cli"));
  // Without a mirror, cdktf gets the caller's environment as it is; the project's own Terraform runs get the unattended settings.
  const env = mirror ? terraformEnv : process.env;

  // A folder Terraform initialised before: synthesize now, so that a changed backend is settled before cdktf's own init.
  const stackDir = path.join(outDir, "stacks", STACK_NAME);
  if (existsSync(initialisedBackendFile(stackDir))) {
    await synthesizeStack(outDir, process.env);
    const refusal = await settleBackend(stackDir, argv, { cwd: stackDir, env: terraformEnv }, "npm run deploy");
    if (refusal !== undefined) {
      console.error(refusal);
      return 2;
    }
  }
  const args = ["deploy", ...(mirror ? ["--skip-provider-lock"] : []), ...withoutBackendFlags(argv)];
  if (mirror) console.error(`providers from the mirror ${mirror} (Terraform CLI configuration ${env.TF_CLI_CONFIG_FILE})`);
  return new Promise((resolve, reject) => {
    const child = spawn(CDKTF, args, { cwd: PROJECT_ROOT, env, stdio: "inherit" });
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

runCommand("deploy", () => main(process.argv.slice(2)));
