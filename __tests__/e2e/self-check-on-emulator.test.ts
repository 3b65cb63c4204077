/**
 * The daily self-check of a central deployment, on the emulator: deployed with real Terraform to a
 * home Region and a spoke, the schedule's event put on the deployed buffer queue (the emulator runs
 * no schedules), the built function driven with the buffer's batch as Lambda would, with the very
 * environment the deployment gave it. A disabled spoke rule is told at the topic's subscriber as
 * `[CRITICAL] ... blind in <spoke>`; once it is enabled again the monitor is healthy and says so
 * with its heartbeat, and `npm run doctor`, reading the same deployment's outputs, agrees.
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeRuleCommand, DisableRuleCommand, EventBridgeClient, PutRuleCommand, type RuleState } from "@aws-sdk/client-eventbridge";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { SubscribeCommand, SNSClient } from "@aws-sdk/client-sns";
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { driveBuffer } from "../../scripts/lib/buffer-driver";
import { deployToEmulator, isolatedEnv } from "../../scripts/lib/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { SETTING_DEFAULTS } from "../../src/config";
import { outputName, resourceNames } from "../../src/names";
import { PROJECT_ROOT } from "../../src/project-root";
import { scheduledEvent } from "../helpers/scheduled-event";

// Deploying central delivery to two Regions takes about 80 s on two cores; each self-check a few seconds.
jest.setTimeout(180_000);
const HOME = "us-east-1";
const SPOKE = "eu-west-1";
const NAMES = resourceNames(SETTING_DEFAULTS, HOME);

/** What the topic's SQS subscriber received: SNS's envelope, with the JSON copy parsed. */
interface Delivered {
  readonly subject: string;
  readonly severity?: string;
  readonly json: Record<string, any>;
}

