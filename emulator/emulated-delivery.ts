/** A delivery's table, buffer and topic made by hand in the emulator, for driving the built function without Terraform (tests and the bench). */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message } from "@aws-sdk/client-sqs";
import { lambdaRecord } from "./buffer-driver";
import { EMULATOR_ENV, emulatorClientConfig } from "./moto-server";
import { functionEnvironmentVariables } from "../src/contract/function-environment";
import { DEFAULT_CENTRALIZED_ROOT_ACCESS } from "../src/contract/monitor-scope";
import { SESSION_TABLE_KEYS } from "../src/contract/names";
import type { SelfCheckPlan } from "../src/contract/self-check-plan";

export async function createSessionTable(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: SESSION_TABLE_KEYS.partitionKey, KeyType: "HASH" },
        { AttributeName: SESSION_TABLE_KEYS.sortKey, KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: SESSION_TABLE_KEYS.partitionKey, AttributeType: "S" },
        { AttributeName: SESSION_TABLE_KEYS.sortKey, AttributeType: "S" },
      ],
    }),
  );
}

export interface EmulatedDelivery {
  /** The function's environment: emulator, topic, table, buffer, short intervals. */
  readonly env: Record<string, string>;
  readonly bufferQueueUrl: string;
  readonly bufferQueueArn: string;
  /** Every SNS envelope the topic delivered to its SQS subscriber since the last call. */
  delivered(): Promise<Array<Record<string, any>>>;
}

export async function createEmulatedDelivery(endpoint: string, name: string, region = "us-east-1"): Promise<EmulatedDelivery> {
  const config = emulatorClientConfig(endpoint, region);
  const sqs = new SQSClient(config);
  const sns = new SNSClient(config);
  await createSessionTable(new DynamoDBClient(config), `${name}-sessions`);
  const queue = async (queueName: string) => {
    const { QueueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    return { url: QueueUrl, arn: Attributes.QueueArn ?? "" };
  };
  const buffer = await queue(`${name}-buffer`);
  const inbox = await queue(`${name}-inbox`);
  const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: name }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: inbox.arn }));
  const account = buffer.arn.split(":")[4];
  // No rule or schedule is made here: the plan names what a deployment would have, for the cold start.
  const selfCheck: SelfCheckPlan = {
    schedule: `arn:aws:events:${region}:${account}:rule/${name}-self-check`,
    heartbeat: "off",
    account,
    readOnly: true,
    regions: [region],
    rule: { name, target: buffer.arn, deadLetterQueue: `${name}-undeliverable` },
    delivery: { region, topic: TopicArn, unprocessed: `${name}-unprocessed` },
  };
  return {
    bufferQueueUrl: buffer.url,
    bufferQueueArn: buffer.arn,
    env: {
      ...EMULATOR_ENV,
      AWS_REGION: region,
      AWS_ENDPOINT_URL: endpoint,
      AWS_LAMBDA_FUNCTION_NAME: name,
      ...functionEnvironmentVariables({
        topicArn: TopicArn,
        sessionTable: `${name}-sessions`,
        bufferQueueUrl: buffer.url,
        // The deployed function waits minutes; the same code, driven here, waits seconds (longer than a batch takes on the emulator).
        digestIntervalSeconds: 5,
        sessionQuietSeconds: 20,
        selfCheck,
        centralizedRootAccess: DEFAULT_CENTRALIZED_ROOT_ACCESS,
      }),
    },
    async delivered() {
      const found: Array<Record<string, any>> = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: inbox.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        if (Messages.length === 0) return found;
        for (const message of Messages) {
          found.push(JSON.parse(message.Body ?? "{}"));
          await sqs.send(new DeleteMessageCommand({ QueueUrl: inbox.url, ReceiptHandle: message.ReceiptHandle }));
        }
      }
    },
  };
}

/**
 * An SQS event of these bodies as Lambda's event source mapping hands it to the function: each body
 * is put on the buffer and received from it, so that the function finds it in flight there
 * (handler/delivery/in-flight-check.ts); it stays in flight for `visibilitySeconds`, for the function to run.
 */
export async function inFlightEventOf(delivery: Pick<EmulatedDelivery, "bufferQueueUrl" | "bufferQueueArn" | "env">, bodies: readonly string[], visibilitySeconds = 600) {
  const region = delivery.env.AWS_REGION;
  const sqs = new SQSClient(emulatorClientConfig(delivery.env.AWS_ENDPOINT_URL, region));
  const sent: string[] = [];
  for (const body of bodies) sent.push((await sqs.send(new SendMessageCommand({ QueueUrl: delivery.bufferQueueUrl, MessageBody: body }))).MessageId ?? "");
  const received = new Map<string, Message>();
  for (let attempt = 0; received.size < sent.length && attempt < 20; attempt += 1) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: delivery.bufferQueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: visibilitySeconds, MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"] }),
    );
    for (const message of Messages) if (sent.includes(message.MessageId ?? "")) received.set(message.MessageId ?? "", message);
  }
  if (received.size < sent.length) throw new Error(`only ${received.size} of ${sent.length} messages came back from ${delivery.bufferQueueUrl}`);
  return { Records: sent.map((id) => lambdaRecord(received.get(id) as Message, { queueArn: delivery.bufferQueueArn, region })) };
}
