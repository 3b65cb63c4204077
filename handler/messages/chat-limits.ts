/**
 * How much of a message a chat copy holds, and how it says what it left out ("… N more", as the
 * digest does). Amazon Q Developer in chat applications' custom-notification page gives the fields
 * and their types but no length per field (docs.aws.amazon.com/chatbot/latest/adminguide/
 * custom-notifs.html, Event schema and Parameter details); what bounds a message is the chat client
 * it is rendered in. So these are Slack's Block Kit limits, the tighter of the two clients
 * (api.slack.com/reference/block-kit/blocks: a header's text at most 150 characters, a section's
 * text at most 3,000), and the whole JSON stays far below SNS's 256 KiB. Pure.
 */
import { truncate } from "./display-text";

export const CHAT_LIMITS = {
  /** The title: a Slack header block's 150 characters. */
  title: 150,
  /** The description: a Slack section's 3,000 characters. */
  description: 3_000,
  /** One line of the description, so that one long value cannot crowd out the rest. */
  line: 600,
  /** Steps: an alert has five. */
  steps: 6,
  step: 600,
  keywords: 6,
  keyword: 64,
  summary: 150,
  /** Related resources: console links of 150 to 250 characters. */
  resources: 4,
  resource: 1_024,
  /** Thread and message ids: a session key is about 40 characters, an SNS message id 36. */
  id: 128,
  /** The whole JSON message, in UTF-8 bytes: far below SNS's 262,144. */
  messageBytes: 32_768,
} as const;

/**
 * Lines kept whole, in order, while they fit in `max` characters joined by line breaks; the rest
 * said in one last line, `… N more lines: <where>`.
 */
export function fitLines(lines: readonly string[], max: number, where: string): string {
  const cut = lines.map((line) => truncate(line, CHAT_LIMITS.line));
  // Room for the last line however many are left: the count written with the most digits it can have.
  const tailRoom = `\u2026 ${cut.length} more lines: ${where}`.length + 1;
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of cut.entries()) {
    const needed = used + (kept.length > 0 ? 1 : 0) + line.length;
    const last = index === cut.length - 1;
    if (needed + (last ? 0 : tailRoom) > max) {
      const rest = cut.length - index;
      kept.push(`\u2026 ${rest} more line${rest === 1 ? "" : "s"}: ${where}`);
      break;
    }
    kept.push(line);
    used = needed;
  }
  return kept.join("\n");
}

/** At most `max` items of at most `each` characters; when there are more, the last one says how many more. */
export function fitItems(items: readonly string[], max: number, each: number, where: string): string[] {
  const cut = items.map((item) => truncate(item, each));
  if (cut.length <= max) return cut;
  const more = cut.length - (max - 1);
  return [...cut.slice(0, max - 1), `\u2026 ${more} more: ${where}`];
}
