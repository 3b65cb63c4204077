import type { Logger } from "../../handler/logger";

export interface RecordedLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A logger that keeps its lines for assertions instead of printing them. */
export function recordingLogger(): Logger & { readonly lines: RecordedLine[] } {
  const lines: RecordedLine[] = [];
  const record = (level: string) => (message: string, fields: Record<string, unknown> = {}) => {
    lines.push({ level, message, fields });
  };
  return { lines, info: record("INFO"), warn: record("WARN"), error: record("ERROR") } as unknown as Logger & { readonly lines: RecordedLine[] };
}
