/**
 * `npm run test-alert` through the monitor's own path. Only the function (besides the monitor's alarms
 * and tamper rule, as AWS services) may publish to the topic,
 * so the command puts a test message on the buffer queue (which only the function and the operator
 * roles may send to), and the function tells it like any message: through a publish second, to its
 * own topic. The email then proves the whole path from the buffer to the reader, and says who asked
 * for it by SQS's SenderId (set by SQS from the sender's credentials, not by the sender).
 *
 * The message carries nothing the function quotes: its text is the function's own, the Regions it
 * covers are kept only when they read as Region codes, and the SenderId is cut to the characters IAM
 * ids and session names are made of.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import type { Logger } from "../logger";
import { field, isRecord, textOf } from "../events/lenient";
import { MAX_SUBJECT_LENGTH } from "../messages/subject";

/** The `type` of a test-alert message: nothing a rule delivers carries it. */
const TEST_ALERT_TYPE = "root-activity-monitor/test-alert";

const TEST_SUBJECT_PREFIX = "[TEST] Root activity monitor";

/** A Region code (us-east-1, ap-southeast-5, us-gov-west-1): anything else in the message is dropped. */
const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** More Regions than AWS has: a longer list is not a test request. */
const MAX_REGIONS = 50;

export interface TestAlertRequest {
  /** The Regions whose delivery the test covers (with central delivery, every Region: one topic tells them all). */
  readonly regions: readonly string[];
}

/** The body `npm run test-alert` puts on the buffer. */
export const testAlertBody = (request: TestAlertRequest): string => JSON.stringify({ type: TEST_ALERT_TYPE, regions: request.regions });

/** Whether a parsed buffer message is a test-alert request. */
export const isTestAlertMessage = (parsed: unknown): boolean => isRecord(parsed) && field(parsed, "type") === TEST_ALERT_TYPE;

/** The request in a test-alert message: its Regions, the ones that read as Region codes. Pure. */
export function readTestAlertRequest(parsed: unknown): TestAlertRequest {
  const regions = field(parsed, "regions");
  const codes = Array.isArray(regions) ? regions.slice(0, MAX_REGIONS).map(textOf).filter((code): code is string => code !== undefined && REGION_CODE.test(code)) : [];
  return { regions: [...new Set(codes)] };
}

/** SQS's SenderId (`AROA…:session-name` for a role's session, `AIDA…` for a user), cut to what IAM ids and session names hold. */
export function senderIdText(senderId: string | undefined): string {
  const text = (senderId ?? "").replace(/[^A-Za-z0-9:+=,.@_-]/g, "?").slice(0, 128);
  return text === "" ? "unknown" : text;
}

/** The Region of the function's topic, from its ARN. */
const regionOfTopic = (topicArn: string) => topicArn.split(":")[3] ?? "unknown";

interface TestAlertInput {
  readonly topicArn: string;
  readonly request: TestAlertRequest;
  readonly senderId?: string;
  /** When the message reached the buffer (SQS's SentTimestamp). */
  readonly sentAtMs: number;
}

/** The test notification the function publishes. Pure. */
export function buildTestAlert(input: TestAlertInput): PublishCommandInput {
  const region = regionOfTopic(input.topicArn);
  const covered = input.request.regions.length > 0 ? input.request.regions : [region];
  const sender = senderIdText(input.senderId);
  return {
    TopicArn: input.topicArn,
    Subject: `${TEST_SUBJECT_PREFIX} in ${region}`.slice(0, MAX_SUBJECT_LENGTH),
    Message: [
      "THIS IS A TEST. No root activity happened.",
      "",
      `At ${new Date(input.sentAtMs).toISOString()} someone put the root activity monitor's test message on its buffer queue, to confirm`,
      `that notifications for ${covered.join(", ")} reach you. The monitor's function read it and published this through its own topic:`,
      `if you read this, delivery for ${covered.length === 1 ? "that Region" : "those Regions"} works, from the buffer to you.`,
      "",
      `Sent by (SQS SenderId): ${sender}`,
      "(a role's session reads <the role's RoleId>:<session name>; only the function and the operator roles may send to the buffer)",
      "",
      `Topic: ${input.topicArn}`,
      "",
    ].join("\n"),
    MessageAttributes: { messageKind: { DataType: "String", StringValue: "test" }, severity: { DataType: "String", StringValue: "info" } },
  };
}

interface TestAlertDeps {
  readonly topicArn: string;
  /** Publishes through a publish second of its own (delivery-handler.ts). */
  readonly publish: (request: PublishCommandInput, deadlineMs: number) => Promise<string>;
  /** At most once per SQS message, to every execution environment (a retry does not send it again). */
  readonly once: <R extends Record<string, unknown>>(key: string, work: () => Promise<R>) => Promise<R>;
  readonly logger: Logger;
}

/** Tells one test-alert message. */
export async function tellTestAlert(
  deps: TestAlertDeps,
  request: TestAlertRequest,
  record: { readonly messageId: string; readonly senderId?: string; readonly sentAtMs: number },
  deadlineMs: number,
): Promise<{ readonly status: string; readonly messageId: string }> {
  return deps.once(`test-alert#${record.messageId}`, async () => {
    const messageId = await deps.publish(buildTestAlert({ topicArn: deps.topicArn, request, senderId: record.senderId, sentAtMs: record.sentAtMs }), deadlineMs);
    deps.logger.info("test alert sent", { sqsMessageId: record.messageId, senderId: senderIdText(record.senderId), regions: request.regions, messageId });
    return { status: "test alert sent", messageId };
  });
}
