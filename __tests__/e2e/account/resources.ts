/**
 * What the account deployment created, read through the AWS API in each Region: the rule and its
 * target, the buffer and the function's mapping, the table, the function, the topic and its key, the
 * role's exact permissions, the failure path, the alarms, and the trail createTrail made.
 */
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { GetRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { checkTrail } from "../../../handler/self-check/trail";
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../../src/contract/event-pattern";
import { SETTING_DEFAULTS } from "../../../src/settings/settings-schema";
import { HANDLER_CONTRACT, outputName } from "../../../src/contract/names";
import { BUFFER_CONSUMPTION } from "../../../src/delivery/notification-delivery";
import { clientOf, EMAILS, namesIn, REGIONS, TRAIL, type AccountDeployment } from "./deployment";

/** A queue's attributes, found by name. */
async function queueAttributes(d: AccountDeployment, region: string, queueName: string) {
  const sqs = clientOf(d, SQSClient, region);
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }))).Attributes ?? {};
}

/** The ARN of the Region's topic key, by its alias. */
const topicKeyArn = async (d: AccountDeployment, region: string) =>
  (await clientOf(d, KMSClient, region).send(new DescribeKeyCommand({ KeyId: `alias/${namesIn(region).topicKeyAlias}` }))).KeyMetadata?.Arn;

export function describeResources(d: AccountDeployment): void {
  describeRuleAndBuffer(d);
  describeFunctionAndTopic(d);
  describeRole(d);
  describeFailurePathAndTrail(d);
}

/** The rule, its target the buffer, the function's mapping from it, and the session table. */
function describeRuleAndBuffer(d: AccountDeployment): void {
  const client = <T>(Client: new (config: object) => T, region: string): T => clientOf(d, Client, region);


  it.each(REGIONS)("created the rule in %s with the pattern and the all-management-events state, targeting the buffer queue", async (region) => {
    const events = client(EventBridgeClient, region);
    const rule = await events.send(new DescribeRuleCommand({ Name: namesIn(region).rule }));
    expect(JSON.parse(rule.EventPattern ?? "{}")).toEqual(ROOT_ACTIVITY_EVENT_PATTERN);
    expect(rule.State).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    expect(rule.Arn).toBe(d.outputs[outputName("rule_arn", region)]);
    const buffer = await queueAttributes(d, region, namesIn(region).bufferQueue);
    const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: namesIn(region).rule }));
    expect(Targets.map((target) => target.Arn)).toEqual([buffer.QueueArn]);
  });

  it.each(REGIONS)("feeds the function in %s from the buffer, in bounded batches that report failures one by one", async (region) => {
    const buffer = await queueAttributes(d, region, namesIn(region).bufferQueue);
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
    const unprocessed = await queueAttributes(d, region, namesIn(region).bufferDeadLetterQueue);
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
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: d.outputs[outputName("session_table_name", region)] }));
    expect(Table).toMatchObject({ TableName: namesIn(region).sessionTable, BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" } });
    const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: namesIn(region).sessionTable }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: "expiresAt", TimeToLiveStatus: "ENABLED" });
  });
}

/** The function and its environment, the topic, its subscriptions and its key. */
function describeFunctionAndTopic(d: AccountDeployment): void {
  const client = <T>(Client: new (config: object) => T, region: string): T => clientOf(d, Client, region);

  it.each(REGIONS)("created the function in %s with its runtime, timeout, topic, table, buffer and intervals", async (region) => {
    const fn = await client(LambdaClient, region).send(new GetFunctionConfigurationCommand({ FunctionName: namesIn(region).function }));
    expect(fn).toMatchObject({
      Runtime: "nodejs22.x",
      Timeout: 30,
      Handler: HANDLER_CONTRACT.entryPoint,
      Architectures: ["arm64"],
      Environment: {
        Variables: {
          [HANDLER_CONTRACT.topicArnEnv]: d.outputs[outputName("topic_arn", region)],
          [HANDLER_CONTRACT.env.sessionTable]: namesIn(region).sessionTable,
          [HANDLER_CONTRACT.env.bufferQueueUrl]: d.outputs[outputName("buffer_queue_url", region)],
          [HANDLER_CONTRACT.env.digestIntervalSeconds]: String(SETTING_DEFAULTS.digestIntervalSeconds),
          [HANDLER_CONTRACT.env.sessionQuietSeconds]: String(SETTING_DEFAULTS.sessionQuietSeconds),
        },
      },
    });
    expect(JSON.parse(fn.Environment?.Variables?.[HANDLER_CONTRACT.env.selfCheck] ?? "{}")).toMatchObject({
      schedule: d.outputs[outputName("self_check_schedule_arn", region)],
      account: "123456789012",
      regions: [region],
      rule: { name: namesIn(region).rule, target: `arn:aws:sqs:${region}:123456789012:${namesIn(region).bufferQueue}`, deadLetterQueue: namesIn(region).deadLetterQueue },
      delivery: { region, topic: d.outputs[outputName("topic_arn", region)], unprocessed: namesIn(region).bufferDeadLetterQueue },
    });
    expect(fn.FunctionArn).toContain(`:${region}:`);
  });

  it.each(REGIONS)("created the topic in %s with one email subscription per address", async (region) => {
    const topicArn = d.outputs[outputName("topic_arn", region)];
    expect(topicArn).toBe(`arn:aws:sns:${region}:123456789012:${namesIn(region).topic}`);
    const { Subscriptions = [] } = await client(SNSClient, region).send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(Subscriptions.map((s) => [s.Protocol, s.Endpoint]).sort()).toEqual(EMAILS.map((email) => ["email", email]).sort());
  });

  it.each(REGIONS)("encrypted the topic in %s with its own rotating key, behind a topic policy", async (region) => {
    const topicArn = d.outputs[outputName("topic_arn", region)];
    const { Attributes = {} } = await client(SNSClient, region).send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const keyArn = await topicKeyArn(d, region);
    expect(Attributes.KmsMasterKeyId).toBe(keyArn);
    const { KeyRotationEnabled } = await client(KMSClient, region).send(new GetKeyRotationStatusCommand({ KeyId: keyArn }));
    expect(KeyRotationEnabled).toBe(true);
    expect(JSON.parse(Attributes.Policy ?? "{}").Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["FunctionPublishes", "AlarmsPublish", "TamperRulePublishes", "OnlyTheMonitorPublishes", "DenyInsecureTransport"]);
  });
}

