/**
 * Whether a record handed to the function is really a message in flight on its own buffer queue.
 * The event source mapping hands the function what it received from the buffer; anyone allowed
 * `lambda:InvokeFunction` can hand it a made-up batch instead, and no queue policy stands in the
 * way. So a record is believed only when its `eventSourceARN` is the buffer's and SQS accepts its
 * receipt handle there: `ChangeMessageVisibility` to the queue's own visibility timeout (what the
 * mapping set when it received the message, so nothing changes for a real one). Only the function's
 * role may call it on the buffer (the buffer's monitor-only Deny), and a handle can only come from
 * a receive, which is the function's alone too.
 *
 * SQS refuses a handle that is not a message in flight with `ReceiptHandleIsInvalid`,
 * `MessageNotInflight`, or `InvalidParameterValue` naming the receipt handle ("Message does not
 * exist or is not available for visibility timeout change"): that record is not the buffer's. Any
 * other failure (throttling, a Deny on the role) throws, so that the record is retried, never
 * believed nor dropped.
 */
import { ChangeMessageVisibilityCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** What of an SQS record the check reads: Lambda's SQS records carry both. */
interface InFlightRecord {
  readonly receiptHandle?: string;
  readonly eventSourceARN?: string;
}

export type InFlightCheck = (record: InFlightRecord) => Promise<boolean>;

/** Why such a record is told as a possible forgery, in our words (forgery-message.ts). */
export const NOT_IN_FLIGHT_REASON = "it is not a message in flight on the monitor's buffer queue: the function was invoked with it directly (lambda:InvokeFunction), not by its event source mapping";

const NOT_IN_FLIGHT_ERRORS: ReadonlySet<string> = new Set(["ReceiptHandleIsInvalid", "MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight"]);

/** Whether SQS's refusal means "no such message in flight" rather than a failure to ask. */
export function meansNotInFlight(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (NOT_IN_FLIGHT_ERRORS.has(error.name)) return true;
  return error.name === "InvalidParameterValue" && /receipt ?handle/i.test(error.message);
}

/** The check for the buffer at `queueUrl`; its ARN and visibility timeout are read once, when first needed. */
export function createInFlightCheck(sqs: SQSClient, queueUrl: string): InFlightCheck {
  let queue: Promise<{ arn: string; visibilityTimeout: number }> | undefined;
  const describe = async () => {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn", "VisibilityTimeout"] }));
    const arn = Attributes.QueueArn;
    const visibilityTimeout = Number(Attributes.VisibilityTimeout);
    if (!arn || !Number.isInteger(visibilityTimeout)) throw new Error(`the buffer queue ${queueUrl} did not say its ARN and visibility timeout`);
    return { arn, visibilityTimeout };
  };
  return async (record) => {
    queue ??= describe().catch((error: unknown) => {
      queue = undefined; // asked again by the next record
      throw error;
    });
    const { arn, visibilityTimeout } = await queue;
    if (record.eventSourceARN !== arn || !record.receiptHandle) return false;
    try {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: visibilityTimeout }));
      return true;
    } catch (error) {
      if (meansNotInFlight(error)) return false;
      throw error;
    }
  };
}
