/**
 * How the notification topic is encrypted at rest, and where the alarms publish as a result.
 *
 * CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key (its key policy
 * cannot be changed to let CloudWatch use it), so:
 * - `customer-managed` (default): a key per Region, rotated yearly, whose policy lets this Region's
 *   function and CloudWatch use it; the alarms publish to the notification topic itself.
 * - `aws-managed`: the free `alias/aws/sns` key; the alarms publish to a second, unencrypted topic
 *   (alarm messages carry no event data) with the same subscribers.
 * - `none`: no encryption at rest beyond what SNS does in transit; the alarms use the notification topic.
 */
export const TOPIC_KMS_CHOICES = ["customer-managed", "aws-managed", "none"] as const;

export type TopicKms = (typeof TOPIC_KMS_CHOICES)[number];

export const AWS_MANAGED_SNS_KEY = "alias/aws/sns";

/** Whether alarms can publish to the notification topic itself under this choice. */
export function alarmsCanUseNotificationTopic(topicKms: TopicKms): boolean {
  return topicKms !== "aws-managed";
}
