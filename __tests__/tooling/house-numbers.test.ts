/**
 * `npm run numbers` on a small tree written here, whose counts are known by construction: lines per
 * room, the largest files and the longest functions, each flagged past its limit, and scripts/
 * against src/.
 */
import { report } from "../../scripts/house-numbers";
import { functionLengths, isSource, largestFiles, lineCount, linesPerRoom, linesUnder, roomOf } from "../../scripts/lib/house-numbers";

/** `n` lines of text, each ending in a newline. */
const lines = (n: number, text = "x;") => `${text}\n`.repeat(n);
/** A function declaration of exactly `n` lines (n >= 2). */
const fn = (name: string, n: number) => `export function ${name}() {\n${lines(n - 2, "  call();")}}\n`;

const TREE = [
  { path: "main.ts", text: lines(5) },
  { path: "README.md", text: lines(400) },
  { path: "src/stack.ts", text: lines(10) },
  { path: "src/rule/rule.ts", text: fn("ruleOf", 90) + lines(170) },
  { path: "src/rule/pattern.ts", text: lines(20) },
  { path: "src/settings/config.ts", text: lines(30) },
  { path: "handler/index.ts", text: lines(7) },
  { path: "handler/events/parse.ts", text: `const parse = (text: string) => {\n${lines(81, "  step();")}};\n` },
  { path: "scripts/plan.ts", text: lines(40) },
  { path: "scripts/lib/terraform.ts", text: lines(60) },
  { path: "emulator/server.py", text: lines(12) },
  { path: "__tests__/big.test.ts", text: fn("helper", 300) },
].filter((file) => isSource(file.path));

describe("house numbers", () => {
  it("counts a text's lines, with or without a last newline", () => {
    expect([lineCount(""), lineCount("a"), lineCount("a\n"), lineCount("a\nb"), lineCount("a\nb\n")]).toEqual([0, 1, 1, 2, 2]);
  });

  it("counts code only, not prose or data", () => {
    expect(["a.ts", "a.cjs", "a.py", "a.sh", "a.md", "a.json", "a.d.ts"].filter(isSource)).toEqual(["a.ts", "a.cjs", "a.py", "a.sh"]);
  });

  it("puts a file in its folder of src/ or handler/, otherwise in its top-level folder", () => {
    expect(["main.ts", "src/stack.ts", "src/rule/rule.ts", "handler/events/parse.ts", "handler/index.ts", "scripts/lib/terraform.ts"].map(roomOf)).toEqual([
      "./",
      "src/",
      "src/rule/",
      "handler/events/",
      "handler/",
      "scripts/",
    ]);
  });

  it("adds up the lines per room, a top-level folder's total including its rooms", () => {
    expect(linesPerRoom(TREE)).toEqual([
      { room: "./", lines: 5 },
      { room: "__tests__/", lines: 300 },
      { room: "emulator/", lines: 12 },
      { room: "handler/", lines: 90 },
      { room: "handler/events/", lines: 83 },
      { room: "scripts/", lines: 100 },
      { room: "src/", lines: 320 },
      { room: "src/rule/", lines: 280 },
      { room: "src/settings/", lines: 30 },
    ]);
    expect([linesUnder(TREE, "scripts"), linesUnder(TREE, "src")]).toEqual([100, 320]);
  });

  it("lists the largest files first", () => {
    expect(largestFiles(TREE).slice(0, 3)).toEqual([
      { path: "__tests__/big.test.ts", lines: 300 },
      { path: "src/rule/rule.ts", lines: 260 },
      { path: "handler/events/parse.ts", lines: 83 },
    ]);
  });

  it("measures each function with the TypeScript compiler, naming arrow functions by their variable", () => {
    expect(functionLengths({ path: "src/rule/rule.ts", text: fn("ruleOf", 90) })).toEqual([{ path: "src/rule/rule.ts", name: "ruleOf", lines: 90 }]);
    const text = ["class Rule {", "  constructor() {", "    go();", "  }", "  stop() { return 1; }", "}", "export const twice = (x: number) => {", "  return x * 2;", "};", ""].join("\n");
    expect(functionLengths({ path: "a.ts", text })).toEqual([
      { path: "a.ts", name: "Rule.constructor", lines: 3 },
      { path: "a.ts", name: "twice", lines: 3 },
      { path: "a.ts", name: "Rule.stop", lines: 1 },
    ]);
    expect(functionLengths({ path: "emulator/server.py", text: "def f():\n  pass\n" })).toEqual([]);
  });

  it("flags files over 250 lines and functions over 80, leaves tests out of both, and compares scripts/ with src/", () => {
    const printed = report(TREE, 2).split("\n");
    expect(printed).toContain("LARGEST FILES (tests left out; 1 over 250 lines)");
    expect(printed).toContain("    260  src/rule/rule.ts  OVER 250");
    expect(printed).toContain("LONGEST FUNCTIONS (tests left out; 2 over 80 lines)");
    expect(printed).toContain("     90  src/rule/rule.ts  ruleOf  OVER 80");
    expect(printed).toContain("     83  handler/events/parse.ts  parse  OVER 80");
    expect(printed.filter((line) => line.includes("big.test.ts") && !line.includes("__tests__/ "))).toEqual([]);
    expect(printed.at(-1)).toBe("scripts/ 100 lines, src/ 320 lines: scripts/ is smaller than src/");
    expect(report([...TREE, { path: "scripts/more.ts", text: lines(221) }], 2).split("\n").at(-1)).toBe("scripts/ 321 lines, src/ 320 lines: scripts/ is NOT smaller than src/");
  });
});
