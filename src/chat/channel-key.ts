/**
 * A chat channel's short, stable key (`slack-<12 hex>`, `teams-<12 hex>`): its construct id and the
 * end of its configuration's name. A configuration name allows 1 to 128 of `[A-Za-z0-9-_]` (Chatbot
 * API, ConfigurationName), and a channel's ids may be up to 255 characters each and, for Teams,
 * hold `%`, `.` and `/`: a digest of the ids fits every channel, and the same channel always gets
 * the same key.
 */
import { createHash } from "node:crypto";

export const channelKey = (kind: "slack" | "teams", ids: string): string => `${kind}-${createHash("sha256").update(ids).digest("hex").slice(0, 12)}`;
