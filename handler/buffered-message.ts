/**
 * What a message in the buffer queue is: a root event the rule put there (an EventBridge event,
 * as JSON), a digest trigger the function put there itself (delayed until the digest is due), or
 * something unreadable, which is still told to people rather than dropped. Pure.
 */
import { field, isRecord, nonEmptyTextOf } from "./lenient";

/** The `type` of a digest trigger: nothing a rule delivers carries it. */
export const DIGEST_TRIGGER_TYPE = "root-activity-monitor/digest-due";

export type BufferedMessage =
  | { readonly kind: "event"; readonly event: unknown }
  | { readonly kind: "digest-due"; readonly sessionKey: string }
  | { readonly kind: "unreadable"; readonly text: string };

/** The body of the delayed message that makes a session's digest due. */
export const digestTriggerBody = (sessionKey: string): string => JSON.stringify({ type: DIGEST_TRIGGER_TYPE, sessionKey });

export function readBufferedMessage(body: string): BufferedMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: "unreadable", text: body };
  }
  if (isRecord(parsed) && field(parsed, "type") === DIGEST_TRIGGER_TYPE) {
    const sessionKey = nonEmptyTextOf(field(parsed, "sessionKey"));
    return sessionKey === undefined ? { kind: "unreadable", text: body } : { kind: "digest-due", sessionKey };
  }
  return isRecord(parsed) ? { kind: "event", event: parsed } : { kind: "unreadable", text: body };
}
