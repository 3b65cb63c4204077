/**
 * Where the generated sections live: each between its markers, in exactly one Markdown file of the
 * project (the README or a page of docs/), so that a section can move between pages without the
 * generator or its test being told.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { README_SECTIONS } from "./readme-sections";

/** Markdown files by their path from the project root, with `/` separators. */
type DocFiles = Readonly<Record<string, string>>;

const markers = (name: string) => [`<!-- generated:${name}:start -->\n`, `\n<!-- generated:${name}:end -->`] as const;

/** The README and every page under docs/, read from `root`. */
export function readDocFiles(root: string): DocFiles {
  const pages = (folder: string): string[] =>
    readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
      const relative = `${folder}/${entry.name}`;
      if (entry.isDirectory()) return pages(relative);
      return entry.name.endsWith(".md") ? [relative] : [];
    });
  return Object.fromEntries(["README.md", ...pages("docs").sort()].map((file) => [file, readFileSync(path.join(root, file), "utf8")]));
}

/** The generated section `name` as it stands in `text`, or undefined when its markers are missing. */
export function sectionIn(text: string, name: string): string | undefined {
  const [start, end] = markers(name);
  const from = text.indexOf(start);
  const to = from < 0 ? -1 : text.indexOf(end, from + start.length);
  return to < 0 ? undefined : text.slice(from + start.length, to);
}

/** The one file that holds the section `name`; an error when none does, or several do. */
export function homeOf(files: DocFiles, name: string): string {
  const homes = Object.keys(files).filter((file) => sectionIn(files[file], name) !== undefined);
  if (homes.length !== 1) {
    throw new Error(`the generated section "${name}" must be in exactly one of README.md and docs/, between its markers; it is in ${homes.length === 0 ? "none" : homes.join(", ")}`);
  }
  return homes[0];
}

/** The files with every generated section rewritten from the code, each where it lives. */
export async function withSectionsUpdated(files: DocFiles): Promise<DocFiles> {
  const out: Record<string, string> = { ...files };
  for (const [name, render] of Object.entries(README_SECTIONS)) {
    const home = homeOf(out, name);
    const [start, end] = markers(name);
    const rendered = await render();
    out[home] = out[home].replace(`${start}${sectionIn(out[home], name)}${end}`, () => `${start}${rendered}${end}`);
  }
  return out;
}
