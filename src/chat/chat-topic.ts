/**
 * The chat topic: beside a delivery's notification topic, the topic that carries the chat copy of
 * every message (custom-notification JSON, the only shape Amazon Q Developer in chat applications
 * posts) to the chat channel configurations. A topic of its own keeps the delivery topic's messages
 * as they are for its email, HTTPS, SQS and Lambda subscribers. Encrypted with the delivery topic's
 * key; only the delivery's function publishes to it.
 */
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Construct } from "constructs";
import { chatTopicPolicy } from "../policies/topic-policies";
import type { RegionContext } from "../terraform/region-context";

export interface ChatTopicProps {
  /** The delivery's Region (its provider and names: the topic is `<topicName>-chat`). */
  readonly context: RegionContext;
  /** The delivery's function role, the topic's only publisher. */
  readonly publisherRoleArn: string;
  /** The delivery topic's key (its ARN, or `alias/aws/sns`). @default none: not encrypted at rest, like a delivery topic with topicKms = none */
  readonly kmsMasterKeyId?: string;
}

export class ChatTopic extends Construct {
  public readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: ChatTopicProps) {
    super(scope, id);
    const { provider, names } = props.context;
    this.topic = new SnsTopic(this, "Topic", { provider, name: names.chatTopic, kmsMasterKeyId: props.kmsMasterKeyId });
    new SnsTopicPolicy(this, "Policy", {
      provider,
      arn: this.topic.arn,
      policy: JSON.stringify(chatTopicPolicy({ topicArn: this.topic.arn, publisherRoleArn: props.publisherRoleArn })),
    });
  }
}