describe("the self-check of a central deployment", () => {
  let moto: MotoServer;
  let workDir: string;
  let outputs: Record<string, string>;
  let env: Record<string, string>;
  let inboxUrl: string;
  let bufferArn: string;
  let mappingUuid: string | undefined;
  const client = <T>(Client: new (config: object) => T, region = HOME): T => new Client(emulatorClientConfig(moto.endpoint, region));

  beforeAll(async () => {
    moto = await startMotoServer();
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-self-check-"));
    const deployment = await deployToEmulator({
      endpoint: moto.endpoint,
      workDir,
      regions: [HOME, SPOKE],
      emails: ["security@example.com"],
      stateBucket: "self-check-state",
      settings: { ROOT_MONITOR_DELIVERY: "central", ROOT_MONITOR_HOME_REGION: HOME, ROOT_MONITOR_HEARTBEAT: "daily" },
    });
    outputs = await deployment.outputs();

    // The emulator cannot run the function; it would try Docker for every message. The driver plays the mapping.
    const sqs = client(SQSClient);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs[outputName("buffer_queue_url", HOME)], AttributeNames: ["QueueArn"] }));
    bufferArn = Attributes?.QueueArn ?? "";
    const lambda = client(LambdaClient);
    const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: bufferArn }));
    expect(EventSourceMappings).toHaveLength(1);
    mappingUuid = EventSourceMappings[0].UUID;
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mappingUuid, Enabled: false }));

    // A multi-Region trail of management events, as the account would have.
    await client(S3Client).send(new CreateBucketCommand({ Bucket: "self-check-trail-logs" }));
    await client(CloudTrailClient).send(new CreateTrailCommand({ Name: "org-trail", S3BucketName: "self-check-trail-logs", IsMultiRegionTrail: true }));
    await client(CloudTrailClient).send(new StartLoggingCommand({ Name: "org-trail" }));

    // Someone who reads the topic: an SQS subscriber receives the JSON copy, with subject and attributes in SNS's envelope.
    const { QueueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: "self-check-inbox" }));
    const inbox = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    await client(SNSClient).send(new SubscribeCommand({ TopicArn: outputs[outputName("topic_arn", HOME)], Protocol: "sqs", Endpoint: inbox.Attributes?.QueueArn }));
    inboxUrl = QueueUrl;

    // The function's environment exactly as deployed (the self-check plan included), pointed at the emulator.
    const { Environment } = await client(LambdaClient).send(new GetFunctionConfigurationCommand({ FunctionName: outputs[outputName("function_name", HOME)] }));
    env = { ...Environment?.Variables, ...EMULATOR_ENV, AWS_REGION: HOME, AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: NAMES.function };
  });

  afterAll(async () => {
    // Stopping the emulator removes the whole deployment with it: no destroy needed, and none to wait for.
    await moto?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** Everything the topic delivered to the subscriber since the last call. */
  async function delivered(): Promise<Delivered[]> {
    const sqs = client(SQSClient);
    const found: Delivered[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: inboxUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      if (Messages.length === 0) return found;
      for (const message of Messages) {
        const envelope = JSON.parse(message.Body ?? "{}");
        found.push({ subject: envelope.Subject, severity: envelope.MessageAttributes?.severity?.Value, json: JSON.parse(envelope.Message) });
        await sqs.send(new DeleteMessageCommand({ QueueUrl: inboxUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  }

  /** Puts the schedule's event on the deployed buffer, as the schedule rule would, and lets the built function take it. */
  async function runSelfCheck(id: string): Promise<Delivered[]> {
    const sqs = client(SQSClient);
    const bufferQueueUrl = outputs[outputName("buffer_queue_url", HOME)];
    await sqs.send(new SendMessageCommand({ QueueUrl: bufferQueueUrl, MessageBody: JSON.stringify(scheduledEvent(outputs[outputName("self_check_schedule_arn", HOME)], { id, time: new Date() })) }));
    const run = await driveBuffer({ sqs, queueUrl: bufferQueueUrl, queueArn: bufferArn, region: HOME, env, concurrency: 1, maxMs: 60_000 });
    expect({ records: run.records, failed: run.failedRecords }).toEqual({ records: 1, failed: 0 });
    return delivered();
  }

  it("reports a disabled spoke rule as one critical message naming the spoke", async () => {
    const spokeEvents = client(EventBridgeClient, SPOKE);
    await spokeEvents.send(new DisableRuleCommand({ Name: NAMES.rule }));

    const messages = await runSelfCheck("self-check-1");

    expect(messages.map((m) => [m.subject, m.severity])).toEqual([[`[CRITICAL] root activity monitor is blind in ${SPOKE}: rule is DISABLED`, "critical"]]);
    expect(messages[0].json).toMatchObject({
      kind: "self-check",
      severity: "critical",
      region: SPOKE,
      checkedFrom: HOME,
      problems: [{ check: "rule", message: `rule ${NAMES.rule} is DISABLED: root activity here is not routed to anyone. Enable it, or apply again (npm run deploy).` }],
    });
  });

  it("then finds the monitor healthy once the rule is enabled as deployed, and sends the heartbeat instead", async () => {
    const spokeEvents = client(EventBridgeClient, SPOKE);
    const rule = await spokeEvents.send(new DescribeRuleCommand({ Name: NAMES.rule }));
    await spokeEvents.send(new PutRuleCommand({ Name: NAMES.rule, EventPattern: rule.EventPattern, Description: rule.Description, State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" as RuleState }));

    const messages = await runSelfCheck("self-check-2");

    expect(messages.map((m) => m.subject)).toEqual(["root activity monitor: all 2 Regions watched, 0 root events this week"]);
    expect(messages[0].json).toMatchObject({ kind: "heartbeat", regions: [HOME, SPOKE], rootEventsLast7Days: 0, warnings: [] });
  });

  it("agrees with npm run doctor, which checks the same deployment from its outputs: every Region's rule, and the delivery at home", async () => {
    // As deployed: the mapping takes the buffer to the function (nothing is left in the buffer for the emulator to run).
    await client(LambdaClient).send(new UpdateEventSourceMappingCommand({ UUID: mappingUuid, Enabled: true }));
    const { stdout } = await promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["scripts/doctor.ts"], {
      cwd: PROJECT_ROOT,
      env: {
        ...isolatedEnv(),
        ...EMULATOR_ENV,
        ROOT_MONITOR_AWS_ENDPOINT: moto.endpoint,
        ROOT_MONITOR_STATE_BUCKET: "self-check-state",
        ROOT_MONITOR_REGIONS: `${HOME},${SPOKE}`,
        ROOT_MONITOR_DELIVERY: "central",
        ROOT_MONITOR_HOME_REGION: HOME,
      },
    });
    expect(stdout).not.toMatch(/FAIL|WARN/);
    const spoke = stdout.slice(stdout.indexOf(`${SPOKE}\n`)).split("\n\n")[0];
    expect(spoke.split("\n").slice(1).map((line) => line.split(":")[0].trim())).toEqual(["ok   CloudTrail", "ok   rule", "ok   target", "ok   dead-letter queue"]);
    expect(spoke).toContain(`ok   target: the rule puts root events on the central event bus ${NAMES.eventBus} in ${HOME}`);
    expect(stdout).toContain(`ok   central target: the rule on the bus ${NAMES.eventBus} puts root events on the buffer queue ${NAMES.bufferQueue}`);
    expect(stdout).toContain(`ok   self-check schedule: rule ${NAMES.selfCheckSchedule} puts the self-check's event on the buffer queue ${NAMES.bufferQueue} daily`);
    expect(stdout).toContain("The monitor can see and tell in 2 Region(s).");
  });
});
