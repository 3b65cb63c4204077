import { InvalidSettingsError, problemLine } from "./invalid-settings-error";
import { SETTING_KEYS, SETTINGS, type SettingKey } from "./settings-schema";

/**
 * Checks the values a construct was given against the same schemas the settings use, so that a
 * construct used on its own (in a test, or in another stack) fails with the same clean message.
 */
export function checkSettingValues(owner: string, values: Partial<Record<SettingKey, unknown>>): void {
  const problems: string[] = [];
  for (const key of SETTING_KEYS) {
    if (values[key] === undefined) continue;
    const result = SETTINGS[key].schema.safeParse(values[key]);
    if (!result.success) {
      problems.push(problemLine(key, owner, JSON.stringify(values[key]), [...new Set(result.error.issues.map((issue) => issue.message))].join("; "), SETTINGS[key].allowed));
    }
  }
  if (problems.length > 0) throw new InvalidSettingsError(problems);
}