/** The function's role: exactly its own resources and the self-check's reads. */
function describeRole(d: AccountDeployment): void {
  const client = <T>(Client: new (config: object) => T, region: string): T => clientOf(d, Client, region);

  it.each(REGIONS)("gave the role in %s exactly its logs, its buffer, its table, its topic and key, the alias lookup, the root posture and the self-check's reads", async (region) => {
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
      { Sid: "PublishToOwnTopic", Effect: "Allow", Action: "sns:Publish", Resource: d.outputs[outputName("topic_arn", region)] },
      { Sid: "EncryptForOwnTopic", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: await topicKeyArn(d, region) },
      { Sid: "ReadAccountAlias", Effect: "Allow", Action: "iam:ListAccountAliases", Resource: "*" },
      { Sid: "ReadRootPosture", Effect: "Allow", Action: "iam:GetAccountSummary", Resource: "*" },
      { Sid: "SelfCheckReadsRules", Effect: "Allow", Action: ["events:DescribeRule", "events:ListTargetsByRule"], Resource: d.outputs[outputName("rule_arn", region)] },
      {
        Sid: "SelfCheckReadsDeadLetterQueues",
        Effect: "Allow",
        Action: ["sqs:GetQueueUrl", "sqs:GetQueueAttributes"],
        Resource: [`arn:aws:sqs:${region}:123456789012:${namesIn(region).deadLetterQueue}`, `arn:aws:sqs:${region}:123456789012:${namesIn(region).bufferDeadLetterQueue}`],
      },
      { Sid: "SelfCheckReadsSubscriptions", Effect: "Allow", Action: "sns:ListSubscriptionsByTopic", Resource: d.outputs[outputName("topic_arn", region)] },
      { Sid: "SelfCheckReadsTrails", Effect: "Allow", Action: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"], Resource: "*" },
    ]);
  });
}

/** The rule's retries and dead-letter queue, the alarms, and the trail with its bucket. */
function describeFailurePathAndTrail(d: AccountDeployment): void {
  const client = <T>(Client: new (config: object) => T, region: string): T => clientOf(d, Client, region);

  it.each(REGIONS)("set up the rule's failure path in %s: retries, then its own dead-letter queue", async (region) => {
    const Attributes = await queueAttributes(d, region, namesIn(region).deadLetterQueue);
    expect(Attributes).toMatchObject({ MessageRetentionPeriod: "1209600", SqsManagedSseEnabled: "true" });
    expect(JSON.parse(Attributes.Policy ?? "{}").Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["RuleSendsUndeliverableEvents", "NobodySendsByHand", "DenyInsecureTransport"]);
    expect(JSON.parse(Attributes.RedriveAllowPolicy ?? "{}")).toEqual({ redrivePermission: "denyAll" });

    const { Targets = [] } = await client(EventBridgeClient, region).send(new ListTargetsByRuleCommand({ Rule: namesIn(region).rule }));
    expect(Targets[0]).toMatchObject({ DeadLetterConfig: { Arn: Attributes.QueueArn }, RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 24 } });
  });

  it.each(REGIONS)("created the nine alarms in %s, each paging the topic", async (region) => {
    const topicArn = d.outputs[outputName("topic_arn", region)];
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
}
