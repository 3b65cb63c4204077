/**
 * How every operator command ends: with the exit code its work answers, or with one clean message.
 * Bad settings print `Invalid settings:` and the lines naming each setting, its value and what is
 * allowed, with no stack trace (a person's mistake, not a bug); any other failure prints
 * `<command> failed: <message>`.
 */
import { InvalidSettingsError } from "../../src/config";

/** Exit code of a command stopped by bad settings or by a failure. */
export const FAILURE_EXIT_CODE = 1;

/** The message a person reads when a command stops on `error`. */
export function failureMessage(command: string, error: unknown): string {
  if (error instanceof InvalidSettingsError) return error.message;
  return `${command} failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** Runs `work` and sets the process's exit code from its answer (0 when it answers nothing). */
export function runCommand(command: string, work: () => Promise<number | void>, failureCode: number = FAILURE_EXIT_CODE): void {
  work().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      console.error(failureMessage(command, error));
      process.exitCode = failureCode;
    },
  );
}
