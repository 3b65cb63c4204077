/**
 * The characters that must never reach a reader raw, written out here from the issue rather than
 * read from handler/messages/clean-text.ts, so that a property test cannot pass by agreeing with a broken
 * table; text that mixes them with ordinary characters; and a check for them.
 */
import fc from "fast-check";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/**
 * Control characters, line and paragraph separators, bidi controls, zero-width characters, and what
 * the red team hid in text after the deny-list (issue 20): tag characters, the soft hyphen, Hangul
 * fillers, the Mongolian vowel separator, invisible operators, variation selectors, the combining
 * grapheme joiner; and private use and unassigned code points, which an allow-list refuses too.
 */
export const HIDDEN_CODE_POINTS: readonly number[] = [
  ...range(0x0000, 0x001f), // C0 controls
  ...range(0x007f, 0x009f), // DEL and C1 controls, U+0085 (next line) among them
  0x2028, 0x2029, // line and paragraph separators
  ...range(0x202a, 0x202e), ...range(0x2066, 0x2069), 0x200e, 0x200f, 0x061c, // bidi controls
  ...range(0x200b, 0x200d), 0xfeff, 0x2060, // zero-width characters
  ...range(0xe0000, 0xe007f), // tag characters: they spell hidden ASCII
  0x00ad, // soft hyphen
  0x115f, 0x1160, 0x3164, 0xffa0, // Hangul fillers (letters that render as nothing)
  0x180e, // Mongolian vowel separator
  ...range(0x2062, 0x2064), // invisible times, separator, plus
  ...range(0xfe00, 0xfe0f), ...range(0xe0100, 0xe01ef), // variation selectors (marks, but invisible)
  0x034f, // combining grapheme joiner (a mark, but invisible)
  0xe000, 0xf8ff, 0xf0000, 0x10fffd, // private use
  0x0378, 0x086b, 0xe0080, 0x10ffff, // unassigned (U+0378, U+086B, U+E0080) and a noncharacter
];

const HIDDEN = new Set(HIDDEN_CODE_POINTS);

/** Every way a mail client may start a new line. */
export const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/** Text that mixes ordinary characters with hidden ones, lone surrogates and any code point at all. */
export const textWithHiddenCharacters = fc
  .array(
    fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 6 }),
      fc.constantFrom(...HIDDEN_CODE_POINTS.map((code) => String.fromCodePoint(code))),
      fc.constantFrom("\ud800", "\udfff", "\u{1F525}", "\u00a0", "\u3000"),
      fc.string({ unit: "binary", maxLength: 4 }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(""));

/** True when `text` holds a hidden character or an unpaired surrogate. */
export function holdsHiddenCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (HIDDEN.has(code) || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

/**
 * The allow-list, restated from the issue: letters, marks, numbers, punctuation, symbols and the
 * ordinary space, but nothing default-ignorable and no Hangul filler. True when every code point of
 * `text` is one of them.
 */
export function holdsOnlyAllowedCharacters(text: string): boolean {
  for (const char of text) {
    if (char === " ") continue;
    if (!/^[\p{Letter}\p{Mark}\p{Number}\p{Punctuation}\p{Symbol}]$/u.test(char)) return false;
    if (/^\p{DI}$/u.test(char) || [0x115f, 0x1160, 0x3164, 0xffa0].includes(char.codePointAt(0) ?? 0)) return false;
  }
  return true;
}
