/** The order test files start in: the ones that take minutes first (__tests__/setup/slow-first.js). */
import { existsSync } from "node:fs";
import * as path from "node:path";

const { slowFirst, SLOW_FILES } = require("../setup/slow-first.js") as {
  slowFirst: <T extends { path: string }>(tests: readonly T[], slowFiles: readonly string[]) => T[];
  SLOW_FILES: readonly string[];
};

const ROOT = path.join(__dirname, "..", "..");
const file = (relative: string) => ({ path: path.join("/repo", relative) });

describe("slow-first order", () => {
  it("puts the listed files first, in the list's order, and keeps every other file in the order it came", () => {
    const tests = [file("__tests__/handler/a.test.ts"), file("__tests__/e2e/b.test.ts"), file("__tests__/handler/c.test.ts"), file("__tests__/e2e/a.test.ts")];
    expect(slowFirst(tests, ["__tests__/e2e/a.test.ts", "__tests__/e2e/b.test.ts"]).map((test) => test.path)).toEqual([
      "/repo/__tests__/e2e/a.test.ts",
      "/repo/__tests__/e2e/b.test.ts",
      "/repo/__tests__/handler/a.test.ts",
      "/repo/__tests__/handler/c.test.ts",
    ]);
  });

  it("matches whole path segments: a file whose name only ends like a listed one is not moved", () => {
    const tests = [file("__tests__/handler/x.test.ts"), file("__tests__/e2e/my-burst.test.ts")];
    expect(slowFirst(tests, ["burst.test.ts"]).map((test) => test.path)).toEqual(["/repo/__tests__/handler/x.test.ts", "/repo/__tests__/e2e/my-burst.test.ts"]);
  });

  it("lists only files that exist, so that a renamed test file does not silently fall back to the end", () => {
    expect(SLOW_FILES.filter((listed) => !existsSync(path.join(ROOT, listed)))).toEqual([]);
  });
});
