/**
 * The doctor's checks of the buffered delivery, with the AWS answers the emulator cannot give:
 * mapping states on the way to Enabled, Lambda's report of a failing batch, CloudWatch's age of the
 * buffer's oldest message; what it checks in each Region with central delivery; and, with scope =
 * organization, the member accounts' spokes. The emulator tests cover real deployments.
 */
import { CloudFormationClient, ListStackInstancesCommand } from "@aws-sdk/client-cloudformation";
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import type { DeployedOutputs } from "../../scripts/lib/deployed-outputs";
import { checkOrganization, checkRegion, type Finding } from "../../scripts/lib/doctor-checks";
import { SETTING_DEFAULTS } from "../../src/settings/settings-schema";
import { HANDLER_CONTRACT, outputName, resourceNames, type OutputKind, type RegionalOutputKind } from "../../src/contract/names";

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
  self_check_schedule_arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${NAMES.selfCheckSchedule}`,
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
      ["self-check schedule", "ok"],
    ]);
  });

  it("checks that the self-check is scheduled daily onto the buffer, and only warns when it is not", async () => {
    expect(await findingOf("self-check schedule")).toMatchObject({ level: "ok", message: `rule ${NAMES.selfCheckSchedule} puts the self-check's event on the buffer queue ${NAMES.bufferQueue} daily` });
    events.on(DescribeRuleCommand, { Name: NAMES.selfCheckSchedule }).resolves({ State: "DISABLED" });
    expect(await findingOf("self-check schedule")).toMatchObject({
      level: "warn",
      message: expect.stringMatching(/^rule root-activity-monitor-self-check is DISABLED: .* Until then nothing tells you that the monitor went blind, and no heartbeat comes\.$/),
    });
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
      ["self-check schedule", "the Terraform state has no output buffer_queue_url"],
    ]);
  });
});

