/**
 * Drives the built function with the buffer queue's messages the way Lambda's SQS event source
 * mapping does, for the emulator (which cannot run Lambda functions without Docker): receive up to
 * a batch, hand it to the bundle as an SQS event in a fresh Node process, delete what the handler
 * did not report as failed, and leave the failed ones to come back after their visibility timeout;
 * two pollers at once, as the deployed mapping's maximum concurrency allows.
 * Delayed messages (digest triggers) are received once their delay is over, as Lambda would.
 * The mapping itself must be disabled first: the emulator would otherwise try to invoke the
 * function through Docker for every message, and each try counts as a receive.
 */
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";
import { invokeBundle, type BundleInvocation } from "./invoke-bundle";

export interface BufferDriverOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  /** The function's environment (topic, table, queue, intervals) and the emulator's endpoint and credentials. */
  readonly env: Record<string, string>;
  /** @default 100, as the deployed mapping */
  readonly batchSize?: number;
  /** Invocations at once. @default 2, as the deployed mapping's maximum concurrency */
  readonly concurrency?: number;
  /** Stop once nothing is visible or delayed (sessions over), or after this long. @default 120 s */
  readonly maxMs?: number;
  /** Each message received, before the function gets it (SentTimestamp and all in its Attributes). */
  readonly onReceive?: (message: Message) => void;
  /** Each invocation, as it ends. */
  readonly onInvocation?: (invocation: BundleInvocation, records: number) => void;
}

export interface BufferDriverResult {
  readonly invocations: number;
  readonly records: number;
  readonly failedRecords: number;
  /** Wall time of the invocations, from starting each Node process to its answer. */
  readonly invocationMs: number;
  /** Every log line the handler wrote. */
  readonly logs: Array<Record<string, unknown>>;
}

/** A received message as Lambda's event source mapping hands it to the function. */
export const lambdaRecord = (message: Message, options: Pick<BufferDriverOptions, "queueArn" | "region">) => ({
  messageId: message.MessageId,
  receiptHandle: message.ReceiptHandle,
  body: message.Body ?? "",
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? "1",
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? "emulator",
    ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  // As Lambda hands them over: a deferred copy's attributes say it is one (handler/sessions/deferral.ts).
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, { stringValue: value.StringValue, dataType: value.DataType, stringListValues: [], binaryListValues: [] }]),
  ),
  md5OfBody: message.MD5OfBody ?? "",
  eventSource: "aws:sqs",
  eventSourceARN: options.queueArn,
  awsRegion: options.region,
});

async function waiting(options: BufferDriverOptions): Promise<number> {
  const { Attributes = {} } = await options.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: options.queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible"] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

export async function driveBuffer(options: BufferDriverOptions): Promise<BufferDriverResult> {
  const batchSize = options.batchSize ?? 100;
  const deadline = Date.now() + (options.maxMs ?? 120_000);
  const result = { invocations: 0, records: 0, failedRecords: 0, invocationMs: 0, logs: [] as Array<Record<string, unknown>> };

  /** One poller of the mapping: receive a batch, invoke, delete what succeeded; until nothing is left. */
  async function poller(): Promise<void> {
    while (Date.now() < deadline) {
      const batch: Message[] = [];
      while (batch.length < batchSize) {
        const { Messages = [] } = await options.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: options.queueUrl, MaxNumberOfMessages: Math.min(10, batchSize - batch.length), WaitTimeSeconds: batch.length === 0 ? 1 : 0, MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"] }),
        );
        if (Messages.length === 0) break;
        for (const message of Messages) options.onReceive?.(message);
        batch.push(...Messages);
      }
      if (batch.length === 0) {
        if ((await waiting(options)) === 0) return;
        continue;
      }
      const invoked = Date.now();
      const invocation = await invokeBundle({ Records: batch.map((message) => lambdaRecord(message, options)) }, options.env, 120_000);
      result.invocationMs += Date.now() - invoked;
      result.invocations += 1;
      result.records += batch.length;
      result.logs.push(...invocation.logs);
      options.onInvocation?.(invocation, batch.length);
      if (!invocation.ok) {
        // The whole batch failed (the handler threw): every message comes back after its visibility timeout.
        result.failedRecords += batch.length;
        continue;
      }
      const failed = new Set((invocation.result?.batchItemFailures ?? []).map((item) => item.itemIdentifier));
      result.failedRecords += failed.size;
      const done = batch.filter((message) => !failed.has(message.MessageId ?? ""));
      for (let start = 0; start < done.length; start += 10) {
        await options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: done.slice(start, start + 10).map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      }
    }
  }

  await Promise.all(Array.from({ length: options.concurrency ?? 2 }, () => poller()));
  return result;
}
