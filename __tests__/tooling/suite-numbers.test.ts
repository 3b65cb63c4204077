/** The numbers the test run prints at its end: per project, files, tests, seconds and the slowest files. */
import { suiteNumbers, type FileResult } from "../setup/suite-numbers";

const file = (project: string, name: string, start: number, end: number, tests: Partial<FileResult> = {}): FileResult => ({
  displayName: { name: project },
  testFilePath: `/repo/__tests__/${name}`,
  numPassingTests: 1,
  numFailingTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  perfStats: { start, end },
  ...tests,
});

describe("the suite's numbers", () => {
  it("counts files and tests per project, its wall time from first start to last end, the time in its files, and lists its five slowest files", () => {
    const results = [
      file("unit", "a.test.ts", 0, 1_000, { numPassingTests: 3, numFailingTests: 1 }),
      file("e2e", "big.test.ts", 500, 300_500),
      file("unit", "b.test.ts", 200, 2_700, { numPendingTests: 2, numTodoTests: 1 }),
      ...["c", "d", "e", "f"].map((name, i) => file("unit", `${name}.test.ts`, 3_000, 3_100 + i * 100)),
    ];
    expect(suiteNumbers(results, "/repo")).toEqual([
      "Suite numbers:",
      "  e2e: 1 files, 1 tests, 300.0 s wall, 300.0 s in files; slowest:",
      "     300.0 s  __tests__/big.test.ts",
      // 1 + 2.5 + 0.1 + 0.2 + 0.3 + 0.4 s in files; from 0 to 3.4 s.
      "  unit: 6 files, 12 tests, 3.4 s wall, 4.5 s in files; slowest:",
      "       2.5 s  __tests__/b.test.ts",
      "       1.0 s  __tests__/a.test.ts",
      "       0.4 s  __tests__/f.test.ts",
      "       0.3 s  __tests__/e.test.ts",
      "       0.2 s  __tests__/d.test.ts",
    ]);
  });

  it("takes a project named by a plain string, and one without a name", () => {
    const lines = suiteNumbers([{ ...file("", "x.test.ts", 0, 1_000), displayName: "solo" }, { ...file("", "y.test.ts", 0, 2_000), displayName: undefined }], "/repo");
    expect(lines.filter((line) => !line.startsWith("    "))).toEqual(["Suite numbers:", "  (no project): 1 files, 1 tests, 2.0 s wall, 2.0 s in files; slowest:", "  solo: 1 files, 1 tests, 1.0 s wall, 1.0 s in files; slowest:"]);
  });
});
