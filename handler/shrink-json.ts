/**
 * Shortens a JSON value so that its long strings fit a bound, keeping its shape: every key stays,
 * every cut string says how much was cut. Used when an event is too large for one SNS message.
 */

/** A copy of `value` in which every string longer than `maxStringLength` is cut and marked. */
export function shortenStrings(value: unknown, maxStringLength: number): unknown {
  if (typeof value === "string") {
    if (value.length <= maxStringLength) return value;
    return `${value.slice(0, maxStringLength)}...[${value.length - maxStringLength} characters removed]`;
  }
  if (Array.isArray(value)) return value.map((item) => shortenStrings(item, maxStringLength));
  if (typeof value === "object" && value !== null) {
    // No prototype: a key named "__proto__" (legal in JSON) stays a key instead of becoming one.
    const out: Record<string, unknown> = Object.create(null);
    for (const [key, child] of Object.entries(value)) {
      out[shortenStrings(key, maxStringLength) as string] = shortenStrings(child, maxStringLength);
    }
    return out;
  }
  return value;
}
