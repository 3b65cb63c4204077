/** Runs the `terraform` binary in a stack folder and captures what it prints. */
import { spawn } from "node:child_process";
import { terraformFailure, terraformText, type TerraformErrorContext } from "./terraform-errors";
import type { TerraformResult } from "./terraform-result";

export interface TerraformRun {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Called with each line Terraform prints, for progress. */
  readonly onLine?: (line: string) => void;
}

/**
 * How long plan and apply wait for a state lock another run holds (a CI plan beside a deploy, say)
 * before failing with Terraform's lock error.
 */
export const LOCK_TIMEOUT = "-lock-timeout=120s";

/** What a command stops with when it was interrupted while Terraform ran: Terraform has stopped by then. */
class TerraformInterrupted extends Error {}

/**
 * While Terraform runs, an interrupt must reach it and this process must outlive it: Terraform
 * stops gracefully on SIGINT (releasing the state lock, saving the state of what it made), but if
 * this process died at once its pipes would close and Terraform, writing "Interrupt received" into
 * them, would be killed by SIGPIPE with the lock held. So Ctrl-C (SIGINT, which the terminal sends
 * Terraform too, and which must not be sent twice: a second one makes Terraform stop at once) is
 * only noted here; SIGTERM and SIGHUP (CI cancelling a job, a closed session) are passed to
 * Terraform as its one SIGINT. Once Terraform has exited, the command stops with TerraformInterrupted.
 */
const STOPPING_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Runs `terraform <args>` (with -no-color) and resolves with its exit code and output; never rejects on a non-zero exit, only on an interrupt once Terraform has stopped. */
export function terraform(args: readonly string[], run: TerraformRun): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args, "-no-color"], { cwd: run.cwd, env: run.env, stdio: ["ignore", "pipe", "pipe"] });
    let interrupted: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (interrupted === undefined && signal !== "SIGINT") child.kill("SIGINT");
      interrupted ??= signal;
    };
    for (const signal of STOPPING_SIGNALS) process.on(signal, onSignal);
    const stopListening = () => STOPPING_SIGNALS.forEach((signal) => process.off(signal, onSignal));
    let stdout = "";
    let stderr = "";
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      if (run.onLine) {
        const lines = (pending + text).split("\n");
        pending = lines.pop() ?? "";
        lines.filter((line) => line.trim() !== "").forEach((line) => run.onLine?.(line));
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", (error) => {
      stopListening();
      reject(new Error(`could not run terraform (is it installed and on the PATH? https://developer.hashicorp.com/terraform/install): ${error.message}`));
    });
    child.once("close", (code) => {
      stopListening();
      if (interrupted !== undefined) {
        const how = code === null ? "was stopped by a signal: if it held the state lock, npm run plan says so" : `stopped gracefully (exit ${code}), releasing its state lock`;
        reject(new TerraformInterrupted(`interrupted (${interrupted}) during terraform ${args[0]}: Terraform ${how}. Run npm run plan to see where things stand.`));
      } else {
        resolve({ code: code ?? 1, stdout, stderr });
      }
    });
  });
}

/**
 * `terraform <args>` that throws, on an exit code not in `okCodes`, what a person reads: the
 * project's words for an error it knows (no credentials, no organization, a removed Region; see
 * terraform-errors.ts), else Terraform's own text.
 */
export async function terraformExplained(
  args: readonly string[],
  run: TerraformRun,
  context: TerraformErrorContext = {},
  okCodes: readonly number[] = [0],
): Promise<TerraformResult> {
  const result = await terraform(args, run);
  if (!okCodes.includes(result.code)) throw new Error(terraformFailure(args, result, context));
  return result;
}

/** `terraform` that throws, with Terraform's own words, unless the exit code is one of `okCodes`. */
export async function terraformOk(args: readonly string[], run: TerraformRun, okCodes: readonly number[] = [0]): Promise<TerraformResult> {
  const result = await terraform(args, run);
  if (!okCodes.includes(result.code)) throw new Error(terraformText(args, result));
  return result;
}
