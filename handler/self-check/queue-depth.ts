/**
 * Is a dead-letter queue empty? Every message in one is a root event nobody was told of. Counts the
 * visible messages and those someone is reading right now (in flight), which are still there. A
 * queue known only by name is found in its Region first.
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { errorName, type Finding } from "./finding";
import type { WatchedQueue } from "./watched";

const isMissingQueue = (error: unknown) => ["QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"].includes(errorName(error));

export async function checkQueueEmpty(sqs: SQSClient, region: string, queue: WatchedQueue): Promise<Finding> {
  const { check, name } = queue;
  try {
    const url = queue.url ?? (await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: queue.accountId }))).QueueUrl;
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
    const waiting = Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    return waiting > 0
      ? { region, check, level: "fail", message: `${waiting} root event(s) ${queue.whose} are waiting in ${name}, and nobody was told of them: ${queue.whatToDo}`, summary: `${waiting} event(s) in ${check}` }
      : { region, check, level: "ok", message: "empty" };
  } catch (error) {
    if (!isMissingQueue(error)) throw error;
    return { region, check, level: "fail", message: `the queue ${name} does not exist: what it should catch is lost. Apply again (npm run deploy).`, summary: `the ${check} does not exist` };
  }
}
