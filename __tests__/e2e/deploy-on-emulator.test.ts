/**
 * The whole chain with the real `terraform` binary against the local AWS emulator: apply to two
 * Regions with a trail of its own (createTrail), check what was created through the AWS API, re-plan (no drift, and the state lock held
 * against a second plan), summarize a plan that changes much, route events through the deployed
 * pattern, send a burst of root activity through the deployed rule, buffer, table and topic (the
 * built function driven with the buffer's batches, as Lambda would), destroy.
 */
import { DescribeRuleCommand, EventBridgeClient, ListEventBusesCommand, ListRulesCommand, ListTargetsByRuleCommand, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, ListFunctionsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { checkTrail } from "../../handler/self-check/trail";
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/contract/event-pattern";
import { deployToEmulator, type EmulatorDeployment } from "../../emulator/emulator-deployment";
import { SETTING_DEFAULTS } from "../../src/settings/settings-schema";
import { HANDLER_CONTRACT, outputName, resourceNames } from "../../src/contract/names";
import { burstStoryProblems, runBurst, type BurstRun } from "../../emulator/burst-run";
import { rootSessionBurst } from "../../emulator/root-session-burst";
import { BUFFER_CONSUMPTION } from "../../src/delivery/notification-delivery";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { createPatternProbe } from "../../emulator/pattern-probe";
import { terraform, terraformOk } from "../../scripts/lib/terraform";
import { loadFixture } from "../helpers/fixtures";
import { runPlanCommand } from "../helpers/plan-command";
import { subscribeInbox, type TopicInbox } from "../helpers/topic-inbox";

const REGIONS = ["us-east-1", "eu-west-1"];
const EMAILS = ["security@example.com", "oncall@example.com"];
/** The trail createTrail makes lives in us-east-1, where root sign-ins are recorded; its bucket's name ends with the account id. */
const TRAIL = { region: "us-east-1", name: "root-activity-monitor-management-events", bucket: "root-activity-monitor-trail-123456789012" };
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
    deployment = await deployToEmulator({ endpoint: moto.endpoint, workDir, regions: REGIONS, emails: EMAILS, settings: { ROOT_MONITOR_CREATE_TRAIL: "true" } });
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

  const queueAttributes = async (region: string, queueName: string) => {
    const sqs = client(SQSClient, region);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }))).Attributes ?? {};
  };

  it.each(REGIONS)("created the rule in %s with the pattern and the all-management-events state, targeting the buffer queue", async (region) => {
    const events = client(EventBridgeClient, region);
    const rule = await events.send(new DescribeRuleCommand({ Name: namesIn(region).rule }));
    expect(JSON.parse(rule.EventPattern ?? "{}")).toEqual(ROOT_ACTIVITY_EVENT_PATTERN);
    expect(rule.State).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    expect(rule.Arn).toBe(outputs[outputName("rule_arn", region)]);
    const buffer = await queueAttributes(region, namesIn(region).bufferQueue);
    const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: namesIn(region).rule }));
    expect(Targets.map((target) => target.Arn)).toEqual([buffer.QueueArn]);
  });

  it.each(REGIONS)("feeds the function in %s from the buffer, in bounded batches that report failures one by one", async (region) => {
    const buffer = await queueAttributes(region, namesIn(region).bufferQueue);
    // By the queue: the emulator finds mappings by function only under the exact name they were made with (an ARN).
    const { EventSourceMappings = [] } = await client(LambdaClient, region).send(new ListEventSourceMappingsCommand({ EventSourceArn: buffer.QueueArn }));
    expect(EventSourceMappings).toEqual([
      expect.objectContaining({
        EventSourceArn: buffer.QueueArn,
        BatchSize: BUFFER_CONSUMPTION.batchSize,
        MaximumBatchingWindowInSeconds: BUFFER_CONSUMPTION.maximumBatchingWindowSeconds,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      }),
    ]);
    const unprocessed = await queueAttributes(region, namesIn(region).bufferDeadLetterQueue);
    expect(JSON.parse(buffer.RedrivePolicy ?? "{}")).toMatchObject({ deadLetterTargetArn: unprocessed.QueueArn });
    // No queue may name the buffer as its dead-letter queue; only the buffer may name the unprocessed queue.
    expect(JSON.parse(buffer.RedriveAllowPolicy ?? "{}")).toEqual({ redrivePermission: "denyAll" });
    expect(JSON.parse(unprocessed.RedriveAllowPolicy ?? "{}")).toEqual({ redrivePermission: "byQueue", sourceQueueArns: [buffer.QueueArn] });
    expect(buffer).toMatchObject({ SqsManagedSseEnabled: "true", VisibilityTimeout: String(6 * 30 + BUFFER_CONSUMPTION.maximumBatchingWindowSeconds) });
    expect(JSON.parse(buffer.Policy ?? "{}").Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      "RulesSendRootEvents",
      "ScheduleStartsSelfCheck",
      // Only the monitor writes its own stream (monitor-only-access.ts).
      "OnlyTheFunctionConsumes",
      "OnlyTheMonitorAndOperatorsSend",
      "NobodyPurges",
      "DenyInsecureTransport",
    ]);
  });

  it.each(REGIONS)("keeps sessions in %s in an encrypted on-demand table whose items expire", async (region) => {
    const dynamodb = client(DynamoDBClient, region);
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: outputs[outputName("session_table_name", region)] }));
    expect(Table).toMatchObject({ TableName: namesIn(region).sessionTable, BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" } });
    const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: namesIn(region).sessionTable }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: "expiresAt", TimeToLiveStatus: "ENABLED" });
  });

  it.each(REGIONS)("created the function in %s with its runtime, timeout, topic, table, buffer and intervals", async (region) => {
    const fn = await client(LambdaClient, region).send(new GetFunctionConfigurationCommand({ FunctionName: namesIn(region).function }));
    expect(fn).toMatchObject({
      Runtime: "nodejs22.x",
      Timeout: 30,
      Handler: HANDLER_CONTRACT.entryPoint,
      Architectures: ["arm64"],
      Environment: {
        Variables: {
          [HANDLER_CONTRACT.topicArnEnv]: outputs[outputName("topic_arn", region)],
          [HANDLER_CONTRACT.env.sessionTable]: namesIn(region).sessionTable,
          [HANDLER_CONTRACT.env.bufferQueueUrl]: outputs[outputName("buffer_queue_url", region)],
          [HANDLER_CONTRACT.env.digestIntervalSeconds]: String(SETTING_DEFAULTS.digestIntervalSeconds),
          [HANDLER_CONTRACT.env.sessionQuietSeconds]: String(SETTING_DEFAULTS.sessionQuietSeconds),
        },
      },
    });
    expect(JSON.parse(fn.Environment?.Variables?.[HANDLER_CONTRACT.env.selfCheck] ?? "{}")).toMatchObject({
      schedule: outputs[outputName("self_check_schedule_arn", region)],
      account: "123456789012",
      regions: [region],
      rule: { name: namesIn(region).rule, target: `arn:aws:sqs:${region}:123456789012:${namesIn(region).bufferQueue}`, deadLetterQueue: namesIn(region).deadLetterQueue },
      delivery: { region, topic: outputs[outputName("topic_arn", region)], unprocessed: namesIn(region).bufferDeadLetterQueue },
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

  it.each(REGIONS)("gave the role in %s exactly its logs, its buffer, its table, its topic and key, the alias lookup and the self-check's reads", async (region) => {
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
      {
        Sid: "ConsumeOwnBuffer",
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:SendMessage"],
        Resource: `arn:aws:sqs:${region}:123456789012:${namesIn(region).bufferQueue}`,
      },
      {
        Sid: "KeepOwnSessions",
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchWriteItem"],
        Resource: `arn:aws:dynamodb:${region}:123456789012:table/${namesIn(region).sessionTable}`,
      },
      { Sid: "PublishToOwnTopic", Effect: "Allow", Action: "sns:Publish", Resource: outputs[outputName("topic_arn", region)] },
      { Sid: "EncryptForOwnTopic", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: await topicKeyArn(region) },
      { Sid: "ReadAccountAlias", Effect: "Allow", Action: "iam:ListAccountAliases", Resource: "*" },
      { Sid: "SelfCheckReadsRules", Effect: "Allow", Action: ["events:DescribeRule", "events:ListTargetsByRule"], Resource: outputs[outputName("rule_arn", region)] },
      {
        Sid: "SelfCheckReadsDeadLetterQueues",
        Effect: "Allow",
        Action: ["sqs:GetQueueUrl", "sqs:GetQueueAttributes"],
        Resource: [`arn:aws:sqs:${region}:123456789012:${namesIn(region).deadLetterQueue}`, `arn:aws:sqs:${region}:123456789012:${namesIn(region).bufferDeadLetterQueue}`],
      },
      { Sid: "SelfCheckReadsSubscriptions", Effect: "Allow", Action: "sns:ListSubscriptionsByTopic", Resource: outputs[outputName("topic_arn", region)] },
      { Sid: "SelfCheckReadsTrails", Effect: "Allow", Action: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"], Resource: "*" },
    ]);
  });

  it.each(REGIONS)("encrypted the topic in %s with its own rotating key, behind a topic policy", async (region) => {
    const topicArn = outputs[outputName("topic_arn", region)];
    const { Attributes = {} } = await client(SNSClient, region).send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const keyArn = await topicKeyArn(region);
    expect(Attributes.KmsMasterKeyId).toBe(keyArn);
    const { KeyRotationEnabled } = await client(KMSClient, region).send(new GetKeyRotationStatusCommand({ KeyId: keyArn }));
    expect(KeyRotationEnabled).toBe(true);
    expect(JSON.parse(Attributes.Policy ?? "{}").Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["FunctionPublishes", "AlarmsPublish", "TamperRulePublishes", "OnlyTheMonitorPublishes", "DenyInsecureTransport"]);
  });

  it.each(REGIONS)("set up the rule's failure path in %s: retries, then its own dead-letter queue", async (region) => {
    const Attributes = await queueAttributes(region, namesIn(region).deadLetterQueue);
    expect(Attributes).toMatchObject({ MessageRetentionPeriod: "1209600", SqsManagedSseEnabled: "true" });
    expect(JSON.parse(Attributes.Policy ?? "{}").Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["RuleSendsUndeliverableEvents", "NobodySendsByHand", "DenyInsecureTransport"]);
    expect(JSON.parse(Attributes.RedriveAllowPolicy ?? "{}")).toEqual({ redrivePermission: "denyAll" });

    const { Targets = [] } = await client(EventBridgeClient, region).send(new ListTargetsByRuleCommand({ Rule: namesIn(region).rule }));
    expect(Targets[0]).toMatchObject({ DeadLetterConfig: { Arn: Attributes.QueueArn }, RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 24 } });
  });

  it.each(REGIONS)("created the nine alarms in %s, each paging the topic", async (region) => {
    const topicArn = outputs[outputName("topic_arn", region)];
    const { MetricAlarms = [] } = await client(CloudWatchClient, region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: namesIn(region).alarmPrefix }));
    expect(MetricAlarms.map((alarm) => alarm.MetricName).sort()).toEqual(
      ["ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesVisible", "Errors", "FailedInvocations", "InvocationsFailedToBeSentToDlq", "NumberOfMessagesDeleted", "SelfCheckRuns", "Throttles"],
    );
    for (const alarm of MetricAlarms) expect({ name: alarm.AlarmName, actions: alarm.AlarmActions }).toEqual({ name: alarm.AlarmName, actions: [topicArn] });
  });

  it("created a logging multi-Region trail of read and write management events, in a private, encrypted, versioned bucket", async () => {
    const cloudtrail = client(CloudTrailClient, TRAIL.region);
    const { Trail } = await cloudtrail.send(new GetTrailCommand({ Name: TRAIL.name }));
    expect(Trail).toMatchObject({ S3BucketName: TRAIL.bucket, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true });
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: TRAIL.name }))).IsLogging).toBe(true);
    const { EventSelectors } = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: TRAIL.name }));
    expect(EventSelectors).toEqual([expect.objectContaining({ ReadWriteType: "All", IncludeManagementEvents: true })]);
    // Multi-Region: the other Region sees it too, homed in us-east-1.
    const { trailList = [] } = await client(CloudTrailClient, "eu-west-1").send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    expect(trailList.map((trail) => [trail.Name, trail.HomeRegion])).toEqual([[TRAIL.name, TRAIL.region]]);
    // What doctor and the daily self-check conclude (their remedy for a blind Region is "or set createTrail").
    for (const region of REGIONS) {
      expect(await checkTrail(region, (home) => client(CloudTrailClient, home))).toEqual({
        region,
        check: "CloudTrail",
        level: "ok",
        message: `trail ${TRAIL.name} logs management events here`,
      });
    }

    const s3 = client(S3Client, TRAIL.region);
    const { PublicAccessBlockConfiguration } = await s3.send(new GetPublicAccessBlockCommand({ Bucket: TRAIL.bucket }));
    expect(PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const { ServerSideEncryptionConfiguration } = await s3.send(new GetBucketEncryptionCommand({ Bucket: TRAIL.bucket }));
    expect(ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe("AES256");
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: TRAIL.bucket }))).Status).toBe("Enabled");
    const { Policy = "{}" } = await s3.send(new GetBucketPolicyCommand({ Bucket: TRAIL.bucket }));
    const statements = JSON.parse(Policy).Statement as Array<{ Effect: string; Principal: unknown; Action: string | string[] }>;
    // Only CloudTrail is let in (to check the bucket's ACL and write logs); nothing is allowed to anyone else.
    expect(statements.filter((statement) => statement.Effect === "Allow").map((statement) => statement.Principal)).toEqual([
      { Service: "cloudtrail.amazonaws.com" },
      { Service: "cloudtrail.amazonaws.com" },
    ]);
  });

  it("plans no changes after apply, but the emulator's respacing of each buffer's redrive policy; a second plan meanwhile is refused the state lock, and the state is left intact", async () => {
    const s3 = client(S3Client, "us-east-1");
    const readState = async () =>
      (await s3.send(new GetObjectCommand({ Bucket: deployment.stateBucket, Key: deployment.stateKey }))).Body?.transformToString();
    const before = await readState();

    // One plan serves both checks: each plan costs half a minute of the suite's budget.
    // The emulator writes a queue's RedrivePolicy back as Python spaces it (`{"a": 1}`); AWS writes it
    // as it was sent, compactly, and the provider compares the text. Every other attribute must be unchanged.
    const first = terraform(["plan", "-input=false", "-lock=true", "-out=drift.tfplan"], deployment.run);
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

    const { resource_changes = [] } = JSON.parse((await terraformOk(["show", "-json", "drift.tfplan"], deployment.run)).stdout) as {
      resource_changes?: Array<{ address: string; change: { actions: string[]; before: Record<string, unknown>; after: Record<string, unknown> } }>;
    };
    const changed = resource_changes.filter((rc) => !rc.change.actions.every((action) => action === "no-op" || action === "read"));
    const sameJson = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
    const differences = changed.map((rc) => ({
      address: rc.address,
      actions: rc.change.actions,
      attributes: Object.keys({ ...rc.change.before, ...rc.change.after }).filter((key) => JSON.stringify(rc.change.before?.[key]) !== JSON.stringify(rc.change.after?.[key])),
    }));
    // The trail, its bucket and the bucket's settings included: nothing of them drifts.
    expect(differences).toEqual(REGIONS.map(() => ({ address: expect.stringMatching(/^aws_sqs_queue\.[a-z0-9-]+_Buffer_Queue_/), actions: ["update"], attributes: ["redrive_policy"] })));
    for (const rc of changed) expect(sameJson(rc.change.before.redrive_policy, rc.change.after.redrive_policy)).toBe(true);
  });

  /** `npm run plan` against the deployment, with settings that change it (and without createTrail, which removes the trail). */
  const runPlan = (name: string, env: Record<string, string>) =>
    runPlanCommand(path.join(workDir, name), moto.endpoint, {
      ROOT_MONITOR_STATE_BUCKET: deployment.stateBucket,
      // Drop eu-west-1, add sa-east-1, lengthen the timeout, rename the topic.
      ROOT_MONITOR_REGIONS: "us-east-1,sa-east-1",
      ROOT_MONITOR_RETIRED_REGIONS: "eu-west-1",
      ROOT_MONITOR_EMAILS: EMAILS.join(","),
      ROOT_MONITOR_LAMBDA_TIMEOUT: "60",
      ROOT_MONITOR_TOPIC_NAME: "root-activity-alerts",
      ...env,
    });

  // Refusing such a plan (exit 3) is operator-commands.test.ts's; here the plan is let through, and summarized.
  it("summarizes a plan that adds, changes, replaces and destroys, per Region (never an unknown one), and lets it through when destruction is explicitly allowed", async () => {
    const plan = await runPlan("plan-allowed", { ROOT_MONITOR_ALLOW_DESTRUCTIVE: "true" });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toBe(plan.markdown + "\n");
    // Every row of the table: the lines after its header and separator, up to the first blank line.
    const table = plan.markdown.split("| Region | add | change | replace | destroy |\n|---|---:|---:|---:|---:|\n")[1].split("\n\n")[0].split("\n").filter(Boolean);
    const rows = Object.fromEntries(
      table.map((line) => line.split("|").map((cell) => cell.trim()).filter(Boolean)).map(([region, ...counts]) => [region, counts.map(Number)]),
    );
    // [add, change, replace, destroy]
    // A Region's delivery (21 resources, its self-check's schedule and target, the two alarms on its silence and
    // the table's resource policy included), its rule (6) and tamper rule (3: the rule, its buffer and its direct
    // topic target), and one subscription per address.
    const PER_REGION = 30 + EMAILS.length;
    expect(Object.keys(rows).sort()).toEqual(["eu-west-1", "sa-east-1", "us-east-1"]);
    expect(rows["sa-east-1"]).toEqual([PER_REGION, 0, 0, 0]);
    expect(rows["eu-west-1"]).toEqual([0, 0, 0, PER_REGION]);
    expect(rows["us-east-1"][1]).toBeGreaterThanOrEqual(1); // the function's timeout, the topic's dependents
    expect(rows["us-east-1"][2]).toBeGreaterThanOrEqual(1); // the renamed topic
    // The trail, its bucket and the bucket's policy, public access block, encryption and versioning.
    expect(rows["us-east-1"][3]).toBe(6);
    expect(plan.markdown).toMatch(/\*\*Replaced:\*\*\n(- `[^`]+`\n)*- `aws_sns_topic\.us-east-1_Topic_[^`]+`/);
    expect(plan.markdown).toContain("- replaces aws_sns_topic.us-east-1_Topic_");
    expect(plan.markdown).toContain("- destroys aws_lambda_function.eu-west-1_Function_");
    expect(plan.markdown).toContain("- destroys aws_cloudtrail.management-trail_Trail_");
    expect(plan.markdown).toContain("- destroys aws_s3_bucket.management-trail_Bucket_");
    expect(plan.markdown).toContain("- destroys aws_kms_key.eu-west-1_TopicKey_");
    expect(plan.markdown).toContain("**Blocked:**");
  });

  // Issue 21, item 6: Terraform prints one "Provider configuration not present" block per resource of the
  // dropped Region (here 33); the one line that says what to do comes alone.
  it("tells a Region dropped from regions, without retiredRegions, in one line naming the setting, and none of Terraform's text", async () => {
    const failure = await runPlan("plan-not-retired", { ROOT_MONITOR_RETIRED_REGIONS: "" }).then(
      () => "npm run plan succeeded",
      (error: Error) => error.message,
    );
    const told = failure
      .replace(/^npm run plan failed \(\d+\): /, "")
      .split("\n")
      .filter((line) => line.trim() !== "" && !/^\[\s*[\d.]+s\] /.test(line));
    expect(told).toEqual([
      'plan failed: a Region was removed from "regions" while it still has resources (eu-west-1): set ROOT_MONITOR_RETIRED_REGIONS=eu-west-1 (or retiredRegions in cdktf.json) for the plan and apply that destroy them, then clear it.',
    ]);
  });

  it.each(REGIONS)("routes exactly the root events through the pattern deployed in %s", async (region) => {
    const { EventPattern = "" } = await client(EventBridgeClient, region).send(new DescribeRuleCommand({ Name: namesIn(region).rule }));
    const probe = await createPatternProbe(moto.endpoint, region, EventPattern, `probe-${region}`);
    try {
      const events = ["root-api-call-create-volume", "root-console-sign-in-success", "root-invoked-by-service", "iam-user-api-call"] as const;
      const routed = await probe.route(events.map((name) => loadFixture(name)).map((event) => ({ source: event.source, "detail-type": event["detail-type"], detail: event.detail })));
      expect(routed).toEqual([true, true, false, false]);
    } finally {
      await probe.remove();
    }
    const { EventBuses = [] } = await client(EventBridgeClient, region).send(new ListEventBusesCommand({}));
    expect(EventBuses.map((bus) => bus.Name)).not.toContain(`probe-${region}`);
  });

  describe("a burst of root activity through the deployed rule, buffer, table and topic", () => {
    const region = "eu-west-1";
    // The 1,000-event burst runs against a delivery of its own (burst-on-emulator.test.ts); here a
    // smaller one proves the deployed rule, buffer, table and topic carry it the same way.
    const BURST = { events: 120, sessions: 3, critical: 2 };
    let inbox: TopicInbox;
    let env: Record<string, string>;
    let burst: Array<Record<string, any>>;

    /** Everything the topic delivered to the inbox subscriber so far. */
    const delivered = () => inbox.delivered();

    /** Puts the events on the Region's default bus, where CloudTrail would, ten at a time. */
    async function putOnDefaultBus(events: Array<Record<string, any>>): Promise<void> {
      const bus = client(EventBridgeClient, region);
      const calls = Array.from({ length: Math.ceil(events.length / 10) }, (_, call) => events.slice(call * 10, call * 10 + 10));
      // Several calls at a time, as CloudTrail's deliveries from many API calls overlap.
      for (let start = 0; start < calls.length; start += 8) {
        const results = await Promise.all(
          calls.slice(start, start + 8).map((entries) =>
            bus.send(new PutEventsCommand({ Entries: entries.map((event) => ({ Source: event.source, DetailType: event["detail-type"], Detail: JSON.stringify(event.detail), Time: new Date(event.time) })) })),
          ),
        );
        for (const { FailedEntryCount } of results) expect(FailedEntryCount).toBe(0);
      }
    }

    const burstThroughTheRule = (events: Array<Record<string, any>>) =>
      runBurst({
        sqs: client(SQSClient, region),
        region,
        bufferQueueUrl: outputs[outputName("buffer_queue_url", region)],
        bufferQueueArn: `arn:aws:sqs:${region}:123456789012:${namesIn(region).bufferQueue}`,
        env,
        send: () => putOnDefaultBus(events),
        delivered,
      });

    beforeAll(async () => {
      // The emulator cannot run the function; it would try Docker for every message. The test is the mapping.
      const lambda = client(LambdaClient, region);
      const bufferArn = `arn:aws:sqs:${region}:123456789012:${namesIn(region).bufferQueue}`;
      const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: bufferArn }));
      expect(EventSourceMappings).toHaveLength(1);
      for (const mapping of EventSourceMappings) await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: false }));
      // The self-check's plan as the deployment wrote it: the function needs it at cold start.
      const { Environment } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: namesIn(region).function }));

      inbox = await subscribeInbox({ sqs: client(SQSClient, region), sns: client(SNSClient, region) }, outputs[outputName("topic_arn", region)], "e2e-inbox");
      env = {
        ...EMULATOR_ENV,
        AWS_REGION: region,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_LAMBDA_FUNCTION_NAME: namesIn(region).function,
        [HANDLER_CONTRACT.topicArnEnv]: outputs[outputName("topic_arn", region)],
        [HANDLER_CONTRACT.env.sessionTable]: outputs[outputName("session_table_name", region)],
        [HANDLER_CONTRACT.env.bufferQueueUrl]: outputs[outputName("buffer_queue_url", region)],
        // The deployed function waits minutes between digests; the same code, driven here, waits
        // seconds (a session stays open longer than the emulator takes for a batch).
        [HANDLER_CONTRACT.env.digestIntervalSeconds]: "5",
        [HANDLER_CONTRACT.env.sessionQuietSeconds]: "20",
        [HANDLER_CONTRACT.env.selfCheck]: Environment?.Variables?.[HANDLER_CONTRACT.env.selfCheck] ?? "",
      };
      burst = rootSessionBurst({ account: "123456789012", ...BURST, start: new Date(), regions: [region] });
    });

    let first: BurstRun;

    it("tells 120 root events from 3 sessions as one alert per session, 2 critical alerts and digests, never more than one publish a second", async () => {
      first = await burstThroughTheRule(burst);
      expect(burstStoryProblems(first, BURST)).toEqual([]);
      expect(first.peakPerSecond).toBeLessThanOrEqual(5);
      expect(first.averagePerSecond).toBeLessThanOrEqual(1);
    }, 300_000);

    it("covers every event id exactly once", () => {
      const covered = first.messages.flatMap((m) => m.message.eventIds);
      expect(covered.length).toBe(BURST.events);
      expect(new Set(covered)).toEqual(new Set(burst.map((event) => event.detail.eventID)));
    });
  });

  it("destroys everything it created, in every Region: rules, functions, topics, roles, queues, alarms, and the trail with its bucket", async () => {
    await deployment.destroy();
    destroyed = true;
    const { trailList = [] } = await client(CloudTrailClient, TRAIL.region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    expect(trailList.map((trail) => trail.Name)).not.toContain(TRAIL.name);
    // The emulator's trail delivers no logs, so its bucket is empty and goes. On AWS it holds the
    // account's logs, and Terraform refuses to delete a bucket that is not empty (README: createTrail).
    const { Buckets = [] } = await client(S3Client, TRAIL.region).send(new ListBucketsCommand({}));
    expect(Buckets.map((bucket) => bucket.Name)).not.toContain(TRAIL.bucket);
    for (const region of REGIONS) {
      const { Rules = [] } = await client(EventBridgeClient, region).send(new ListRulesCommand({}));
      expect(Rules.map((rule) => rule.Name)).not.toContain(namesIn(region).rule);
      expect(Rules.map((rule) => rule.Name)).not.toContain(namesIn(region).selfCheckSchedule);
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
