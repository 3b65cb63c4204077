import type { Logger, LogFields } from "../../handler/logger";

export interface RecordedLine {
  readonly level: string;
  readonly message: string;
  readonly fields: LogFields;
}

/** A logger that keeps its lines for assertions instead of printing them. */
export function recordingLogger(): Logger & { readonly lines: RecordedLine[] } {
  const lines: RecordedLine[] = [];
  const record = (level: string) => (message: string, fields: LogFields = {}) => lines.push({ level, message, fields });
  return { lines, info: record("INFO"), warn: record("WARN"), error: record("ERROR") };
}
