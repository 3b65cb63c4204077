/**
 * The email text of a message, read back into what a chat message shows: the lines of the
 * description, the steps of WHAT TO DO, and the CloudTrail console links. Every kind of message
 * writes its email text the same way (a few sentences, then sections under headings in capitals,
 * WHAT TO DO among them, the event's JSON last under FULL EVENT), and every line starts with our own
 * words (email-body.ts): so a line is ours to read as structure, and what follows our words is
 * neutralized for chat (chat-text.ts). Reading the email text, rather than each kind's fields, means
 * that no kind is left out and that a line added to the email (the root posture line) reaches chat
 * too. Pure.
 */
import { chatText } from "./chat-text";

/** Where the email's event JSON starts: chat shows the CloudTrail link instead. */
const FULL_EVENT_HEADING = "FULL EVENT";
const STEPS_HEADING = "WHAT TO DO";

/**
 * A heading: capitals, digits, spaces and `,:` (`HIGH AND CRITICAL: 2, EACH IN DETAIL`), with an
 * optional note in parentheses at its end (`BY SOURCE ADDRESS (3 addresses)`).
 */
const HEADING = /^[A-Z][A-Z0-9 ,:-]*[A-Z0-9:]( \([^)]*\))?$/;

/** A row of a table of ours (`Source IP:      198.51.100.77`): the label, then the value. */
const TABLE_ROW = /^([A-Za-z][A-Za-z ()-]{0,30}):\s+(\S.*)$/;

/** A numbered step (`2. If it was not ...`). */
const NUMBERED_STEP = /^\d+\.\s+(.*)$/;

/**
 * A CloudTrail console link as console-link.ts and digest.ts write them: a console domain of the
 * partition, the event history of a Region, filtered on one event id, access key or user name. Only
 * a whole line that is exactly such a link stays a link; anything else is text, defanged.
 */
const CONSOLE_LINK =
  /^https:\/\/(?:[a-z]{2}(?:-[a-z]+)+-\d\.console\.aws\.amazon\.com|console\.amazonaws\.cn|console\.amazonaws-us-gov\.com)\/cloudtrailv2\/home\?region=[a-z]{2}(?:-[a-z]+)+-\d#\/events(?:\?(?:EventId|AccessKeyId|Username)=[A-Za-z0-9_%-]{1,128})?$/;

export const isConsoleLink = (text: string): boolean => CONSOLE_LINK.test(text);

export interface ChatSections {
  /** Lines of the description, markdown of ours around neutralized text; blank lines separate sections. */
  readonly description: readonly string[];
  /** The steps of WHAT TO DO, without their numbers. */
  readonly steps: readonly string[];
  /** The console links the email gives, in order, once each. */
  readonly links: readonly string[];
}

/** A line of the description: a heading in bold, a table row with its label in bold, an indented or listed line as a bullet. */
function descriptionLine(line: string, underHeading: boolean): string {
  const trimmed = line.trim();
  if (isConsoleLink(trimmed)) return trimmed;
  // Indented rows (a digest's counts and actions) and our `- ` lists: a bullet of ours starts the line.
  if (/^\s/.test(line) || trimmed.startsWith("- ")) return `\u2022 ${chatText(trimmed.replace(/^- /, "")).replace(/ {2,}/g, "  ")}`;
  const row = underHeading ? TABLE_ROW.exec(trimmed) : null;
  if (row) return `*${chatText(row[1])}:* ${chatText(row[2])}`;
  return chatText(trimmed);
}

/** The text of one line of a step: a console link as it is, anything else neutralized. */
const stepText = (line: string) => (isConsoleLink(line.trim()) ? line.trim() : chatText(line.trim()));

export function chatSections(email: string): ChatSections {
  const description: string[] = [];
  const steps: string[] = [];
  const links: string[] = [];
  let heading: string | undefined;
  for (const line of email.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === FULL_EVENT_HEADING) break;
    if (isConsoleLink(trimmed) && !links.includes(trimmed)) links.push(trimmed);
    if (HEADING.test(trimmed)) {
      heading = trimmed;
      if (heading !== STEPS_HEADING) {
        if (description.length > 0 && description[description.length - 1] !== "") description.push("");
        description.push(`*${chatText(heading)}*`);
      }
      continue;
    }
    if (trimmed === "") {
      // The steps end at the first blank line; what follows (a self-check's "Checked at ...") is description.
      if (heading === STEPS_HEADING) heading = undefined;
      if (description.length > 0 && description[description.length - 1] !== "") description.push("");
      continue;
    }
    if (heading === STEPS_HEADING) {
      const numbered = NUMBERED_STEP.exec(trimmed);
      // A line that goes on from the step above (indented: its link) joins that step.
      if (!numbered && /^\s/.test(line) && steps.length > 0) steps[steps.length - 1] += ` ${stepText(line)}`;
      else steps.push(stepText(numbered ? numbered[1] : trimmed));
      continue;
    }
    description.push(descriptionLine(line, heading !== undefined));
  }
  while (description.length > 0 && description[0] === "") description.shift();
  while (description.length > 0 && description[description.length - 1] === "") description.pop();
  return { description, steps, links };
}
