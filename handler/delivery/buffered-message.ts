/**
 * What a message in the buffer queue is: a root event the rule put there (an EventBridge event,
 * as JSON), a digest trigger the function put there itself (delayed until the digest is due), a
 * scheduled event (the self-check schedule's, when its resources name that rule), a test-alert
 * request (`npm run test-alert`, test-alert.ts; only the operator roles may send one), or anything else,
 * which no rule or trigger of the monitor's puts there: a possible forgery, told to people (critical)
 * rather than dropped or believed. Pure.
 *
 * An event of the monitor's rules comes from AWS itself: its `source` is an AWS service's (`aws.*`;
 * EventBridge refuses such sources in anyone's PutEvents) and its `detail-type` is one the rules
 * route (src/contract/event-pattern.ts). A message without them was put on the queue by someone else (SQS
 * SendMessage, or the function invoked by hand): whatever root activity it claims is not believed.
 * A rule that routes another detail-type must add it to ROOT_ACTIVITY_DETAIL_TYPES.
 */
import { TAMPER_MESSAGE_TYPE } from "../../src/contract/tamper-pattern";
import { ROOT_ACTIVITY_DETAIL_TYPES } from "../../src/contract/event-pattern";
import { field, isRecord, nonEmptyTextOf, textOf } from "../events/lenient";
import { isTestAlertMessage, readTestAlertRequest, type TestAlertRequest } from "../publishing/test-alert";

/** The `type` of a digest trigger: nothing a rule delivers carries it. */
export const DIGEST_TRIGGER_TYPE = "root-activity-monitor/digest-due";

/** What EventBridge puts in a scheduled rule's events. */
const SCHEDULED_EVENT = { source: "aws.events", detailType: "Scheduled Event" } as const;

type BufferedMessage =
  | { readonly kind: "event"; readonly event: unknown }
  /** A change to the monitor's own resources, by anyone: the tamper rule wraps the event it matched. */
  | { readonly kind: "tamper"; readonly event: unknown }
  /** `chain`: the trigger chain it belongs to (absent in triggers sent before chains had ids). */
  | { readonly kind: "digest-due"; readonly sessionKey: string; readonly chain?: string }
  /** A scheduled rule's event: `id` is EventBridge's (the same in every delivery of it), `resources` the rules that fired. */
  | { readonly kind: "scheduled"; readonly id?: string; readonly resources: readonly string[] }
  | { readonly kind: "test-alert"; readonly request: TestAlertRequest }
  /** Not a message of the monitor's own: `reason` says why, in our words (never the message's). */
  | { readonly kind: "unexpected"; readonly reason: string };

/** Why a message is not one of the monitor's own, in our words. */
export const UNEXPECTED_REASONS = {
  notJson: "it is not JSON",
  notObject: "it is JSON, but not an object",
  triggerWithoutSession: "it looks like a digest trigger but names no session",
  notAwsSource: "its source is not an AWS service (aws.*), so no rule of the monitor's delivered it",
  notRoutedDetailType: "its detail-type is not one the monitor's rules deliver",
  tamperWithoutEvent: "it looks like a tamper message but carries no event of an AWS service (aws.*)",
} as const;

const ROUTED_DETAIL_TYPES: ReadonlySet<string> = new Set(ROOT_ACTIVITY_DETAIL_TYPES);

/** The body of the delayed message that makes a session's digest due, in the session's trigger chain `chain`. */
export const digestTriggerBody = (sessionKey: string, chain?: string): string => JSON.stringify({ type: DIGEST_TRIGGER_TYPE, sessionKey, ...(chain ? { chain } : {}) });

export function readBufferedMessage(body: string): BufferedMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: "unexpected", reason: UNEXPECTED_REASONS.notJson };
  }
  if (!isRecord(parsed)) return { kind: "unexpected", reason: UNEXPECTED_REASONS.notObject };
  if (field(parsed, "type") === DIGEST_TRIGGER_TYPE) {
    const sessionKey = nonEmptyTextOf(field(parsed, "sessionKey"));
    const chain = nonEmptyTextOf(field(parsed, "chain"));
    return sessionKey === undefined ? { kind: "unexpected", reason: UNEXPECTED_REASONS.triggerWithoutSession } : { kind: "digest-due", sessionKey, ...(chain ? { chain } : {}) };
  }
  if (field(parsed, "type") === TAMPER_MESSAGE_TYPE) {
    const event = field(parsed, "event");
    // The tamper rule wraps an event AWS wrote: a wrapper around anything else is not the rule's.
    return isRecord(event) && textOf(field(event, "source"))?.startsWith("aws.") ? { kind: "tamper", event } : { kind: "unexpected", reason: UNEXPECTED_REASONS.tamperWithoutEvent };
  }
  if (isTestAlertMessage(parsed)) return { kind: "test-alert", request: readTestAlertRequest(parsed) };
  if (field(parsed, "source") === SCHEDULED_EVENT.source && field(parsed, "detail-type") === SCHEDULED_EVENT.detailType) {
    const resources = field(parsed, "resources");
    return {
      kind: "scheduled",
      id: nonEmptyTextOf(field(parsed, "id")),
      resources: Array.isArray(resources) ? resources.map(textOf).filter((arn): arn is string => arn !== undefined) : [],
    };
  }
  if (!textOf(field(parsed, "source"))?.startsWith("aws.")) return { kind: "unexpected", reason: UNEXPECTED_REASONS.notAwsSource };
  if (!ROUTED_DETAIL_TYPES.has(textOf(field(parsed, "detail-type")) ?? "")) return { kind: "unexpected", reason: UNEXPECTED_REASONS.notRoutedDetailType };
  return { kind: "event", event: parsed };
}
