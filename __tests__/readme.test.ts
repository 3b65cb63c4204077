import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { homeOf, readDocFiles, sectionIn } from "../docs/generate/doc-sections";
import { README_SECTIONS } from "../docs/generate/readme-sections";

const ROOT = path.join(__dirname, "..");
const docs = readDocFiles(ROOT);
const readme = docs["README.md"];
const performance = docs["docs/performance.md"];
const layout = docs["docs/layout.md"];

/** The text from `start` up to `end`, or the empty string when either is missing. */
const between = (text: string, start: string, end: string) => {
  const from = text.indexOf(start);
  const to = from < 0 ? -1 : text.indexOf(end, from + start.length);
  return to < 0 ? "" : text.slice(from, to);
};

/** Markdown without its fenced code blocks, where a `[x](y)` is text, not a link. */
const prose = (markdown: string) => markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens; repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

describe("README and docs/", () => {
  it.each(Object.keys(README_SECTIONS))("hold the current generated section %s, in one file (run `npm run docs` after a change)", async (name) => {
    const home = homeOf(docs, name);
    expect([home, sectionIn(docs[home], name)]).toEqual([home, await README_SECTIONS[name]()]);
  });

  it("keep the README a front door: at most 300 lines, linking every page of docs/", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(300);
    const pages = Object.keys(docs).filter((file) => file.startsWith("docs/"));
    expect(pages.length).toBeGreaterThanOrEqual(10);
    expect(pages.filter((page) => !readme.includes(`](${page})`) && !readme.includes(`](${page}#`))).toEqual([]);
  });

  it("link only to files and headings that exist", () => {
    const broken: string[] = [];
    for (const [file, text] of Object.entries(docs)) {
      for (const [, target] of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [place, anchor] = target.split("#");
        const resolved = place === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), place));
        const absolute = path.join(ROOT, resolved);
        if (!existsSync(absolute)) broken.push(`${file}: ${target} (no such file)`);
        else if (anchor !== undefined && (!resolved.endsWith(".md") || !anchorsOf(readFileSync(absolute, "utf8")).has(anchor))) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
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

  describe("the README's first screen (before the first section)", () => {
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

  it("import, in their code examples, only what the project exports, and name only test helpers that exist", () => {
    const all = Object.values(docs).join("\n");
    const imports = [...all.matchAll(/import \{ ([^}]+) \} from "\.\/(src\/[a-z/-]+)";/g)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [, names, file] of imports) {
      const source = readFileSync(path.join(ROOT, `${file}.ts`), "utf8");
      for (const name of names.split(",").map((n) => n.trim())) expect([file, source.includes(`export class ${name}`) || source.includes(`export function ${name}`)]).toEqual([file, true]);
    }
    const helpers = readFileSync(path.join(ROOT, "__tests__", "helpers", "synth.ts"), "utf8");
    const named = [...between(docs["docs/development.md"], "## Testing your own changes", "\n## ").matchAll(/`(synth[A-Za-z]+)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !helpers.includes(`export function ${name}(`))).toEqual([]);
  });

  it("name, in docs/layout.md's table, every room: each folder at the top level and in src/ and handler/", () => {
    const ignored = readFileSync(path.join(ROOT, ".gitignore"), "utf8")
      .split("\n")
      .filter((line) => line.endsWith("/"))
      .map((line) => line.slice(0, -1));
    const folders = (folder: string) =>
      readdirSync(path.join(ROOT, folder))
        .filter((name) => statSync(path.join(ROOT, folder, name)).isDirectory() && name !== ".git" && !ignored.includes(name) && !name.startsWith("cdktf.outdir"))
        .map((name) => (folder ? `${folder}/${name}/` : `${name}/`));
    const rooms = [...folders(""), ...folders("src"), ...folders("handler")];
    const named = [...layout.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]);
    expect(rooms.length).toBeGreaterThan(20);
    expect(rooms.filter((room) => !named.includes(room))).toEqual([]);
  });

  it("name only npm scripts that exist", () => {
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    const mentioned = [...Object.values(docs).join("\n").matchAll(/npm run ([a-z-]+)/g)].map((match) => match[1]);
    expect(mentioned.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it("quote the headline performance figures from the bench run in docs/performance.md", () => {
    const headline = between(performance, "# Performance\n", "\n## ");
    const benchRun = between(performance, "<!-- bench:start -->", "<!-- bench:end -->");
    const figures = headline.match(/\b\d+ (?:ms|MiB)\b/g) ?? [];
    expect(readme).toContain("](docs/performance.md)");
    expect(figures.length).toBeGreaterThanOrEqual(3);
    for (const figure of figures) expect(benchRun).toContain(figure);
  });
});
