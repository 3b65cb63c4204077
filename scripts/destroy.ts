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
 * itself, as `npm run plan` and `npm run deploy` do: synth, the state backend settled
 * (lib/settle-backend.ts: a changed stateBucket, stateKey, stateRegion or awsEndpoint stops it, exit 2,
 * unless told --reconfigure or --migrate-state, so that a typo in stateKey is never taken for an
 * empty deployment), `terraform init` (from ROOT_MONITOR_PROVIDER_MIRROR when set),
 * `terraform plan -destroy -out`, the question, then `terraform apply` of that very plan file
 * (lib/confirmed-apply.ts, shared with deploy; Ctrl-C at the question is a no). Terraform's errors
 * the project can explain (no credentials, no organization) are told in its words.
 * Nothing reads the terminal but our own one-line question; no lock is held while it waits (the
 * plan has released it, and Ctrl-C there leaves nothing behind); what is applied is exactly what was
 * shown (Terraform refuses a plan the state has moved past); and the plan file is removed whatever
 * happens, so no destroy plan is left on disk to be applied by mistake.
 *
 * A Region dropped from `regions` while it still has resources is destroyed too: the state says
 * which Regions it holds, and those the settings no longer configure are synthesized as
 * `retiredRegions` (ROOT_MONITOR_RETIRED_REGIONS), without a monitor, for this run only.
 *
 *   npm run destroy [-- --auto-approve] [-- --reconfigure | --migrate-state] [-- --output <folder>]
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { SETTINGS } from "../src/settings/settings-schema";
import { startCommand } from "./lib/command-start";
import { stateAddress } from "./lib/commands";
import { applyConfirmed } from "./lib/confirmed-apply";
import { bucketNotEmptyProblem, nothingToRemove, removalSummary, unconfiguredRegions } from "./lib/removal-summary";
import { regionsInState } from "./lib/state-regions";
import { runCommand } from "./lib/run-command";
import { settleBackend } from "./lib/settle-backend";
import { synthesizeStack } from "./lib/synth";
import { LOCK_TIMEOUT, terraformExplained, type TerraformRun } from "./lib/terraform";
import { terraformEnvironment } from "./lib/terraform-cli-config";

/** The destroy plan, removed before planning and after applying or declining. */
const DESTROY_PLAN_FILE = "destroy.tfplan";

async function main(argv: readonly string[]): Promise<number> {
  const { settings, outDir, step, interactive } = startCommand("destroy", argv);
  const state = stateAddress(settings);

  step(`synthesizing ${settings.regions.length} Region(s)`);
  const stackDir = await synthesizeStack(outDir, process.env);
  const run: TerraformRun = { cwd: stackDir, env: terraformEnvironment(path.join(outDir, "terraform-cli")) };
  const planFile = path.join(stackDir, DESTROY_PLAN_FILE);
  rmSync(planFile, { force: true });

  // The state this removes is the one the settings name now; one an earlier run's folder remembers is
  // a change to settle first, never a reason to say "nothing to remove" about the wrong state.
  const refusal = await settleBackend(stackDir, argv, run, "npm run destroy");
  if (refusal !== undefined) {
    console.error(refusal);
    return 2;
  }
  const context = { retiredRegions: settings.retiredRegions, command: "npm run destroy", alsoExplain: bucketNotEmptyProblem };
  step("terraform init");
  await terraformExplained(["init", "-input=false"], run, context);
  const pulled = (await terraformExplained(["state", "pull"], run, context)).stdout;
  const inState = regionsInState(pulled);
  if (inState.size === 0) {
    const nothing = nothingToRemove(pulled, state);
    (nothing.code === 0 ? console.log : console.error)(nothing.message);
    return nothing.code;
  }
  const retired = unconfiguredRegions(inState, settings);
  if (retired.length > 0) {
    step(`${retired.join(", ")} still ${retired.length === 1 ? "has" : "have"} resources in the state but ${retired.length === 1 ? "is" : "are"} not in "regions": removing them too, as ${SETTINGS.retiredRegions.env} would`);
    await synthesizeStack(outDir, { ...process.env, [SETTINGS.retiredRegions.env as string]: [...settings.retiredRegions, ...retired].join(",") });
  }

  try {
    step("terraform plan -destroy");
    await terraformExplained(["plan", "-destroy", "-input=false", LOCK_TIMEOUT, `-out=${DESTROY_PLAN_FILE}`], run, context);
    const { stdout } = await terraformExplained(["show", "-json", DESTROY_PLAN_FILE], run, context);
    console.log(removalSummary(settings, JSON.parse(stdout), inState).join("\n"));
    const removed = await applyConfirmed({
      argv,
      interactive,
      question: "Remove all of it? Only 'yes' goes on: ",
      declined: "Nothing removed.",
      planFile: DESTROY_PLAN_FILE,
      run,
      context,
      step,
    });
    if (removed === 0) step(`removed; the state ${state} is kept, with no resources`);
    return removed;
  } finally {
    rmSync(planFile, { force: true });
  }
}

runCommand("destroy", () => main(process.argv.slice(2)));
