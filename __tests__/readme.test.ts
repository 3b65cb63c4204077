import { readFileSync } from "node:fs";
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
  it.each(Object.keys(README_SECTIONS))("holds the current generated section %s (run `npm run docs` after a change)", (name) => {
    expect(sectionIn(readme, name)).toBe(README_SECTIONS[name]());
  });

  it("gives the install, synth and test commands that CI and users run", () => {
    const ci = readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    expect(readme).toContain("npm ci              #");
    expect(readme).toContain("npm run synth       #");
    expect(readme).toContain("npm test            #");
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
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
