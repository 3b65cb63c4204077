/**
 * The whole chain with the real `terraform` binary against the local AWS emulator: apply to three
 * Regions, check what was created through the AWS API, re-plan (no drift), route events through the
 * deployed pattern, notify through the deployed topic, hold the state lock, destroy.
 */
import { DescribeRuleCommand, EventBridgeClient, ListEventBusesCommand, ListRulesCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetFunctionConfigurationCommand, GetFunctionEventInvokeConfigCommand, LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/event-pattern";
import { deployToEmulator, isolatedEnv, type EmulatorDeployment } from "../../scripts/lib/emulator-deployment";
import { SETTING_DEFAULTS } from "../../src/config";
import { HANDLER_CONTRACT, outputName, resourceNames } from "../../src/names";
import { PROJECT_ROOT } from "../../src/project-root";
import { invokeBundle } from "../../scripts/lib/invoke-bundle";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { createPatternProbe } from "../../scripts/lib/pattern-probe";
import { terraform } from "../../scripts/lib/terraform";
import { loadFixture } from "../helpers/fixtures";

const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const EMAILS = ["security@example.com", "oncall@example.com"];
/** What each Region's resources are called with the default settings, as the constructs name them. */
const namesIn = (region: string) => resourceNames(SETTING_DEFAULTS, region);

jest.setTimeout(180_000);

describe("deployed with Terraform to the emulator", () => {
  let moto: MotoServer;
  let workDir: string;
  let deployment: EmulatorDeployment;
  let outputs: Record<string, string>;
  let destroyed = false;
  const client = <T>(Client: new (config: object) => T, region: string): T =>
    new Client(emulatorClientConfig(moto.endpoint, region));

  beforeAll(async () => {
    moto = await startMotoServer();
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-e2e-"));
    deployment = await deployToEmulator({ endpoint: moto.endpoint, workDir, regions: REGIONS, emails: EMAILS });
    outputs = await deployment.outputs();
  });

  afterAll(async () => {
    try {
      if (deployment && !destroyed) await deployment.destroy();
    } finally {
      await moto?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    }
  });

  it.each(REGIONS)("created the rule in %s with the pattern and the all-management-events state, targeting the function", async (region) => {
    const events = client(EventBridgeClient, region);
    const rule = await events.send(new DescribeRuleCommand({ Name: namesIn(region).rule }));
    expect(JSON.parse(rule.EventPattern ?? "{}")).toEqual(ROOT_ACTIVITY_EVENT_PATTERN);
    expect(rule.State).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    expect(rule.Arn).toBe(outputs[outputName("rule_arn", region)]);
    const fn = await client(LambdaClient, region).send(new GetFunctionConfigurationCommand({ FunctionName: namesIn(region).function }));
    const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: namesIn(region).rule }));
    expect(Targets.map((target) => target.Arn)).toEqual([fn.FunctionArn]);
  });

  it.each(REGIONS)("created the function in %s with its runtime, timeout and topic", async (region) => {
    const fn = await client(LambdaClient, region).send(new GetFunctionConfigurationCommand({ FunctionName: namesIn(region).function }));
    expect(fn).toMatchObject({
      Runtime: "nodejs22.x",
      Timeout: 30,
      Handler: HANDLER_CONTRACT.entryPoint,
      Architectures: ["arm64"],
      Environment: { Variables: { [HANDLER_CONTRACT.topicArnEnv]: outputs[outputName("topic_arn", region)] } },
    });
    expect(fn.FunctionArn).toContain(`:${region}:`);
  });

  it.each(REGIONS)("created the topic in %s with one email subscription per address", async (region) => {
    const topicArn = outputs[outputName("topic_arn", region)];
    expect(topicArn).toBe(`arn:aws:sns:${region}:123456789012:${namesIn(region).topic}`);
    const { Subscriptions = [] } = await client(SNSClient, region).send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(Subscriptions.map((s) => [s.Protocol, s.Endpoint]).sort()).toEqual(EMAILS.map((email) => ["email", email]).sort());
  });

  const topicKeyArn = async (region: string) =>
    (await client(KMSClient, region).send(new DescribeKeyCommand({ KeyId: `alias/${namesIn(region).topicKeyAlias}` }))).KeyMetadata?.Arn;

  it.each(REGIONS)("gave the role in %s exactly its logs, its topic and key, and the alias lookup", async (region) => {
    const iam = client(IAMClient, region);
    const { PolicyDocument = "" } = await iam.send(new GetRolePolicyCommand({ RoleName: namesIn(region).role, PolicyName: "notify" }));
    const statements = JSON.parse(decodeURIComponent(PolicyDocument)).Statement;
    expect(statements).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${region}:123456789012:log-group:${namesIn(region).logGroup}:*`,
      },
      { Sid: "PublishToOwnTopic", Effect: "Allow", Action: "sns:Publish", Resource: outputs[outputName("topic_arn", region)] },
      { Sid: "EncryptForOwnTopic", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: await topicKeyArn(region) },
      { Sid: "ReadAccountAlias", Effect: "Allow", Action: "iam:ListAccountAliases", Resource: "*" },
    ]);
  });

  it.each(REGIONS)("encrypted the topic in %s with its own rotating key, behind a topic policy", async (region) => {
    const topicArn = outputs[outputName("topic_arn", region)];
    const { Attributes = {} } = await client(SNSClient, region).send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const keyArn = await topicKeyArn(region);
    expect(Attributes.KmsMasterKeyId).toBe(keyArn);
    const { KeyRotationEnabled } = await client(KMSClient, region).send(new GetKeyRotationStatusCommand({ KeyId: keyArn }));
    expect(KeyRotationEnabled).toBe(true);
    expect(JSON.parse(Attributes.Policy ?? "{}").Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["FunctionPublishes", "AlarmsPublish", "DenyInsecureTransport"]);
  });

  it.each(REGIONS)("set up the failure paths in %s: retries, dead-letter queue, on-failure destination", async (region) => {
    const topicArn = outputs[outputName("topic_arn", region)];
    const sqs = client(SQSClient, region);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: namesIn(region).deadLetterQueue }));
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
    expect(Attributes).toMatchObject({ MessageRetentionPeriod: "1209600", SqsManagedSseEnabled: "true" });
    expect(JSON.parse(Attributes.Policy ?? "{}").Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["RuleSendsUndeliverableEvents", "DenyInsecureTransport"]);

    const { Targets = [] } = await client(EventBridgeClient, region).send(new ListTargetsByRuleCommand({ Rule: namesIn(region).rule }));
    expect(Targets[0]).toMatchObject({ DeadLetterConfig: { Arn: Attributes.QueueArn }, RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 24 } });

    const invokeConfig = await client(LambdaClient, region).send(new GetFunctionEventInvokeConfigCommand({ FunctionName: namesIn(region).function }));
    expect(invokeConfig).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600, DestinationConfig: { OnFailure: { Destination: topicArn } } });
  });

  it.each(REGIONS)("created the six alarms in %s, each paging the topic", async (region) => {
    const topicArn = outputs[outputName("topic_arn", region)];
    const { MetricAlarms = [] } = await client(CloudWatchClient, region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: namesIn(region).alarmPrefix }));
    expect(MetricAlarms.map((alarm) => alarm.MetricName).sort()).toEqual(
      ["ApproximateNumberOfMessagesVisible", "DestinationDeliveryFailures", "Errors", "FailedInvocations", "InvocationsFailedToBeSentToDlq", "Throttles"],
    );
    for (const alarm of MetricAlarms) expect({ name: alarm.AlarmName, actions: alarm.AlarmActions }).toEqual({ name: alarm.AlarmName, actions: [topicArn] });
  });

  it("plans no changes after apply", async () => {
    const plan = await terraform(["plan", "-detailed-exitcode", "-input=false"], deployment.run);
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: "" });
  });

  /** `npm run plan` against the deployment, with settings that change it. */
  const runPlan = async (name: string, env: Record<string, string>) => {
    const outDir = path.join(workDir, name);
    const result = await promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["scripts/plan.ts"], {
      cwd: PROJECT_ROOT,
      env: {
        ...isolatedEnv(),
        ...EMULATOR_ENV,
        CDKTF_OUTDIR: outDir,
        ROOT_MONITOR_AWS_ENDPOINT: moto.endpoint,
        ROOT_MONITOR_STATE_BUCKET: deployment.stateBucket,
        // Drop ap-southeast-2, add sa-east-1, lengthen the timeout, rename the topic.
        ROOT_MONITOR_REGIONS: "us-east-1,eu-west-1,sa-east-1",
        ROOT_MONITOR_RETIRED_REGIONS: "ap-southeast-2",
        ROOT_MONITOR_EMAILS: EMAILS.join(","),
        ROOT_MONITOR_LAMBDA_TIMEOUT: "60",
        ROOT_MONITOR_TOPIC_NAME: "root-activity-alerts",
        ...env,
      },
    }).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (failed: { code: number; stdout: string; stderr: string }) => {
        if (failed.code !== 3) throw new Error(`npm run plan failed (${failed.code}): ${failed.stderr}`);
        return { code: failed.code, stdout: failed.stdout };
      },
    );
    return { ...result, markdown: readFileSync(path.join(outDir, "plan-summary.md"), "utf8") };
  };

  it("summarizes a plan that adds, changes, replaces and destroys, per Region, and refuses it", async () => {
    const plan = await runPlan("plan-refused", {});
    expect(plan.code).toBe(3);
    expect(plan.stdout).toBe(plan.markdown + "\n");
    const rows = Object.fromEntries(
      plan.markdown
        .split("\n")
        .filter((line) => /^\| [a-z]{2}-/.test(line))
        .map((line) => line.split("|").map((cell) => cell.trim()).filter(Boolean))
        .map(([region, ...counts]) => [region, counts.map(Number)]),
    );
    // [add, change, replace, destroy]
    expect(rows["sa-east-1"][0]).toBeGreaterThanOrEqual(19 + EMAILS.length);
    expect(rows["sa-east-1"].slice(1)).toEqual([0, 0, 0]);
    expect(rows["ap-southeast-2"]).toEqual([0, 0, 0, expect.any(Number)]);
    expect(rows["ap-southeast-2"][3]).toBeGreaterThanOrEqual(19 + EMAILS.length);
    for (const region of ["us-east-1", "eu-west-1"]) {
      expect(rows[region][1]).toBeGreaterThanOrEqual(1); // the function's timeout, the topic's dependents
      expect(rows[region][2]).toBeGreaterThanOrEqual(1); // the renamed topic
    }
    expect(plan.markdown).toMatch(/\*\*Replaced:\*\*\n(- `[^`]+`\n)*- `aws_sns_topic\.eu-west-1_Topic_[^`]+`/);
    expect(plan.markdown).toContain("- replaces aws_sns_topic.us-east-1_Topic_");
    expect(plan.markdown).toContain("- destroys aws_lambda_function.ap-southeast-2_Function_");
  });

  it("lets that plan through when destruction is explicitly allowed", async () => {
    const plan = await runPlan("plan-allowed", { ROOT_MONITOR_ALLOW_DESTRUCTIVE: "true" });
    expect(plan.code).toBe(0);
    expect(plan.markdown).toContain("**Blocked:**");
  });

  it.each(REGIONS)("routes exactly the root events through the pattern deployed in %s", async (region) => {
    const { EventPattern = "" } = await client(EventBridgeClient, region).send(new DescribeRuleCommand({ Name: namesIn(region).rule }));
    const probe = await createPatternProbe(moto.endpoint, region, EventPattern, `probe-${region}`);
    try {
      const events = ["root-api-call-create-volume", "root-console-sign-in-success", "root-invoked-by-service", "iam-user-api-call"] as const;
      const routed = await probe.route(events.map((name) => loadFixture(name)).map((event) => ({ "detail-type": event["detail-type"], detail: event.detail })));
      expect(routed).toEqual([true, true, false, false]);
    } finally {
      await probe.remove();
    }
    const { EventBuses = [] } = await client(EventBridgeClient, region).send(new ListEventBusesCommand({}));
    expect(EventBuses.map((bus) => bus.Name)).not.toContain(`probe-${region}`);
  });

  it("notifies through the deployed topic: the built handler's message reaches a subscriber", async () => {
    const region = "eu-west-1";
    const topicArn = outputs[outputName("topic_arn", region)];
    const sqs = client(SQSClient, region);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "e2e-subscriber" }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    await client(SNSClient, region).send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: Attributes?.QueueArn }));

    const invocation = await invokeBundle(loadFixture("root-console-sign-in-failure"), {
      ...EMULATOR_ENV,
      AWS_REGION: region,
      AWS_ENDPOINT_URL: moto.endpoint,
      [HANDLER_CONTRACT.topicArnEnv]: topicArn,
    });
    expect(invocation.result?.status).toBe("notified");

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    expect(Messages.map((message) => JSON.parse(message.Body ?? "{}").Subject)).toEqual([
      'Root console sign-in FAILED-"ConsoleLogin" detected in Account-"111122223333"',
    ]);
  });

  it("refuses a second plan while the first holds the state lock, and leaves the state intact", async () => {
    const s3 = client(S3Client, "us-east-1");
    const readState = async () =>
      (await s3.send(new GetObjectCommand({ Bucket: deployment.stateBucket, Key: deployment.stateKey }))).Body?.transformToString();
    const before = await readState();

    const first = terraform(["plan", "-input=false", "-lock=true"], deployment.run);
    const lockKey = `${deployment.stateKey}.tflock`;
    const lockHeld = async () =>
      ((await s3.send(new ListObjectsV2Command({ Bucket: deployment.stateBucket }))).Contents ?? []).some((object) => object.Key === lockKey);
    const deadline = Date.now() + 30_000;
    while (!(await lockHeld())) {
      if (Date.now() > deadline) throw new Error("the first plan never took the lock");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const second = await terraform(["plan", "-input=false", "-lock-timeout=0s"], deployment.run);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("Error acquiring the state lock");

    expect((await first).code).toBe(0);
    expect(await lockHeld()).toBe(false);
    expect(await readState()).toBe(before);
  });

  it("destroys everything it created, in every Region: rules, functions, topics, roles, queues, alarms", async () => {
    await deployment.destroy();
    destroyed = true;
    for (const region of REGIONS) {
      const { Rules = [] } = await client(EventBridgeClient, region).send(new ListRulesCommand({}));
      expect(Rules.map((rule) => rule.Name)).not.toContain(namesIn(region).rule);
      const { Functions = [] } = await client(LambdaClient, region).send(new ListFunctionsCommand({}));
      expect(Functions.map((fn) => fn.FunctionName)).not.toContain(namesIn(region).function);
      const { Topics = [] } = await client(SNSClient, region).send(new ListTopicsCommand({}));
      expect(Topics.map((topic) => topic.TopicArn)).not.toContain(outputs[outputName("topic_arn", region)]);
      await expect(client(IAMClient, region).send(new GetRoleCommand({ RoleName: namesIn(region).role }))).rejects.toMatchObject({
        name: expect.stringMatching(/^NoSuchEntity/),
      });
      const { QueueUrls = [] } = await client(SQSClient, region).send(new ListQueuesCommand({ QueueNamePrefix: SETTING_DEFAULTS.namePrefix }));
      expect(QueueUrls).toEqual([]);
      const { MetricAlarms = [] } = await client(CloudWatchClient, region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: namesIn(region).alarmPrefix }));
      expect(MetricAlarms).toEqual([]);
    }
  });
});
