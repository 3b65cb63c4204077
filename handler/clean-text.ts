/**
 * The characters that must never reach a reader as they are, and how they are shown instead. Every
 * field an event controls (a user agent is whatever the caller sends, even on a failed sign-in) can
 * carry them, and each one can make text lie: a line or paragraph separator starts a new line in a
 * mail client, so a forged "WHAT TO DO ... https://..." block would sit at the start of a line; a bidi
 * control reorders what follows; a zero-width character hides inside a word. Pure.
 */

/** One range of such characters (inclusive), with why it is here. */
export interface HiddenCharacterRange {
  readonly from: number;
  readonly to: number;
  readonly why: string;
}

/** The characters shown as a visible `\uXXXX` escape wherever event text is shown. Data, not a regex, so that tests and docs can walk it. */
export const HIDDEN_CHARACTER_RANGES: readonly HiddenCharacterRange[] = [
  { from: 0x0000, to: 0x001f, why: "C0 control characters: line breaks, tabs, escape sequences" },
  { from: 0x007f, to: 0x009f, why: "DEL and the C1 control characters, NEL (U+0085, a line break) among them" },
  { from: 0x061c, to: 0x061c, why: "Arabic letter mark, a bidi control" },
  { from: 0x200b, to: 0x200d, why: "zero-width space, non-joiner and joiner" },
  { from: 0x200e, to: 0x200f, why: "left-to-right and right-to-left marks, bidi controls" },
  { from: 0x2028, to: 0x2029, why: "line and paragraph separators: a new line in most mail clients" },
  { from: 0x202a, to: 0x202e, why: "bidi embeddings and overrides: they reorder the text that follows" },
  { from: 0x2060, to: 0x2060, why: "word joiner, zero-width" },
  { from: 0x2066, to: 0x2069, why: "bidi isolates" },
  { from: 0xfeff, to: 0xfeff, why: "zero-width no-break space (byte order mark)" },
];

/** ASCII whitespace controls: shown as a plain space in a summary field, since a visible escape there only adds noise. */
const PLAIN_WHITESPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

export function isHiddenCharacter(codePoint: number): boolean {
  return HIDDEN_CHARACTER_RANGES.some(({ from, to }) => codePoint >= from && codePoint <= to);
}

/** Every hidden character, and every unpaired UTF-16 surrogate (SNS rejects invalid UTF-8), matched one at a time. */
const HIDDEN = new RegExp(
  [
    `[${HIDDEN_CHARACTER_RANGES.map(({ from, to }) => (from === to ? unicodeEscape(from) : `${unicodeEscape(from)}-${unicodeEscape(to)}`)).join("")}]`,
    "[\\ud800-\\udbff](?![\\udc00-\\udfff])",
    "(?<![\\ud800-\\udbff])[\\udc00-\\udfff]",
  ].join("|"),
  "g",
);

function unicodeEscape(codePoint: number): string {
  return `\\u${codePoint.toString(16).padStart(4, "0")}`;
}

/** `\u2028` as six visible ASCII characters. */
export function visibleEscape(char: string): string {
  return unicodeEscape(char.charCodeAt(0));
}

/**
 * Text for one line of a summary: ASCII whitespace controls become spaces, every other hidden
 * character (and lone surrogate) becomes its visible `\uXXXX` escape, so that the reader sees that
 * something was there and nothing can break the line or reorder it.
 */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, (char) => (PLAIN_WHITESPACE.has(char.charCodeAt(0)) ? " " : visibleEscape(char)));
}

/**
 * JSON text (from `JSON.stringify`) with every hidden character written as its `\uXXXX` escape.
 * `JSON.stringify` already escapes C0 control characters and lone surrogates inside strings, so the
 * C0 characters left in its output are its own line breaks and indentation, and stay. It leaves DEL,
 * the C1 controls (U+0085 among them), U+2028, U+2029, bidi controls and zero-width characters raw,
 * and those can only sit inside a string literal, where the escape means the same character: the
 * text still parses to exactly the same value.
 */
export function visibleJson(json: string): string {
  return json.replace(HIDDEN, (char) => (char.charCodeAt(0) < 0x20 ? char : visibleEscape(char)));
}
