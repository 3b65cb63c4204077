/**
 * The plan that `npm run plan` and `npm run deploy` make and check, the same way: synth, the state
 * backend settled (settle-backend.ts), `terraform init` (from ROOT_MONITOR_PROVIDER_MIRROR when set),
 * `terraform plan -out`, then the summary a reviewer reads in ten seconds (per Region: added,
 * changed, replaced, destroyed; every replace and destroy by address), printed and written as
 * Markdown for CI, and the refusal (exit 3) of a plan that would replace or destroy a part of the
 * monitor people rely on or that it needs to see and tell root activity (PROTECTED_TYPES in
 * plan-summary.ts), unless ROOT_MONITOR_ALLOW_DESTRUCTIVE=true or --allow-destructive.
 *
 * Terraform writes the plan under a name nothing applies (plan.unchecked.tfplan); it becomes
 * plan.tfplan, the file the README's apply step and deploy apply, only once its summary has passed.
 * A refused plan is kept as plan.refused.tfplan, to be read; a failure on the way (show, state pull,
 * the summary) leaves no plan file at all.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { COMMAND_ENVIRONMENT } from "../../src/settings/command-environment";
import type { Settings } from "../../src/settings/settings-schema";
import { STACK_NAME } from "../../src/contract/names";
import { PROJECT_ROOT } from "../../src/project-root";
import { planSummaryMarkdown, summarizePlan } from "./plan-summary";
import { settleBackend } from "./settle-backend";
import { regionsInState } from "./state-regions";
import { synthesizeStack } from "./synth";
import { LOCK_TIMEOUT, terraformExplained, type TerraformRun } from "./terraform";
import { terraformEnvironment } from "./terraform-cli-config";

/** The plan that passed its check: what `terraform apply` takes. */
export const PLAN_FILE = "plan.tfplan";
/** Where a refused plan is kept, to be read (`terraform show`), under a name the README's apply step does not use. */
const REFUSED_PLAN_FILE = "plan.refused.tfplan";
/** Where Terraform writes the plan until its summary has passed. */
const UNCHECKED_PLAN_FILE = "plan.unchecked.tfplan";
export const ALLOW_DESTRUCTIVE_FLAG = "--allow-destructive";

interface CheckedPlanOptions {
  readonly argv: readonly string[];
  /** How a person runs the caller (`npm run plan`), for the backend refusal's ways on. */
  readonly command: string;
  /** The folder to synthesize into (commands.ts, commandOutDir). */
  readonly outDir: string;
  /** Where the Markdown summary goes. */
  readonly markdownFile: string;
  readonly step: (text: string) => void;
}

/** A plan that passed, saved as PLAN_FILE in run.cwd; or the exit code the command stops with (2: backend changed, 3: refused). */
type CheckedPlan = { readonly code: 0; readonly run: TerraformRun } | { readonly code: 2 | 3 };

const shown = (file: string) => path.relative(PROJECT_ROOT, file);

/**
 * Removes the plan files of an earlier run from the stack folder of `outDir`: called first thing, before
 * the settings are read, so that a run that fails on a setting or in synth leaves none behind either.
 */
export function removeEarlierPlans(outDir: string): void {
  const stackDir = path.join(outDir, "stacks", STACK_NAME);
  for (const name of [PLAN_FILE, REFUSED_PLAN_FILE, UNCHECKED_PLAN_FILE]) rmSync(path.join(stackDir, name), { force: true });
}

export async function checkedPlan(settings: Settings, options: CheckedPlanOptions): Promise<CheckedPlan> {
  const { argv, outDir, step } = options;
  const allowDestructive = argv.includes(ALLOW_DESTRUCTIVE_FLAG) || process.env[COMMAND_ENVIRONMENT.allowDestructive] === "true";
  step(`synthesizing ${settings.regions.length} Region(s)`);
  const stackDir = await synthesizeStack(outDir, process.env);
  const run: TerraformRun = { cwd: stackDir, env: terraformEnvironment(path.join(outDir, "terraform-cli")) };
  const file = (name: string) => path.join(stackDir, name);
  // A plan file left by an earlier run must never be applied in place of this one, refused or failed.
  removeEarlierPlans(outDir);

  const refusal = await settleBackend(stackDir, argv, run, options.command);
  if (refusal !== undefined) {
    console.error(refusal);
    return { code: 2 };
  }
  const context = { retiredRegions: settings.retiredRegions, command: options.command };
  try {
    step("terraform init");
    await terraformExplained(["init", "-input=false"], run, context);
    step("terraform plan");
    await terraformExplained(["plan", "-input=false", LOCK_TIMEOUT, `-out=${UNCHECKED_PLAN_FILE}`], run, context);
    step("terraform show -json");
    const { stdout } = await terraformExplained(["show", "-json", UNCHECKED_PLAN_FILE], run, context);
    // The plan's JSON does not say where a resource it destroys was (its provider alias); the state does.
    // Read right after the plan: a state changed in between would also make the plan stale, and Terraform refuses to apply that.
    step("terraform state pull");
    const state = await terraformExplained(["state", "pull"], run, context);

    const summary = summarizePlan(JSON.parse(stdout), regionsInState(state.stdout));
    const markdown = planSummaryMarkdown(summary);
    mkdirSync(path.dirname(options.markdownFile), { recursive: true });
    writeFileSync(options.markdownFile, markdown);
    console.log(markdown);
    if (summary.blocking.length > 0 && !allowDestructive) {
      renameSync(file(UNCHECKED_PLAN_FILE), file(REFUSED_PLAN_FILE));
      console.error(
        `Refusing: the plan ${summary.blocking.join("; ")}. Set ${COMMAND_ENVIRONMENT.allowDestructive}=true or pass ${ALLOW_DESTRUCTIVE_FLAG} if that is intended. ` +
          `The refused plan is kept as ${shown(file(REFUSED_PLAN_FILE))}, to read with terraform show, not to apply.`,
      );
      return { code: 3 };
    }
    renameSync(file(UNCHECKED_PLAN_FILE), file(PLAN_FILE));
    step(`plan saved as ${shown(file(PLAN_FILE))}; summary in ${shown(options.markdownFile)}`);
    return { code: 0, run };
  } finally {
    rmSync(file(UNCHECKED_PLAN_FILE), { force: true });
  }
}
