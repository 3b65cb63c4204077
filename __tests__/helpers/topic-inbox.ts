/**
 * Someone who reads a deployed topic, on the emulator: an SQS queue subscribed to it, which receives
 * each message's JSON copy with its subject and attributes in SNS's envelope. The end-to-end tests
 * read what the monitor told through it.
 */
import { SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

export interface TopicInbox {
  /** Every SNS envelope the topic delivered since the last call, taken off the queue. */
  delivered(): Promise<Array<Record<string, any>>>;
}

export async function subscribeInbox(clients: { readonly sqs: SQSClient; readonly sns: SNSClient }, topicArn: string, queueName: string): Promise<TopicInbox> {
  const { sqs, sns } = clients;
  const { QueueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: Attributes?.QueueArn }));
  return {
    async delivered() {
      const found: Array<Record<string, any>> = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        if (Messages.length === 0) return found;
        for (const message of Messages) found.push(JSON.parse(message.Body ?? "{}"));
        await Promise.all(Messages.map((message) => sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }))));
      }
    },
  };
}
