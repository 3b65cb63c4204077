/**
 * The commands that ask before they change the deployment (`npm run deploy`, `npm run destroy`) cannot
 * ask without a terminal (CI, a pipe): there they refuse at once, in one line saying what to pass,
 * unless told `--auto-approve`. Refusing before anything runs means no state lock is ever taken and
 * left behind by a question nobody can answer.
 */

export const AUTO_APPROVE = "--auto-approve";

/** Whether this process can ask a person: both stdin and stdout are a terminal. */
export function hasTerminal(stream: { stdin: { isTTY?: boolean }; stdout: { isTTY?: boolean } } = process): boolean {
  return Boolean(stream.stdin.isTTY && stream.stdout.isTTY);
}

/** What each command would ask, and the other way it offers besides `--auto-approve`. */
const QUESTIONS = {
  deploy: { asks: "to ask for approval", otherwise: ", or run npm run plan and apply its plan file (see the README's Deploy step 3)" },
  destroy: { asks: "to ask before it removes the deployment", otherwise: "" },
} as const;

type AskingCommand = keyof typeof QUESTIONS;

/** Why `npm run <command>` cannot run here as asked, in one line, or undefined when it can. */
export function noTerminalProblem(command: AskingCommand, argv: readonly string[], interactive: boolean): string | undefined {
  if (interactive || argv.includes(AUTO_APPROVE)) return undefined;
  const { asks, otherwise } = QUESTIONS[command];
  return `npm run ${command} needs a terminal ${asks}, and there is none here (CI, a pipe). Pass ${AUTO_APPROVE} (npm run ${command} -- ${AUTO_APPROVE})${otherwise}.`;
}
