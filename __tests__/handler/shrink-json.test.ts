import fc from "fast-check";
import { deepPartMarker, MAX_JSON_DEPTH, shrinkJson } from "../../handler/messages/shrink-json";

const UNLIMITED = { maxStringLength: Number.POSITIVE_INFINITY, maxDepth: MAX_JSON_DEPTH };

/** An array nested `depth` levels around "x". */
function nested(depth: number, wrap: (inner: unknown) => unknown = (inner) => [inner]): unknown {
  let value: unknown = "x";
  for (let level = 0; level < depth; level += 1) value = wrap(value);
  return value;
}

describe("shrinkJson", () => {
  it("returns an equal copy of what is within its limits", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const shrunk = shrinkJson(value, UNLIMITED);
        expect(JSON.stringify(shrunk.value)).toBe(JSON.stringify(value));
        expect([shrunk.stringsCut, shrunk.partsLeftOut]).toEqual([0, 0]);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the record's key order", () => {
    expect(Object.keys(shrinkJson({ b: 1, a: { d: 2, c: 3 }, e: [] }, UNLIMITED).value as object)).toEqual(["b", "a", "e"]);
  });

  it("cuts long strings, keys included, and counts them", () => {
    const shrunk = shrinkJson({ ["k".repeat(10)]: "v".repeat(10), ok: "ok" }, { maxStringLength: 4, maxDepth: 10 });
    expect(shrunk.value).toEqual({ "kkkk...[6 characters removed]": "vvvv...[6 characters removed]", ok: "ok" });
    expect(shrunk.stringsCut).toBe(2);
  });

  it("replaces what is nested deeper than the limit with a marker", () => {
    const shrunk = shrinkJson({ a: [[["deep"]]] }, { maxStringLength: 100, maxDepth: 2 });
    expect(shrunk.value).toEqual({ a: [[deepPartMarker(2)]] });
    expect(shrunk.partsLeftOut).toBe(1);
  });

  it.each([5_000, 100_000])("bounds an array nested %p levels deep without overflowing the stack", (depth) => {
    const shrunk = shrinkJson(nested(depth), UNLIMITED);
    expect(shrunk.partsLeftOut).toBe(1);
    expect(() => JSON.stringify(shrunk.value, null, 2)).not.toThrow();
  });

  it("bounds an object nested 100,000 levels deep", () => {
    const shrunk = shrinkJson(nested(100_000, (inner) => ({ a: inner })), UNLIMITED);
    expect(JSON.stringify(shrunk.value)).toContain(deepPartMarker(MAX_JSON_DEPTH));
  });

  it("keeps a key named __proto__ as a key", () => {
    const shrunk = shrinkJson(JSON.parse('{"__proto__":{"kept":true},"x":1}'), UNLIMITED);
    expect(JSON.stringify(shrunk.value)).toBe('{"__proto__":{"kept":true},"x":1}');
  });

  it("stops at a repeated reference rather than looping", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(shrinkJson(cyclic, UNLIMITED).value).toEqual({ a: 1, self: deepPartMarker(MAX_JSON_DEPTH) });
  });
});
