/** A delivery's table, buffer and topic made by hand in the emulator, for driving the built function without Terraform (tests and the bench). */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { EMULATOR_ENV, emulatorClientConfig } from "./moto-server";
import { HANDLER_CONTRACT } from "../../src/names";
import { SESSION_TABLE_KEYS } from "../../src/names";

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
  return {
    bufferQueueUrl: buffer.url,
    bufferQueueArn: buffer.arn,
    env: {
      ...EMULATOR_ENV,
      AWS_REGION: region,
      AWS_ENDPOINT_URL: endpoint,
      AWS_LAMBDA_FUNCTION_NAME: name,
      [HANDLER_CONTRACT.topicArnEnv]: TopicArn,
      [HANDLER_CONTRACT.env.sessionTable]: `${name}-sessions`,
      [HANDLER_CONTRACT.env.bufferQueueUrl]: buffer.url,
      // The deployed function waits minutes; the same code, driven here, waits seconds (longer than a batch takes on the emulator).
      [HANDLER_CONTRACT.env.digestIntervalSeconds]: "5",
      [HANDLER_CONTRACT.env.sessionQuietSeconds]: "20",
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

/** An SQS event of these bodies, as Lambda's event source mapping hands it to the function. */
export function sqsEventOf(bodies: readonly string[], queueArn: string, region = "us-east-1") {
  return {
    Records: bodies.map((body, index) => ({
      messageId: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
      receiptHandle: `handle-${index}`,
      body,
      attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.now()), SenderId: "events.amazonaws.com", ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}
