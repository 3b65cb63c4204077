/**
 * Lenient readers for untrusted JSON. CloudTrail records vary by service and by event version, and
 * the function must never lose an alert because a field is missing or has an odd type: every reader
 * here returns `undefined` instead of throwing.
 */

type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The named own child when `value` is an object, else undefined (never an inherited member such as `constructor`). */
export function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A scalar rendered as text: strings as they are, numbers and booleans printed; anything else undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** `textOf` that also treats the empty string as absent. */
export function nonEmptyTextOf(value: unknown): string | undefined {
  const text = textOf(value);
  return text === undefined || text.trim() === "" ? undefined : text;
}
