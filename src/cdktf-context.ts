import { readFileSync } from "node:fs";
import * as path from "node:path";
import { InvalidSettingsError } from "./config";
import { PROJECT_ROOT } from "./project-root";

/** Line and column (from 1) of a character offset in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/**
 * The `context` of the project's cdktf.json. The cdktf CLI passes it to the app itself; reading it
 * here too lets the app command run on its own (`npx tsx main.ts`) with the same settings. A file
 * that is not JSON, or whose context is not an object, stops with one message naming the file, the
 * line and column, and what is allowed, rather than JSON.parse's bare "at position 99".
 */
export function readCdktfJsonContext(file: string = path.join(PROJECT_ROOT, "cdktf.json")): Record<string, unknown> {
  const text = readFileSync(file, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s*\(line \d+ column \d+\)$/, "");
    const position = Number(/at position (\d+)/.exec(reason)?.[1] ?? text.length);
    const { line, column } = lineAndColumn(text, position);
    const what = reason.replace(/ in JSON at position \d+$/, "").replace(/^Unexpected end of JSON input$/, "the file ends too early");
    throw new InvalidSettingsError([`${file} is not valid JSON at line ${line}, column ${column}: ${what}. Allowed: a JSON object, its settings under "context" (see the README's Usage).`]);
  }
  const context = (parsed as { context?: unknown } | null)?.context;
  if (context === undefined) return {};
  if (typeof context !== "object" || context === null || Array.isArray(context)) {
    throw new InvalidSettingsError([`${file} has a "context" of ${JSON.stringify(context)}. Allowed: a JSON object of settings (see the README's Usage).`]);
  }
  return context as Record<string, unknown>;
}
