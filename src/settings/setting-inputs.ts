/**
 * Where each setting's value comes from: its environment variable when that is set (and not blank),
 * else the cdktf.json context. Also what to show in an error: the source and the value as the
 * person wrote it, not as it was read.
 */
import { type SettingKey, SETTING_KEYS, SETTINGS } from "./settings-schema";
import type { SettingSpec } from "./setting-spec";

export interface SettingInputs {
  /** Each setting's value before the schema: context values as they are, environment text as its setting reads it. */
  readonly raw: Record<SettingKey, unknown>;
  /** Each setting's source and value as written, for error messages. */
  readonly shown: Record<SettingKey, { readonly source: string; readonly text: string }>;
}

export function readSettingInputs(context: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv): SettingInputs {
  const raw = {} as Record<SettingKey, unknown>;
  const shown = {} as SettingInputs["shown"];
  for (const key of SETTING_KEYS) {
    const spec: SettingSpec = SETTINGS[key];
    const envText = spec.env ? env[spec.env] : undefined;
    if (envText !== undefined && envText.trim() !== "") {
      raw[key] = (spec.fromEnv ?? ((text: string) => text.trim()))(envText);
      shown[key] = { source: `environment variable ${spec.env}`, text: JSON.stringify(envText) };
    } else {
      raw[key] = context[key];
      shown[key] = { source: "cdktf.json context", text: JSON.stringify(context[key]) ?? "undefined" };
    }
  }
  return { raw, shown };
}
