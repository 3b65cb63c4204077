/**
 * `npm run plan`: the checked plan (lib/checked-plan.ts): synth, `terraform init`, `terraform plan
 * -out`, then a summary a reviewer reads in ten seconds (per Region: added, changed, replaced,
 * destroyed; every replace and destroy by address), printed and written as Markdown for CI. Exits 3
 * when the plan would replace or destroy a part of the monitor people rely on or needs to see and
 * tell root activity (PROTECTED_TYPES in lib/plan-summary.ts: a rule or its target, the function, a
 * queue, the session table, the topic, its key, a subscription, the trail and its bucket, the central
 * bus, the organization's stack set or an instance), unless ROOT_MONITOR_ALLOW_DESTRUCTIVE=true or
 * --allow-destructive; the refused plan is kept as plan.refused.tfplan, to read, and only a plan that
 * passed is saved as plan.tfplan, for the README's apply step.
 * Refuses the example state bucket of the shipped cdktf.json. When the state backend changed since the
 * last run (stateBucket, stateKey, stateRegion, awsEndpoint), stops (exit 2) saying where the old
 * state stays, unless told --reconfigure or --migrate-state (lib/settle-backend.ts). Terraform errors
 * the project can explain (no credentials, no organization, a removed Region) are told in its own
 * words instead (lib/terraform-errors.ts).
 *
 *   npm run plan [-- --markdown <file>] [-- --allow-destructive] [-- --reconfigure | --migrate-state] [-- --output <folder>]
 *
 * Uses the deployer's AWS credentials from the standard AWS configuration, and the awsEndpoint
 * setting like the stack does.
 */
import * as path from "node:path";
import { checkedPlan } from "./lib/checked-plan";
import { startCommand } from "./lib/command-start";
import { flagValue } from "./lib/commands";
import { runCommand } from "./lib/run-command";

async function main(argv: readonly string[]): Promise<number> {
  const { settings, outDir, step } = startCommand("plan", argv);
  const markdownFile = flagValue(argv, "--markdown") ?? path.join(outDir, "plan-summary.md");
  return (await checkedPlan(settings, { argv, command: "npm run plan", outDir, markdownFile, step })).code;
}

runCommand("plan", () => main(process.argv.slice(2)));
