/**
 * What plan, deploy and destroy do about a changed state backend, before Terraform initialises the
 * stack folder: never move a state silently. Unchanged:
 * nothing. Changed, with `--reconfigure` or `--migrate-state` in argv: that init, then on. Changed
 * without either: the refusal to print (exit 2), naming old and new and the two ways on. With
 * `--migrate-state` onto a location that already holds a state with resources: refused too, since
 * Terraform's copy would overwrite it without asking (state-at-location.ts). Only the
 * state's other backend settings changed (a lock table, say; the state stays where it is): the init
 * with -reconfigure, since there is nothing to move.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { SETTINGS } from "../../src/settings/settings-schema";
import { backendChange, backendChangeRefusal, changedSettings, describeLocation, type BackendChange } from "./backend-change";
import { resourcesAt } from "./state-at-location";
import { terraform, terraformExplained, type TerraformRun } from "./terraform";
import { terraformFailure } from "./terraform-errors";

export const RECONFIGURE_FLAG = "--reconfigure";
export const MIGRATE_STATE_FLAG = "--migrate-state";

/** The file where Terraform keeps the backend it last initialised the folder with. */
function initialisedBackendFile(stackDir: string): string {
  return path.join(stackDir, ".terraform", "terraform.tfstate");
}

const readJson = (file: string): unknown => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);

/** `terraform init -input=false -reconfigure`, failing in the project's words where it has some (no credentials, say). */
async function reconfigure(run: TerraformRun): Promise<void> {
  await terraformExplained(["init", "-input=false", "-reconfigure"], run);
}

/** `terraform init -migrate-state -force-copy` (no question asked: the person asked by passing the flag), failing with what to do. */
async function migrateState(run: TerraformRun, from: string, command: string): Promise<void> {
  const args = ["init", "-input=false", "-migrate-state", "-force-copy"];
  const copied = await terraform(args, run);
  if (copied.code === 0) return;
  throw new Error(
    `${MIGRATE_STATE_FLAG}: Terraform could not copy the state from ${from}; is the old backend still reachable, with these credentials? ` +
      `If it is gone, ${command} -- ${RECONFIGURE_FLAG} uses the new backend as it is. ${terraformFailure(args, copied)}`,
  );
}

/**
 * Why `--migrate-state` must not copy onto `to`, or undefined when nothing is there: a state that
 * records resources would be overwritten (-force-copy does not ask), and that deployment forgotten.
 */
async function occupiedTargetProblem(change: BackendChange, command: string): Promise<string | undefined> {
  const resources = await resourcesAt(change.to);
  if (resources === 0) return undefined;
  return (
    `${MIGRATE_STATE_FLAG}: refused: the new backend already holds a state, ${describeLocation(change.to)}, recording ${resources} resource(s); ` +
    `copying the state from ${describeLocation(change.from)} would overwrite it, and what it records would stay deployed with nothing tracking it. Nothing was copied or changed. ` +
    `If that state is the one to use, run ${command} -- ${RECONFIGURE_FLAG}; otherwise point stateKey (${SETTINGS.stateKey.env}) or stateBucket (${SETTINGS.stateBucket.env}) at a location of its own.`
  );
}

/**
 * Settles a changed backend in `stackDir` (already synthesized) before anything else runs init there.
 * Answers the refusal to print and stop on (exit 2), or undefined to go on. `command` is how a person
 * runs the caller (`npm run plan`), for the refusal's two ways on; `log` tells what it does.
 */
export async function settleBackend(
  stackDir: string,
  argv: readonly string[],
  run: TerraformRun,
  command: string,
  log: (line: string) => void = (line) => console.error(line),
): Promise<string | undefined> {
  const initialised = readJson(initialisedBackendFile(stackDir));
  const change = backendChange(initialised, readJson(path.join(stackDir, "cdk.tf.json")));
  const wantsReconfigure = argv.includes(RECONFIGURE_FLAG);
  const migrate = argv.includes(MIGRATE_STATE_FLAG);
  if (change === undefined) {
    // The settings did not move the state, but asked for it, Terraform may see a change all the same
    // (a backend setting once given to terraform init by hand): the init asked for, once the folder has one.
    if (initialised === undefined || wantsReconfigure === migrate) return undefined;
    log(`${wantsReconfigure ? RECONFIGURE_FLAG : MIGRATE_STATE_FLAG}: the settings name the backend this folder was initialised with; terraform init ${wantsReconfigure ? "-reconfigure" : "-migrate-state"}.`);
    if (wantsReconfigure) await reconfigure(run);
    else await migrateState(run, "the backend this folder was initialised with", command);
    return undefined;
  }
  if (change.sameState) {
    log(`The state backend's settings changed, not where the state lives (${describeLocation(change.to)}): terraform init -reconfigure.`);
    await reconfigure(run);
    return undefined;
  }
  if (wantsReconfigure && migrate) return `${RECONFIGURE_FLAG} and ${MIGRATE_STATE_FLAG} exclude each other: pass one.\n${backendChangeRefusal(change, command)}`;
  if (!wantsReconfigure && !migrate) return backendChangeRefusal(change, command);

  const moves = changedSettings(change).join("; ");
  if (wantsReconfigure) {
    log(`${RECONFIGURE_FLAG}: using the new backend, ${describeLocation(change.to)} (${moves}); the old state stays at ${describeLocation(change.from)}, untouched.`);
    await reconfigure(run);
    return undefined;
  }
  const occupied = await occupiedTargetProblem(change, command);
  if (occupied !== undefined) return occupied;
  log(`${MIGRATE_STATE_FLAG}: copying the state from ${describeLocation(change.from)} to ${describeLocation(change.to)} (${moves}).`);
  await migrateState(run, describeLocation(change.from), command);
  return undefined;
}
