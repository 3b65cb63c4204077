/** bootstrap-state and test-alert, run as a person runs them, against the emulator. */
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { isolatedEnv } from "../../scripts/lib/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { PROJECT_ROOT } from "../../src/project-root";

const BUCKET = "operator-test-state";

describe("operator commands against the emulator", () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
  });
  afterAll(async () => moto?.stop());

  const client = <T>(Client: new (config: object) => T, region: string): T =>
    new Client(emulatorClientConfig(moto.endpoint, region));

  /** Runs `npm run <script>` the way the package script does, with the emulator as awsEndpoint. */
  const run = (script: string, args: string[] = [], env: Record<string, string> = {}) =>
    promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [`scripts/${script}.ts`, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...isolatedEnv(), ...EMULATOR_ENV, ROOT_MONITOR_AWS_ENDPOINT: moto.endpoint, ROOT_MONITOR_STATE_BUCKET: BUCKET, ...env },
    }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  describe("bootstrap-state", () => {
    it("creates a versioned, encrypted, private, TLS-only state bucket, and is idempotent", async () => {
      const first = await run("bootstrap-state");
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout).toContain(`created bucket ${BUCKET}`);
      const second = await run("bootstrap-state");
      expect(second).toMatchObject({ code: 0 });
      expect(second.stdout).toContain(`bucket ${BUCKET} exists; making sure its settings hold`);

      const s3 = client(S3Client, "us-east-1");
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status).toBe("Enabled");
      const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKET }));
      expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe("AES256");
      expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))).PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
      const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy ?? "{}");
      expect(policy.Statement).toEqual([expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]);
    });

    it("names the setting when the bucket name is bad", async () => {
      const result = await run("bootstrap-state", [], { ROOT_MONITOR_STATE_BUCKET: "Bad_Bucket" });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Setting "stateBucket" (from environment variable ROOT_MONITOR_STATE_BUCKET) has the value "Bad_Bucket"');
    });
  });

  describe("test-alert", () => {
    it("publishes a clearly marked test notification through the Region's topic", async () => {
      const region = "eu-west-1";
      const { TopicArn } = await client(SNSClient, region).send(new CreateTopicCommand({ Name: "root-activity-monitor" }));
      const sqs = client(SQSClient, region);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "test-alert-subscriber" }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
      await client(SNSClient, region).send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: Attributes?.QueueArn }));

      const result = await run("test-alert", ["--region", region], { ROOT_MONITOR_REGIONS: "us-east-1,eu-west-1" });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`${region}: test notification`);
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const envelopes = Messages.map((message) => JSON.parse(message.Body ?? "{}"));
      expect(envelopes.map((envelope) => envelope.Subject)).toEqual(["[TEST] Root activity monitor in eu-west-1"]);
      expect(envelopes[0].Message).toContain("THIS IS A TEST. No root activity happened.");
    });

    it("says so when a Region has no deployed topic", async () => {
      const result = await run("test-alert", ["--region", "us-east-1"], { ROOT_MONITOR_REGIONS: "us-east-1" });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("us-east-1: no topic named root-activity-monitor; is the monitor deployed there?");
    });

    it("refuses a Region that is not monitored", async () => {
      const result = await run("test-alert", ["--region", "mars-north-1"], { ROOT_MONITOR_REGIONS: "us-east-1" });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--region mars-north-1: not monitored");
    });
  });
});
