import { readFileSync } from "node:fs";
import * as path from "node:path";
import { InvalidSettingsError } from "./invalid-settings-error";
import { PROJECT_ROOT } from "../project-root";

/** Line and column (from 1) of a character offset in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** How many characters V8 quotes on either side of where JSON.parse stopped, when it quotes an excerpt. */
const V8_EXCERPT_CONTEXT = 10;

/**
 * The offset at which JSON.parse stopped: the "at position N" of most of its messages, else found
 * from the excerpt V8 quotes for an unexpected token (`Unexpected token 'T', ..."teTrail": True" is
 * not valid JSON`: up to 10 characters either side, "..." where it cut), else the end of the text.
 */
function offsetOfParseError(reason: string, text: string): number {
  const at = /at position (\d+)/.exec(reason);
  if (at) return Number(at[1]);
  const quoted = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON$/.exec(reason);
  if (!quoted) return text.length;
  const [, token, cutBefore, excerpt, cutAfter] = quoted;
  const start = text.indexOf(excerpt);
  if (start < 0) return text.length;
  if (cutBefore) return start + V8_EXCERPT_CONTEXT;
  return cutAfter ? excerpt.length - V8_EXCERPT_CONTEXT : excerpt.indexOf(token);
}

/** JSON.parse's reason without where it stopped (said as line and column instead) or the excerpt it quoted. */
function reasonOfParseError(reason: string): string {
  return reason
    .replace(/\s*\(line \d+ column \d+\)$/, "")
    .replace(/ in JSON at position \d+$/, "")
    .replace(/^(Unexpected token '[\s\S]'), [\s\S]*is not valid JSON$/, "$1")
    .replace(/^Unexpected end of JSON input$/, "the file ends too early");
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
    const reason = error instanceof Error ? error.message : String(error);
    const { line, column } = lineAndColumn(text, offsetOfParseError(reason, text));
    const what = reasonOfParseError(reason);
    throw new InvalidSettingsError([`${file} is not valid JSON at line ${line}, column ${column}: ${what}. Allowed: a JSON object, its settings under "context" (see the README's Usage).`]);
  }
  const context = (parsed as { context?: unknown } | null)?.context;
  if (context === undefined) return {};
  if (typeof context !== "object" || context === null || Array.isArray(context)) {
    throw new InvalidSettingsError([`${file} has a "context" of ${JSON.stringify(context)}. Allowed: a JSON object of settings (see the README's Usage).`]);
  }
  return context as Record<string, unknown>;
}
