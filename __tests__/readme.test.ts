import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { README_SECTIONS, sectionIn } from "../docs/generate/readme-sections";

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

  it("opens with the two commands: set up and run the demo, then the tests CI runs, the offline mirror before them", () => {
    const ci = readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    const firstBlock = between(readme, "```sh\n", "```");
    expect(firstBlock.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("```")).map((line) => line.split("#")[0].trim())).toEqual([
      "export ROOT_MONITOR_PROVIDER_MIRROR=/opt/tf-plugins",
      "npm ci && npm run demo",
      "npm test",
    ]);
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  describe("first screen (before the first section)", () => {
    const firstScreen = readme.slice(0, readme.indexOf("\n## "));

    it("sets the default's idle cost and confirmation emails against central delivery's, for every default Region", () => {
      const choice = firstScreen.split("\n").filter((line) => /confirmation emails? per address/.test(line));
      expect(choice).toHaveLength(2);
      expect(choice[0]).toMatch(/^\$\d+\.\d\d a month idle and 17 confirmation emails per address/);
      expect(choice[1]).toMatch(/`delivery = central` .*: \$\d+\.\d\d a month idle and 1 confirmation email per address\.$/);
      const dollars = choice.map((line) => Number(/\$(\d+\.\d\d) a month idle/.exec(line)?.[1]));
      expect(dollars[0]).toBeGreaterThan(10 * dollars[1]);
    });

    it("says which credentials to use against the emulator, how to run one test file, and how long the demo takes", () => {
      expect(firstScreen).toContain("AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing");
      expect(firstScreen).toContain("ROOT_MONITOR_AWS_ENDPOINT=http://127.0.0.1:5000");
      // Plain moto fails a trail's StartLogging: the emulator people start is the project's corrected one, on that port.
      expect(firstScreen).toContain("start it with `npm run emulator`");
      const scripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
      expect(scripts.emulator).toBe("python3 emulator/faithful-moto-server.py -H 127.0.0.1 -p 5000");
      expect(firstScreen).toMatch(/One test file: `npm run build && npx jest\s+__tests__\/[a-z/-]+\.test\.ts`/);
      expect(firstScreen).toMatch(/npm run demo .*\((?:about )?\d+ (?:seconds|minutes?) (?:on a quiet machine|measured)/);
    });
  });

  it("imports, in its code examples, only what the project exports, and names only test helpers that exist", () => {
    const imports = [...readme.matchAll(/import \{ ([^}]+) \} from "\.\/(src\/[a-z/-]+)";/g)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [, names, file] of imports) {
      const source = readFileSync(path.join(ROOT, `${file}.ts`), "utf8");
      for (const name of names.split(",").map((n) => n.trim())) expect([file, source.includes(`export class ${name}`) || source.includes(`export function ${name}`)]).toEqual([file, true]);
    }
    const helpers = readFileSync(path.join(ROOT, "__tests__", "helpers", "synth.ts"), "utf8");
    const named = [...between(readme, "## Testing your own changes", "\n## ").matchAll(/`(synth[A-Za-z]+)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !helpers.includes(`export function ${name}(`))).toEqual([]);
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
