/**
 * The doctor's checks of the buffered delivery, with the AWS answers the emulator cannot give:
 * mapping states on the way to Enabled, Lambda's report of a failing batch, CloudWatch's age of the
 * buffer's oldest message. The emulator test covers a real deployment.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import type { DeployedOutputs } from "../../scripts/lib/deployed-outputs";
import { checkRegion, type Finding } from "../../scripts/lib/doctor-checks";
import { SETTING_DEFAULTS } from "../../src/config";
import { outputName, resourceNames, type OutputKind, type RegionalOutputKind } from "../../src/names";

const REGION = "eu-west-1";
const ACCOUNT = "111122223333";
const NAMES = resourceNames(SETTING_DEFAULTS, REGION);
const SETTINGS = { ...SETTING_DEFAULTS, stateBucket: "state" };
const NOW = new Date("2025-06-01T12:00:00Z");
const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
const BUFFER_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:${NAMES.bufferQueue}`;
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${NAMES.function}`;

const OUTPUTS: Record<RegionalOutputKind, string> = {
  topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT}:${NAMES.topic}`,
  rule_arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${NAMES.rule}`,
  function_name: NAMES.function,
  log_group_name: NAMES.logGroup,
  dead_letter_queue_url: queueUrl(NAMES.deadLetterQueue),
  buffer_queue_url: queueUrl(NAMES.bufferQueue),
  buffer_dead_letter_queue_url: queueUrl(NAMES.bufferDeadLetterQueue),
  session_table_name: NAMES.sessionTable,
};
const deployed = (outputs: Partial<Record<RegionalOutputKind, string>> = OUTPUTS): DeployedOutputs =>
  Object.fromEntries(Object.entries(outputs).map(([kind, value]) => [outputName(kind as OutputKind, REGION), value]));

const cloudtrail = mockClient(CloudTrailClient);
const events = mockClient(EventBridgeClient);
const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
const sqs = mockClient(SQSClient);

/** A healthy deployment's answers; each test changes one. */
beforeEach(() => {
  for (const mock of [cloudtrail, events, lambda, sns, cloudwatch, sqs]) mock.reset();
  cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: "org-trail", IsMultiRegionTrail: true }] });
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  cloudtrail.on(GetEventSelectorsCommand).resolves({});
  events.on(DescribeRuleCommand).resolves({ State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" });
  events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: "notify", Arn: BUFFER_ARN }] });
  lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [{ UUID: "a1b2", FunctionArn: FUNCTION_ARN, EventSourceArn: BUFFER_ARN, State: "Enabled" }] });
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${OUTPUTS.topic_arn}:1`, Endpoint: "security@example.com" }] });
  cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: BUFFER_ARN, ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" } });
});

const findingOf = async (check: string, outputs = deployed()): Promise<Finding> => {
  const finding = (await checkRegion(SETTINGS, REGION, NOW, outputs)).find((f) => f.check === check);
  if (!finding) throw new Error(`no finding for ${check}`);
  return finding;
};

describe("doctor checks of the buffered delivery", () => {
  it("finds every link of a healthy deployment ok, in the order root events travel", async () => {
    const findings = await checkRegion(SETTINGS, REGION, NOW, deployed());
    expect(findings.map((f) => [f.check, f.level])).toEqual([
      ["CloudTrail", "ok"],
      ["rule", "ok"],
      ["target", "ok"],
      ["buffer → function", "ok"],
      ["subscriptions", "ok"],
      ["function errors", "ok"],
      ["buffer age", "ok"],
      ["dead-letter queue", "ok"],
      ["unprocessed queue", "ok"],
    ]);
  });

  it("looks the mapping up by the buffer's ARN", async () => {
    await findingOf("buffer → function");
    expect(lambda.commandCalls(ListEventSourceMappingsCommand)[0].args[0].input).toEqual({ EventSourceArn: BUFFER_ARN, Marker: undefined });
  });

  it("fails when the rule has no target", async () => {
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [] });
    expect(await findingOf("target")).toMatchObject({ level: "fail", message: expect.stringContaining(`the rule does not target the buffer queue ${NAMES.bufferQueue} (it has no target)`) });
  });

  it("fails when no mapping takes the buffer to the function, and names the function it feeds instead", async () => {
    const other = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:someone-else`;
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [{ UUID: "c3d4", FunctionArn: other, State: "Enabled" }] });
    expect(await findingOf("buffer → function")).toEqual({
      region: REGION,
      check: "buffer → function",
      level: "fail",
      message: `no event source mapping takes the buffer queue ${NAMES.bufferQueue} to the function ${NAMES.function} (it feeds ${other}): root events wait in the buffer and nobody is told. Apply this version again (npm run deploy).`,
    });
  });

  it("warns while the mapping is still being created", async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [{ UUID: "a1b2", FunctionArn: FUNCTION_ARN, State: "Creating" }] });
    expect(await findingOf("buffer → function")).toMatchObject({ level: "warn", message: expect.stringContaining("is Creating: root events wait in the buffer until it is Enabled") });
  });

  it("fails on a mapping being deleted", async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [{ UUID: "a1b2", FunctionArn: FUNCTION_ARN, State: "Deleting" }] });
    expect(await findingOf("buffer → function")).toMatchObject({ level: "fail", message: expect.stringContaining("is Deleting: root events wait in the buffer and nobody is told") });
  });

  it("warns when Lambda reports a problem with the mapping's last batch", async () => {
    const problem = "PROBLEM: Lambda function root-activity-monitor failed to process the batch.";
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [{ UUID: "a1b2", FunctionArn: FUNCTION_ARN, State: "Enabled", LastProcessingResult: problem }] });
    expect(await findingOf("buffer → function")).toMatchObject({ level: "warn", message: expect.stringContaining(`is Enabled, but Lambda reports of its last batch: ${problem}`) });
  });

  it("judges the buffer's age by CloudWatch's latest datapoint", async () => {
    cloudwatch.on(GetMetricStatisticsCommand, { Namespace: "AWS/SQS" }).resolves({
      Datapoints: [
        { Timestamp: new Date(NOW.getTime() - 60_000), Maximum: 20 },
        { Timestamp: new Date(NOW.getTime() - 600_000), Maximum: 400 },
      ],
    });
    expect(await findingOf("buffer age")).toMatchObject({ level: "ok", message: `the oldest message in ${NAMES.bufferQueue} is 20 s old` });
  });

  it("fails on a buffered message older than the digest interval and 5 minutes more", async () => {
    // 300 s of digest interval (a digest trigger may wait that long, delayed) and 5 minutes: 600 s.
    cloudwatch.on(GetMetricStatisticsCommand, { Namespace: "AWS/SQS" }).resolves({ Datapoints: [{ Timestamp: new Date(NOW.getTime() - 60_000), Maximum: 600 }] });
    expect(await findingOf("buffer age")).toMatchObject({ level: "fail", message: expect.stringContaining(`the oldest root event in ${NAMES.bufferQueue} has waited 10 min 0 s (over 600 s)`) });
  });

  it("lets a digest trigger wait its interval without failing", async () => {
    cloudwatch.on(GetMetricStatisticsCommand, { Namespace: "AWS/SQS" }).resolves({ Datapoints: [{ Timestamp: new Date(NOW.getTime() - 60_000), Maximum: 310 }] });
    expect(await findingOf("buffer age")).toMatchObject({ level: "ok" });
  });

  it("counts the unprocessed messages someone is reading as still waiting", async () => {
    sqs.on(GetQueueAttributesCommand, { QueueUrl: OUTPUTS.buffer_dead_letter_queue_url }).resolves({ Attributes: { ApproximateNumberOfMessages: "1", ApproximateNumberOfMessagesNotVisible: "2" } });
    expect(await findingOf("unprocessed queue")).toMatchObject({ level: "fail", message: expect.stringContaining(`3 root event(s) the function failed on several times are waiting in ${NAMES.bufferDeadLetterQueue}`) });
  });

  it("says a deployment without the buffer's outputs is from an older version", async () => {
    const { buffer_queue_url: _buffer, buffer_dead_letter_queue_url: _unprocessed, ...older } = OUTPUTS;
    const findings = await checkRegion(SETTINGS, REGION, NOW, deployed(older));
    const missing = findings.filter((f) => f.message.startsWith("the Terraform state has no output"));
    expect(missing.map((f) => [f.check, f.message.split(":")[0]])).toEqual([
      ["target", "the Terraform state has no output buffer_queue_url"],
      ["buffer → function", "the Terraform state has no output buffer_queue_url"],
      ["buffer age", "the Terraform state has no output buffer_queue_url"],
      ["unprocessed queue", "the Terraform state has no output buffer_dead_letter_queue_url"],
    ]);
  });
});
