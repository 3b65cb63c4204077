import { readFileSync } from "node:fs";
import * as path from "node:path";
import { README_SECTIONS, sectionIn } from "../scripts/readme-sections";

const ROOT = path.join(__dirname, "..");
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");

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
});
