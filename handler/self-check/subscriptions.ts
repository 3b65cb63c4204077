/** Does anyone receive the delivery's messages? A topic without a confirmed subscription tells nobody. */
import { ListSubscriptionsByTopicCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { Finding } from "./finding";
import type { WatchedDelivery } from "./watched";

const CHECK = "subscriptions";

export async function checkSubscriptions(sns: SNSClient, region: string, delivery: Pick<WatchedDelivery, "topicArn" | "covers">): Promise<Finding> {
  const subscriptions = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: delivery.topicArn, NextToken }));
    subscriptions.push(...(page.Subscriptions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  const pending = subscriptions.filter((s) => s.SubscriptionArn === "PendingConfirmation").map((s) => s.Endpoint);
  const confirmed = subscriptions.length - pending.length;
  if (confirmed === 0) {
    return {
      region,
      check: CHECK,
      level: "fail",
      message: `nobody receives alerts from ${delivery.covers}: no confirmed subscription${pending.length ? ` (${pending.join(", ")} pending confirmation)` : ""}`,
      summary: "no confirmed subscription",
    };
  }
  if (pending.length > 0) return { region, check: CHECK, level: "warn", message: `${confirmed} confirmed; still pending confirmation: ${pending.join(", ")}` };
  return { region, check: CHECK, level: "ok", message: `${confirmed} confirmed subscription(s)` };
}
