/**
 * Text that is safe to print in one line of an email body or a log line: no character that could
 * break the line, reorder it or hide in it (see clean-text.ts), and a bounded length so that one
 * absurd field cannot crowd out the rest of the alert.
 */
import { visibleText } from "./clean-text";

/** Longest value of a single field shown in the summary part of a notification. */
const MAX_FIELD_LENGTH = 1024;

export const UNKNOWN = "unknown";

/** Makes hidden characters visible, collapses runs of whitespace and cuts to `max` characters. */
export function displayText(value: string | undefined, max: number = MAX_FIELD_LENGTH): string {
  if (value === undefined) return UNKNOWN;
  const cleaned = visibleText(value).replace(/\s+/g, " ").trim();
  if (cleaned === "") return UNKNOWN;
  return truncate(cleaned, max);
}

/** Cuts `text` to at most `max` UTF-16 units, marking the cut with "..." and never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 3) return ".".repeat(Math.max(0, max));
  let end = max - 3;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}...`;
}
