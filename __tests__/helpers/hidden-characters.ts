/**
 * The characters that must never reach a reader raw, written out here from the issue rather than
 * read from handler/clean-text.ts, so that a property test cannot pass by agreeing with a broken
 * table; text that mixes them with ordinary characters; and a check for them.
 */
import fc from "fast-check";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/** Control characters, line and paragraph separators, bidi controls and zero-width characters. */
export const HIDDEN_CODE_POINTS: readonly number[] = [
  ...range(0x0000, 0x001f), // C0 controls
  ...range(0x007f, 0x009f), // DEL and C1 controls, U+0085 (next line) among them
  0x2028, 0x2029, // line and paragraph separators
  ...range(0x202a, 0x202e), ...range(0x2066, 0x2069), 0x200e, 0x200f, 0x061c, // bidi controls
  ...range(0x200b, 0x200d), 0xfeff, 0x2060, // zero-width characters
];

const HIDDEN = new Set(HIDDEN_CODE_POINTS);

/** Every way a mail client may start a new line. */
export const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/** Text that mixes ordinary characters with hidden ones and lone surrogates. */
export const textWithHiddenCharacters = fc
  .array(
    fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 6 }),
      fc.constantFrom(...HIDDEN_CODE_POINTS.map((code) => String.fromCharCode(code))),
      fc.constantFrom("\ud800", "\udfff", "\u{1F525}"),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(""));

/** True when `text` holds a hidden character or an unpaired surrogate. */
export function holdsHiddenCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (HIDDEN.has(code)) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
      else return true;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}
