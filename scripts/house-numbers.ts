/**
 * `npm run numbers`: the house's numbers (issue 22, item 6), from the files in the checkout: lines of
 * source per room, the largest files (over 250 lines flagged), the longest functions (over 80 flagged)
 * and whether scripts/ (the operator commands and their library) is smaller than src/. Tests count in
 * their room's lines, not in the largest files and functions. `-- --top <n>` lists more (default 12).
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";
import { FILE_LIMIT, FUNCTION_LIMIT, functionLengths, isSource, largestFiles, linesPerRoom, linesUnder, type SourceFile } from "./lib/house-numbers";

/** Folders that hold what was installed, built or generated, not what was written. */
const NOT_WRITTEN = new Set(["node_modules", "dist", "cdktf.out", "coverage", ".git", ".terraform", ".gen"]);

function readTree(root: string, folder = ""): SourceFile[] {
  return readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return NOT_WRITTEN.has(entry.name) || entry.name.startsWith("cdktf.outdir") ? [] : readTree(root, relative);
    return entry.isFile() && isSource(relative) ? [{ path: relative, text: readFileSync(path.join(root, relative), "utf8") }] : [];
  });
}

const flag = (lines: number, limit: number) => (lines > limit ? `  OVER ${limit}` : "");
const pad = (text: string | number, width: number) => String(text).padStart(width);

export function report(files: readonly SourceFile[], top: number): string {
  const product = files.filter((file) => !file.path.startsWith("__tests__/"));
  const big = largestFiles(product);
  const long = product.flatMap(functionLengths).sort((a, b) => b.lines - a.lines);
  const shown = <T extends { lines: number }>(list: readonly T[], limit: number) => list.filter((item, i) => i < top || item.lines > limit);
  const scripts = linesUnder(files, "scripts");
  const src = linesUnder(files, "src");
  return [
    "LINES PER ROOM (source files; a top-level folder's total includes its rooms)",
    ...linesPerRoom(files).map(({ room, lines }) => `${pad(lines, 7)}  ${room}`),
    "",
    `LARGEST FILES (tests left out; ${big.filter((f) => f.lines > FILE_LIMIT).length} over ${FILE_LIMIT} lines)`,
    ...shown(big, FILE_LIMIT).map((f) => `${pad(f.lines, 7)}  ${f.path}${flag(f.lines, FILE_LIMIT)}`),
    "",
    `LONGEST FUNCTIONS (tests left out; ${long.filter((f) => f.lines > FUNCTION_LIMIT).length} over ${FUNCTION_LIMIT} lines)`,
    ...shown(long, FUNCTION_LIMIT).map((f) => `${pad(f.lines, 7)}  ${f.path}  ${f.name}${flag(f.lines, FUNCTION_LIMIT)}`),
    "",
    `scripts/ ${scripts} lines, src/ ${src} lines: scripts/ is ${scripts < src ? "smaller" : "NOT smaller"} than src/`,
  ].join("\n");
}

if (require.main === module) {
  const at = process.argv.indexOf("--top");
  const top = at > 0 ? Number(process.argv[at + 1]) : 12;
  console.log(report(readTree(PROJECT_ROOT), Number.isInteger(top) && top > 0 ? top : 12));
}
