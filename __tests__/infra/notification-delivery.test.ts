import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest"; // types of the cdktf Jest matchers
import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { BUFFER_MAX_RECEIVES } from "../../src/delivery/delivery-buffer";
import { DEFAULT_REGIONS } from "../../src/contract/regions";
import { EmailSubscriptions } from "../../src/delivery/email-subscriptions";
import { HANDLER_CONTRACT } from "../../src/contract/names";
import {
  all,
  dataRef,
  DEFAULT_NAMES,
  named,
  one,
  ref,
  synthDelivery,
  synthDeliveryScope,
  synthStack,
  testSettings,
  TEST_REGION,
  type ScopeJson,
} from "../helpers/synth";

Testing.setupJest();

describe("NotificationDelivery", () => {
  const synthesized = synthDeliveryScope();
  const json = JSON.parse(synthesized) as ScopeJson;
  const partition = dataRef(json, "aws_partition", "partition");
  const account = dataRef(json, "aws_caller_identity", "account_id");
  const [bufferAddress, buffer] = named(json, "aws_sqs_queue", DEFAULT_NAMES.bufferQueue);
  const [unprocessedAddress, unprocessed] = named(json, "aws_sqs_queue", DEFAULT_NAMES.bufferDeadLetterQueue);
  const [tableAddress] = one(json, "aws_dynamodb_table");
  const [functionAddress, fn] = one(json, "aws_lambda_function");
  const [, mapping] = one(json, "aws_lambda_event_source_mapping");
  const [topicAddress] = one(json, "aws_sns_topic");
  const [keyAddress] = one(json, "aws_kms_key");
  const [logGroupAddress, logGroup] = one(json, "aws_cloudwatch_log_group");
  const [roleAddress] = one(json, "aws_iam_role");
  const [rolePolicyAddress, rolePolicy] = one(json, "aws_iam_role_policy");
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:${TEST_REGION}:${account}:${resource}`;

  it("creates every resource and data source through the Region's provider", () => {
    const everything = [...Object.values(json.resource), ...Object.values(json.data)].flatMap((byName) => Object.values(byName));
    expect(everything.length).toBeGreaterThan(0);
    for (const resource of everything) expect(resource.provider).toBe(`aws.${TEST_REGION}`);
  });

  describe("the buffer queue", () => {
    it("holds root events for 4 days, encrypted by SQS", () => {
      expect(synthesized).toHaveResourceWithProperties(SqsQueue, { name: DEFAULT_NAMES.bufferQueue, message_retention_seconds: 345_600, sqs_managed_sse_enabled: true });
    });

    it("hides a received batch for six function timeouts plus the batching window, as Lambda advises", () => {
      expect(buffer.visibility_timeout_seconds).toBe(6 * fn.timeout + mapping.maximum_batching_window_in_seconds);
      const longer = synthDelivery({ lambdaTimeoutSeconds: 120 });
      const [, longerBuffer] = named(longer, "aws_sqs_queue", DEFAULT_NAMES.bufferQueue);
      const [, longerMapping] = one(longer, "aws_lambda_event_source_mapping");
      expect(longerBuffer.visibility_timeout_seconds).toBe(6 * 120 + longerMapping.maximum_batching_window_in_seconds);
    });

    it(`moves a message the function failed on ${BUFFER_MAX_RECEIVES} times to the unprocessed queue`, () => {
      expect(JSON.parse(buffer.redrive_policy)).toEqual({ deadLetterTargetArn: ref(unprocessedAddress, "arn"), maxReceiveCount: BUFFER_MAX_RECEIVES });
      expect(BUFFER_MAX_RECEIVES).toBeGreaterThanOrEqual(2); // a throttled or slow moment must not park a message at once
    });

    it("lets only EventBridge, for this Region's rule and its self-check schedule, and the function send to it, only the function consume it, nobody purge it, and only over TLS", () => {
      const queueArn = arn("sqs", DEFAULT_NAMES.bufferQueue);
      expect(JSON.parse(buffer.policy)).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "RulesSendRootEvents",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: { ArnEquals: { "aws:SourceArn": [arn("events", `rule/${DEFAULT_NAMES.rule}`), arn("events", `rule/${DEFAULT_NAMES.tamperRule}`)] } },
          },
          {
            Sid: "ScheduleStartsSelfCheck",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: { ArnEquals: { "aws:SourceArn": arn("events", `rule/${DEFAULT_NAMES.selfCheckSchedule}`) } },
          },
          {
            Sid: "OnlyTheFunctionConsumes",
            Effect: "Deny",
            Principal: "*",
            Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
            Resource: queueArn,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": ref(roleAddress, "arn") }, BoolIfExists: { "aws:PrincipalIsAWSService": false } },
          },
          {
            Sid: "OnlyTheMonitorAndOperatorsSend",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": ref(roleAddress, "arn") }, BoolIfExists: { "aws:PrincipalIsAWSService": false } },
          },
          { Sid: "NobodyPurges", Effect: "Deny", Principal: "*", Action: "sqs:PurgeQueue", Resource: queueArn, Condition: { BoolIfExists: { "aws:PrincipalIsAWSService": false } } },
          { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": false } } },
        ],
      });
    });

    it("admits each rule it is named for, and no other", () => {
      const [, twoRules] = named(synthDelivery({ ruleNames: ["root-a", "root-b"] }), "aws_sqs_queue", DEFAULT_NAMES.bufferQueue);
      const [allow] = JSON.parse(twoRules.policy).Statement;
      expect(allow.Condition).toEqual({ ArnEquals: { "aws:SourceArn": [arn("events", "rule/root-a"), arn("events", "rule/root-b")] } });
    });

    it("keeps what the function gave up on 14 days in an encrypted, TLS-only unprocessed queue that grants nobody anything", () => {
      expect(synthesized).toHaveResourceWithProperties(SqsQueue, {
        name: DEFAULT_NAMES.bufferDeadLetterQueue,
        message_retention_seconds: 1_209_600,
        sqs_managed_sse_enabled: true,
      });
      const queueArn = arn("sqs", DEFAULT_NAMES.bufferDeadLetterQueue);
      expect(JSON.parse(unprocessed.policy).Statement).toEqual([
        // Nobody puts a message there by hand: one day it would be redriven to the buffer and believed.
        { Sid: "NobodySendsByHand", Effect: "Deny", Principal: "*", Action: "sqs:SendMessage", Resource: queueArn, Condition: { BoolIfExists: { "aws:PrincipalIsAWSService": false } } },
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": false } } },
      ]);
      expect(unprocessed.redrive_policy).toBeUndefined();
      // Only the buffer may name it as its dead-letter queue.
      expect(JSON.parse(unprocessed.redrive_allow_policy)).toEqual({ redrivePermission: "byQueue", sourceQueueArns: [arn("sqs", DEFAULT_NAMES.bufferQueue)] });
    });

    it("lets no queue name the buffer as its dead-letter queue: SQS would move anyone's messages onto it past its SendMessage Deny", () => {
      expect(JSON.parse(buffer.redrive_allow_policy)).toEqual({ redrivePermission: "denyAll" });
    });
  });

  describe("the event source mapping", () => {
    it("feeds the buffer to the function in batches of up to 100, by at most 2 invocations at once", () => {
      expect(synthesized).toHaveResourceWithProperties(LambdaEventSourceMapping, {
        event_source_arn: ref(bufferAddress, "arn"),
        function_name: ref(functionAddress, "arn"),
        batch_size: 100,
        scaling_config: { maximum_concurrency: 2 },
        provider: `aws.${TEST_REGION}`,
      });
    });

    it("gathers a batch for at most 20 seconds, so the first alert leaves within a minute", () => {
      expect(mapping.maximum_batching_window_in_seconds).toBeGreaterThan(0);
      expect(mapping.maximum_batching_window_in_seconds).toBeLessThanOrEqual(20);
    });

    it("reports failures per message, so that one bad record never retries its whole batch", () => {
      expect(synthesized).toHaveResourceWithProperties(LambdaEventSourceMapping, { function_response_types: ["ReportBatchItemFailures"] });
    });

    it("starts polling only once the role may read the queue", () => {
      expect(mapping.depends_on).toContain(rolePolicyAddress);
    });
  });

  describe("the session table", () => {
    it("is billed per request and keyed by pk and sk", () => {
      expect(synthesized).toHaveResourceWithProperties(DynamodbTable, {
        name: DEFAULT_NAMES.sessionTable,
        billing_mode: "PAY_PER_REQUEST",
        hash_key: "pk",
        range_key: "sk",
        attribute: [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
        ],
      });
    });

    it("expires every item by its expiresAt attribute", () => {
      expect(synthesized).toHaveResourceWithProperties(DynamodbTable, { ttl: { attribute_name: "expiresAt", enabled: true } });
    });

    it("is encrypted at rest with a KMS key", () => {
      expect(synthesized).toHaveResourceWithProperties(DynamodbTable, { server_side_encryption: { enabled: true } });
    });
  });

  describe("the function", () => {
    it("runs on arm64 Node.js 22 with the timeout, memory, role and code hash", () => {
      expect(synthesized).toHaveResourceWithProperties(LambdaFunction, {
        function_name: DEFAULT_NAMES.function,
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: HANDLER_CONTRACT.entryPoint,
        timeout: 30,
        memory_size: 256,
        role: ref(roleAddress, "arn"),
      });
      // The asset's content hash, which is also in the archive's path: new code, new hash, new deployment.
      expect(fn.filename).toBe(`assets/HandlerAsset/${fn.source_code_hash}/archive.zip`);
      expect(fn.source_code_hash).toMatch(/^[0-9A-F]{32,}$/);
    });

    it("finds its topic, table, buffer queue, digest timing and self-check plan in its environment, and nothing else", () => {
      expect(fn.environment.variables).toEqual({
        [HANDLER_CONTRACT.topicArnEnv]: ref(topicAddress, "arn"),
        [HANDLER_CONTRACT.env.sessionTable]: ref(tableAddress, "name"),
        [HANDLER_CONTRACT.env.bufferQueueUrl]: ref(bufferAddress, "url"),
        [HANDLER_CONTRACT.env.digestIntervalSeconds]: "300",
        [HANDLER_CONTRACT.env.sessionQuietSeconds]: "600",
        [HANDLER_CONTRACT.env.selfCheck]: expect.any(String),
        [HANDLER_CONTRACT.env.centralizedRootAccess]: "report",
      });
      // ORGANIZATION_ID only with scope = organization (organization-scope.test.ts); CHAT_TOPIC_ARN only with chat channels (below).
      const onlySometimes: string[] = [HANDLER_CONTRACT.env.organizationId, HANDLER_CONTRACT.env.chatTopicArn];
      const always = Object.values(HANDLER_CONTRACT.env).filter((name) => !onlySometimes.includes(name));
      expect(Object.keys(fn.environment.variables).sort()).toEqual([HANDLER_CONTRACT.topicArnEnv, ...always].sort());
    });

    it("with chat channels, gets a chat topic with the topic's key, publishes to it, and finds it in CHAT_TOPIC_ARN", () => {
      const chat = synthDelivery({ chat: true });
      const [chatTopicAddress, chatTopic] = named(chat, "aws_sns_topic", "root-activity-monitor-chat");
      const [chatKeyAddress] = one(chat, "aws_kms_key");
      expect(chatTopic.kms_master_key_id).toBe(ref(chatKeyAddress, "arn"));
      const [, chatFunction] = one(chat, "aws_lambda_function");
      expect(chatFunction.environment.variables.CHAT_TOPIC_ARN).toBe(ref(chatTopicAddress, "arn"));
      const statements = JSON.parse(one(chat, "aws_iam_role_policy")[1].policy).Statement;
      expect(statements.filter((s: { Action: string }) => s.Action === "sns:Publish").map((s: { Sid: string; Resource: string }) => [s.Sid, s.Resource])).toEqual([
        ["PublishToOwnTopic", ref(named(chat, "aws_sns_topic", "root-activity-monitor")[0], "arn")],
        ["PublishToOwnChatTopic", ref(chatTopicAddress, "arn")],
      ]);
      const chatPolicy = all(chat, "aws_sns_topic_policy").find(([, policy]) => policy.arn === ref(chatTopicAddress, "arn"));
      expect(JSON.parse(chatPolicy?.[1].policy).Statement[0]).toEqual({
        Sid: "FunctionPublishes",
        Effect: "Allow",
        Principal: { AWS: ref(one(chat, "aws_iam_role")[0], "arn") },
        Action: "sns:Publish",
        Resource: ref(chatTopicAddress, "arn"),
      });
    });

    it("takes the digest interval and the quiet time from its props, as text", () => {
      expect(synthDeliveryScope({ digestIntervalSeconds: 120, sessionQuietSeconds: 1800 })).toHaveResourceWithProperties(LambdaFunction, {
        environment: {
          variables: expect.objectContaining({ [HANDLER_CONTRACT.env.digestIntervalSeconds]: "120", [HANDLER_CONTRACT.env.sessionQuietSeconds]: "1800" }),
        },
      });
    });

    it("takes the timeout and runtime from its props", () => {
      expect(synthDeliveryScope({ lambdaTimeoutSeconds: 120, lambdaRuntime: "nodejs20.x" })).toHaveResourceWithProperties(LambdaFunction, {
        timeout: 120,
        runtime: "nodejs20.x",
      });
    });

    it("has its own log group, with retention, created before the function", () => {
      expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, { name: DEFAULT_NAMES.logGroup, retention_in_days: 365 });
      expect(logGroup.name).toBe(`/aws/lambda/${fn.function_name}`);
      expect(fn.depends_on).toEqual(expect.arrayContaining([logGroupAddress, rolePolicyAddress]));
    });

    it("takes the log retention from its props", () => {
      expect(synthDeliveryScope({ logRetentionDays: 90 })).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 90 });
    });
  });

  describe("the role", () => {
    it("may be assumed by Lambda only", () => {
      expect(synthesized).toHaveResourceWithProperties(IamRole, { name: `root-activity-monitor-${TEST_REGION}` });
      const [, role] = one(json, "aws_iam_role");
      expect(JSON.parse(role.assume_role_policy)).toEqual({
        Version: "2012-10-17",
        Statement: [{ Sid: "LambdaAssumesRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      });
    });

    it("grants exactly its logs, its buffer queue, its table, its topic and key, the account alias, and the self-check's reads", () => {
      expect(synthesized).toHaveResourceWithProperties(IamRolePolicy, { role: ref(roleAddress, "id") });
      expect(JSON.parse(rolePolicy.policy)).toEqual({
        Version: "2012-10-17",
        Statement: [
          { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${ref(logGroupAddress, "arn")}:*` },
          {
            Sid: "ConsumeOwnBuffer",
            Effect: "Allow",
            Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:SendMessage"],
            Resource: ref(bufferAddress, "arn"),
          },
          {
            Sid: "KeepOwnSessions",
            Effect: "Allow",
            Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchWriteItem"],
            Resource: ref(tableAddress, "arn"),
          },
          { Sid: "PublishToOwnTopic", Effect: "Allow", Action: "sns:Publish", Resource: ref(topicAddress, "arn") },
          { Sid: "EncryptForOwnTopic", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: ref(keyAddress, "arn") },
          { Sid: "ReadAccountAlias", Effect: "Allow", Action: "iam:ListAccountAliases", Resource: "*" },
          { Sid: "ReadRootPosture", Effect: "Allow", Action: "iam:GetAccountSummary", Resource: "*" },
          { Sid: "SelfCheckReadsRules", Effect: "Allow", Action: ["events:DescribeRule", "events:ListTargetsByRule"], Resource: arn("events", `rule/${DEFAULT_NAMES.rule}`) },
          {
            Sid: "SelfCheckReadsDeadLetterQueues",
            Effect: "Allow",
            Action: ["sqs:GetQueueUrl", "sqs:GetQueueAttributes"],
            Resource: [arn("sqs", DEFAULT_NAMES.deadLetterQueue), arn("sqs", DEFAULT_NAMES.bufferDeadLetterQueue)],
          },
          { Sid: "SelfCheckReadsSubscriptions", Effect: "Allow", Action: "sns:ListSubscriptionsByTopic", Resource: ref(topicAddress, "arn") },
          { Sid: "SelfCheckReadsTrails", Effect: "Allow", Action: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"], Resource: "*" },
        ],
      });
    });

    it.each(["aws-managed", "none"] as const)("grants no key use with topicKms %s, where the function has no key of its own", (topicKms) => {
      const [, policy] = one(synthDelivery({ topicKms }), "aws_iam_role_policy");
      expect(JSON.parse(policy.policy).Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
        "WriteOwnLogs",
        "ConsumeOwnBuffer",
        "KeepOwnSessions",
        "PublishToOwnTopic",
        "ReadAccountAlias",
        "ReadRootPosture",
        "SelfCheckReadsRules",
        "SelfCheckReadsDeadLetterQueues",
        "SelfCheckReadsSubscriptions",
        "SelfCheckReadsTrails",
      ]);
    });
  });

  describe("the topic", () => {
    it("is named from its props", () => {
      expect(synthDeliveryScope({ topicName: "root-alerts" })).toHaveResourceWithProperties(SnsTopic, { name: "root-alerts", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) });
    });

    it("has no subscriptions when given no addresses", () => {
      expect(synthesized).not.toHaveResource(SnsTopicSubscription);
    });

    it("subscribes each address to the topic", () => {
      const withAddresses = synthDeliveryScope({ notificationEmails: ["security@example.com", "oncall@example.com"] });
      for (const endpoint of ["security@example.com", "oncall@example.com"]) {
        expect(withAddresses).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "email", endpoint, topic_arn: ref(topicAddress, "arn") });
      }
    });
  });

  describe("its alarms", () => {
    it("watch function errors and throttles, a backed-up buffer, a non-empty unprocessed queue, a self-check that stopped and a buffer nobody consumes", () => {
      const alarms = all(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name, a.namespace, a.metric_name, a.dimensions, a.statistic, a.threshold]);
      expect(alarms.sort()).toEqual(
        [
          ["root-activity-monitor-function-errors", "AWS/Lambda", "Errors", { FunctionName: ref(functionAddress, "function_name") }, "Sum", 1],
          ["root-activity-monitor-function-throttles", "AWS/Lambda", "Throttles", { FunctionName: ref(functionAddress, "function_name") }, "Sum", 1],
          ["root-activity-monitor-buffer-backed-up", "AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: ref(bufferAddress, "name") }, "Maximum", 300 + 300],
          ["root-activity-monitor-unprocessed-not-empty", "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: ref(unprocessedAddress, "name") }, "Maximum", 1],
          ["root-activity-monitor-self-check-missing", "root-activity-monitor", "SelfCheckRuns", { FunctionName: ref(functionAddress, "function_name") }, "Sum", 1],
          ["root-activity-monitor-buffer-not-consumed", "AWS/SQS", "NumberOfMessagesDeleted", { QueueName: ref(bufferAddress, "name") }, "Sum", 1],
        ].sort(),
      );
    });

    it("call the buffer backed up once a message is 5 minutes later than the digest interval, so that an on-time digest trigger never sets it off", () => {
      expect(synthDeliveryScope({ digestIntervalSeconds: 120 })).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        alarm_name: "root-activity-monitor-buffer-backed-up",
        threshold: 120 + 300,
      });
    });

    it("count a missing hour of the function's self-check count as breaching, for 26 hours in a row", () => {
      const [, alarm] = all(json, "aws_cloudwatch_metric_alarm").find(([, a]) => a.alarm_name === "root-activity-monitor-self-check-missing") ?? [];
      expect(alarm).toMatchObject({ provider: `aws.${TEST_REGION}`, period: 3600, evaluation_periods: 26, datapoints_to_alarm: 26, comparison_operator: "LessThanThreshold", treat_missing_data: "breaching" });
    });

    it("let the function write its heartbeat through its log, without cloudwatch:PutMetricData", () => {
      const actions = JSON.parse(rolePolicy.policy).Statement.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat());
      expect(actions).toEqual(expect.arrayContaining(["logs:PutLogEvents"]));
      expect(actions.filter((action: string) => action.startsWith("cloudwatch:"))).toEqual([]);
    });

    it("publish to the topic", () => {
      expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, { alarm_actions: [ref(topicAddress, "arn")], ok_actions: [ref(topicAddress, "arn")] });
      for (const [, alarm] of all(json, "aws_cloudwatch_metric_alarm")) expect(alarm.alarm_actions).toEqual([ref(topicAddress, "arn")]);
    });
  });

  describe("its self-check", () => {
    const [scheduleAddress, schedule] = named(json, "aws_cloudwatch_event_rule", DEFAULT_NAMES.selfCheckSchedule);
    const [, scheduleTarget] = one(json, "aws_cloudwatch_event_target");
    const plan = () => JSON.parse(fn.environment.variables[HANDLER_CONTRACT.env.selfCheck]);

    it("is started once a day by a schedule rule on the Region's default bus", () => {
      expect(synthesized).toHaveResourceWithProperties(CloudwatchEventRule, { name: DEFAULT_NAMES.selfCheckSchedule, schedule_expression: "rate(1 day)", state: "ENABLED", provider: `aws.${TEST_REGION}` });
      expect(schedule.event_bus_name).toBeUndefined();
      expect(schedule.event_pattern).toBeUndefined();
    });

    it("comes through the buffer queue, like every other message, with retries", () => {
      expect(scheduleTarget).toMatchObject({ rule: ref(scheduleAddress, "name"), target_id: "self-check", arn: ref(bufferAddress, "arn"), retry_policy: { maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 24 } });
    });

    it("is told, in the function's environment, which schedule starts it and what to check: this Region's rule, its dead-letter queue and the delivery", () => {
      expect(plan()).toEqual({
        schedule: arn("events", `rule/${DEFAULT_NAMES.selfCheckSchedule}`),
        heartbeat: "weekly",
        account,
        readOnly: true,
        regions: [TEST_REGION],
        rule: { name: DEFAULT_NAMES.rule, target: ref(bufferAddress, "arn"), deadLetterQueue: DEFAULT_NAMES.deadLetterQueue },
        delivery: { region: TEST_REGION, topic: ref(topicAddress, "arn"), unprocessed: DEFAULT_NAMES.bufferDeadLetterQueue },
      });
    });

    it("takes the heartbeat and the expected rule state from its props", () => {
      const [, other] = one(synthDelivery({ heartbeat: "daily", includeReadOnlyEvents: false }), "aws_lambda_function");
      expect(JSON.parse(other.environment.variables[HANDLER_CONTRACT.env.selfCheck])).toMatchObject({ heartbeat: "daily", readOnly: false });
    });

    it("watches the rules of every Region it is given and, on a central bus, the bus's rule; and may read exactly those", () => {
      const central = synthDelivery({ watchedRegions: [TEST_REGION, "us-east-1"], centralEventBusName: "root-bus" });
      const [, centralFn] = one(central, "aws_lambda_function");
      const [, centralPolicy] = one(central, "aws_iam_role_policy");
      const [centralBuffer] = named(central, "aws_sqs_queue", DEFAULT_NAMES.bufferQueue);
      const centralPlan = JSON.parse(centralFn.environment.variables[HANDLER_CONTRACT.env.selfCheck]);
      expect(centralPlan).toMatchObject({
        regions: [TEST_REGION, "us-east-1"],
        rule: { target: arn("events", "event-bus/root-bus") },
        central: { eventBus: "root-bus", name: DEFAULT_NAMES.rule, target: ref(centralBuffer, "arn"), deadLetterQueue: DEFAULT_NAMES.centralDeadLetterQueue },
      });
      const statements = Object.fromEntries(JSON.parse(centralPolicy.policy).Statement.map((s: { Sid: string; Resource: unknown }) => [s.Sid, s.Resource]));
      const inRegion = (region: string, service: string, resource: string) => `arn:${partition}:${service}:${region}:${account}:${resource}`;
      expect(statements.SelfCheckReadsRules).toEqual([inRegion(TEST_REGION, "events", `rule/${DEFAULT_NAMES.rule}`), inRegion("us-east-1", "events", `rule/${DEFAULT_NAMES.rule}`), arn("events", `rule/root-bus/${DEFAULT_NAMES.rule}`)]);
      expect(statements.SelfCheckReadsDeadLetterQueues).toEqual([
        inRegion(TEST_REGION, "sqs", DEFAULT_NAMES.deadLetterQueue),
        inRegion("us-east-1", "sqs", DEFAULT_NAMES.deadLetterQueue),
        arn("sqs", DEFAULT_NAMES.centralDeadLetterQueue),
        arn("sqs", DEFAULT_NAMES.bufferDeadLetterQueue),
      ]);
    });

    it("stays far inside Lambda's 4 KB of environment when it watches all 17 default Regions", () => {
      const [, widest] = one(synthDelivery({ watchedRegions: [...DEFAULT_REGIONS], centralEventBusName: DEFAULT_NAMES.eventBus }), "aws_lambda_function");
      // Terraform's references here are longer than what they resolve to (an account id, an ARN): the deployed value is smaller still.
      const bytes = Object.entries(widest.environment.variables as Record<string, string>).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
      expect(bytes).toBeLessThan(2_048);
    });

    it("rejects watched Regions that are no Regions, naming the prop", () => {
      expect(() => synthDelivery({ watchedRegions: ["mars-1"] })).toThrow(
        'NotificationDelivery eu-west-1 props: watchedRegions has the value ["mars-1"]: "mars-1" is not a known region code. Allowed: one or more region codes such as us-east-1.',
      );
    });
  });

  describe("its props", () => {
    it.each([
      [{ lambdaTimeoutSeconds: 901 }, 'Setting "lambdaTimeoutSeconds" (from NotificationDelivery eu-west-1 props) has the value 901: above 900. Allowed: an integer from 3 to 900.'],
      [{ digestIntervalSeconds: 59 }, 'Setting "digestIntervalSeconds" (from NotificationDelivery eu-west-1 props) has the value 59: below 60. Allowed: an integer from 60 to 900.'],
      [{ digestIntervalSeconds: 901 }, 'Setting "digestIntervalSeconds" (from NotificationDelivery eu-west-1 props) has the value 901: above 900. Allowed: an integer from 60 to 900.'],
      [{ sessionQuietSeconds: 3601 }, 'Setting "sessionQuietSeconds" (from NotificationDelivery eu-west-1 props) has the value 3601: above 3600. Allowed: an integer from 60 to 3600.'],
      [{ sessionQuietSeconds: 90.5 }, 'Setting "sessionQuietSeconds" (from NotificationDelivery eu-west-1 props) has the value 90.5: expected a whole number of seconds. Allowed: an integer from 60 to 3600.'],
    ])("rejects %p, naming the prop, the value and what is allowed", (props, message) => {
      expect(() => synthDelivery(props)).toThrow(`Invalid settings:\n  ${message}`);
    });
  });
});

