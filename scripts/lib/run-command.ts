/**
 * How every operator command ends: with the exit code its work answers, or with one clean message.
 * Bad settings print `Invalid settings:` and the lines naming each setting, its value and what is
 * allowed, with no stack trace (a person's mistake, not a bug); missing AWS credentials print the
 * ways to give some; any other failure prints `<command> failed: <message>`.
 */
import { InvalidSettingsError } from "../../src/settings/invalid-settings-error";

/** Exit code of a command stopped by bad settings or by a failure. */
const FAILURE_EXIT_CODE = 1;

/** The standard ways to give the AWS SDK credentials, for a person whose command found none. */
export const CREDENTIALS_HELP = [
  "It needs AWS credentials for the monitored account. Give them in one of the standard ways:",
  "  - a profile: export AWS_PROFILE=<name> (after `aws sso login --profile <name>` for IAM Identity Center)",
  "  - environment variables: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones)",
  "  - a role of the machine it runs on (EC2 instance profile, ECS task role, GitHub OIDC in CI)",
].join("\n");

/**
 * The AWS SDK found no credentials anywhere (or an expired SSO session). Its own message says "from
 * any providers", which names no remedy.
 */
function isMissingCredentials(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return name === "CredentialsProviderError" || (typeof message === "string" && /Could not load credentials/i.test(message));
}

/** The message a person reads when a command stops on `error`. */
function failureMessage(command: string, error: unknown): string {
  if (error instanceof InvalidSettingsError || error instanceof CommandRefused) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  if (isMissingCredentials(error)) return `${command} failed: no AWS credentials (${text}).\n${CREDENTIALS_HELP}`;
  return `${command} failed: ${text}`;
}

/** A command that refuses to run as asked (the example state bucket, say): exit 2, as every refusal before anything runs. */
export class CommandRefused extends Error {}
const REFUSED_EXIT_CODE = 2;

/** Runs `work` and sets the process's exit code from its answer (0 when it answers nothing). */
export function runCommand(command: string, work: () => Promise<number | void>, failureCode: number = FAILURE_EXIT_CODE): void {
  work().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      console.error(failureMessage(command, error));
      process.exitCode = error instanceof CommandRefused ? REFUSED_EXIT_CODE : failureCode;
    },
  );
}
