/**
 * `npm run plan`: synth, `terraform init`, `terraform plan -out`, then a summary a reviewer reads in
 * ten seconds (per Region: added, changed, replaced, destroyed; every replace and destroy by
 * address), printed and written as Markdown for CI. Exits 3 when the plan would replace or destroy a
 * part of the monitor people rely on or needs to see and tell root activity (PROTECTED_TYPES in
 * lib/plan-summary.ts: a rule or its target, the function, a queue, the session table, the topic, its
 * key, a subscription, the trail and its bucket, the central bus, the organization's stack set or an
 * instance), unless
 * ROOT_MONITOR_ALLOW_DESTRUCTIVE=true or --allow-destructive.
 * Refuses the example state bucket of the shipped cdktf.json. When the state backend changed since the
 * last run (stateBucket, stateKey, stateRegion, awsEndpoint), stops (exit 2) saying where the old
 * state stays, unless told --reconfigure or --migrate-state (lib/settle-backend.ts). Terraform errors
 * the project can explain (no credentials, no organization, a removed Region) are told in its own
 * words instead (lib/terraform-errors.ts).
 *
 *   npm run plan [-- --markdown <file>] [-- --allow-destructive] [-- --reconfigure | --migrate-state]
 *
 * Uses the deployer's AWS credentials from the standard AWS configuration, and the awsEndpoint
 * setting like the stack does.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { COMMAND_ENVIRONMENT } from "../src/config";
import { PROJECT_ROOT } from "../src/project-root";
import { terraformEnvironment } from "./lib/terraform-cli-config";
import { commandSettings, flagValue } from "./lib/commands";
import { refuseExampleStateBucket } from "./lib/own-state-bucket";
import { planSummaryMarkdown, summarizePlan } from "./lib/plan-summary";
import { regionsInState } from "./lib/state-regions";
import { runCommand } from "./lib/run-command";
import { settleBackend } from "./lib/settle-backend";
import { synthesizeStack } from "./lib/synth";
import { terraform, terraformOk, type TerraformResult } from "./lib/terraform";
import { explainTerraformError } from "./lib/terraform-errors";

export const PLAN_FILE = "plan.tfplan";
/** Where a refused plan is kept, to be read (`terraform show`), under a name the README's apply step does not use. */
export const REFUSED_PLAN_FILE = "plan.refused.tfplan";
const started = Date.now();
const step = (text: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${text}`);

async function main(argv: readonly string[]): Promise<number> {
  const outDir = process.env.CDKTF_OUTDIR ?? path.join(PROJECT_ROOT, "cdktf.out");
  const markdownFile = flagValue(argv, "--markdown") ?? path.join(outDir, "plan-summary.md");
  const allowDestructive = argv.includes("--allow-destructive") || process.env[COMMAND_ENVIRONMENT.allowDestructive] === "true";
  const settings = commandSettings(); // fails early, naming any bad setting
  refuseExampleStateBucket(settings);

  step(`synthesizing ${settings.regions.length} Region(s)`);
  const stackDir = await synthesizeStack(outDir, process.env);
  const run = { cwd: stackDir, env: terraformEnvironment(path.join(outDir, "terraform-cli")) };
  // A plan file left by an earlier run must never be applied in place of this one, refused or failed.
  for (const file of [PLAN_FILE, REFUSED_PLAN_FILE]) rmSync(path.join(stackDir, file), { force: true });

  const refusal = await settleBackend(stackDir, argv, run, "npm run plan");
  if (refusal !== undefined) {
    console.error(refusal);
    return 2;
  }
  /** Terraform's failure, in the project's words where it has some, else in Terraform's. */
  const failed = (args: readonly string[], result: TerraformResult) => {
    const output = result.stderr || result.stdout;
    return new Error(explainTerraformError(output, settings) ?? `terraform ${args.join(" ")} exited with ${result.code}:\n${output}`.slice(0, 8_000));
  };

  step("terraform init");
  const initArgs = ["init", "-input=false"];
  const init = await terraform(initArgs, run);
  if (init.code !== 0) throw failed(initArgs, init);
  step("terraform plan");
  const planArgs = ["plan", "-input=false", "-lock-timeout=120s", `-out=${PLAN_FILE}`];
  const plan = await terraform(planArgs, run);
  if (plan.code !== 0) throw failed(planArgs, plan);
  step("terraform show -json");
  const { stdout } = await terraformOk(["show", "-json", PLAN_FILE], run);
  // The plan's JSON does not say where a resource it destroys was (its provider alias); the state does.
  // Read right after the plan: a state changed in between would also make the plan stale, and Terraform refuses to apply that.
  step("terraform state pull");
  const state = await terraformOk(["state", "pull"], run);

  const summary = summarizePlan(JSON.parse(stdout), regionsInState(state.stdout));
  const markdown = planSummaryMarkdown(summary);
  mkdirSync(path.dirname(markdownFile), { recursive: true });
  writeFileSync(markdownFile, markdown);
  console.log(markdown);
  step(`plan saved as ${path.relative(PROJECT_ROOT, path.join(stackDir, PLAN_FILE))}; summary in ${path.relative(PROJECT_ROOT, markdownFile)}`);
  if (summary.blocking.length > 0 && !allowDestructive) {
    // No applicable plan file is left behind: the refused one is kept to be read, under another name.
    renameSync(path.join(stackDir, PLAN_FILE), path.join(stackDir, REFUSED_PLAN_FILE));
    console.error(
      `Refusing: the plan ${summary.blocking.join("; ")}. Set ROOT_MONITOR_ALLOW_DESTRUCTIVE=true or pass --allow-destructive if that is intended. ` +
        `The refused plan is kept as ${path.relative(PROJECT_ROOT, path.join(stackDir, REFUSED_PLAN_FILE))}, to read with terraform show, not to apply.`,
    );
    return 3;
  }
  return 0;
}

runCommand("plan", () => main(process.argv.slice(2)));