describe("doctor checks with central delivery", () => {
  const HOME = "us-east-1";
  const SPOKE = "eu-west-1";
  const CENTRAL = { ...SETTINGS, delivery: "central" as const, homeRegion: HOME, regions: [HOME, SPOKE] };
  const home = resourceNames(SETTING_DEFAULTS, HOME);
  const urlIn = (region: string, name: string) => `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${name}`;
  const BUS_ARN = `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/${home.eventBus}`;
  const HOME_BUFFER_ARN = `arn:aws:sqs:${HOME}:${ACCOUNT}:${home.bufferQueue}`;
  const HOME_FUNCTION_ARN = `arn:aws:lambda:${HOME}:${ACCOUNT}:function:${home.function}`;
  const outputsIn = (region: string, outputs: Partial<Record<OutputKind, string>>) =>
    Object.fromEntries(Object.entries(outputs).map(([kind, value]) => [outputName(kind as OutputKind, region), value]));
  /** As the stack outputs them: every Region's rule and dead-letter queue; the delivery and the bus in the home Region. */
  const CENTRAL_OUTPUTS: DeployedOutputs = {
    ...outputsIn(SPOKE, { rule_arn: `arn:aws:events:${SPOKE}:${ACCOUNT}:rule/${NAMES.rule}`, dead_letter_queue_url: urlIn(SPOKE, NAMES.deadLetterQueue) }),
    ...outputsIn(HOME, {
      rule_arn: `arn:aws:events:${HOME}:${ACCOUNT}:rule/${home.rule}`,
      dead_letter_queue_url: urlIn(HOME, home.deadLetterQueue),
      topic_arn: `arn:aws:sns:${HOME}:${ACCOUNT}:${home.topic}`,
      function_name: home.function,
      log_group_name: home.logGroup,
      buffer_queue_url: urlIn(HOME, home.bufferQueue),
      buffer_dead_letter_queue_url: urlIn(HOME, home.bufferDeadLetterQueue),
      session_table_name: home.sessionTable,
      self_check_schedule_arn: `arn:aws:events:${HOME}:${ACCOUNT}:rule/${home.selfCheckSchedule}`,
      event_bus_arn: BUS_ARN,
      central_rule_arn: `arn:aws:events:${HOME}:${ACCOUNT}:rule/${home.eventBus}/${home.rule}`,
      central_dead_letter_queue_url: urlIn(HOME, home.centralDeadLetterQueue),
    }),
  };

  /** A healthy central deployment: every default-bus rule forwards to the bus, the central rule (and the schedule) to the buffer. */
  beforeEach(() => {
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: "notify", Arn: BUS_ARN }] });
    events.on(ListTargetsByRuleCommand, { EventBusName: home.eventBus }).resolves({ Targets: [{ Id: "notify", Arn: HOME_BUFFER_ARN }] });
    events.on(ListTargetsByRuleCommand, { Rule: home.selfCheckSchedule }).resolves({ Targets: [{ Id: "self-check", Arn: HOME_BUFFER_ARN }] });
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [{ UUID: "a1b2", FunctionArn: HOME_FUNCTION_ARN, EventSourceArn: HOME_BUFFER_ARN, State: "Enabled" }] });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: HOME_BUFFER_ARN, ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" } });
  });

  it("checks a spoke Region's trail, its rule forwarding to the central bus, and its dead-letter queue: nothing of the delivery", async () => {
    const findings = await checkRegion(CENTRAL, SPOKE, NOW, CENTRAL_OUTPUTS);
    expect(findings.map((f) => [f.check, f.level, f.message])).toEqual([
      ["CloudTrail", "ok", "trail org-trail logs management events here"],
      ["rule", "ok", `rule ${NAMES.rule} is ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`],
      ["target", "ok", `the rule puts root events on the central event bus ${home.eventBus} in ${HOME}`],
      ["dead-letter queue", "ok", "empty"],
    ]);
    expect(events.commandCalls(DescribeRuleCommand).map((call) => call.args[0].input)).toEqual([{ Name: NAMES.rule }]);
  });

  it("checks the home Region's own rule, the central bus's rule and its dead-letter queue, and the delivery", async () => {
    const findings = await checkRegion(CENTRAL, HOME, NOW, CENTRAL_OUTPUTS);
    expect(findings.map((f) => [f.check, f.level])).toEqual([
      ["CloudTrail", "ok"],
      ["rule", "ok"],
      ["target", "ok"],
      ["central rule", "ok"],
      ["central target", "ok"],
      ["buffer → function", "ok"],
      ["subscriptions", "ok"],
      ["function errors", "ok"],
      ["buffer age", "ok"],
      ["dead-letter queue", "ok"],
      ["central dead-letter queue", "ok"],
      ["unprocessed queue", "ok"],
      ["self-check schedule", "ok"],
    ]);
    expect(findings.find((f) => f.check === "central target")?.message).toBe(`the rule on the bus ${home.eventBus} puts root events on the buffer queue ${home.bufferQueue}`);
    expect(events.commandCalls(DescribeRuleCommand).map((call) => call.args[0].input)).toContainEqual({ Name: home.rule, EventBusName: home.eventBus });
  });

  it("fails a spoke's rule that targets the buffer directly, as regional delivery would", async () => {
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: "notify", Arn: HOME_BUFFER_ARN }] });
    const target = (await checkRegion(CENTRAL, SPOKE, NOW, CENTRAL_OUTPUTS)).find((f) => f.check === "target");
    expect(target).toMatchObject({ level: "fail", message: expect.stringContaining(`the rule does not target the central event bus ${home.eventBus} in ${HOME} (it targets ${HOME_BUFFER_ARN})`) });
  });

  it("fails on a disabled central rule: root activity from every Region reaches nobody", async () => {
    events.on(DescribeRuleCommand, { EventBusName: home.eventBus }).resolves({ State: "DISABLED" });
    const centralRule = (await checkRegion(CENTRAL, HOME, NOW, CENTRAL_OUTPUTS)).find((f) => f.check === "central rule");
    expect(centralRule).toMatchObject({ level: "fail", message: `rule ${home.rule} on the bus ${home.eventBus} is DISABLED: root activity from every Region is not routed to anyone. Enable it, or apply again (npm run deploy).` });
  });

  it("says where a spoke's undeliverable root events go: to the home Region's buffer, by hand", async () => {
    sqs.on(GetQueueAttributesCommand, { QueueUrl: urlIn(SPOKE, NAMES.deadLetterQueue) }).resolves({ Attributes: { ApproximateNumberOfMessages: "2", ApproximateNumberOfMessagesNotVisible: "0" } });
    const deadLetter = (await checkRegion(CENTRAL, SPOKE, NOW, CENTRAL_OUTPUTS)).find((f) => f.check === "dead-letter queue");
    expect(deadLetter).toMatchObject({
      level: "fail",
      message: `2 root event(s) the rule could not deliver are waiting in ${NAMES.deadLetterQueue}, and nobody was told of them: read them, then copy each to the buffer queue ${home.bufferQueue} in ${HOME} (aws sqs send-message) or delete them`,
    });
  });

  it("says a spoke without the central bus's output in the state is from an older version", async () => {
    const { [outputName("event_bus_arn", HOME)]: _bus, ...older } = CENTRAL_OUTPUTS;
    const target = (await checkRegion(CENTRAL, SPOKE, NOW, older)).find((f) => f.check === "target");
    expect(target?.message).toMatch(/^the Terraform state has no output event_bus_arn:/);
  });
});

