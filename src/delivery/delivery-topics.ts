/**
 * A delivery's topics: the notification topic (with its key, when customer-managed), its policy and
 * email subscriptions; and where alarms cannot publish to it (the AWS-managed key), a second topic
 * for the alarms; with chat channels, the chat topic. Made in the delivery's scope, with the ids they have always had there.
 */
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import type { Construct } from "constructs";
import { ChatTopic } from "../chat/chat-topic";
import { AWS_MANAGED_SNS_KEY, alarmsCanUseNotificationTopic, type TopicKms } from "../contract/topic-encryption";
import { topicPolicy, type AlarmSource } from "../policies/topic-policies";
import type { RegionContext } from "../terraform/region-context";
import { EmailSubscriptions } from "./email-subscriptions";
import { TopicKey } from "./topic-key";

interface DeliveryTopicsInput {
  readonly context: RegionContext;
  readonly topicKms: TopicKms;
  readonly notificationEmails: readonly string[];
  /** The function's role, the one publisher besides alarms and the tamper rules. */
  readonly publisherRoleArn: string;
  /** The alarms that publish to the alarm topic. */
  readonly alarms: AlarmSource;
  /** The tamper rules that publish to the alarm topic directly (tamper-rule.ts). */
  readonly tamperRuleArns: readonly string[];
  /** With chat channels: a chat topic beside the notification topic, with its key. */
  readonly chat: boolean;
}

interface DeliveryTopics {
  readonly topic: SnsTopic;
  /** The notification topic, or with the AWS-managed key a separate one. */
  readonly alarmTopic: SnsTopic;
  readonly topicKey?: TopicKey;
  /** With chat channels: the topic of the chat copies. */
  readonly chatTopic?: SnsTopic;
}

/** The topics of the delivery `scope`, their policies, key and subscriptions. */
export function deliveryTopics(scope: Construct, input: DeliveryTopicsInput): DeliveryTopics {
  const { context, topicKms, notificationEmails, tamperRuleArns } = input;
  const { provider, names } = context;
  const alarmsShareTopic = alarmsCanUseNotificationTopic(topicKms);
  const topicKey =
    topicKms === "customer-managed"
      ? new TopicKey(scope, "TopicKey", { context, publisherRoleArn: input.publisherRoleArn, aliasName: names.topicKeyAlias, ...(alarmsShareTopic ? { tamperRuleArns } : {}) })
      : undefined;
  const kmsMasterKeyId = { "customer-managed": topicKey?.key.arn, "aws-managed": AWS_MANAGED_SNS_KEY, none: undefined }[topicKms];

  const topic = new SnsTopic(scope, "Topic", { provider, name: names.topic, kmsMasterKeyId });
  new SnsTopicPolicy(scope, "TopicPolicy", {
    provider,
    arn: topic.arn,
    policy: JSON.stringify(topicPolicy({ topicArn: topic.arn, publisherRoleArn: input.publisherRoleArn, ...(alarmsShareTopic ? { alarms: input.alarms, tamperRuleArns } : {}) })),
  });
  new EmailSubscriptions(scope, "Subscriptions", { provider, topicArn: topic.arn, addresses: notificationEmails, legacy: { scope, idPrefix: "Email" } });
  const chatTopic = input.chat ? new ChatTopic(scope, "ChatTopic", { context, publisherRoleArn: input.publisherRoleArn, kmsMasterKeyId }).topic : undefined;
  if (alarmsShareTopic) return { topic, alarmTopic: topic, topicKey, chatTopic };

  // CloudWatch cannot use the AWS-managed SNS key, so alarms get a topic of their own. It is not
  // encrypted at rest: alarm messages name a metric and a state, never an event's contents.
  const alarmTopic = new SnsTopic(scope, "AlarmTopic", { provider, name: names.alarmTopic });
  new SnsTopicPolicy(scope, "AlarmTopicPolicy", {
    provider,
    arn: alarmTopic.arn,
    policy: JSON.stringify(topicPolicy({ topicArn: alarmTopic.arn, alarms: input.alarms, tamperRuleArns })),
  });
  new EmailSubscriptions(scope, "AlarmSubscriptions", { provider, topicArn: alarmTopic.arn, addresses: notificationEmails, legacy: { scope, idPrefix: "AlarmEmail" } });
  return { topic, alarmTopic, topicKey, chatTopic };
}
