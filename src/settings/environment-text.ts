/**
 * How an environment variable's text becomes a setting's value. Variables are text; the schema
 * checks values, so each setting says how its text reads (SettingSpec.fromEnv). Nothing here guesses:
 * text that does not read as the kind asked for is passed on as written, and the schema rejects it
 * with the value the person typed.
 */

/** Items of a comma-separated list, trimmed, empty ones dropped (`a@x.com, b@x.com,`). */
export const commaList = (text: string): string[] =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** Digits only become a number; anything else ("30s", "1e3") stays text, so the schema rejects it as written. */
export const integerText = (text: string): unknown => (/^\s*\d+\s*$/.test(text) ? Number(text) : text);

/** `true` or `false` in any case; anything else stays text. */
export const booleanText = (text: string): unknown => {
  const word = text.trim().toLowerCase();
  if (word === "true") return true;
  if (word === "false") return false;
  return text;
};
