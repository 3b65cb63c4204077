/**
 * Bounds a JSON value so that it can always be printed: strings longer than a limit are cut (every
 * cut says how much), and containers nested deeper than a limit are replaced by a marker. Every key
 * stays. Iterative, never recursive: an event nested 100,000 levels deep is shortened, not a stack
 * overflow, and `JSON.stringify` of the result cannot overflow either. Pure.
 */

interface ShrinkLimits {
  /** Strings (values and keys) longer than this are cut. */
  readonly maxStringLength: number;
  /** Containers deeper than this (the value itself is depth 0) are replaced by a marker. */
  readonly maxDepth: number;
}

export interface Shrunk {
  readonly value: unknown;
  /** How many strings were cut. */
  readonly stringsCut: number;
  /** How many containers were left out for being nested too deep (or repeated, which parsed JSON never is). */
  readonly partsLeftOut: number;
}

/** Deep enough for any CloudTrail record (they nest a dozen levels), shallow enough for `JSON.stringify`. */
export const MAX_JSON_DEPTH = 100;

export const deepPartMarker = (maxDepth: number): string => `[left out: nested deeper than ${maxDepth} levels]`;

function shortenString(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, maxLength)}...[${text.length - maxLength} characters removed]`;
}

export function shrinkJson(value: unknown, limits: ShrinkLimits): Shrunk {
  let stringsCut = 0;
  let partsLeftOut = 0;
  const seen = new Set<object>();
  const leaf = (child: unknown): unknown => {
    if (typeof child !== "string") return child;
    const short = shortenString(child, limits.maxStringLength);
    if (short !== child) stringsCut += 1;
    return short;
  };

  const root: { value?: unknown } = {};
  const work: Array<{ source: unknown; depth: number; put: (copy: unknown) => void }> = [
    { source: value, depth: 0, put: (copy) => (root.value = copy) },
  ];
  for (let task = work.pop(); task !== undefined; task = work.pop()) {
    const { source, depth, put } = task;
    if (typeof source !== "object" || source === null) {
      put(leaf(source));
      continue;
    }
    if (depth > limits.maxDepth || seen.has(source)) {
      partsLeftOut += 1;
      put(deepPartMarker(limits.maxDepth));
      continue;
    }
    seen.add(source);
    if (Array.isArray(source)) {
      const copy: unknown[] = new Array(source.length);
      put(copy);
      source.forEach((child, index) => work.push({ source: child, depth: depth + 1, put: (item) => (copy[index] = item) }));
    } else {
      // No prototype: a key named "__proto__" (legal in JSON) stays a key instead of becoming one.
      const copy: Record<string, unknown> = Object.create(null);
      put(copy);
      for (const [key, child] of Object.entries(source)) {
        const shortKey = leaf(key) as string;
        copy[shortKey] = undefined; // keep the record's key order, whatever order the work is done in
        work.push({ source: child, depth: depth + 1, put: (item) => (copy[shortKey] = item) });
      }
    }
  }
  return { value: root.value, stringsCut, partsLeftOut };
}
