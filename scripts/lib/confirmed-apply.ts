/**
 * The end that deploy and destroy share: a saved plan, already shown to the person, applied only
 * when they answer `yes` in a terminal or passed --auto-approve. The plan file is the very one shown
 * (Terraform refuses a plan the state has moved past), no lock is held while the question waits (the
 * plan released it), and the file is removed whatever happens, so that no plan is left on disk to
 * be applied later by mistake.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { AUTO_APPROVE } from "./no-terminal";
import { LOCK_TIMEOUT, terraformExplained, type TerraformRun } from "./terraform";
import type { TerraformErrorContext } from "./terraform-errors";

/** Where the question is asked: the process's terminal, or a test's streams. */
interface Terminal {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/**
 * Asks `question`; only `yes` goes on, as Terraform's own question. Ctrl-C (readline's AbortError)
 * and Ctrl-D (the input ends) are a no, told by the caller like any other, never a failure.
 */
export async function confirmed(question: string, terminal: Terminal = { input: process.stdin, output: process.stdout }): Promise<boolean> {
  const asking = createInterface({ input: terminal.input, output: terminal.output, terminal: true });
  // Unanswered, the cursor stays after the question: the next line starts on a line of its own.
  const ended = new Promise<string | undefined>((resolve) => asking.once("close", () => resolve(undefined)));
  try {
    const answer = await Promise.race([asking.question(question), ended]);
    if (answer === undefined) terminal.output.write("\n");
    return answer?.trim() === "yes";
  } catch (error) {
    if ((error as { name?: string }).name !== "AbortError") throw error;
    terminal.output.write("\n");
    return false;
  } finally {
    asking.close();
  }
}

interface ConfirmedApply {
  readonly argv: readonly string[];
  /** Whether a person can be asked (lib/no-terminal.ts); without one, only --auto-approve goes on. */
  readonly interactive: boolean;
  readonly question: string;
  /** Said when the answer is not yes, as the command ends with exit 2: "Nothing removed." */
  readonly declined: string;
  /** The saved plan's file name, in run.cwd. */
  readonly planFile: string;
  readonly run: TerraformRun;
  /** For Terraform's errors, told in the project's words. */
  readonly context?: TerraformErrorContext;
  readonly step: (text: string) => void;
}

/** Asks, then applies the saved plan streaming Terraform's lines; answers the exit code: 0 applied, 2 declined. */
export async function applyConfirmed(apply: ConfirmedApply): Promise<number> {
  try {
    if (!apply.argv.includes(AUTO_APPROVE) && !(apply.interactive && (await confirmed(apply.question)))) {
      console.error(apply.declined);
      return 2;
    }
    apply.step(`terraform apply ${apply.planFile}`);
    await terraformExplained(["apply", "-input=false", LOCK_TIMEOUT, apply.planFile], { ...apply.run, onLine: (line) => console.error(`  ${line}`) }, apply.context);
    return 0;
  } finally {
    rmSync(path.join(apply.run.cwd, apply.planFile), { force: true });
  }
}