describe("NotificationDelivery in place of the Region's monitor", () => {
  const REGION = "us-east-1";
  const EMAILS = ["security@example.com", "oncall@example.com"];

  /** What the stack now gives each of these resources, and what the earlier version gave it: the same resource at its old construct path `<region>/<id>`. */
  function addressesNowAndBefore(topicKms: "customer-managed" | "aws-managed"): { now: Record<string, string[]>; before: Record<string, string[]> } {
    const now = synthStack(testSettings({ regions: [REGION], notificationEmails: EMAILS, topicKms }));
    const before = JSON.parse(
      Testing.synthScope((stack) => {
        const provider = new AwsProvider(stack, "aws", { alias: REGION, region: REGION });
        const monitor = new Construct(stack, REGION);
        new IamRole(monitor, "Role", { provider, name: "role", assumeRolePolicy: "{}" });
        new IamRolePolicy(monitor, "RolePolicy", { provider, role: "role", policy: "{}" });
        new CloudwatchLogGroup(monitor, "LogGroup", { provider, name: "/aws/lambda/root-activity-monitor" });
        new LambdaFunction(monitor, "Function", { provider, functionName: "root-activity-monitor", role: "role" });
        new SnsTopic(monitor, "Topic", { provider, name: "root-activity-monitor" });
        new SnsTopicPolicy(monitor, "TopicPolicy", { provider, arn: "topic", policy: "{}" });
        new EmailSubscriptions(monitor, "Subscriptions", { provider, topicArn: "topic", addresses: EMAILS });
        if (topicKms === "customer-managed") {
          const topicKey = new Construct(monitor, "TopicKey");
          new KmsKey(topicKey, "Key", { provider });
          new KmsAlias(topicKey, "Alias", { provider, name: "alias/root-activity-monitor-topic", targetKeyId: "key" });
        } else {
          new SnsTopic(monitor, "AlarmTopic", { provider, name: "root-activity-monitor-alarms" });
          new SnsTopicPolicy(monitor, "AlarmTopicPolicy", { provider, arn: "alarm-topic", policy: "{}" });
          new EmailSubscriptions(monitor, "AlarmSubscriptions", { provider, topicArn: "alarm-topic", addresses: EMAILS });
        }
        const alarms = new Construct(monitor, "Alarms");
        for (const id of ["function-errors", "function-throttles"]) {
          new CloudwatchMetricAlarm(alarms, id, { provider, alarmName: `root-activity-monitor-${id}`, comparisonOperator: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1 });
        }
      }),
    ) as ScopeJson;
    const addresses = (json: ScopeJson, type: string) => all(json, type).map(([address]) => address).sort();
    const types = ["aws_iam_role", "aws_iam_role_policy", "aws_cloudwatch_log_group", "aws_lambda_function", "aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription", "aws_kms_key", "aws_kms_alias"];
    const alarmsNow = all(now, "aws_cloudwatch_metric_alarm").filter(([, alarm]) => /-function-(errors|throttles)$/.test(alarm.alarm_name));
    return {
      now: { ...Object.fromEntries(types.map((type) => [type, addresses(now, type)])), alarms: alarmsNow.map(([address]) => address).sort() },
      before: { ...Object.fromEntries(types.map((type) => [type, addresses(before, type)])), alarms: addresses(before, "aws_cloudwatch_metric_alarm") },
    };
  }

  it("keeps the addresses of the topic, its policy, subscriptions and key, the function, its role, policy and log group, and the function's alarms", () => {
    const { now, before } = addressesNowAndBefore("customer-managed");
    expect(now.aws_sns_topic).toHaveLength(1);
    expect(now.aws_sns_topic_subscription).toHaveLength(EMAILS.length);
    expect(now).toEqual(before);
  });

  it("keeps the addresses of the alarm topic and its subscriptions with the AWS-managed key", () => {
    const { now, before } = addressesNowAndBefore("aws-managed");
    expect(now.aws_sns_topic).toHaveLength(2);
    expect(now.aws_sns_topic_subscription).toHaveLength(2 * EMAILS.length);
    expect(now).toEqual(before);
  });
});
