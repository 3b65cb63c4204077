/**
 * Which characters of event text reach a reader as they are, and how every other one is shown
 * instead. Every field an event controls (a user agent is whatever the caller sends, even on a failed
 * sign-in) can carry characters that make text lie: a line or paragraph separator starts a new line
 * in a mail client, so a forged "WHAT TO DO ... https://..." block would sit at the start of a line; a
 * bidi control reorders what follows; a zero-width character, a tag character (U+E0000-E007F, which
 * spells hidden ASCII), a variation selector or a Hangul filler hides inside a word. A list of such
 * characters is never complete, so this is an allow-list: what is not allowed is shown as an escape.
 * Pure.
 *
 * Allowed as they are: printable letters, marks, numbers, punctuation and symbols (Unicode general
 * categories L, M, N, P, S) and the ordinary space U+0020, except
 * - default-ignorable code points (`\p{Default_Ignorable_Code_Point}`): characters that render as
 *   nothing, among them variation selectors and U+034F, which are marks (Mn), and the Hangul fillers,
 *   which are letters (Lo);
 * - characters that render as a blank although they are letters or symbols (BLANK_LOOKING).
 * Everything else (controls Cc, format characters Cf, surrogates Cs, private use Co, unassigned Cn,
 * and separators Z other than U+0020) is not shown as it is. Separators: in a summary line (visibleText)
 * a space separator (Zs: no-break, en, em, ideographic spaces ...) and an ASCII whitespace control
 * (tab, line feed, vertical tab, form feed, carriage return) become an ordinary space, since an escape
 * there only adds noise and a space is what the reader saw; the line and paragraph separators (Zl,
 * Zp) become escapes, so that they are seen. In JSON (visibleJson) every one of them is escaped, so
 * that the text still parses to the same value.
 */

/** Hangul fillers (default-ignorable since Unicode 4.1, listed in case an engine's tables say otherwise) and the blank Braille pattern: letters and symbols that render as a blank. */
const BLANK_LOOKING: readonly number[] = [0x115f, 0x1160, 0x3164, 0xffa0, 0x2800];

const blankLooking = BLANK_LOOKING.map((codePoint) => `\\u{${codePoint.toString(16)}}`).join("");

/**
 * Every code point not shown as it is, one at a time. With the `u` flag a lone surrogate is one code
 * point of category Cs, so it is caught too (SNS rejects invalid UTF-8).
 */
const NOT_ALLOWED = new RegExp(`[^\\p{L}\\p{M}\\p{N}\\p{P}\\p{S} ]|[\\p{Default_Ignorable_Code_Point}${blankLooking}]`, "gu");

/** Space separators and ASCII whitespace controls: a plain space in a summary line. */
const PLAIN_SPACE = /^[\p{Zs}\t\n\v\f\r]$/u;

/** Whether a code point reaches a reader as it is. */
function isAllowedCharacter(codePoint: number): boolean {
  const char = String.fromCodePoint(codePoint);
  NOT_ALLOWED.lastIndex = 0;
  const caught = NOT_ALLOWED.test(char);
  NOT_ALLOWED.lastIndex = 0;
  return !caught;
}

/** Whether a code point is shown as an escape (or a space) instead of as it is. */
export const isHiddenCharacter = (codePoint: number): boolean => !isAllowedCharacter(codePoint);

function hex(unit: number): string {
  return unit.toString(16).padStart(4, "0");
}

/** `\u2028` as six visible ASCII characters; a code point beyond U+FFFF as `\u{e0041}`. */
function visibleEscape(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  return codePoint > 0xffff ? `\\u{${codePoint.toString(16)}}` : `\\u${hex(codePoint)}`;
}

/** The JSON escape of a character: `\uXXXX`, a surrogate pair of them beyond U+FFFF (JSON knows no `\u{...}`). */
function jsonEscape(char: string): string {
  return Array.from({ length: char.length }, (_, index) => `\\u${hex(char.charCodeAt(index))}`).join("");
}

/**
 * Text for one line of a summary: space separators and ASCII whitespace controls become spaces, every
 * other character that is not allowed becomes its visible escape, so that the reader sees that
 * something was there and nothing can break the line, reorder it or hide in it.
 */
export function visibleText(text: string): string {
  return text.replace(NOT_ALLOWED, (char) => (PLAIN_SPACE.test(char) ? " " : visibleEscape(char)));
}

/**
 * JSON text (from `JSON.stringify`) with every character that is not allowed written as its `\uXXXX`
 * escape. `JSON.stringify` already escapes C0 control characters and lone surrogates inside strings,
 * so the C0 characters left in its output are its own line breaks and indentation, and stay. Every
 * other character that is not allowed can only sit inside a string literal, where the escape means the
 * same character: the text still parses to exactly the same value.
 */
export function visibleJson(json: string): string {
  return json.replace(NOT_ALLOWED, (char) => (char.charCodeAt(0) < 0x20 ? char : jsonEscape(char)));
}
