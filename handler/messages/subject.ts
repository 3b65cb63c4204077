/**
 * The notification subject. Its shape is the blog solution's, `Root API call-"<eventName>" detected in
 * Account-"<account>"`, so that mail filters written for it still match; a critical event adds
 * `[CRITICAL] ` in front and a high one `[HIGH] `, so that a filter (or a person) can pick those out
 * first; a digest's subject carries the highest severity among its actions the same way.
 *
 * SNS rejects a subject that is 100 characters or longer, or that holds anything but printable ASCII
 * (control characters, line breaks, non-ASCII). Each part is cleaned on its own and the event name,
 * not the account, gives way when the whole is too long: the account is what a reader triages on.
 */
import type { Severity } from "../events/severity";

export const MAX_SUBJECT_LENGTH = 99;

/** What starts the subject of a critical event. */
export const CRITICAL_SUBJECT_PREFIX = "[CRITICAL] ";

/** What starts the subject of a high-severity event (or a digest holding one). */
const HIGH_SUBJECT_PREFIX = "[HIGH] ";

/** The subject's severity mark: critical and high only, the two that are told at once. */
function severityPrefix(severity: Severity | string | undefined): string {
  if (severity === "critical") return CRITICAL_SUBJECT_PREFIX;
  if (severity === "high") return HIGH_SUBJECT_PREFIX;
  return "";
}

/** The longest label kept: every label is ours and far shorter, but the subject must stay valid whatever it is given. */
const MAX_LABEL_LENGTH = 50;

/** What is left of a long event name when the account needs the room. */
const MIN_EVENT_NAME_LENGTH = 12;

const ELLIPSIS = "...";

interface SubjectParts {
  /** The story's label (`Root API call`, `Root console sign-in FAILED`, ...); see event-story.ts. */
  readonly label: string;
  readonly eventName: string;
  readonly severity?: Severity;
}

/** Whether SNS accepts `subject`: 1 to 99 characters of printable ASCII, starting with a non-space. */
export function isValidSnsSubject(subject: string): boolean {
  return subject.length >= 1 && subject.length <= MAX_SUBJECT_LENGTH && /^[\x21-\x7e][\x20-\x7e]*$/.test(subject);
}

/** Printable ASCII only: control characters become spaces, other characters `?`, whitespace runs collapse. */
export function toSubjectText(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) out += " ";
    else if (code > 0x7e) out += /\s/.test(char) ? " " : "?";
    else out += char;
  }
  return out.replace(/\s+/g, " ").trim();
}

export function formatSubject(parts: SubjectParts, accountLabel: string): string {
  const label = `${severityPrefix(parts.severity)}${cut(toSubjectText(parts.label) || "Root activity", MAX_LABEL_LENGTH)}`;
  let account = toSubjectText(accountLabel) || "unknown";
  let eventName = toSubjectText(parts.eventName) || "unknown";
  const room = MAX_SUBJECT_LENGTH - `${label}-"" detected in Account-""`.length;
  if (account.length + eventName.length > room) {
    // The event name yields first, down to a few recognisable characters; then the account does.
    const nameRoom = Math.max(room - account.length, Math.min(eventName.length, MIN_EVENT_NAME_LENGTH));
    eventName = cut(eventName, nameRoom);
    account = cut(account, room - nameRoom);
  }
  return `${label}-"${eventName}" detected in Account-"${account}"`;
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, Math.max(0, max - ELLIPSIS.length)) + ELLIPSIS;
}
