/**
 * What plan, deploy and destroy do about a changed state backend, before Terraform (or cdktf, which
 * runs `terraform init` itself) initialises the stack folder: never move a state silently. Unchanged:
 * nothing. Changed, with `--reconfigure` or `--migrate-state` in argv: that init, then on. Changed
 * without either: the refusal to print (exit 2), naming old and new and the two ways on. Only the
 * state's other backend settings changed (a lock table, say; the state stays where it is): the init
 * with -reconfigure, since there is nothing to move.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { backendChange, backendChangeRefusal, changedSettings, describeLocation } from "./backend-change";
import { terraform, type TerraformRun } from "./terraform";
import { explainTerraformError } from "./terraform-errors";

export const RECONFIGURE_FLAG = "--reconfigure";
export const MIGRATE_STATE_FLAG = "--migrate-state";

/** argv without the two flags, for a command that hands the rest on (deploy to cdktf). */
export function withoutBackendFlags(argv: readonly string[]): string[] {
  return argv.filter((arg) => arg !== RECONFIGURE_FLAG && arg !== MIGRATE_STATE_FLAG);
}

/** The file where Terraform keeps the backend it last initialised the folder with. */
export function initialisedBackendFile(stackDir: string): string {
  return path.join(stackDir, ".terraform", "terraform.tfstate");
}

const readJson = (file: string): unknown => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);

/** `terraform init -input=false -reconfigure`, failing in the project's words where it has some (no credentials, say). */
async function reconfigure(run: TerraformRun): Promise<void> {
  const init = await terraform(["init", "-input=false", "-reconfigure"], run);
  const output = init.stderr || init.stdout;
  if (init.code !== 0) throw new Error(explainTerraformError(output) ?? `terraform init -reconfigure exited with ${init.code}:\n${output}`.slice(0, 8_000));
}

/** `terraform init -migrate-state -force-copy` (no question asked: the person asked by passing the flag), failing with what to do. */
async function migrateState(run: TerraformRun, from: string, command: string): Promise<void> {
  const copied = await terraform(["init", "-input=false", "-migrate-state", "-force-copy"], run);
  if (copied.code === 0) return;
  const output = copied.stderr || copied.stdout;
  throw new Error(
    `${MIGRATE_STATE_FLAG}: Terraform could not copy the state from ${from}; is the old backend still reachable, with these credentials? ` +
      `If it is gone, ${command} -- ${RECONFIGURE_FLAG} uses the new backend as it is. ` +
      (explainTerraformError(output) ?? `Terraform said:\n${output.trim()}`).slice(0, 8_000),
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
  log(`${MIGRATE_STATE_FLAG}: copying the state from ${describeLocation(change.from)} to ${describeLocation(change.to)} (${moves}).`);
  await migrateState(run, describeLocation(change.from), command);
  return undefined;
}
