/**
 * The options each Terraform-running command takes, checked before anything runs. These commands
 * run Terraform themselves, not cdktf: an option of `cdktf deploy` (`--refresh-only`, `--var`)
 * would otherwise be dropped without a word, and `--auto-approve --refresh-only` would become a
 * full apply nobody was asked about. Parsed by Node's own `util.parseArgs`, strict.
 */
import { parseArgs } from "node:util";
import { ALLOW_DESTRUCTIVE_FLAG } from "./checked-plan";
import { AUTO_APPROVE } from "./no-terminal";
import { MIGRATE_STATE_FLAG, RECONFIGURE_FLAG } from "./settle-backend";

type OptionSpec = { readonly type: "boolean" } | { readonly type: "string"; readonly value: string };

const flag = (name: string) => name.replace(/^--/, "");
const BACKEND: Record<string, OptionSpec> = { [flag(RECONFIGURE_FLAG)]: { type: "boolean" }, [flag(MIGRATE_STATE_FLAG)]: { type: "boolean" } };
const OUTPUT: Record<string, OptionSpec> = { output: { type: "string", value: "<folder>" } };

/** Every option of each command; README's Deploy, Review in CI and Remove it describe them. */
const COMMAND_OPTIONS = {
  plan: { markdown: { type: "string", value: "<file>" }, [flag(ALLOW_DESTRUCTIVE_FLAG)]: { type: "boolean" }, ...OUTPUT, ...BACKEND },
  deploy: { [flag(AUTO_APPROVE)]: { type: "boolean" }, [flag(ALLOW_DESTRUCTIVE_FLAG)]: { type: "boolean" }, ...OUTPUT, ...BACKEND },
  destroy: { [flag(AUTO_APPROVE)]: { type: "boolean" }, ...OUTPUT, ...BACKEND },
} as const satisfies Record<string, Record<string, OptionSpec>>;

export type OptionCommand = keyof typeof COMMAND_OPTIONS;

/** Why `npm run <command> -- <argv>` cannot run as given, in one line, or undefined when every option is known and complete. */
export function unknownOptionProblem(command: OptionCommand, argv: readonly string[]): string | undefined {
  const specs: Record<string, OptionSpec> = COMMAND_OPTIONS[command];
  try {
    parseArgs({ args: [...argv], options: Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { type: spec.type }])), strict: true, allowPositionals: false });
    return undefined;
  } catch (error) {
    // Read as a plain object: under Jest, Node's own errors are not instances of the test's Error.
    const message = String((error as { message?: unknown }).message ?? "");
    const given = /'([^']+)'/.exec(message)?.[1]?.split(" ")[0] ?? argv.join(" ");
    const allowed = Object.entries(specs)
      .map(([name, spec]) => (spec.type === "string" ? `--${name} ${spec.value}` : `--${name}`))
      .join(", ");
    const why = /argument missing/.test(message) ? `needs a value after ${given}` : /does not take an argument/.test(message) ? `takes no value after ${given}` : `does not take ${given}`;
    return (
      `npm run ${command} ${why}. Allowed: ${allowed}. ` +
      "It runs Terraform itself: options of cdktf are not passed on."
    );
  }
}
