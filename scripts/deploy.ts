/**
 * `npm run deploy [-- --auto-approve]`: the checked plan that `npm run plan` makes (lib/checked-plan.ts:
 * synth, the state backend settled, `terraform init` from ROOT_MONITOR_PROVIDER_MIRROR when set,
 * `terraform plan -out`, the summary, and the refusal, exit 3, of a plan that would destroy or replace
 * what the monitor needs unless ROOT_MONITOR_ALLOW_DESTRUCTIVE=true or --allow-destructive), then the
 * question in a terminal (only `yes` goes on; without a terminal it refuses at once unless given
 * --auto-approve), then `terraform apply` of that very plan file, Terraform's lines streamed as they
 * come (lib/confirmed-apply.ts). Exit 0 when applied, 2 when refused or not confirmed, 3 when the plan
 * was refused, 1 with one message on a failure: Terraform's errors the project can explain (no
 * credentials, scope = organization outside an organization, a Region dropped from `regions`) are
 * told in its words (lib/terraform-errors.ts). Refuses the example state bucket of the shipped
 * cdktf.json and stops on a bad setting before anything runs.
 *
 * Why not `cdktf deploy`, which this command ran before: its review is an interactive terminal UI
 * that crashes without a terminal ("Raw mode is not supported") while holding the state lock; it runs
 * `terraform providers lock`, which asks the registry for checksums and fails offline; it applies
 * without plan's refusal, so `--auto-approve` (what CI passes) destroyed a trail or a topic key
 * silently; and it shows Terraform's raw errors (hundreds of "Provider configuration not present"
 * lines for one dropped Region). `npx cdktf deploy` still works for those who want its review; it
 * skips all of the above, and sees the provider mirror only through the person's own Terraform CLI
 * configuration.
 *
 *   npm run deploy [-- --auto-approve] [-- --allow-destructive] [-- --reconfigure | --migrate-state] [-- --output <folder>]
 *
 * --output (or CDKTF_OUTDIR) is the folder to synthesize into, cdktf.out by default; the summary is
 * written there as plan-summary.md, as plan writes it.
 */
import * as path from "node:path";
import { checkedPlan, PLAN_FILE } from "./lib/checked-plan";
import { startCommand } from "./lib/command-start";
import { applyConfirmed } from "./lib/confirmed-apply";
import { runCommand } from "./lib/run-command";

async function main(argv: readonly string[]): Promise<number> {
  const { settings, outDir, step, interactive } = startCommand("deploy", argv);
  const plan = await checkedPlan(settings, { argv, command: "npm run deploy", outDir, markdownFile: path.join(outDir, "plan-summary.md"), step });
  if (plan.code !== 0) return plan.code;
  const applied = await applyConfirmed({
    argv,
    interactive,
    question: "Apply this plan? Only 'yes' goes on: ",
    declined: "Nothing deployed.",
    planFile: PLAN_FILE,
    run: plan.run,
    context: { retiredRegions: settings.retiredRegions, command: "npm run deploy" },
    step,
  });
  if (applied === 0) step("deployed");
  return applied;
}

runCommand("deploy", () => main(process.argv.slice(2)));
