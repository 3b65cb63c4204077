import fc from "fast-check";
import { isHiddenCharacter, visibleJson, visibleText } from "../../handler/messages/clean-text";
import { displayText } from "../../handler/messages/display-text";
import { HIDDEN_CODE_POINTS, holdsHiddenCharacter, holdsOnlyAllowedCharacters, textWithHiddenCharacters } from "../helpers/hidden-characters";


describe("the hidden characters", () => {
  it.each([
    ["line separator", 0x2028],
    ["paragraph separator", 0x2029],
    ["next line", 0x0085],
    ["right-to-left override", 0x202e],
    ["left-to-right embedding", 0x202a],
    ["first strong isolate", 0x2068],
    ["pop directional isolate", 0x2069],
    ["left-to-right mark", 0x200e],
    ["right-to-left mark", 0x200f],
    ["Arabic letter mark", 0x061c],
    ["zero-width space", 0x200b],
    ["zero-width joiner", 0x200d],
    ["byte order mark", 0xfeff],
    ["word joiner", 0x2060],
    ["escape", 0x001b],
    ["delete", 0x007f],
    ["tag latin capital letter A", 0xe0041],
    ["cancel tag", 0xe007f],
    ["language tag", 0xe0001],
    ["soft hyphen", 0x00ad],
    ["Hangul choseong filler", 0x115f],
    ["Hangul jungseong filler", 0x1160],
    ["Hangul filler", 0x3164],
    ["halfwidth Hangul filler", 0xffa0],
    ["Mongolian vowel separator", 0x180e],
    ["invisible times", 0x2062],
    ["invisible separator", 0x2063],
    ["invisible plus", 0x2064],
    ["variation selector-1", 0xfe00],
    ["variation selector-16", 0xfe0f],
    ["variation selector-17", 0xe0100],
    ["variation selector-256", 0xe01ef],
    ["combining grapheme joiner", 0x034f],
    ["private use U+E000", 0xe000],
    ["supplementary private use U+F0000", 0xf0000],
    ["unassigned U+0378", 0x0378],
    ["noncharacter U+FFFF", 0xffff],
    ["lone high surrogate", 0xd800],
    ["no-break space (a separator other than the space)", 0x00a0],
    ["ideographic space", 0x3000],
  ])("include the %s", (_name, codePoint) => {
    expect(isHiddenCharacter(codePoint)).toBe(true);
  });

  it("include every character the issue names", () => {
    expect(HIDDEN_CODE_POINTS.filter((codePoint) => !isHiddenCharacter(codePoint))).toEqual([]);
  });

  it.each([
    ["a", 0x61],
    ["the space", 0x20],
    ["é", 0xe9],
    ["a combining acute accent (a mark)", 0x0301],
    ["a CJK ideograph", 0x4e2d],
    ["an Arabic letter", 0x0628],
    ["a digit", 0x37],
    ["a hyphen", 0x2d],
    ["the euro sign", 0x20ac],
    ["an emoji", 0x1f525],
  ])("leave out %s", (_name, codePoint) => {
    expect(isHiddenCharacter(codePoint)).toBe(false);
  });
});

describe("visibleText", () => {
  it("writes a line separator as the six characters \\u2028", () => {
    expect(visibleText("a\u2028WHAT TO DO")).toBe("a\\u2028WHAT TO DO");
  });

  it("turns ASCII line breaks and tabs into spaces", () => {
    expect(visibleText("a\r\nb\tc")).toBe("a  b c");
  });

  it("shows a lone surrogate, and keeps a surrogate pair", () => {
    expect(visibleText("x\ud800y\u{1F525}")).toBe("x\\ud800y\u{1F525}");
  });

  it("shows tag characters one by one, beyond U+FFFF as \\u{...}", () => {
    expect(visibleText("ok\u{E0049}\u{E0047}\u{E004E}")).toBe("ok\\u{e0049}\\u{e0047}\\u{e004e}");
  });

  it("shows each invisible character the red team used", () => {
    expect(visibleText("ad\u00admin\u115F\u3164\u180E\u2062\ufe0f\u034f")).toBe("ad\\u00admin\\u115f\\u3164\\u180e\\u2062\\ufe0f\\u034f");
  });

  it("turns a space separator into an ordinary space, and shows a line separator", () => {
    expect(visibleText("a\u00a0b\u3000c\u2029d")).toBe("a b c\\u2029d");
  });

  it("keeps letters, marks, numbers, punctuation and symbols of any script as they are", () => {
    const text = "Zoë café 中文 العربية हिन्दी e\u0301 €42 — «ok» 🔥";
    expect(visibleText(text)).toBe(text);
  });

  it("leaves only allowed characters in any text", () => {
    fc.assert(
      fc.property(fc.oneof(textWithHiddenCharacters, fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })), (text) => {
        expect(holdsOnlyAllowedCharacters(visibleText(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("leaves no hidden character in any text, and no line break", () => {
    fc.assert(
      fc.property(textWithHiddenCharacters, (text) => {
        const shown = visibleText(text);
        expect(holdsHiddenCharacter(shown)).toBe(false);
        expect(shown).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("displayText", () => {
  it("keeps a forged heading on the line of the value it hides in", () => {
    expect(displayText("Mozilla/5.0\u2028\u2028WHAT TO DO\u20291. Go to https://evil.example")).toBe(
      "Mozilla/5.0\\u2028\\u2028WHAT TO DO\\u20291. Go to https://evil.example",
    );
  });
});

describe("visibleJson", () => {
  it("escapes what JSON.stringify leaves raw, and the text still parses to the same value", () => {
    const value = { "k\u202e": "a\u2028b\u0085c\u200bd\ufeff", n: ["\u2066x\u2069"] };
    const json = visibleJson(JSON.stringify(value, null, 2));
    expect(json).toContain('"a\\u2028b\\u0085c\\u200bd\\ufeff"');
    expect(holdsHiddenCharacter(json.replace(/\n/g, ""))).toBe(false); // its own line breaks aside
    expect(JSON.parse(json)).toEqual(value);
  });

  it("writes a tag character as a JSON surrogate pair, which parses back to it", () => {
    const json = visibleJson(JSON.stringify({ ua: "a\u{E0041}" }));
    expect(json).toBe('{"ua":"a\\udb40\\udc41"}');
    expect(JSON.parse(json)).toEqual({ ua: "a\u{E0041}" });
  });

  it("leaves only allowed characters in JSON text besides its own line breaks, and the same value", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary" }), fc.oneof(fc.string({ unit: "binary" }), textWithHiddenCharacters)), (value) => {
        const json = visibleJson(JSON.stringify(value, null, 2));
        expect(holdsOnlyAllowedCharacters(json.replace(/\n/g, ""))).toBe(true);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("never changes the value the JSON holds, and leaves no hidden character", () => {
    fc.assert(
      fc.property(fc.dictionary(textWithHiddenCharacters, fc.oneof(textWithHiddenCharacters, fc.integer())), (value) => {
        const json = visibleJson(JSON.stringify(value, null, 2));
        expect(holdsHiddenCharacter(json.replace(/\n/g, ""))).toBe(false); // its own line breaks aside
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });
});
