/**
 * The one place a construct reaches into the settings module: a construct used on its own (a test,
 * another stack) checks the setting-valued props it was GIVEN against the settings' own schemas, so
 * that it fails with the same message as a bad setting. The stack passes values loadSettings has
 * already validated; this guards the constructs' other users, whose exact messages tests pin.
 */
import { checkSettingValues } from "../settings/check-setting-values";

/** Throws InvalidSettingsError naming `owner` when a given value breaks its setting's schema; values left out are not checked (their defaults are valid). */
export function checkSettingProps(owner: string, values: Readonly<Record<string, unknown>>): void {
  checkSettingValues(owner, values);
}