describe("doctor's look at the organization (scope = organization)", () => {
  const HOME = "us-east-1";
  const SPOKE = "eu-west-1";
  const UNIT = "ou-ab12-cdef3456";
  const [PAYMENTS, DATA] = ["222233334444", "555566667777"];
  const ORGANIZATION = { ...SETTINGS, scope: "organization" as const, delivery: "central" as const, homeRegion: HOME, regions: [HOME, SPOKE] };
  const home = resourceNames(SETTING_DEFAULTS, HOME);
  const OUTPUTS_AT_HOME: DeployedOutputs = { [outputName("function_name", HOME)]: home.function };
  /** The function's self-check plan, as the deployment wrote it into its environment. */
  const plan = (organization?: object) => ({
    schedule: `arn:aws:events:${HOME}:${ACCOUNT}:rule/${home.selfCheckSchedule}`,
    heartbeat: "weekly",
    account: ACCOUNT,
    readOnly: true,
    regions: [HOME, SPOKE],
    rule: { name: home.rule, target: `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/${home.eventBus}`, deadLetterQueue: home.deadLetterQueue },
    delivery: { region: HOME, topic: `arn:aws:sns:${HOME}:${ACCOUNT}:${home.topic}`, unprocessed: home.bufferDeadLetterQueue },
    ...(organization ? { organization } : {}),
  });
  const cloudformation = mockClient(CloudFormationClient);
  const organizations = mockClient(OrganizationsClient);

  beforeEach(() => {
    cloudformation.reset();
    organizations.reset();
    lambda.on(GetFunctionConfigurationCommand).resolves({
      FunctionArn: `arn:aws:lambda:${HOME}:${ACCOUNT}:function:${home.function}`,
      Environment: { Variables: { [HANDLER_CONTRACT.env.selfCheck]: JSON.stringify(plan({ stackSet: home.spokeStackSet, units: [UNIT] })) } },
    });
    organizations.on(ListAccountsForParentCommand, { ParentId: UNIT }).resolves({ Accounts: [PAYMENTS, DATA].map((Id) => ({ Id, State: "ACTIVE" as const })) });
    organizations.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
    const instance = (Account: string, Region: string) => ({ Account, Region, Status: "CURRENT" as const, StackInstanceStatus: { DetailedStatus: "SUCCEEDED" as const } });
    cloudformation.on(ListStackInstancesCommand, { StackSetName: home.spokeStackSet }).resolves({ Summaries: [instance(PAYMENTS, HOME), instance(PAYMENTS, SPOKE), instance(DATA, HOME)] });
  });

  it("checks, with the function's own plan, that every member account of the units has a spoke in every Region", async () => {
    const findings = await checkOrganization(ORGANIZATION, OUTPUTS_AT_HOME);
    expect(findings.map((f) => [f.region, f.check, f.level, f.message.split(":")[0]])).toEqual([
      [HOME, "spoke", "ok", "every one of 2 member account(s) has a working spoke here"],
      [SPOKE, "spoke", "fail", `account ${DATA} has no spoke here`],
    ]);
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)[0].args[0].input).toEqual({ FunctionName: home.function });
  });

  it("checks nothing of the kind in account scope", async () => {
    expect(await checkOrganization({ ...ORGANIZATION, scope: "account" }, OUTPUTS_AT_HOME)).toEqual([]);
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(0);
  });

  it("fails when the deployed function was deployed for one account, and says to apply again", async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ FunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:f", Environment: { Variables: { [HANDLER_CONTRACT.env.selfCheck]: JSON.stringify(plan()) } } });
    const [finding] = await checkOrganization(ORGANIZATION, OUTPUTS_AT_HOME);
    expect(finding).toMatchObject({ region: HOME, check: "spokes", level: "fail", message: expect.stringContaining("Apply again (npm run deploy)") });
  });

  it("says it could not check when the stack set cannot be read", async () => {
    cloudformation.on(ListStackInstancesCommand).rejects(Object.assign(new Error("not authorized to perform cloudformation:ListStackInstances"), { name: "AccessDenied" }));
    const findings = await checkOrganization(ORGANIZATION, OUTPUTS_AT_HOME);
    expect(findings).toEqual([expect.objectContaining({ region: HOME, check: "spokes", level: "fail", message: expect.stringMatching(/^could not check \(AccessDenied: not authorized/) })]);
  });
});
