/**
 * Text that is safe in a chat message: what clean-text.ts allows (nothing hidden, nothing that breaks
 * a line), and then nothing that the chat clients' markdown would turn into a mention, a link, code
 * or structure. Amazon Q Developer in chat applications renders `textType: "client-markdown"` "in the
 * target chat platform's markdown" (docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html,
 * Parameter details): Slack's mrkdwn or Microsoft Teams' markdown. So event text is neutralized for
 * both, by replacing each character that starts such a construct with a look-alike that does not.
 * Pure.
 *
 * What each replacement breaks, in either client:
 * - `<` `>`: Slack's `<!channel>`, `<!here>`, `<!everyone>`, `<@U123>`, `<#C123>`, `<https://x|y>`
 *   and `<!date^...>`; Teams' `<at>` mentions and HTML; a quote (`>` at a line's start). Become ‹ ›.
 * - `@` that starts a word (`@here`, `@channel`, `@everyone`, `@someone`): becomes ＠. An `@` inside a
 *   word (an email address) stays: no client reads it as a mention.
 * - `](`: a markdown link `[x](y)`; becomes `] (`, which no markdown reads as a link.
 * - bare URLs and domain names, which both clients make clickable: defanged as security teams write
 *   them, `hxxps://evil[.]example`, so that the reader still sees what the event said.
 * - `` ` `` (code and code fences), `*` `_` `~` (emphasis, bold, strike), `#` (a heading), `|` (a
 *   table, and Slack's link text), `&` (an HTML entity that a client would decode into `<`): each
 *   becomes a look-alike (ˋ ∗ ＿ ∼ ＃ ｜ ＆). `_` only where it could open or close emphasis: at a
 *   word's edge, not inside `root_admin`.
 * - look-alikes sent in the event itself (`ｅｖｉｌ．ｃｏｍ`, `＠here`, mathematical bold letters): made
 *   plain first (Unicode NFKC), so that the rules above see them.
 * - `:word:` (an emoji shortcode, `:white_check_mark:` faking "resolved"): its first colon becomes ∶.
 * - more than two combining marks on one character (text that spills over the lines around it): cut to two.
 * Lists, quotes and headings need their mark at the start of a line; every line of a chat message
 * starts with our own words (chat-notification.ts), and no event text can break a line.
 */
import { visibleText } from "./clean-text";

/** Characters replaced wherever they are, with what replaces them. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  "<": "\u2039", // ‹
  ">": "\u203a", // ›
  "`": "\u02cb", // ˋ
  "*": "\u2217", // ∗
  "~": "\u223c", // ∼
  "#": "\uff03", // ＃
  "|": "\uff5c", // ｜
  "&": "\uff06", // ＆
};

const LOOK_ALIKE_CHARACTERS = new RegExp(`[${Object.keys(LOOK_ALIKES).map((char) => `\\${char}`).join("")}]`, "g");

/** An `@` that no letter or digit precedes: the start of a mention (an address's `@` follows its name). */
const MENTION_AT = /(?<![\p{L}\p{N}])@/gu;

/** An `_` at a word's edge, where it could open or close emphasis. */
const EMPHASIS_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** A URL scheme the clients link: `http://`, `https://`, `ftp://`, and `mailto:`. */
const LINK_SCHEME = /(h)tt(ps?):\/\/|(f)t(p):\/\/|mailto:/gi;

/**
 * A dot the clients could read as part of a host name (`evil.example`, `root@example.com`): after a
 * letter, digit or hyphen and before a letter. An IP address or a version (`aws-cli/2.15.0`) has
 * none; a sentence's full stop is followed by a space.
 */
const HOST_DOT = /(?<=[\p{L}\p{M}\p{N}-])\.(?=\p{L})/gu;

/**
 * The opening colon of an emoji shortcode standing alone (`:rotating_light:`); an ARN's colons
 * (`arn:aws:iam::…`) touch letters, and a time (`08:00:00`) has digits after them.
 */
const SHORTCODE_COLON = /(?<![\p{L}\p{N}]):(?=[a-z][a-z0-9_+-]*:(?![\p{L}\p{N}]))/giu;

/** Combining marks past the second on one character. */
const STACKED_MARKS = /(\p{M}{2})\p{M}+/gu;

function defang(text: string): string {
  const schemes = text.replace(LINK_SCHEME, (scheme: string) => {
    const lower = scheme.toLowerCase();
    if (lower.startsWith("mailto")) return `${scheme.slice(0, 6)}[:]`;
    return lower.startsWith("http") ? `${scheme[0]}xx${scheme.slice(3)}` : `${scheme[0]}x${scheme.slice(2)}`;
  });
  return schemes.replace(HOST_DOT, "[.]");
}

/**
 * One line of event-sourced (or mixed) text for a chat message: cleaned as every other copy is
 * (visibleText), then neutralized for chat markdown as the file header says.
 */
export function chatText(text: string): string {
  const visible = visibleText(text).normalize("NFKC").replace(STACKED_MARKS, "$1").replace(SHORTCODE_COLON, "\u2236");
  const noLinks = defang(visible).replace(/\]\(/g, "] (");
  return noLinks
    .replace(MENTION_AT, "\uff20") // ＠
    .replace(EMPHASIS_UNDERSCORE, "\uff3f") // ＿
    .replace(LOOK_ALIKE_CHARACTERS, (char) => LOOK_ALIKES[char] ?? char);
}
