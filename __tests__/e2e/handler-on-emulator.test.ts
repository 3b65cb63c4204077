/**
 * The built bundle, dist/handler/index.js, run in a plain Node process (not Lambda: the emulator's
 * Invoke needs Docker) against the emulator's SNS, SQS and IAM: one root event in, exactly one
 * notification with the expected subject out. A plain Node process rather than Jest's module
 * sandbox, because the SDK loads `node:http` with a dynamic import that the sandbox refuses.
 */
import { CreateAccountAliasCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { existsSync } from "node:fs";
import { loadFixture } from "../helpers/fixtures";
import { HANDLER_BUNDLE, invokeBundle } from "../../scripts/lib/invoke-bundle";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { HANDLER_CONTRACT } from "../../src/names";

describe("the built handler against the emulator", () => {
  let moto: MotoServer;

  beforeAll(async () => {
    moto = await startMotoServer();
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it("publishes exactly one notification that reaches an SQS subscriber with the expected subject", async () => {
    expect(existsSync(HANDLER_BUNDLE)).toBe(true); // `npm test` builds it first
    const client = emulatorClientConfig(moto.endpoint, "us-east-1");
    const sns = new SNSClient(client);
    const sqs = new SQSClient(client);
    await new IAMClient(client).send(new CreateAccountAliasCommand({ AccountAlias: "emulated-prod" }));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "root-activity-monitor" }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "subscriber" }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: Attributes?.QueueArn }));

    const invocation = await invokeBundle(loadFixture("root-console-sign-in-failure"), {
      ...EMULATOR_ENV,
      AWS_ENDPOINT_URL: moto.endpoint,
      [HANDLER_CONTRACT.topicArnEnv]: TopicArn as string,
    });
    expect(invocation.ok).toBe(true);
    expect(invocation.result?.status).toBe("notified");
    expect(invocation.logs).toEqual([expect.objectContaining({ level: "INFO", message: "notified", messageId: invocation.result?.messageId })]);

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    expect(Messages).toHaveLength(1);
    const envelope = JSON.parse(Messages[0].Body ?? "{}");
    expect(envelope.Subject).toBe('Root console sign-in FAILED-"ConsoleLogin" detected in Account-"emulated-prod"');
    expect(envelope.MessageId).toBe(invocation.result?.messageId);
    // An SQS subscriber has no key of its own in the message: it receives the one JSON copy in `default`.
    expect(JSON.parse(envelope.Message)).toMatchObject({
      schema: "root-activity-monitor/notification/v2",
      kind: "alert",
      severity: "high",
      eventKind: "console-sign-in",
      failed: true,
      account: { alias: "emulated-prod" },
    });
    expect(envelope.MessageAttributes.failed).toEqual({ Type: "String", Value: "true" });
    expect(envelope.MessageAttributes.severity).toEqual({ Type: "String", Value: "high" });
  });
});
