/** What the project knows about one setting besides its schema: where it comes from and how it reads in the README. */
import type { z } from "zod";

/** One setting: its schema and everything a person needs to know about it. */
export interface SettingSpec<S extends z.ZodType = z.ZodType> {
  /** The environment variable that overrides the cdktf.json context value. */
  readonly env?: string;
  /** The type as the README shows it. */
  readonly type: string;
  /** The default as the README shows it. */
  readonly defaultText: string;
  readonly description: string;
  /** What is allowed, said in every error about this setting. */
  readonly allowed: string;
  /** Turns an environment variable's text into the value the schema checks. */
  readonly fromEnv?: (text: string) => unknown;
  readonly schema: S;
}

/** Keeps each setting's own schema type, so that `Settings` can be derived from the schemas. */
export const setting = <S extends z.ZodType>(spec: SettingSpec<S>): SettingSpec<S> => spec;
