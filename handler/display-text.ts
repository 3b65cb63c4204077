/**
 * Text that is safe to print in an email body or a log line: no control characters other than the
 * line breaks we write ourselves, no lone UTF-16 surrogates (SNS rejects invalid UTF-8), and a bounded
 * length so that one absurd field cannot crowd out the rest of the alert.
 */

/** Longest value of a single field shown in the summary part of a notification. */
export const MAX_FIELD_LENGTH = 1024;

export const UNKNOWN = "unknown";

// C0 and C1 control characters, and unpaired surrogate halves.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces unsafe characters with a space, collapses runs of whitespace and cuts to `max` characters. */
export function displayText(value: string | undefined, max: number = MAX_FIELD_LENGTH): string {
  if (value === undefined) return UNKNOWN;
  const cleaned = value.replace(UNSAFE, " ").replace(/\s+/g, " ").trim();
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
