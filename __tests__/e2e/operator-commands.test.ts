/**
 * The operator commands, run as a person runs them (through pipes, without a terminal), against the
 * emulator: bootstrap-state, a changed backend (plan, deploy and destroy refuse it; --migrate-state
 * never overwrites a state), test-alert, then `npm run deploy` (refused without --auto-approve, then
 * offline, from the provider mirror) into the bootstrapped bucket, `npm run plan` on what it deployed
 * (no lock left behind) and deploy refusing the same destructive plan, `npm run doctor`: blind without a trail, healthy with one, and broken link by
 * link (rule, target, buffer mapping, buffer age, both dead-letter queues), and `npm run destroy`
 * (refused without --auto-approve, declined with Ctrl-C in a terminal, then removing everything). One deployment serves every step
 * after it: each costs half a minute or more.
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DisableRuleCommand, EventBridgeClient, ListRulesCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { GetFunctionCommand, LambdaClient, ListEventSourceMappingsCommand, ListFunctionsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { ListSubscriptionsByTopicCommand, ListSubscriptionsCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { driveBuffer } from "../../emulator/buffer-driver";
import { findTopicArn } from "../../scripts/lib/commands";
import { createEmulatedDelivery, type EmulatedDelivery } from "../../emulator/emulated-delivery";
import { isolatedEnv } from "../../emulator/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { SETTING_DEFAULTS } from "../../src/settings/settings-schema";
import { subscriptionId } from "../../src/delivery/email-subscriptions";
import { resourceNames, STACK_NAME } from "../../src/contract/names";
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

  const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  const commandEnv = (env: Record<string, string>) => ({ ...isolatedEnv(), ...EMULATOR_ENV, ROOT_MONITOR_AWS_ENDPOINT: moto.endpoint, ROOT_MONITOR_STATE_BUCKET: BUCKET, ...env });

  /** Runs `npm run <script>` the way the package script does, with the emulator as awsEndpoint, through pipes: no terminal. */
  const run = (script: string, args: string[] = [], env: Record<string, string> = {}) =>
    promisify(execFile)(TSX, [`scripts/${script}.ts`, ...args], {
      cwd: PROJECT_ROOT,
      env: commandEnv(env),
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

  // Issue 21, items 2 and 6: plans only, in a stack folder and under a state key of their own, so that
  // nothing here touches the deployment the later tests make.
  describe("npm run plan on a changed backend, and outside an organization", () => {
    const MOVED_BUCKET = "operator-test-state-moved";
    const KEY = "backend-change/terraform.tfstate";
    const planIn = (folder: string, env: Record<string, string>, args: string[] = []) =>
      run("plan", args, { ROOT_MONITOR_REGIONS: "us-east-1", ROOT_MONITOR_STATE_KEY: KEY, HOME: workDir, CDKTF_OUTDIR: path.join(workDir, folder), ...env });
    /** What plan prints after its progress lines (`[  1.2s] …`). */
    const told = (stderr: string) => stderr.split("\n").filter((line) => !/^\[\s*[\d.]+s\] /.test(line)).join("\n").trim();

    it("refuses a changed state bucket, naming old and new and that the old state stays; with --reconfigure it plans on the new one", async () => {
      await client(S3Client, "us-east-1").send(new CreateBucketCommand({ Bucket: MOVED_BUCKET }));
      const first = await planIn("backend-change", {});
      expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: expect.any(String) });

      const moved = await planIn("backend-change", { ROOT_MONITOR_STATE_BUCKET: MOVED_BUCKET });
      expect(moved.code).toBe(2);
      expect(told(moved.stderr)).toBe(
        [
          "The state backend changed since Terraform last initialised this stack folder:",
          `  stateBucket (ROOT_MONITOR_STATE_BUCKET): "${BUCKET}" → "${MOVED_BUCKET}"`,
          `The old state stays where it is (s3://${BUCKET}/${KEY} in us-east-1, at the endpoint ${moto.endpoint}), untouched, and what it records stays deployed; nothing was initialised, planned or changed.`,
          `New backend: s3://${MOVED_BUCKET}/${KEY} in us-east-1, at the endpoint ${moto.endpoint}. Run this again with one of:`,
          "  npm run plan -- --reconfigure     use the new backend as it is (for example: the emulator was tried, and AWS is now the target); the old state is left untouched.",
          "  npm run plan -- --migrate-state   copy the old state to the new backend (terraform init -migrate-state -force-copy); only while the old backend is still reachable.",
        ].join("\n"),
      );
      expect(existsSync(path.join(workDir, "backend-change", "stacks", STACK_NAME, "plan.tfplan"))).toBe(false);

      const reconfigured = await planIn("backend-change", { ROOT_MONITOR_STATE_BUCKET: MOVED_BUCKET }, ["--reconfigure"]);
      expect({ code: reconfigured.code, stderr: reconfigured.stderr }).toEqual({ code: 0, stderr: expect.stringContaining(`--reconfigure: using the new backend, s3://${MOVED_BUCKET}/${KEY}`) });
      expect(reconfigured.stdout).toMatch(/^\| us-east-1 \| [1-9]\d* \| 0 \| 0 \| 0 \|$/m);

      // deploy settles the backend as plan does, before its own init: back to the first bucket is refused the same way.
      const deploy = await run("deploy", ["--auto-approve", "--output", path.join(workDir, "backend-change")], { ROOT_MONITOR_REGIONS: "us-east-1", ROOT_MONITOR_STATE_KEY: KEY, HOME: workDir });
      expect(deploy.code).toBe(2);
      expect(deploy.stderr).toContain(`  stateBucket (ROOT_MONITOR_STATE_BUCKET): "${MOVED_BUCKET}" → "${BUCKET}"\n`);
      expect(deploy.stderr).toContain("\n  npm run deploy -- --reconfigure     use the new backend as it is");

      // destroy too: a mistyped stateKey is a changed backend, never "Nothing to remove" about a state nobody meant.
      const typo = "backend-chnage/terraform.tfstate";
      const destroy = await run("destroy", ["--auto-approve", "--output", path.join(workDir, "backend-change")], {
        ROOT_MONITOR_REGIONS: "us-east-1",
        ROOT_MONITOR_STATE_BUCKET: MOVED_BUCKET,
        ROOT_MONITOR_STATE_KEY: typo,
        HOME: workDir,
      });
      expect({ code: destroy.code, stdout: destroy.stdout }).toEqual({ code: 2, stdout: "" });
      expect(destroy.stderr).toContain(`  stateKey (ROOT_MONITOR_STATE_KEY): "${KEY}" → "${typo}"\n`);
      expect(destroy.stderr).toContain("\n  npm run destroy -- --reconfigure     use the new backend as it is");
    }, 240_000);

    // Issue 21, item 3: the plan file Terraform writes becomes plan.tfplan, which the README's step 3
    // applies, only once its summary has passed; a failure on the way leaves no plan file at all.
    it("leaves no plan file to apply when a step after terraform plan fails", async () => {
      const fakeBin = path.join(workDir, "failing-state-pull");
      mkdirSync(fakeBin, { recursive: true });
      const real = (await promisify(execFile)("sh", ["-c", "command -v terraform"])).stdout.trim();
      writeFileSync(
        path.join(fakeBin, "terraform"),
        `#!/bin/sh\nif [ "$1" = state ] && [ "$2" = pull ]; then echo "state pull refused by the test" >&2; exit 1; fi\nexec ${real} "$@"\n`,
        { mode: 0o755 },
      );
      const plan = await planIn("backend-change", { ROOT_MONITOR_STATE_BUCKET: MOVED_BUCKET, PATH: `${fakeBin}:${process.env.PATH ?? ""}` });
      expect({ code: plan.code, told: told(plan.stderr) }).toEqual({ code: 1, told: "plan failed: terraform state pull exited with 1:\nstate pull refused by the test" });
      const stackDir = path.join(workDir, "backend-change", "stacks", STACK_NAME);
      expect(readdirSync(stackDir).filter((file) => file.endsWith(".tfplan"))).toEqual([]);
    }, 180_000);

    it("tells organization scope in an account of no organization in its own words, not Terraform's", async () => {
      const plan = await planIn("no-organization", { ROOT_MONITOR_SCOPE: "organization", ROOT_MONITOR_STATE_KEY: "no-organization/terraform.tfstate" });
      expect(plan.code).toBe(1);
      expect(told(plan.stderr)).toBe(
        "plan failed: scope is organization, but this account is in no AWS Organization (Organizations answered that none is in use for it). " +
          "To monitor this account alone, set scope back to account (scope in cdktf.json, or ROOT_MONITOR_SCOPE=account); " +
          "to monitor an organization, run this with credentials of its management account.",
      );
      // deploy runs the same plan, and tells it the same way, where cdktf showed Terraform's text.
      const deploy = await run("deploy", ["--auto-approve", "--output", path.join(workDir, "no-organization")], {
        ROOT_MONITOR_REGIONS: "us-east-1",
        ROOT_MONITOR_SCOPE: "organization",
        ROOT_MONITOR_STATE_KEY: "no-organization/terraform.tfstate",
        HOME: workDir,
      });
      expect({ code: deploy.code, told: told(deploy.stderr) }).toEqual({
        code: 1,
        told: told(plan.stderr).replace(/^plan failed: /, "deploy failed: "),
      });
    }, 240_000);
  });

  describe("test-alert", () => {
    // A delivery's buffer, table and topic made by hand in eu-west-1, with the default names, and the
    // built function driven with the buffer's batches as the event source mapping would: the test
    // message goes the monitor's own path, buffer, function, publish second, topic.
    const home = "eu-west-1";
    let delivery: EmulatedDelivery;
    beforeAll(async () => {
      delivery = await createEmulatedDelivery(moto.endpoint, SETTING_DEFAULTS.namePrefix, home);
    });
    const driveFunction = () => driveBuffer({ sqs: client(SQSClient, home), queueUrl: delivery.bufferQueueUrl, queueArn: delivery.bufferQueueArn, region: home, env: delivery.env, maxMs: 60_000 });

    it("puts a test message on the Region's buffer, which the function tells as a clearly marked test through its topic", async () => {
      const result = await run("test-alert", ["--region", home], { ROOT_MONITOR_REGIONS: "us-east-1,eu-west-1" });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^eu-west-1: test message \S+ put on root-activity-monitor-buffer in eu-west-1; the monitor's function publishes it to its topic within a minute$/m);
      const driven = await driveFunction();
      expect(driven.failedRecords).toBe(0);
      const envelopes = await delivery.delivered();
      expect(envelopes.map((envelope) => envelope.Subject)).toEqual(["[TEST] Root activity monitor in eu-west-1"]);
      expect(envelopes[0].Message).toContain("THIS IS A TEST. No root activity happened.");
      expect(envelopes[0].Message).toMatch(/Sent by \(SQS SenderId\): [A-Za-z0-9:+=,.@_-]+\n/);
    });

    it("with central delivery, puts one test on the home Region's buffer for every Region", async () => {
      const result = await run("test-alert", ["--region", "all"], { ROOT_MONITOR_REGIONS: "us-east-1,ap-south-1", ROOT_MONITOR_DELIVERY: "central", ROOT_MONITOR_HOME_REGION: home });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^us-east-1, ap-south-1, eu-west-1: test message \S+ put on root-activity-monitor-buffer in eu-west-1;/);
      await driveFunction();
      const envelopes = await delivery.delivered();
      expect(envelopes.map((envelope) => envelope.Subject)).toEqual(["[TEST] Root activity monitor in eu-west-1"]);
      expect(envelopes[0].Message).toContain("that notifications for us-east-1, ap-south-1, eu-west-1 reach you");
    });

    it("says so when a Region has no deployed buffer", async () => {
      const result = await run("test-alert", ["--region", "us-east-1"], { ROOT_MONITOR_REGIONS: "us-east-1" });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("us-east-1: no buffer queue named root-activity-monitor-buffer; is the monitor deployed there?");
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

    /** Every object in the state bucket: the state file, and `<key>.tflock` while someone holds the lock. */
    const stateObjects = async () => ((await client(S3Client, "us-east-1").send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((object) => object.Key);

    // Issue 21, item 1: through a pipe, cdktf's interactive review crashed ("Raw mode is not
    // supported") and left the state locked, so that the next deploy and plan failed on the lock.
    it("npm run deploy without a terminal and without --auto-approve refuses at once, in one line, and takes no lock", async () => {
      const deploy = await run("deploy", ["--output", outDir()], settings());
      expect({ code: deploy.code, stdout: deploy.stdout, stderr: deploy.stderr.trim().split("\n") }).toEqual({
        code: 2,
        stdout: "",
        stderr: [
          "npm run deploy needs a terminal to ask for approval, and there is none here (CI, a pipe). Pass --auto-approve (npm run deploy -- --auto-approve), or run npm run plan and apply its plan file (see the README's Deploy step 3).",
        ],
      });
      expect(await stateObjects()).toEqual([]);
    }, 120_000);

    it("npm run deploy -- --auto-approve deploys offline from the provider mirror, without a terminal: the topic and three subscriptions", async () => {
      const deploy = await run("deploy", ["--auto-approve", "--output", outDir()], settings());
      if (deploy.code !== 0) throw new Error(`npm run deploy exited with ${deploy.code}:\n${deploy.stdout}\n${deploy.stderr}`.slice(-8_000));
      expect(`${deploy.stdout}${deploy.stderr}`).not.toMatch(/Raw mode|Error acquiring the state lock/);
      // The lock is released: only the state file is left.
      expect(await stateObjects()).toEqual(["root-activity-monitor/terraform.tfstate"]);

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
      // The refused deploy and the one that ran left no lock behind: no force-unlock was needed.
      expect(plan.stderr).not.toContain("Error acquiring the state lock");
      // No plan file the README's apply step would apply: the refused plan is kept under another name.
      const planDir = path.join(outDir(), "stacks", STACK_NAME);
      expect([existsSync(path.join(planDir, "plan.tfplan")), existsSync(path.join(planDir, "plan.refused.tfplan"))]).toEqual([false, true]);
      expect(plan.stderr).toContain("plan.refused.tfplan, to read with terraform show, not to apply");

      const markdown = readFileSync(markdownFile, "utf8");
      // [add, change, replace, destroy]. The one change is the emulator's respacing of the buffer's
      // redrive policy (see the deploy test); on AWS the row reads 0 | 0 | 0 | 1.
      expect(markdown).toMatch(/^\| us-east-1 \| 0 \| [01] \| 0 \| 1 \|$/m);
      expect(markdown).not.toContain("**Replaced:**");
      const destroyed = markdown.split("**Destroyed:**\n")[1]?.split("\n\n")[0].split("\n").filter(Boolean);
      expect(destroyed).toEqual([expect.stringMatching(/^- `aws_sns_topic_subscription\.[^`]+`$/)]);
      expect(destroyed?.[0]).toContain(subscriptionId(EMAILS[0]));
    }, 180_000);

    // Issue 21, item 3: cdktf deploy --auto-approve applied what plan refused, silently.
    it("npm run deploy -- --auto-approve refuses the same plan the same way, and applies nothing", async () => {
      const deploy = await run("deploy", ["--auto-approve", "--output", outDir()], { ...settings(), ROOT_MONITOR_EMAILS: EMAILS.slice(1).join(",") });
      expect({ code: deploy.code, stderr: deploy.stderr }).toEqual({ code: 3, stderr: expect.stringContaining("Refusing: the plan destroys aws_sns_topic_subscription.") });
      expect(deploy.stderr).toContain("Set ROOT_MONITOR_ALLOW_DESTRUCTIVE=true or pass --allow-destructive if that is intended.");
      expect(deploy.stderr).not.toContain("terraform apply");
      const sns = client(SNSClient, "us-east-1");
      const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: await findTopicArn(sns, SETTING_DEFAULTS.topicName) }));
      expect(Subscriptions.map((subscription) => subscription.Endpoint).sort()).toEqual([...EMAILS].sort());
      expect(existsSync(path.join(outDir(), "stacks", STACK_NAME, "plan.tfplan"))).toBe(false);
    }, 180_000);

    // Issue 21, item 2: terraform init -migrate-state -force-copy overwrites a state at the new location without asking.
    it("npm run plan -- --migrate-state refuses to copy a state onto this deployment's, and leaves it as it is", async () => {
      const stateBefore = (await stateObjects()).length;
      const migrate = await run("plan", ["--migrate-state"], { ROOT_MONITOR_REGIONS: "us-east-1", HOME: workDir, CDKTF_OUTDIR: path.join(workDir, "backend-change") });
      expect(migrate.code).toBe(2);
      expect(migrate.stderr).toMatch(
        new RegExp(
          `^--migrate-state: refused: the new backend already holds a state, s3://${BUCKET}/root-activity-monitor/terraform\\.tfstate in us-east-1, at the endpoint ${moto.endpoint.replace(/[.]/g, "\\.")}, recording [1-9]\\d* resource\\(s\\); `,
          "m",
        ),
      );
      expect(migrate.stderr).toContain("Nothing was copied or changed. If that state is the one to use, run npm run plan -- --reconfigure;");
      expect(await stateObjects()).toHaveLength(stateBefore);
      expect(await findTopicArn(client(SNSClient, "us-east-1"), SETTING_DEFAULTS.topicName)).toBeDefined();
    }, 120_000);

    describe("npm run doctor on that deployment", () => {
      const NAMES = resourceNames(SETTING_DEFAULTS, "us-east-1");
      const doctor = (stateBucket = BUCKET) => run("doctor", [], { ...settings(), ROOT_MONITOR_STATE_BUCKET: stateBucket });
      const inHome = <T>(Client: new (config: object) => T): T => client(Client, "us-east-1");

      it("reads what it checks from the deployment's state, and says where it looked when there is none", async () => {
        await inHome(S3Client).send(new CreateBucketCommand({ Bucket: "empty-state" }));
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
        await inHome(S3Client).send(new CreateBucketCommand({ Bucket: "doctor-trail-logs" }));
        const cloudtrail = inHome(CloudTrailClient);
        await cloudtrail.send(new CreateTrailCommand({ Name: "org-trail", S3BucketName: "doctor-trail-logs", IsMultiRegionTrail: true }));
        await cloudtrail.send(new StartLoggingCommand({ Name: "org-trail" }));
        const result = await doctor();
        expect(result.stdout).not.toMatch(/FAIL|WARN/);
        expect(result.stdout).toContain("ok   CloudTrail: trail org-trail logs management events here");
        expect(result.stdout).toContain(`ok   target: the rule puts root events on the buffer queue ${NAMES.bufferQueue}`);
        expect(result.stdout).toMatch(new RegExp(`ok   buffer → function: the event source mapping \\S+ from ${NAMES.bufferQueue} to ${NAMES.function} is Enabled`));
        expect(result.stdout).toContain(`ok   subscriptions: ${EMAILS.length} confirmed subscription(s)`);
        expect(result.stdout).toContain(`ok   buffer age: no root event is waiting in ${NAMES.bufferQueue}`);
        expect(result.stdout).toContain("ok   dead-letter queue: empty");
        expect(result.stdout).toContain("ok   unprocessed queue: empty");
        expect(result.code).toBe(0);
      });

      it("fails on a disabled rule, a rule aimed past the buffer, a disabled mapping and events in either dead-letter queue, and says why", async () => {
        const sqs = inHome(SQSClient);
        const queueUrl = async (QueueName: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl;
        const bufferUrl = await queueUrl(NAMES.bufferQueue);
        // The mapping first: with it enabled, the emulator would run the function (in Docker, which this
        // machine lacks) for the message sent to the buffer below.
        const lambda = inHome(LambdaClient);
        const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: bufferUrl, AttributeNames: ["QueueArn"] }));
        const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: Attributes?.QueueArn }));
        expect(EventSourceMappings).toHaveLength(1);
        await lambda.send(new UpdateEventSourceMappingCommand({ UUID: EventSourceMappings[0].UUID, Enabled: false }));
        const events = inHome(EventBridgeClient);
        await events.send(new DisableRuleCommand({ Name: NAMES.rule }));
        // As an earlier version deployed it: straight to the function, which now reads only the buffer.
        const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: NAMES.function }));
        await events.send(new PutTargetsCommand({ Rule: NAMES.rule, Targets: [{ Id: "notify", Arn: Configuration?.FunctionArn }] }));
        await sqs.send(new SendMessageCommand({ QueueUrl: await queueUrl(NAMES.deadLetterQueue), MessageBody: "{}" }));
        await sqs.send(new SendMessageCommand({ QueueUrl: await queueUrl(NAMES.bufferDeadLetterQueue), MessageBody: "{}" }));
        await sqs.send(new SendMessageCommand({ QueueUrl: bufferUrl, MessageBody: "{}" }));

        const result = await doctor();

        expect(result.code).toBe(1);
        expect(result.stdout).toContain("FAIL rule: rule root-activity-monitor is DISABLED: root activity here is not routed to anyone");
        expect(result.stdout).toContain(`FAIL target: the rule does not target the buffer queue ${NAMES.bufferQueue} (it targets ${Configuration?.FunctionArn})`);
        expect(result.stdout).toContain(`FAIL buffer → function: the event source mapping ${EventSourceMappings[0].UUID} from ${NAMES.bufferQueue} to ${NAMES.function} is Disabled: root events wait in the buffer and nobody is told`);
        expect(result.stdout).toContain(`WARN buffer age: 1 root event(s) are waiting in ${NAMES.bufferQueue} and CloudWatch has no age for them yet`);
        expect(result.stdout).toContain(`FAIL dead-letter queue: 1 root event(s) the rule could not deliver are waiting in ${NAMES.deadLetterQueue}, and nobody was told of them`);
        expect(result.stdout).toContain(`FAIL unprocessed queue: 1 root event(s) the function failed on several times are waiting in ${NAMES.bufferDeadLetterQueue}, and nobody was told of them`);
        expect(result.stdout).toContain("5 problem(s) mean a root action would go unreported (us-east-1)");
      });

      it("fails when the buffer's oldest message has waited over the digest interval and 5 minutes more", async () => {
        // SQS publishes this metric itself; the emulator does not, so the test puts the datapoint SQS would.
        await inHome(CloudWatchClient).send(
          new PutMetricDataCommand({
            Namespace: "AWS/SQS",
            MetricData: [{ MetricName: "ApproximateAgeOfOldestMessage", Dimensions: [{ Name: "QueueName", Value: NAMES.bufferQueue }], Timestamp: new Date(Date.now() - 60_000), Value: 720, Unit: "Seconds" }],
          }),
        );
        const result = await doctor();
        expect(result.code).toBe(1);
        expect(result.stdout).toContain(`FAIL buffer age: the oldest root event in ${NAMES.bufferQueue} has waited 12 min 0 s (over 600 s): nobody has been told of it yet`);
        expect(result.stdout).toContain("6 problem(s) mean a root action would go unreported (us-east-1)");
      });
    });

    describe("npm run destroy", () => {
      const destroy = (args: string[]) => run("destroy", args, { ...settings(), CDKTF_OUTDIR: outDir() });
      const planDir = () => path.join(outDir(), "stacks", STACK_NAME);
      const inHome = <T>(Client: new (config: object) => T): T => client(Client, "us-east-1");
      const NAMES = resourceNames(SETTING_DEFAULTS, "us-east-1");

      it("without a terminal and without --auto-approve refuses at once, in one line, and removes nothing", async () => {
        const result = await destroy([]);
        expect({ code: result.code, stdout: result.stdout, stderr: result.stderr.trim().split("\n") }).toEqual({
          code: 2,
          stdout: "",
          stderr: ["npm run destroy needs a terminal to ask before it removes the deployment, and there is none here (CI, a pipe). Pass --auto-approve (npm run destroy -- --auto-approve)."],
        });
        expect(await findTopicArn(client(SNSClient, "us-east-1"), SETTING_DEFAULTS.topicName)).toBeDefined();
        expect(await stateObjects()).toEqual(["root-activity-monitor/terraform.tfstate"]);
      }, 120_000);

      // Issue 21, item 4: Ctrl-C there is a no ("Nothing removed.", exit 2), not "destroy failed: Aborted with Ctrl+C".
      it("in a terminal, says what it removes, asks, and removes nothing on Ctrl-C", async () => {
        const question = "Remove all of it? Only 'yes' goes on: ";
        // A terminal of its own: Python's pty (python3 runs the emulator too), answering once asked.
        const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
          const child = spawn("python3", ["-c", "import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)", TSX, "scripts/destroy.ts"], {
            cwd: PROJECT_ROOT,
            env: commandEnv({ ...settings(), CDKTF_OUTDIR: outDir() }),
          });
          let output = "";
          child.stdout.on("data", (chunk: Buffer) => {
            const asked = output.includes(question);
            output += chunk.toString();
            if (!asked && output.includes(question)) child.stdin.end("\x03");
          });
          child.once("error", reject);
          child.once("close", (code) => resolve({ code, output }));
        });
        expect(result.output).toContain(`npm run destroy removes the root activity monitor whose state is s3://${BUCKET}/root-activity-monitor/terraform.tfstate`);
        expect(result.output).toContain(question);
        expect(result.output).toContain("Nothing removed.");
        expect(result.code).toBe(2);
        expect(await findTopicArn(client(SNSClient, "us-east-1"), SETTING_DEFAULTS.topicName)).toBeDefined();
        // No lock held, and no destroy plan left to apply by mistake.
        expect(await stateObjects()).toEqual(["root-activity-monitor/terraform.tfstate"]);
        expect(existsSync(path.join(planDir(), "destroy.tfplan"))).toBe(false);
      }, 180_000);

      it("with --auto-approve says what it removes, removes all of it offline from the provider mirror, and keeps the state bucket", async () => {
        const result = await destroy(["--auto-approve"]);
        if (result.code !== 0) throw new Error(`npm run destroy exited with ${result.code}:\n${result.stdout}\n${result.stderr}`.slice(-8_000));
        const said = result.stdout.split("\n");
        expect(said[0]).toBe(`npm run destroy removes the root activity monitor whose state is s3://${BUCKET}/root-activity-monitor/terraform.tfstate (state Region us-east-1):`);
        expect(said[1]).toBe("  scope: account, regional delivery");
        expect(said[2]).toMatch(/^ {2}Regions: us-east-1 \(\d+ resources\)$/);
        expect(result.stdout).toContain(`It keeps the state bucket ${BUCKET} and its state file (left with no resources), which npm run bootstrap-state made.`);
        expect(result.stderr).not.toContain("Error acquiring the state lock");

        expect(await findTopicArn(inHome(SNSClient), SETTING_DEFAULTS.topicName)).toBeUndefined();
        const { Subscriptions = [] } = await inHome(SNSClient).send(new ListSubscriptionsCommand({}));
        expect(Subscriptions.filter((subscription) => EMAILS.includes(subscription.Endpoint ?? ""))).toEqual([]);
        const { Rules = [] } = await inHome(EventBridgeClient).send(new ListRulesCommand({ NamePrefix: SETTING_DEFAULTS.namePrefix }));
        expect(Rules).toEqual([]);
        const { Functions = [] } = await inHome(LambdaClient).send(new ListFunctionsCommand({}));
        expect(Functions.map((f) => f.FunctionName)).not.toContain(NAMES.function);
        const { QueueUrls = [] } = await inHome(SQSClient).send(new ListQueuesCommand({ QueueNamePrefix: SETTING_DEFAULTS.namePrefix }));
        expect(QueueUrls).toEqual([]);
        // The state bucket stays, with the state file and no lock; no destroy plan is left to apply by mistake.
        expect(await stateObjects()).toEqual(["root-activity-monitor/terraform.tfstate"]);
        expect(existsSync(path.join(planDir(), "destroy.tfplan"))).toBe(false);
      }, 300_000);

      it("run again, says there is nothing to remove", async () => {
        const result = await destroy(["--auto-approve"]);
        expect({ code: result.code, stdout: result.stdout.trim() }).toEqual({ code: 0, stdout: `Nothing to remove: the state s3://${BUCKET}/root-activity-monitor/terraform.tfstate holds no resources.` });
      }, 180_000);
    });
  });
});
