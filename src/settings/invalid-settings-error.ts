/**
 * Bad settings, each named with its value and what is allowed. Entry points print its message alone
 * (no stack trace, no source line): it is a person's mistake to fix, not a bug to debug.
 */
export class InvalidSettingsError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid settings:\n  ${problems.join("\n  ")}`);
    this.name = "InvalidSettingsError";
  }
}

/** One problem line: the setting, where its value came from, the value, why it is wrong and what is allowed. */
export function problemLine(key: string, source: string, shown: string, why: string, allowed: string): string {
  return `Setting "${key}" (from ${source}) has the value ${shown}: ${why}. Allowed: ${allowed}.`;
}
