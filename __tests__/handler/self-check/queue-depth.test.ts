import { GetQueueAttributesCommand, GetQueueUrlCommand, QueueDoesNotExist, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { checkQueueEmpty } from "../../../handler/self-check/queue-depth";
import { redriveTo, ruleDeadLetterQueue, unprocessedQueue } from "../../../handler/self-check/watched";

const sqs = mockClient(SQSClient);
const URL = "https://sqs.eu-west-1.amazonaws.com/111122223333/root-activity-monitor-undeliverable";
const BY_NAME = ruleDeadLetterQueue("dead-letter queue", "root-activity-monitor-undeliverable", { accountId: "111122223333" }, redriveTo("root-activity-monitor-buffer", "us-east-1", "eu-west-1"));
const check = (queue = BY_NAME) => checkQueueEmpty(new SQSClient({ region: "eu-west-1" }), "eu-west-1", queue);

describe("checkQueueEmpty", () => {
  beforeEach(() => {
    sqs.reset();
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: URL });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" } });
  });

  it("finds a queue known by name in its Region and this account, and an empty one ok", async () => {
    expect(await check()).toEqual({ region: "eu-west-1", check: "dead-letter queue", level: "ok", message: "empty" });
    expect(sqs.commandCalls(GetQueueUrlCommand)[0].args[0].input).toEqual({ QueueName: "root-activity-monitor-undeliverable", QueueOwnerAWSAccountId: "111122223333" });
    expect(sqs.commandCalls(GetQueueAttributesCommand)[0].args[0].input).toMatchObject({ QueueUrl: URL });
  });

  it("reads a queue known by URL straight away", async () => {
    await check({ ...BY_NAME, url: URL });
    expect(sqs.commandCalls(GetQueueUrlCommand)).toHaveLength(0);
  });

  it("fails on root events waiting, those being read included, and says what to do", async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "2", ApproximateNumberOfMessagesNotVisible: "1" } });
    expect(await check()).toEqual({
      region: "eu-west-1",
      check: "dead-letter queue",
      level: "fail",
      message:
        "3 root event(s) the rule could not deliver are waiting in root-activity-monitor-undeliverable, and nobody was told of them: read them, then copy each to the buffer queue root-activity-monitor-buffer in us-east-1 (aws sqs send-message) or delete them",
      summary: "3 event(s) in dead-letter queue",
    });
  });

  it("fails on a queue that does not exist", async () => {
    sqs.on(GetQueueUrlCommand).rejects(new QueueDoesNotExist({ message: "The specified queue does not exist.", $metadata: {} }));
    expect(await check()).toMatchObject({ level: "fail", summary: "the dead-letter queue does not exist" });
  });

  it("says to redrive what the function gave up on, after reading its log group", async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "1", ApproximateNumberOfMessagesNotVisible: "0" } });
    const finding = await check(unprocessedQueue("root-activity-monitor-unprocessed", { url: URL }, "/aws/lambda/root-activity-monitor"));
    expect(finding.message).toBe(
      "1 root event(s) the function failed on several times are waiting in root-activity-monitor-unprocessed, and nobody was told of them: read the log group /aws/lambda/root-activity-monitor for the cause, fix it, then redrive them to the buffer (SQS: start a DLQ redrive)",
    );
  });
});
