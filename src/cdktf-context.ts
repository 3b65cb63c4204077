import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "./project-root";

/**
 * The `context` of the project's cdktf.json. The cdktf CLI passes it to the app itself; reading it
 * here too lets the app command run on its own (`npx tsx main.ts`) with the same settings.
 */
export function readCdktfJsonContext(file: string = path.join(PROJECT_ROOT, "cdktf.json")): Record<string, unknown> {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { context?: Record<string, unknown> };
  return parsed.context ?? {};
}
