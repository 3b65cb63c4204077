/**
 * Scope = organization on the emulator, following the README's organization quick start: an
 * organization with an organizational unit of two member accounts (and a sandbox account outside
 * it), trusted access for StackSets and an organization trail, then the hub deployed with the real
 * `terraform` binary from the management account. Checked: a spoke stack instance for each member
 * account and Region; the hub's bus policy names the organization Terraform read at plan time; the
 * spoke template, made a plain CloudFormation stack in the sandbox account (the emulator records
 * service-managed instances and may not build their resources), forwards a root sign-in there (put
 * with an `aws.` source, which the emulator lets a test do in CloudTrail's place) to
 * the hub's buffer, where the built function tells it as one alert naming that account; the daily
 * self-check finds every spoke, then a new member account without one; destroy leaves nothing.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStackSetCommand, DescribeStacksCommand, ListStackInstancesCommand, ListStackSetsCommand } from "@aws-sdk/client-cloudformation";
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { EventBridgeClient, ListEventBusesCommand, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  EnableAWSServiceAccessCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { driveBuffer } from "../../scripts/lib/buffer-driver";
import { deliveredMessage } from "../../scripts/lib/burst-run";
import { deployToEmulator, type EmulatorDeployment } from "../../scripts/lib/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { SETTING_DEFAULTS } from "../../src/config";
import { outputName, resourceNames } from "../../src/names";
import { loadFixture } from "../helpers/fixtures";
import { scheduledEvent } from "../helpers/scheduled-event";
import { subscribeInbox, type TopicInbox } from "../helpers/topic-inbox";

const HOME = "us-east-1";
const REGIONS = [HOME, "eu-west-1"];
const MANAGEMENT = "123456789012";
const NAMES = resourceNames(SETTING_DEFAULTS, HOME);

jest.setTimeout(240_000);

describe("scope = organization, deployed with Terraform to the emulator", () => {
  let moto: MotoServer;
  let workDir: string;
  let deployment: EmulatorDeployment;
  let outputs: Record<string, string>;
  let destroyed = false;
  let organizationId: string;
  let unit: string;
  let members: string[];
  let sandbox: string;
  let inbox: TopicInbox;
  let deployedEnv: Record<string, string>;
  const client = <T>(Client: new (config: object) => T, region = HOME): T => new Client(emulatorClientConfig(moto.endpoint, region));
  const bufferArn = `arn:aws:sqs:${HOME}:${MANAGEMENT}:${NAMES.bufferQueue}`;

  async function newAccount(name: string): Promise<string> {
    const organizations = client(OrganizationsClient);
    const { CreateAccountStatus } = await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const { CreateAccountStatus: status } = await organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }));
    return status?.AccountId ?? "";
  }

  /** Clients acting in another account of the organization, through the role Organizations makes in each new account. */
  async function inAccount<T>(Client: new (config: object) => T, account: string, region: string): Promise<T> {
    const { Credentials } = await client(STSClient).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: "e2e" }));
    return new Client({
      ...emulatorClientConfig(moto.endpoint, region),
      credentials: { accessKeyId: Credentials?.AccessKeyId ?? "", secretAccessKey: Credentials?.SecretAccessKey ?? "", sessionToken: Credentials?.SessionToken },
    });
  }

  beforeAll(async () => {
    moto = await startMotoServer();
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-organization-"));

    // README, organization quick start: the organization, trusted access for StackSets, a trail.
    const organizations = client(OrganizationsClient);
    organizationId = (await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }))).Organization?.Id ?? "";
    await organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "member.org.stacksets.cloudformation.amazonaws.com" }));
    const root = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? "";
    unit = (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "workloads" }))).OrganizationalUnit?.Id ?? "";
    members = [await newAccount("payments-prod"), await newAccount("data-dev")];
    for (const account of members) await organizations.send(new MoveAccountCommand({ AccountId: account, SourceParentId: root, DestinationParentId: unit }));
    sandbox = await newAccount("sandbox");
    await client(S3Client).send(new CreateBucketCommand({ Bucket: "organization-trail-logs" }));
    await client(CloudTrailClient).send(new CreateTrailCommand({ Name: "organization-trail", S3BucketName: "organization-trail-logs", IsMultiRegionTrail: true, IsOrganizationTrail: true }));
    await client(CloudTrailClient).send(new StartLoggingCommand({ Name: "organization-trail" }));

    deployment = await deployToEmulator({
      endpoint: moto.endpoint,
      workDir,
      regions: REGIONS,
      emails: ["security@example.com"],
      // The organization's id is left out: Terraform reads it at plan time.
      settings: { ROOT_MONITOR_SCOPE: "organization", ROOT_MONITOR_HOME_REGION: HOME, ROOT_MONITOR_ORGANIZATIONAL_UNIT_IDS: unit, ROOT_MONITOR_HEARTBEAT: "daily" },
    });
    outputs = await deployment.outputs();
    const { Environment } = await client(LambdaClient).send(new GetFunctionConfigurationCommand({ FunctionName: outputs[outputName("function_name", HOME)] }));
    deployedEnv = { ...Environment?.Variables, ...EMULATOR_ENV, AWS_REGION: HOME, AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: NAMES.function };

    // The built function is driven by hand below: the mapping off (the emulator would try Docker), and an SQS reader of the topic.
    const lambda = client(LambdaClient);
    const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: bufferArn }));
    for (const mapping of EventSourceMappings) await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: false }));
    inbox = await subscribeInbox({ sqs: client(SQSClient), sns: client(SNSClient) }, outputs[outputName("topic_arn", HOME)], "organization-inbox");
  });

  afterAll(async () => {
    try {
      if (deployment && !destroyed) await deployment.destroy();
    } finally {
      await moto?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    }
  });

  /** Every SNS envelope the topic delivered to the reader since the last call. */
  const delivered = () => inbox.delivered();

  const driveTheFunction = () =>
    driveBuffer({ sqs: client(SQSClient), queueUrl: outputs[outputName("buffer_queue_url", HOME)], queueArn: bufferArn, region: HOME, env: deployedEnv, concurrency: 1, maxMs: 60_000 });

  it("puts a spoke stack instance in every member account of the unit, in every Region, and none in the sandbox", async () => {
    const { Summaries = [] } = await client(CloudFormationClient).send(new ListStackInstancesCommand({ StackSetName: outputs[outputName("spoke_stack_set_name", HOME)] }));
    const covered = Summaries.map((instance) => `${instance.Account} ${instance.Region}`).sort();
    expect(covered).toEqual(members.flatMap((account) => REGIONS.map((region) => `${account} ${region}`)).sort());
    const { Summaries: stackSets = [] } = await client(CloudFormationClient).send(new ListStackSetsCommand({}));
    expect(stackSets.map((stackSet) => [stackSet.StackSetName, stackSet.PermissionModel])).toEqual([[NAMES.spokeStackSet, "SERVICE_MANAGED"]]);
  });

  it("admits to the hub's bus the forwarding roles of the organization that Terraform read at plan time", async () => {
    const { EventBuses = [] } = await client(EventBridgeClient).send(new ListEventBusesCommand({}));
    const policy = JSON.parse(EventBuses.find((bus) => bus.Name === NAMES.eventBus)?.Policy ?? "{}");
    expect(policy.Statement[0]).toMatchObject({ Effect: "Allow", Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } } });
    expect(deployedEnv.ORGANIZATION_ID).toBe(organizationId);
  });

  it("tells a root sign-in in a member account, forwarded by the spoke template, as one alert naming that account", async () => {
    const template = (await client(CloudFormationClient).send(new DescribeStackSetCommand({ StackSetName: NAMES.spokeStackSet }))).StackSet?.TemplateBody ?? "";
    const region = "eu-west-1";
    const cloudformation = await inAccount(CloudFormationClient, sandbox, region);
    await cloudformation.send(new CreateStackCommand({ StackName: "root-activity-monitor-spoke", TemplateBody: template, Capabilities: ["CAPABILITY_NAMED_IAM"] }));
    expect((await cloudformation.send(new DescribeStacksCommand({ StackName: "root-activity-monitor-spoke" }))).Stacks?.[0]?.StackStatus).toBe("CREATE_COMPLETE");

    // A root console sign-in in the sandbox account, where CloudTrail puts it: that account's default bus.
    const signIn = loadFixture("root-console-sign-in-success");
    const detail = { ...signIn.detail, userIdentity: { ...signIn.detail.userIdentity, principalId: sandbox, arn: `arn:aws:iam::${sandbox}:root`, accountId: sandbox }, recipientAccountId: sandbox, awsRegion: region };
    const events = await inAccount(EventBridgeClient, sandbox, region);
    const { FailedEntryCount } = await events.send(new PutEventsCommand({ Entries: [{ Source: signIn.source, DetailType: signIn["detail-type"], Detail: JSON.stringify(detail) }] }));
    expect(FailedEntryCount).toBe(0);

    const run = await driveTheFunction();
    expect(run.failedRecords).toBe(0);
    const messages = (await delivered()).map(deliveredMessage);
    expect(messages.map((message) => message.subject)).toEqual([`Root console sign-in-"ConsoleLogin" detected in Account-"sandbox"`]);
    expect(messages[0].message).toMatchObject({ kind: "alert", account: { id: sandbox, alias: "sandbox", organizationId } });
  });

  it("finds, in the daily self-check, every member account's spoke, and says so in the heartbeat", async () => {
    await client(SQSClient).send(new SendMessageCommand({ QueueUrl: outputs[outputName("buffer_queue_url", HOME)], MessageBody: JSON.stringify(scheduledEvent(outputs[outputName("self_check_schedule_arn", HOME)], { id: "self-check-1", time: new Date() })) }));
    await driveTheFunction();
    const messages = (await delivered()).map(deliveredMessage);
    expect(messages.map((message) => message.subject)).toEqual([`root activity monitor: all ${REGIONS.length} Regions watched, 1 root event this week`]);
  });

  it("reports an account that joined the unit without a spoke as a blind spot in every Region", async () => {
    const joined = await newAccount("new-team");
    const organizations = client(OrganizationsClient);
    const root = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? "";
    await organizations.send(new MoveAccountCommand({ AccountId: joined, SourceParentId: root, DestinationParentId: unit }));
    await client(SQSClient).send(new SendMessageCommand({ QueueUrl: outputs[outputName("buffer_queue_url", HOME)], MessageBody: JSON.stringify(scheduledEvent(outputs[outputName("self_check_schedule_arn", HOME)], { id: "self-check-2", time: new Date() })) }));
    await driveTheFunction();
    const subjects = (await delivered()).map(deliveredMessage).map((message) => message.subject).sort();
    expect(subjects).toEqual(REGIONS.map((region) => `[CRITICAL] root activity monitor is blind in ${region}: account ${joined} has no spoke`).sort());
  });

  it("destroys the stack set and the hub", async () => {
    await deployment.destroy();
    destroyed = true;
    const { Summaries = [] } = await client(CloudFormationClient).send(new ListStackSetsCommand({}));
    expect(Summaries.map((stackSet) => [stackSet.StackSetName, stackSet.Status])).toEqual([[NAMES.spokeStackSet, "DELETED"]]);
    const { EventBuses = [] } = await client(EventBridgeClient).send(new ListEventBusesCommand({}));
    expect(EventBuses.map((bus) => bus.Name)).toEqual(["default"]);
  });
});
