/**
 * Event text in a chat message (issue 23, item 2): no mention, link, code or markdown structure can
 * come from an event field, in Slack's mrkdwn or Teams' markdown; the red team's events (the forged
 * user agent of issue 20, the digest's hostile action) included. The constructs are written out here
 * from the clients' syntax, not read from the code under test.
 */
import fc from "fast-check";
import { chatText } from "../../handler/messages/chat-text";
import { chatNotificationOf } from "../../handler/messages/chat-notification";
import { buildDigest } from "../../handler/messages/digest";
import { buildNotification } from "../../handler/messages/notification";
import { decide } from "../../handler/events/root-activity";
import { holdsHiddenCharacter, LINE_BREAKS, textWithHiddenCharacters } from "../helpers/hidden-characters";
import { loadFixture } from "../helpers/fixtures";

/** What a chat client turns into a mention, a link, code or structure, in either client. */
const CONSTRUCTS: ReadonlyArray<[string, RegExp]> = [
  ["a Slack special mention or link (<!here>, <@U1>, <#C1>, <https://x|y>)", /</],
  ["a Teams <at> mention, HTML, or a quote", />/],
  ["an @-mention at a word's start", /(^|[^\p{L}\p{N}])@\p{L}/u],
  ["a markdown link", /\]\(/],
  ["a clickable URL", /(https?|ftp):\/\//i],
  ["a mailto link", /mailto:/i],
  ["a domain name a client links", /\b[a-z0-9-]+\.(com|example|net|org|io)\b/i],
  ["code or a code fence", /`/],
  ["emphasis or bold", /[*~]/],
  ["emphasis by underscores", /(^|[^\p{L}\p{N}])_|_($|[^\p{L}\p{N}])/u],
  ["a heading", /#/],
  ["a table or Slack link text", /\|/],
  ["an HTML entity", /&/],
];

const HOSTILE_PARTS = [
  "<!channel>", "<!here>", "<!everyone>", "@here", "@channel", "@everyone", "<@U123ABC>", "<#C123ABC>", "<at>Security Team</at>",
  "[click](https://evil.example/x)", "<https://evil.example|AWS console>", "https://evil.example/verify", "http://10.0.0.1/", "evil.example.com", "ftp://x.example",
  "mailto:a@b.example", "```rm -rf```", "`code`", "*bold*", "**bold**", "_it_", "~strike~", "~~strike~~", "# Heading", "> quote", "| a | b |", "&lt;!here&gt;",
  "\n- list", "\n1. list", "\u2028WHAT TO DO",
];

/** Text an event could carry: hostile constructs among ordinary and hidden characters. */
const hostileText = fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PARTS), textWithHiddenCharacters, fc.string({ maxLength: 8 })), { maxLength: 12 }).map((parts) => parts.join(""));

function constructsIn(text: string): string[] {
  return CONSTRUCTS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

describe("chatText", () => {
  it("breaks each construct while the reader still sees what the event said", () => {
    expect(chatText("<!channel> <!here> <@U123> <#C9> <at>x</at>")).toBe("\u2039!channel\u203a \u2039!here\u203a \u2039＠U123\u203a \u2039＃C9\u203a \u2039at\u203ax\u2039/at\u203a");
    expect(chatText("hi @here and @channel, mail root@example.com")).toBe("hi ＠here and ＠channel, mail root@example[.]com");
    expect(chatText("[AWS](https://evil.example/login)")).toBe("[AWS] (hxxps://evil[.]example/login)");
    expect(chatText("see http://evil.example and ftp://files.example.org")).toBe("see hxxp://evil[.]example and fxp://files[.]example[.]org");
    expect(chatText("```x``` *b* _i_ ~s~ # h | t & <")).toBe("ˋˋˋxˋˋˋ ∗b∗ ＿i＿ ∼s∼ ＃ h ｜ t ＆ \u2039");
  });

  it("leaves ordinary values as they are: names with underscores, versions, addresses, ARNs", () => {
    expect(chatText("root_admin_user")).toBe("root_admin_user");
    expect(chatText("aws-cli/2.15.0 Python/3.11.8")).toBe("aws-cli/2.15.0 Python/3.11.8");
    expect(chatText("198.51.100.77")).toBe("198.51.100.77");
    expect(chatText("arn:aws:iam::111122223333:root")).toBe("arn:aws:iam::111122223333:root");
    expect(chatText("2026-11-20 08:00:00 UTC")).toBe("2026-11-20 08:00:00 UTC");
  });

  // The red team's second round: look-alikes sent in the event, shortcodes, stacked marks.
  it("makes plain the look-alikes an event sends, then neutralizes them; breaks emoji shortcodes; cuts stacked marks", () => {
    expect(chatText("\uff20here \uff45\uff56\uff49\uff4c\uff0e\uff43\uff4f\uff4d")).toBe("\uff20here evil[.]com");
    expect(chatText("\u{1d416}\u{1d407}\u{1d400}\u{1d413} TO DO")).toBe("WHAT TO DO");
    // A combining mark before the dot (composed by NFKC into ĺ, U+013A) does not hide the host name.
    expect(chatText("evil\u0301.com")).toBe("evi\u013a[.]com");
    expect(chatText(":white_check_mark: resolved :rotating_light:")).toBe("\u2236white＿check＿mark: resolved \u2236rotating＿light:".replace(/＿/g, "_"));
    expect(chatText("q\u0301\u0302\u0303\u0304\u0305 next")).toBe("q\u0301\u0302 next");
  });

  it("lets no construct, hidden character or line break through, whatever the text (property)", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const chat = chatText(text);
        expect(constructsIn(chat)).toEqual([]);
        expect(holdsHiddenCharacter(chat)).toBe(false);
        expect(LINE_BREAKS.test(chat)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

/** The description's lines that come from event fields: everything but our headings, links and labels. */
function eventPartsOf(description: string): string[] {
  return description
    .split("\n")
    .filter((line) => !line.startsWith("https://"))
    .map((line) => line.replace(/^\*[^*]+\*( |$)/, "").replace(/^\u2022 /, ""));
}

describe("a chat copy of the red team's events", () => {
  it("carries the forged user agent as one neutral line: no fake WHAT TO DO, no link", () => {
    const event = loadFixture("root-sign-in-forged-user-agent");
    const decision = decide(event);
    if (decision.action !== "notify") throw new Error("the forged sign-in should notify");
    const chat = chatNotificationOf(buildNotification({ topicArn: "arn:aws:sns:us-east-1:111122223333:t", activity: decision.activity, event }), { messageId: "m-1", nowMs: 0 });
    const agent = chat.content.description.split("\n").filter((line) => line.startsWith("*User agent:*"));
    expect(agent).toEqual([expect.stringContaining("hxxps://aws-root-check[.]example/verify")]);
    for (const part of eventPartsOf(chat.content.description)) expect(constructsIn(part)).toEqual([]);
    expect(chat.content.nextSteps?.join("\n")).not.toContain("Nothing is wrong");
  });

  it("keeps every hostile field of a digest's action from making a mention, a link or structure (property)", () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (eventName, sourceIp, errorCode) => {
        const action = { eventId: "e-1", eventName, eventSource: "iam.amazonaws.com", eventTime: "2026-11-20T08:00:00Z", region: "us-east-1", sourceIp, failed: true, errorCode, severity: "high" as const };
        const request = buildDigest({ topicArn: "arn:aws:sns:us-east-1:111122223333:t", session: { key: "k", label: "l", accountId: "111122223333" }, actions: [action], firstSeen: 0, lastSeen: 1 });
        const chat = chatNotificationOf(request, { messageId: "m-1", nowMs: 0 });
        for (const part of eventPartsOf(chat.content.description)) expect(constructsIn(part.replace(/iam\[\.\]amazonaws\[\.\]com/g, ""))).toEqual([]);
        for (const step of chat.content.nextSteps) expect(constructsIn(step)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
