/**
 * How plan, deploy and destroy start, the same way and in this order, before anything is
 * synthesized: an option the command does not take is refused; an earlier run's plan files are
 * removed (so that a run stopping on a setting leaves none to apply); the settings are read (one
 * message naming every bad one); the example state bucket is refused; and a command that asks
 * (deploy, destroy) is refused without a terminal unless told --auto-approve. Every refusal is a
 * CommandRefused: one line, exit 2.
 */
import type { Settings } from "../../src/settings/settings-schema";
import { removeEarlierPlans } from "./checked-plan";
import { unknownOptionProblem, type OptionCommand } from "./command-options";
import { commandOutDir, commandSettings } from "./commands";
import { hasTerminal, noTerminalProblem } from "./no-terminal";
import { refuseExampleStateBucket } from "./own-state-bucket";
import { progress } from "./progress";
import { CommandRefused } from "./run-command";

interface StartedCommand {
  readonly settings: Settings;
  /** The folder it synthesizes into and runs Terraform in (commandOutDir). */
  readonly outDir: string;
  /** Its progress logger. */
  readonly step: (text: string) => void;
  /** Whether it can ask a person (a terminal on both stdin and stdout). */
  readonly interactive: boolean;
}

export function startCommand(command: OptionCommand, argv: readonly string[]): StartedCommand {
  const badOption = unknownOptionProblem(command, argv);
  if (badOption !== undefined) throw new CommandRefused(badOption);
  const outDir = commandOutDir(argv);
  removeEarlierPlans(outDir);
  const step = progress();
  const settings = commandSettings();
  refuseExampleStateBucket(settings);
  const interactive = hasTerminal();
  const noTerminal = command === "plan" ? undefined : noTerminalProblem(command, argv, interactive);
  if (noTerminal !== undefined) throw new CommandRefused(noTerminal);
  return { settings, outDir, step, interactive };
}
