/**
 * The bench's command line: which sections to run and how many runs per figure. Every bad flag is
 * reported at once, as an `InvalidSettingsError`, before anything is measured.
 *
 *   (no flags)                 the quick sections
 *   --only terraform,suite     just these sections
 *   --all                      every section
 *   --runs 7                   runs per figure (at least 5)
 */
import { InvalidSettingsError } from "../src/settings/invalid-settings-error";
import { QUICK_SECTIONS, SECTION_NAMES, type SectionName } from "./sections";

/** Fewer runs make a median and a min-max that say little. */
export const MIN_RUNS = 5;

interface BenchOptions {
  /** The sections to run, in the bench's order. */
  readonly sections: readonly SectionName[];
  /** Runs per timed figure. */
  readonly runs: number;
}

const isSection = (name: string): name is SectionName => (SECTION_NAMES as readonly string[]).includes(name);

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const problems: string[] = [];
  let only: SectionName[] | undefined;
  let all = false;
  let runs = MIN_RUNS;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--all") {
      all = true;
    } else if (flag === "--only" || flag === "--runs") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) {
        problems.push(`${flag} needs a value.`);
        if (value !== undefined) i--;
      } else if (flag === "--only") {
        const names = value.split(",").map((name) => name.trim()).filter(Boolean);
        const unknown = names.filter((name) => !isSection(name));
        if (names.length === 0 || unknown.length > 0) {
          problems.push(`--only has the value ${JSON.stringify(value)}${unknown.length > 0 ? `: unknown ${unknown.join(", ")}` : ""}. Allowed: a comma-separated list of ${SECTION_NAMES.join(", ")}.`);
        } else {
          only = names.filter(isSection);
        }
      } else {
        runs = Number(value);
        if (!Number.isInteger(runs) || runs < MIN_RUNS) problems.push(`--runs has the value ${JSON.stringify(value)}. Allowed: an integer of at least ${MIN_RUNS}.`);
      }
    } else {
      problems.push(`Unknown argument ${JSON.stringify(flag)}. Allowed: --only <sections>, --all, --runs <n>.`);
    }
  }
  if (all && only) problems.push("--all and --only cannot be given together.");
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  const chosen = all ? SECTION_NAMES : only ?? QUICK_SECTIONS;
  return { sections: SECTION_NAMES.filter((name) => chosen.includes(name)), runs };
}
