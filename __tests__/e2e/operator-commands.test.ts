/**
 * The operator commands, run as a person runs them, against the emulator: bootstrap-state, test-alert,
 * then `npm run deploy` (offline, from the provider mirror) into the bootstrapped bucket and
 * `npm run plan` on what it deployed. One deployment serves every step after it: each costs half a
 * minute or more.
 */
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { findTopicArn } from "../../scripts/lib/commands";
import { isolatedEnv } from "../../scripts/lib/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { terraformOk } from "../../scripts/lib/terraform";
import { terraformEnvironment } from "../../scripts/lib/terraform-cli-config";
import { SETTING_DEFAULTS } from "../../src/config";
import { subscriptionId } from "../../src/email-subscriptions";
import { STACK_NAME } from "../../src/names";
import { PROJECT_ROOT } from "../../src/project-root";

const BUCKET = "operator-test-state";
const EMAILS = ["first@example.com", "second@example.com", "third@example.com"];

describe("operator commands against the emulator", () => {
  let moto: MotoServer;
  let workDir: string;
  beforeAll(async () => {
    moto = await startMotoServer();
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-operator-"));
  });
  afterAll(async () => {
    await moto?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const client = <T>(Client: new (config: object) => T, region: string): T =>
    new Client(emulatorClientConfig(moto.endpoint, region));

  /** Runs `npm run <script>` the way the package script does, with the emulator as awsEndpoint. */
  const run = (script: string, args: string[] = [], env: Record<string, string> = {}) =>
    promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [`scripts/${script}.ts`, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...isolatedEnv(), ...EMULATOR_ENV, ROOT_MONITOR_AWS_ENDPOINT: moto.endpoint, ROOT_MONITOR_STATE_BUCKET: BUCKET, ...env },
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  describe("bootstrap-state", () => {
    it("creates a versioned, encrypted, private state bucket, and is idempotent", async () => {
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
    });

    // The emulator speaks plain HTTP: a TLS-only policy would deny the backend every request (403).
    // That it does not is shown below, where deploy and plan use this bucket.
    it("leaves the TLS-only policy out for the emulator's plain-HTTP endpoint, and says why", async () => {
      const result = await run("bootstrap-state");
      expect(result.stdout).toContain(`policy: none, since awsEndpoint ${moto.endpoint} is plain HTTP`);
      const policy = client(S3Client, "us-east-1").send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
      await expect(policy).rejects.toMatchObject({ name: "NoSuchBucketPolicy" });
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

    it("with central delivery, publishes one test through the home Region's topic for every Region", async () => {
      const home = "eu-west-1";
      const sqs = client(SQSClient, home);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "test-alert-subscriber" }));
      const result = await run("test-alert", ["--region", "all"], { ROOT_MONITOR_REGIONS: "us-east-1,ap-south-1", ROOT_MONITOR_DELIVERY: "central", ROOT_MONITOR_HOME_REGION: home });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^us-east-1, ap-south-1, eu-west-1: test notification \S+ published to arn:aws:sns:eu-west-1:/);
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const envelopes = Messages.map((message) => JSON.parse(message.Body ?? "{}"));
      expect(envelopes.map((envelope) => envelope.Subject)).toEqual(["[TEST] Root activity monitor in eu-west-1"]);
      expect(envelopes[0].Message).toContain("for us-east-1, ap-south-1, eu-west-1 reach you");
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

  describe("deploy and plan on the bootstrapped bucket", () => {
    const settings = () => ({ ROOT_MONITOR_REGIONS: "us-east-1", ROOT_MONITOR_EMAILS: EMAILS.join(","), HOME: workDir });
    const outDir = () => path.join(workDir, "cdktf.out");

    it("npm run deploy -- --auto-approve deploys offline from the provider mirror: the topic and three subscriptions", async () => {
      const deploy = await run("deploy", ["--auto-approve", "--output", outDir()], settings());
      if (deploy.code !== 0) throw new Error(`npm run deploy exited with ${deploy.code}:\n${deploy.stdout}\n${deploy.stderr}`.slice(-8_000));

      const sns = client(SNSClient, "us-east-1");
      const topicArn = await findTopicArn(sns, SETTING_DEFAULTS.topicName);
      expect(topicArn).toBeDefined();
      const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
      expect(Subscriptions.map((subscription) => subscription.Endpoint).sort()).toEqual([...EMAILS].sort());
    }, 300_000);

    it("npm run plan without the first address destroys that one subscription, replaces nothing, and refuses", async () => {
      const markdownFile = path.join(workDir, "plan-summary.md");
      const plan = await run("plan", ["--markdown", markdownFile], { ...settings(), ROOT_MONITOR_EMAILS: EMAILS.slice(1).join(","), CDKTF_OUTDIR: outDir() });
      expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 3, stderr: expect.stringContaining("Refusing: the plan destroys aws_sns_topic_subscription.") });

      const markdown = readFileSync(markdownFile, "utf8");
      // [add, change, replace, destroy]. The one change is the emulator's respacing of the buffer's
      // redrive policy (see the deploy test); on AWS the row reads 0 | 0 | 0 | 1.
      expect(markdown).toMatch(/^\| us-east-1 \| 0 \| [01] \| 0 \| 1 \|$/m);
      expect(markdown).not.toContain("**Replaced:**");
      const destroyed = markdown.split("**Destroyed:**\n")[1]?.split("\n\n")[0].split("\n").filter(Boolean);
      expect(destroyed).toEqual([expect.stringMatching(/^- `aws_sns_topic_subscription\.[^`]+`$/)]);
      expect(destroyed?.[0]).toContain(subscriptionId(EMAILS[0]));
    }, 180_000);

    it("terraform destroy removes what deploy made", async () => {
      const stackDir = path.join(outDir(), "stacks", STACK_NAME);
      const env = { ...terraformEnvironment(path.join(workDir, "terraform-cli"), isolatedEnv()), ...EMULATOR_ENV };
      await terraformOk(["destroy", "-auto-approve", "-input=false"], { cwd: stackDir, env });
      expect(await findTopicArn(client(SNSClient, "us-east-1"), SETTING_DEFAULTS.topicName)).toBeUndefined();
    }, 180_000);
  });
});
