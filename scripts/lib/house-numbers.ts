/**
 * The house's numbers (issue 22, items 6 and 8): lines per room, the largest source files and the
 * longest functions, counted from the files themselves. Pure: the caller reads the tree and prints.
 */
import * as ts from "typescript";

/** A file as counted: its path from the project root, with `/` separators, and its text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** Above these a file or a function is flagged (the house rules: files under 250 lines, functions under 80). */
export const FILE_LIMIT = 250;
export const FUNCTION_LIMIT = 80;

/** What counts as source: code in any of the project's languages, not data or prose. */
export const isSource = (path: string): boolean => /\.(ts|cts|mts|js|cjs|mjs|py|sh)$/.test(path) && !path.endsWith(".d.ts");

/** Lines of a text: a last line without a newline counts; an empty text has none. */
export const lineCount = (text: string): number => (text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0));

/**
 * The room a file lives in: a folder of src/ or handler/ (their own top files in `src/`, `handler/`),
 * otherwise its top-level folder, and `./` for the files at the top.
 */
export function roomOf(path: string): string {
  const parts = path.split("/");
  if (parts.length === 1) return "./";
  if ((parts[0] === "src" || parts[0] === "handler") && parts.length > 2) return `${parts[0]}/${parts[1]}/`;
  return `${parts[0]}/`;
}

/** Lines of source per room, rooms in path order; a top-level folder's total includes its rooms. */
export function linesPerRoom(files: readonly SourceFile[]): ReadonlyArray<{ readonly room: string; readonly lines: number }> {
  const totals = new Map<string, number>();
  const add = (room: string, lines: number) => totals.set(room, (totals.get(room) ?? 0) + lines);
  for (const file of files) {
    const lines = lineCount(file.text);
    const room = roomOf(file.path);
    add(room, lines);
    const top = `${file.path.split("/")[0]}/`;
    if (room !== "./" && top !== room) add(top, lines);
  }
  // Code-point order, not the locale's: `./` first, then `__tests__/`, and a room beside its folder.
  return [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([room, lines]) => ({ room, lines }));
}

/** The files, longest first. */
export function largestFiles(files: readonly SourceFile[]): ReadonlyArray<{ readonly path: string; readonly lines: number }> {
  return files.map((file) => ({ path: file.path, lines: lineCount(file.text) })).sort((a, b) => b.lines - a.lines || (a.path < b.path ? -1 : 1));
}

/** A function's name as a reader finds it: its own, or the variable, property or class member it is assigned to. */
function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = (n: ts.Node) => ("name" in n && n.name && ts.isIdentifier(n.name as ts.Node) ? (n.name as ts.Identifier).text : undefined);
  if (ts.isConstructorDeclaration(node)) return `${ts.isClassLike(node.parent) ? (node.parent.name?.text ?? "class") : "class"}.constructor`;
  const own = named(node);
  if (own && !ts.isFunctionExpression(node)) return ts.isClassLike(node.parent) ? `${node.parent.name?.text ?? "class"}.${own}` : own;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return named(parent) ?? "(anonymous)";
  const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  return own ?? `(anonymous, line ${line})`;
}

/** Every function of a TypeScript or JavaScript file with its length in lines, longest first. */
export function functionLengths(file: SourceFile): ReadonlyArray<{ readonly path: string; readonly name: string; readonly lines: number }> {
  if (!/\.(ts|cts|mts|js|cjs|mjs)$/.test(file.path)) return [];
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const found: Array<{ path: string; name: string; lines: number }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ path: file.path, name: nameOf(node, source), lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.sort((a, b) => b.lines - a.lines);
}

/** Lines of a room and everything under it. */
export const linesUnder = (files: readonly SourceFile[], folder: string): number =>
  files.filter((file) => file.path.startsWith(`${folder}/`)).reduce((sum, file) => sum + lineCount(file.text), 0);
