/**
 * What a message in the buffer queue is: a root event the rule put there (an EventBridge event,
 * as JSON), a digest trigger the function put there itself (delayed until the digest is due), a
 * scheduled event (the self-check schedule's, when its resources name that rule), a test-alert
 * request (`npm run test-alert`, test-alert.ts), or something unreadable, which is still told to
 * people rather than dropped. Pure.
 */
import { field, isRecord, nonEmptyTextOf, textOf } from "./lenient";
import { isTestAlertMessage, readTestAlertRequest, type TestAlertRequest } from "./test-alert";

/** The `type` of a digest trigger: nothing a rule delivers carries it. */
export const DIGEST_TRIGGER_TYPE = "root-activity-monitor/digest-due";

/** What EventBridge puts in a scheduled rule's events. */
export const SCHEDULED_EVENT = { source: "aws.events", detailType: "Scheduled Event" } as const;

export type BufferedMessage =
  | { readonly kind: "event"; readonly event: unknown }
  /** `chain`: the trigger chain it belongs to (absent in triggers sent before chains had ids). */
  | { readonly kind: "digest-due"; readonly sessionKey: string; readonly chain?: string }
  /** A scheduled rule's event: `id` is EventBridge's (the same in every delivery of it), `resources` the rules that fired. */
  | { readonly kind: "scheduled"; readonly id?: string; readonly resources: readonly string[]; readonly text: string }
  | { readonly kind: "test-alert"; readonly request: TestAlertRequest }
  | { readonly kind: "unreadable"; readonly text: string };

/** The body of the delayed message that makes a session's digest due, in the session's trigger chain `chain`. */
export const digestTriggerBody = (sessionKey: string, chain?: string): string => JSON.stringify({ type: DIGEST_TRIGGER_TYPE, sessionKey, ...(chain ? { chain } : {}) });

export function readBufferedMessage(body: string): BufferedMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: "unreadable", text: body };
  }
  if (isRecord(parsed) && field(parsed, "type") === DIGEST_TRIGGER_TYPE) {
    const sessionKey = nonEmptyTextOf(field(parsed, "sessionKey"));
    const chain = nonEmptyTextOf(field(parsed, "chain"));
    return sessionKey === undefined ? { kind: "unreadable", text: body } : { kind: "digest-due", sessionKey, ...(chain ? { chain } : {}) };
  }
  if (isTestAlertMessage(parsed)) return { kind: "test-alert", request: readTestAlertRequest(parsed) };
  if (isRecord(parsed) && field(parsed, "source") === SCHEDULED_EVENT.source && field(parsed, "detail-type") === SCHEDULED_EVENT.detailType) {
    const resources = field(parsed, "resources");
    return {
      kind: "scheduled",
      id: nonEmptyTextOf(field(parsed, "id")),
      resources: Array.isArray(resources) ? resources.map(textOf).filter((arn): arn is string => arn !== undefined) : [],
      text: body,
    };
  }
  return isRecord(parsed) ? { kind: "event", event: parsed } : { kind: "unreadable", text: body };
}
