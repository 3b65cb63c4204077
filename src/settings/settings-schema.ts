/**
 * Every setting of the monitor, in one schema: where it comes from (cdktf.json `context`, overridden
 * by an environment variable), its default (defaults.ts), what is allowed, and how it reads in the
 * README. The `Settings` type is derived from it, never written twice.
 */
import { z } from "zod";
import { BACKEND_SETTINGS } from "./backend-settings";
import { CHAT_SETTINGS } from "./chat-settings";
import { RESOURCE_SETTINGS } from "./resource-settings";
import { WATCH_SETTINGS } from "./watch-settings";

/** Every setting, in the order the README lists them. */
export const SETTINGS = { ...WATCH_SETTINGS, ...CHAT_SETTINGS, ...RESOURCE_SETTINGS, ...BACKEND_SETTINGS };

export type SettingKey = keyof typeof SETTINGS;

/** Every key, in the order the README lists them. */
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** All settings as one object schema: the source of the `Settings` type. */
export const SETTINGS_SCHEMA = z.object(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS[key].schema])) as { [K in SettingKey]: (typeof SETTINGS)[K]["schema"] },
);

/** The settings as the stack and the commands use them: inferred from the schemas, complete (every default applied). */
export type Settings = Readonly<z.output<typeof SETTINGS_SCHEMA>>;

/** Every setting that has a default, as the schema applies it: what a test or a tool starts from. */
export const SETTING_DEFAULTS: Omit<Settings, "stateBucket"> = (() => {
  // stateBucket has no default; any valid name lets the rest parse, and is then left out.
  const { stateBucket: _required, ...defaults } = SETTINGS_SCHEMA.parse({ stateBucket: "any-bucket" });
  return defaults;
})();
