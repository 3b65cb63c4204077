/** Runs the `terraform` binary in a stack folder and captures what it prints. */
import { spawn } from "node:child_process";
import { terraformFailure, terraformText, type TerraformErrorContext } from "./terraform-errors";

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TerraformRun {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Called with each line Terraform prints, for progress. */
  readonly onLine?: (line: string) => void;
}

/** Runs `terraform <args>` (with -no-color) and resolves with its exit code and output; never rejects on a non-zero exit. */
export function terraform(args: readonly string[], run: TerraformRun): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args, "-no-color"], { cwd: run.cwd, env: run.env, stdio: ["ignore", "pipe", "pipe"] });
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
    child.once("error", (error) =>
      reject(new Error(`could not run terraform (is it installed and on the PATH? https://developer.hashicorp.com/terraform/install): ${error.message}`)),
    );
    child.once("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
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
