import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { README_SECTIONS, sectionIn } from "../scripts/readme-sections";

const ROOT = path.join(__dirname, "..");
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const performance = readFileSync(path.join(ROOT, "docs", "performance.md"), "utf8");

/** The text from `start` up to `end`, or the empty string when either is missing. */
const between = (text: string, start: string, end: string) => {
  const from = text.indexOf(start);
  const to = from < 0 ? -1 : text.indexOf(end, from + start.length);
  return to < 0 ? "" : text.slice(from, to);
};

describe("README", () => {
  it.each(Object.keys(README_SECTIONS))("holds the current generated section %s (run `npm run docs` after a change)", async (name) => {
    expect(sectionIn(readme, name)).toBe(await README_SECTIONS[name]());
  });

  it("opens with the two commands: set up and run the demo, then the tests CI runs", () => {
    const ci = readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    const firstBlock = between(readme, "```sh\n", "```");
    expect(firstBlock.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("```")).map((line) => line.split("#")[0].trim())).toEqual([
      "npm ci && npm run demo",
      "npm test",
    ]);
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it("names every file of src/ in its Layout", () => {
    const layout = readme.slice(readme.indexOf("## Layout\n"));
    const files = readdirSync(path.join(ROOT, "src")).filter((name) => name.endsWith(".ts"));
    const described = (file: string) => layout.split("\n").some((line) => line.trim().startsWith(`${file} `));
    expect(files.filter((file) => !described(file))).toEqual([]);
  });

  it("names every npm script it tells people to run", () => {
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    const mentioned = [...readme.matchAll(/npm run ([a-z-]+)/g)].map((match) => match[1]);
    expect(mentioned.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it("quotes its headline performance figures from the bench run in docs/performance.md", () => {
    const pointer = between(readme, "## Performance\n", "\n## ");
    const benchRun = between(performance, "<!-- bench:start -->", "<!-- bench:end -->");
    const figures = pointer.match(/\b\d+ (?:ms|MiB)\b/g) ?? [];
    expect(pointer).toContain("docs/performance.md");
    expect(figures.length).toBeGreaterThanOrEqual(3);
    for (const figure of figures) expect(benchRun).toContain(figure);
  });
});
