/**
 * Names that are not settings: a mistyped cdktf.json key or `ROOT_MONITOR_*` variable is an error
 * with a "did you mean", never silently ignored (`ROOT_MONITOR_REGION=eu-west-1` would deploy all
 * 17 Regions).
 */
import { COMMAND_ENVIRONMENT } from "./command-environment";
import { type SettingKey, SETTING_KEYS, SETTINGS } from "./settings-schema";
import type { SettingSpec } from "./setting-spec";

/** Context keys that belong to cdktf itself (the CLI adds `cdktfRelativeModules`, the App `@cdktf/disable_stack_trace_in_metadata`), not to this app. */
const isCdktfContextKey = (key: string) => key.startsWith("cdktf") || key.startsWith("@cdktf/");

/** Edit distance, for "did you mean" on a mistyped setting. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** How far a key is from a known setting: a key that is the start of a setting (`lambdaTimeout`) is nearest of all. */
const distanceTo = (key: string, known: string) => (known.toLowerCase().startsWith(key.toLowerCase()) ? 0 : editDistance(key, known));

/** The known setting closest to a mistyped key. */
function closestSetting(key: string): SettingKey {
  return SETTING_KEYS.reduce((best, known) => (distanceTo(key, known) < distanceTo(key, best) ? known : best));
}

const SETTING_ENVIRONMENT: readonly string[] = SETTING_KEYS.flatMap((key) => {
  const name: string | undefined = (SETTINGS[key] as SettingSpec).env;
  return name === undefined ? [] : [name];
});
const KNOWN_ENVIRONMENT: ReadonlySet<string> = new Set([...SETTING_ENVIRONMENT, ...Object.values(COMMAND_ENVIRONMENT)]);

function unknownEnvironmentProblem(name: string, value: string | undefined): string {
  const closest = [...KNOWN_ENVIRONMENT].reduce((best, known) => (distanceTo(name, known) < distanceTo(name, best) ? known : best));
  return `Environment variable ${name} has the value ${JSON.stringify(value ?? "")}, but it is not a known setting: did you mean ${closest}? Allowed: ${[...KNOWN_ENVIRONMENT].join(", ")}.`;
}

function unknownKeyProblem(key: string): string {
  return `Setting "${key}" (from cdktf.json context) is not a known setting: did you mean "${closestSetting(key)}"? Allowed: ${SETTING_KEYS.join(", ")}.`;
}

/** A problem line for every context key and `ROOT_MONITOR_*` variable that is not a setting (variables sorted by name). */
export function unknownNameProblems(context: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv): string[] {
  return [
    ...Object.keys(context)
      .filter((key) => !(key in SETTINGS) && !isCdktfContextKey(key))
      .map(unknownKeyProblem),
    ...Object.keys(env)
      .filter((name) => name.startsWith("ROOT_MONITOR_") && !KNOWN_ENVIRONMENT.has(name))
      .sort()
      .map((name) => unknownEnvironmentProblem(name, env[name])),
  ];
}
