/** `npm run doctor` against a real (emulated) deployment: blind without a trail, healthy with one, and broken. */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { DisableRuleCommand, EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { deployToEmulator, isolatedEnv, type EmulatorDeployment } from "../../scripts/lib/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { SETTING_DEFAULTS } from "../../src/config";
import { resourceNames } from "../../src/names";
import { PROJECT_ROOT } from "../../src/project-root";

jest.setTimeout(150_000);
const REGION = "us-east-1";
const NAMES = resourceNames(SETTING_DEFAULTS, REGION);

describe("npm run doctor", () => {
  let moto: MotoServer;
  let workDir: string;
  let deployment: EmulatorDeployment | undefined;
  const client = <T>(Client: new (config: object) => T): T =>
    new Client(emulatorClientConfig(moto.endpoint, REGION));

  beforeAll(async () => {
    moto = await startMotoServer();
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-doctor-"));
    deployment = await deployToEmulator({ endpoint: moto.endpoint, workDir, regions: [REGION], emails: ["security@example.com"], stateBucket: "doctor-state" });
  });

  afterAll(async () => {
    try {
      await deployment?.destroy();
    } finally {
      await moto?.stop();
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  const doctor = (stateBucket = "doctor-state") =>
    promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["scripts/doctor.ts"], {
      cwd: PROJECT_ROOT,
      env: { ...isolatedEnv(), ...EMULATOR_ENV, ROOT_MONITOR_AWS_ENDPOINT: moto.endpoint, ROOT_MONITOR_STATE_BUCKET: stateBucket, ROOT_MONITOR_REGIONS: REGION },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it("reads what it checks from the deployment's state, and says where it looked when there is none", async () => {
    await client(S3Client).send(new CreateBucketCommand({ Bucket: "empty-state" }));
    const result = await doctor("empty-state");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("no Terraform state at s3://empty-state/root-activity-monitor/terraform.tfstate: is the monitor deployed with these settings (stateBucket, stateKey)?");
  });

  it("says loudly that the monitor is blind when no trail logs management events", async () => {
    const result = await doctor();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("FAIL CloudTrail: NO CloudTrail trail is logging management events in this Region");
    expect(result.stdout).toContain("ok   rule: rule root-activity-monitor is ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
  });

  it("finds nothing wrong with a logging multi-Region trail and a healthy deployment", async () => {
    await client(S3Client).send(new CreateBucketCommand({ Bucket: "doctor-trail-logs" }));
    const cloudtrail = client(CloudTrailClient);
    await cloudtrail.send(new CreateTrailCommand({ Name: "org-trail", S3BucketName: "doctor-trail-logs", IsMultiRegionTrail: true }));
    await cloudtrail.send(new StartLoggingCommand({ Name: "org-trail" }));
    const result = await doctor();
    expect(result.stdout).not.toMatch(/FAIL|WARN/);
    expect(result.stdout).toContain("ok   CloudTrail: trail org-trail logs management events here");
    expect(result.stdout).toContain("ok   subscriptions: 1 confirmed subscription(s)");
    expect(result.code).toBe(0);
  });

  it("fails on a disabled rule and on events waiting in the dead-letter queue, and says why", async () => {
    await client(EventBridgeClient).send(new DisableRuleCommand({ Name: NAMES.rule }));
    const sqs = client(SQSClient);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: NAMES.deadLetterQueue }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "{}" }));
    const result = await doctor();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("FAIL rule: rule root-activity-monitor is DISABLED: root activity here is not routed to anyone");
    expect(result.stdout).toContain(`FAIL dead-letter queue: 1 root event(s) the rule could not deliver are waiting in ${NAMES.deadLetterQueue}`);
    expect(result.stdout).toContain("2 problem(s) mean a root action would go unreported (us-east-1)");
  });
});
