/**
 * `npm run destroy [-- --auto-approve]`: removes the whole deployment the settings' state names
 * (stateBucket, stateKey): in every Region, and with scope = organization the stack set and its
 * instances, that is the spokes in the member accounts. It says what it is about to remove, asks in
 * a terminal, and without one refuses at once unless given --auto-approve (exit 2 when refused or
 * not confirmed, 0 when done, 1 with one message on a failure). Refuses the example state bucket and
 * stops on a bad setting before anything runs, like plan and deploy.
 *
 * Why not `cdktf destroy`: its review is an interactive terminal UI that crashes without a terminal
 * ("Raw mode is not supported"), holding the state lock while it asks, and it runs
 * `terraform providers lock` against the registry, which fails offline. So this runs Terraform
 * itself, as `npm run plan` does: synth, `terraform init` (from ROOT_MONITOR_PROVIDER_MIRROR when
 * set), `terraform plan -destroy -out`, the question, then `terraform apply` of that very plan file.
 * Nothing reads the terminal but our own one-line question; no lock is held while it waits (the
 * plan has released it, and Ctrl-C there leaves nothing behind); what is applied is exactly what was
 * shown (Terraform refuses a plan the state has moved past); and the plan file is removed whatever
 * happens, so no destroy plan is left on disk to be applied by mistake.
 *
 * A Region dropped from `regions` while it still has resources is destroyed too: the state says
 * which Regions it holds, and those the settings no longer configure are synthesized as
 * `retiredRegions` (ROOT_MONITOR_RETIRED_REGIONS), without a monitor, for this run only.
 *
 *   npm run destroy [-- --auto-approve]
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { SETTINGS } from "../src/config";
import { PROJECT_ROOT } from "../src/project-root";
import { commandSettings } from "./lib/commands";
import { AUTO_APPROVE, hasTerminal, noTerminalProblem } from "./lib/no-terminal";
import { refuseExampleStateBucket } from "./lib/own-state-bucket";
import { bucketNotEmptyProblem, removalSummary, unconfiguredRegions } from "./lib/removal-summary";
import { regionsInState } from "./lib/state-regions";
import { runCommand } from "./lib/run-command";
import { synthesizeStack } from "./lib/synth";
import { terraform, terraformOk, type TerraformRun } from "./lib/terraform";
import { terraformEnvironment } from "./lib/terraform-cli-config";

/** The destroy plan, removed before planning and after applying or declining. */
export const DESTROY_PLAN_FILE = "destroy.tfplan";
const started = Date.now();
const step = (text: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${text}`);

/** Asks on the terminal; only `yes` goes on, as Terraform's own question. */
async function confirmed(): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await terminal.question("Remove all of it? Only 'yes' goes on: ")).trim() === "yes";
  } finally {
    terminal.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const settings = commandSettings(); // fails early, naming any bad setting
  refuseExampleStateBucket(settings);
  const interactive = hasTerminal();
  const problem = noTerminalProblem("destroy", argv, interactive);
  if (problem !== undefined) {
    console.error(problem);
    return 2;
  }
  const outDir = process.env.CDKTF_OUTDIR ?? path.join(PROJECT_ROOT, "cdktf.out");
  const state = `s3://${settings.stateBucket}/${settings.stateKey}`;

  step(`synthesizing ${settings.regions.length} Region(s)`);
  let stackDir = await synthesizeStack(outDir, process.env);
  const run: TerraformRun = { cwd: stackDir, env: terraformEnvironment(path.join(outDir, "terraform-cli")) };
  const planFile = path.join(stackDir, DESTROY_PLAN_FILE);
  rmSync(planFile, { force: true });

  // -reconfigure: the state this removes is the one the settings name now, never one an earlier
  // run's folder remembers (and no state is migrated: that needs -migrate-state).
  step("terraform init");
  await terraformOk(["init", "-input=false", "-reconfigure"], run);
  const inState = regionsInState((await terraformOk(["state", "pull"], run)).stdout);
  if (inState.size === 0) {
    console.log(`Nothing to remove: the state ${state} holds no resources.`);
    return 0;
  }
  const retired = unconfiguredRegions(inState, settings);
  if (retired.length > 0) {
    step(`${retired.join(", ")} still ${retired.length === 1 ? "has" : "have"} resources in the state but ${retired.length === 1 ? "is" : "are"} not in "regions": removing them too, as ${SETTINGS.retiredRegions.env} would`);
    const env = { ...process.env, [SETTINGS.retiredRegions.env as string]: [...settings.retiredRegions, ...retired].join(",") };
    stackDir = await synthesizeStack(outDir, env);
  }

  try {
    step("terraform plan -destroy");
    await terraformOk(["plan", "-destroy", "-input=false", "-lock-timeout=120s", `-out=${DESTROY_PLAN_FILE}`], run);
    const { stdout } = await terraformOk(["show", "-json", DESTROY_PLAN_FILE], run);
    console.log(removalSummary(settings, JSON.parse(stdout), inState).join("\n"));

    if (!argv.includes(AUTO_APPROVE) && !(interactive && (await confirmed()))) {
      console.error("Nothing removed.");
      return 2;
    }
    step("terraform apply (destroy)");
    const applied = await terraform(["apply", "-input=false", "-lock-timeout=120s", DESTROY_PLAN_FILE], { ...run, onLine: (line) => console.error(`  ${line}`) });
    if (applied.code !== 0) {
      const why = bucketNotEmptyProblem(applied.stderr) ?? `terraform apply exited with ${applied.code}:\n${applied.stderr || applied.stdout}`.slice(0, 8_000);
      throw new Error(why);
    }
    step(`removed; the state ${state} is kept, with no resources`);
    return 0;
  } finally {
    rmSync(planFile, { force: true });
  }
}

runCommand("destroy", () => main(process.argv.slice(2)));
