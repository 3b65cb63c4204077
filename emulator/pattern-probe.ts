/**
 * Runs an EventBridge pattern through the emulator's real pattern matching: a test-only bus, a rule
 * with the pattern and an SQS target; `PutEvents` each event and see which arrive. (The emulator's
 * TestEventPattern is a stub that matches nothing, and a rule that targets a Lambda function makes
 * PutEvents fail, hence the queue.) Each event keeps its own `aws.` source, as CloudTrail's do: the
 * emulator lets a caller put one, which AWS refuses (the pattern relies on that).
 */
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { emulatorClientConfig } from "./moto-server";

interface ProbeEvent {
  readonly source: string;
  readonly "detail-type": string;
  readonly detail: unknown;
}

export interface PatternProbe {
  /** Sends the events to the probe bus; answers, for each, whether the pattern let it through. */
  route(events: readonly ProbeEvent[]): Promise<boolean[]>;
  /** The events that arrived, as the queue received them (for those that did). */
  readonly arrived: Array<Record<string, any>>;
  remove(): Promise<void>;
}

export async function createPatternProbe(endpoint: string, region: string, pattern: string, name = "pattern-probe"): Promise<PatternProbe> {
  const config = emulatorClientConfig(endpoint, region);
  const events = new EventBridgeClient(config);
  const sqs = new SQSClient(config);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  await events.send(new CreateEventBusCommand({ Name: name }));
  await events.send(new PutRuleCommand({ Name: name, EventBusName: name, EventPattern: pattern }));
  await events.send(new PutTargetsCommand({ Rule: name, EventBusName: name, Targets: [{ Id: "queue", Arn: Attributes?.QueueArn }] }));
  const arrived: Array<Record<string, any>> = [];

  return {
    arrived,
    async route(probeEvents) {
      const { Entries = [], FailedEntryCount } = await events.send(
        new PutEventsCommand({
          Entries: probeEvents.map((event) => ({
            EventBusName: name,
            Source: event.source,
            DetailType: event["detail-type"],
            Detail: JSON.stringify(event.detail),
          })),
        }),
      );
      if (FailedEntryCount) throw new Error(`PutEvents failed for ${FailedEntryCount} entries: ${JSON.stringify(Entries)}`);
      const ids = Entries.map((entry) => entry.EventId);
      const seen = new Set<string>();
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        if (Messages.length === 0) break;
        for (const message of Messages) {
          const body = JSON.parse(message.Body ?? "{}");
          arrived.push(body);
          seen.add(body.id);
        }
      }
      return ids.map((id) => id !== undefined && seen.has(id));
    },
    async remove() {
      await events.send(new RemoveTargetsCommand({ Rule: name, EventBusName: name, Ids: ["queue"] }));
      await events.send(new DeleteRuleCommand({ Name: name, EventBusName: name }));
      await events.send(new DeleteEventBusCommand({ Name: name }));
      await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    },
  };
}
