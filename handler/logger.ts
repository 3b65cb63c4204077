/**
 * Structured logs: one JSON object per line, which CloudWatch Logs Insights can query field by
 * field. The function logs through Powertools' Logger (request id and cold start in every line);
 * the pieces it calls need only this much of it, so tests can give them a recorder.
 */
import type { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";

export type Logger = Pick<PowertoolsLogger, "info" | "warn" | "error">;

/** An error as loggable fields: its name and message, never the whole object (which may hold request data). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message };
  return { errorName: "NonError", errorMessage: String(error) };
}
