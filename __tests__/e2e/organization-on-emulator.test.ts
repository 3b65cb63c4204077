/**
 * The hub (central delivery, scope = organization) on the emulator, following the README's
 * organization quick start: an organization with an organizational unit of two member accounts (and a
 * sandbox account outside it), trusted access for StackSets and an organization trail, then the hub
 * deployed with the real `terraform` binary from the management account, in two Regions. One
 * deployment serves every step (each costs a minute or more):
 * - one topic, one function and one delivery per address, in the home Region; a forwarding rule in
 *   each Region of the management account, with a role that may only put events on the hub's bus;
 * - a spoke stack instance for each member account and Region; the hub's bus policy names the
 *   organization Terraform read at plan time; a second plan changes nothing;
 * - a root session of the management account that touches both Regions, told as one alert and one
 *   story by the built function (driven with the buffer's batches, as Lambda would, with the very
 *   environment the deployment gave it);
 * - the spoke template, made a plain CloudFormation stack in the sandbox account (the emulator records
 *   service-managed instances and may not build their resources), forwards a root sign-in there (put
 *   with an `aws.` source, which the emulator lets a test do in CloudTrail's place) to the hub, where
 *   it is told as one alert naming that account;
 * - the daily self-check: a disabled rule, then a healthy monitor (and `npm run doctor` agreeing),
 *   then a new member account without a spoke;
 * - `npm run plan` refusing a switch back to one account's regional delivery (the removal itself is
 *   asserted once in the suite, on the account deployment).
 */
import { CloudFormationClient, CreateStackCommand, DescribeStackSetCommand, DescribeStacksCommand, ListStackInstancesCommand, ListStackSetsCommand } from "@aws-sdk/client-cloudformation";
import { DescribeRuleCommand, DisableRuleCommand, EventBridgeClient, ListEventBusesCommand, ListTargetsByRuleCommand, PutEventsCommand, PutRuleCommand, type RuleState } from "@aws-sdk/client-eventbridge";
import { GetRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, ListFunctionsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { ListSubscriptionsCommand, ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { driveBuffer } from "../../emulator/buffer-driver";
import { deliveredMessage, runBurst } from "../../emulator/burst-run";
import { createEmulatedOrganization, type EmulatedOrganization } from "../../emulator/emulated-organization";
import { deployToEmulator, isolatedEnv, type EmulatorDeployment } from "../../emulator/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { rootSessionBurst } from "../../emulator/root-session-burst";
import { terraformOk } from "../../scripts/lib/terraform";
import { SETTING_DEFAULTS } from "../../src/settings/settings-schema";
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/contract/event-pattern";
import { HANDLER_CONTRACT, outputName, resourceNames } from "../../src/contract/names";
import { PROJECT_ROOT } from "../../src/project-root";
import { loadFixture } from "../helpers/fixtures";
import { runPlanCommand } from "../helpers/plan-command";
import { scheduledEvent } from "../helpers/scheduled-event";
import { subscribeInbox, type TopicInbox } from "../helpers/topic-inbox";

const HOME = "us-east-1";
const SPOKE = "eu-west-1";
const REGIONS = [HOME, SPOKE];
const EMAILS = ["security@example.com", "oncall@example.com"];
const MANAGEMENT = "123456789012";
const namesIn = (region: string) => resourceNames(SETTING_DEFAULTS, region);
const NAMES = namesIn(HOME);

jest.setTimeout(240_000);

describe("the hub of an organization (scope = organization), deployed with Terraform to the emulator", () => {
  let moto: MotoServer;
  let workDir: string;
  let deployment: EmulatorDeployment;
  let outputs: Record<string, string>;
  let organization: EmulatedOrganization;
  let members: string[];
  let sandbox: string;
  let inbox: TopicInbox;
  /** The deployed function's environment, pointed at the emulator. */
  let deployedEnv: Record<string, string>;
  const client = <T>(Client: new (config: object) => T, region = HOME): T => new Client(emulatorClientConfig(moto.endpoint, region));
  const busArn = `arn:aws:events:${HOME}:${MANAGEMENT}:event-bus/${NAMES.eventBus}`;
  const bufferArn = `arn:aws:sqs:${HOME}:${MANAGEMENT}:${NAMES.bufferQueue}`;
  const bufferUrl = () => outputs[outputName("buffer_queue_url", HOME)];
  const settings = () => ({ ROOT_MONITOR_SCOPE: "organization", ROOT_MONITOR_HOME_REGION: HOME, ROOT_MONITOR_ORGANIZATIONAL_UNIT_IDS: organization.unitId, ROOT_MONITOR_HEARTBEAT: "daily" });

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
    organization = await createEmulatedOrganization({ endpoint: moto.endpoint, region: HOME, unitAccounts: ["payments-prod", "data-dev"], rootAccounts: ["sandbox"] });
    members = [organization.accounts["payments-prod"], organization.accounts["data-dev"]];
    sandbox = organization.accounts.sandbox;

    // The organization's id is left out: Terraform reads it at plan time.
    deployment = await deployToEmulator({ endpoint: moto.endpoint, workDir, regions: REGIONS, emails: EMAILS, settings: settings() });
    outputs = await deployment.outputs();
    const { Environment } = await client(LambdaClient).send(new GetFunctionConfigurationCommand({ FunctionName: outputs[outputName("function_name", HOME)] }));
    deployedEnv = { ...Environment?.Variables, ...EMULATOR_ENV, AWS_REGION: HOME, AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: NAMES.function };
  });

  // No destroy: the emulator, stopped, forgets everything. The suite asserts a removal once, on the
  // account deployment (account/destroy.ts), where a Region dropped from "regions" is removed too; the
  // stack set's removal by its units is the faithful emulator's own test, and what destroy says of the
  // member accounts is removal-summary's.
  afterAll(async () => {
    await moto?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** Every SNS envelope the topic delivered to the reader since the last call. */
  const delivered = () => inbox.delivered();

  const driveTheFunction = () => driveBuffer({ sqs: client(SQSClient), queueUrl: bufferUrl(), queueArn: bufferArn, region: HOME, env: deployedEnv, concurrency: 1, maxMs: 60_000 });

  /** Puts the schedule's event on the deployed buffer, as the schedule rule would (the emulator runs no schedules), and lets the built function take it. */
  async function runSelfCheck(id: string) {
    await client(SQSClient).send(new SendMessageCommand({ QueueUrl: bufferUrl(), MessageBody: JSON.stringify(scheduledEvent(outputs[outputName("self_check_schedule_arn", HOME)], { id, time: new Date() })) }));
    const run = await driveTheFunction();
    expect(run.failedRecords).toBe(0);
    expect(run.records).toBeGreaterThanOrEqual(1);
    return (await delivered()).map((envelope) => ({ ...deliveredMessage(envelope), severity: envelope.MessageAttributes?.severity?.Value as string | undefined }));
  }

  describe("as deployed", () => {
    it("has one topic and one function in all, in the home Region, and one subscription per address", async () => {
      for (const region of REGIONS) {
        const { Topics = [] } = await client(SNSClient, region).send(new ListTopicsCommand({}));
        const { Functions = [] } = await client(LambdaClient, region).send(new ListFunctionsCommand({}));
        expect({ region, topics: Topics.length, functions: Functions.length }).toEqual({ region, topics: region === HOME ? 1 : 0, functions: region === HOME ? 1 : 0 });
      }
      const { Subscriptions = [] } = await client(SNSClient).send(new ListSubscriptionsCommand({}));
      expect(Subscriptions.map((s) => s.Endpoint).sort()).toEqual([...EMAILS].sort());
      expect(outputs[outputName("topic_arn", HOME)]).toBe(`arn:aws:sns:${HOME}:${MANAGEMENT}:${NAMES.topic}`);
    });

    it.each(REGIONS)("forwards the management account's root activity in %s to the hub's bus, with a role that may only put events there", async (region) => {
      const events = client(EventBridgeClient, region);
      const rule = await events.send(new DescribeRuleCommand({ Name: namesIn(region).rule }));
      expect(JSON.parse(rule.EventPattern ?? "{}")).toEqual(ROOT_ACTIVITY_EVENT_PATTERN);
      expect(rule.State).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
      const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: namesIn(region).rule }));
      const roleArn = `arn:aws:iam::${MANAGEMENT}:role/${namesIn(region).forwardingRole}`;
      expect(Targets).toEqual([expect.objectContaining({ Arn: busArn, RoleArn: roleArn, RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 24 } })]);
      const { PolicyDocument = "" } = await client(IAMClient, region).send(new GetRolePolicyCommand({ RoleName: namesIn(region).forwardingRole, PolicyName: "forward" }));
      expect(JSON.parse(decodeURIComponent(PolicyDocument)).Statement).toEqual([{ Sid: "ForwardToCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: busArn }]);
    });

    it("puts a spoke stack instance in every member account of the unit, in every Region, and none in the sandbox", async () => {
      const { Summaries = [] } = await client(CloudFormationClient).send(new ListStackInstancesCommand({ StackSetName: outputs[outputName("spoke_stack_set_name", HOME)] }));
      const covered = Summaries.map((instance) => `${instance.Account} ${instance.Region}`).sort();
      expect(covered).toEqual(members.flatMap((account) => REGIONS.map((region) => `${account} ${region}`)).sort());
      const { Summaries: stackSets = [] } = await client(CloudFormationClient).send(new ListStackSetsCommand({}));
      expect(stackSets.map((stackSet) => [stackSet.StackSetName, stackSet.PermissionModel])).toEqual([[NAMES.spokeStackSet, "SERVICE_MANAGED"]]);
    });

    it("keeps the hub's bus in the home Region only, admitting the forwarding roles of the organization that Terraform read at plan time", async () => {
      const { EventBuses = [] } = await client(EventBridgeClient).send(new ListEventBusesCommand({}));
      const bus = EventBuses.find((candidate) => candidate.Name === NAMES.eventBus);
      expect(bus?.Arn).toBe(busArn);
      const policy = JSON.parse(bus?.Policy ?? "{}");
      expect(policy.Statement[0]).toMatchObject({ Effect: "Allow", Condition: { StringEquals: { "aws:PrincipalOrgID": organization.organizationId } } });
      // And denies everyone else: principals outside the organization, and any that is not a forwarding role.
      expect(policy.Statement.map((statement: { Effect: string }) => statement.Effect)).toEqual(["Allow", "Deny", "Deny"]);
      expect(deployedEnv.ORGANIZATION_ID).toBe(organization.organizationId);
      const { EventBuses: spokeBuses = [] } = await client(EventBridgeClient, SPOKE).send(new ListEventBusesCommand({}));
      expect(spokeBuses.map((b) => b.Name)).toEqual(["default"]);
    });

    it("plans no changes after apply, but the emulator's respacing of the buffer's redrive policy", async () => {
      // As in the account deployment (account/plans.ts): the emulator writes a RedrivePolicy back with Python's spacing.
      await terraformOk(["plan", "-input=false", "-out=drift.tfplan"], deployment.run);
      const { resource_changes = [] } = JSON.parse((await terraformOk(["show", "-json", "drift.tfplan"], deployment.run)).stdout) as {
        resource_changes?: Array<{ address: string; change: { actions: string[]; before: Record<string, unknown>; after: Record<string, unknown> } }>;
      };
      const changed = resource_changes.filter((rc) => !rc.change.actions.every((action) => action === "no-op" || action === "read"));
      const differences = changed.map((rc) => ({
        address: rc.address,
        actions: rc.change.actions,
        attributes: Object.keys({ ...rc.change.before, ...rc.change.after }).filter((key) => JSON.stringify(rc.change.before?.[key]) !== JSON.stringify(rc.change.after?.[key])),
      }));
      expect(differences).toEqual([{ address: expect.stringMatching(new RegExp(`^aws_sqs_queue\\.${HOME}_Buffer_Queue_`)), actions: ["update"], attributes: ["redrive_policy"] }]);
    });
  });

  describe("root activity, told by the built function", () => {
    let mappingUuid: string | undefined;

    beforeAll(async () => {
      // The function is driven by hand: the mapping off (the emulator would try Docker for every message), and an SQS reader of the topic.
      const lambda = client(LambdaClient);
      const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: bufferArn }));
      expect(EventSourceMappings).toHaveLength(1);
      mappingUuid = EventSourceMappings[0].UUID;
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mappingUuid, Enabled: false }));
      inbox = await subscribeInbox({ sqs: client(SQSClient), sns: client(SNSClient) }, outputs[outputName("topic_arn", HOME)], "organization-inbox");
    });

    it("tells a root session of the management account that touches both Regions as one alert and one story", async () => {
      // Seconds rather than minutes between digests, so that the session ends while the test waits.
      const env = { ...deployedEnv, [HANDLER_CONTRACT.env.digestIntervalSeconds]: "5", [HANDLER_CONTRACT.env.sessionQuietSeconds]: "15" };
      // One CLI session (one access key), one call in each Region, a second apart; and a call by an IAM user, which no rule forwards.
      const session = rootSessionBurst({ account: MANAGEMENT, events: 3, sessions: 1, critical: 0, start: new Date(), regions: REGIONS });
      const notRoot = loadFixture("iam-user-api-call");
      const run = await runBurst({
        sqs: client(SQSClient),
        region: HOME,
        bufferQueueUrl: bufferUrl(),
        bufferQueueArn: bufferArn,
        env,
        send: async () => {
          for (const event of [...session, { ...notRoot, region: SPOKE }]) {
            const { FailedEntryCount } = await client(EventBridgeClient, event.region).send(
              new PutEventsCommand({ Entries: [{ Source: event.source, DetailType: event["detail-type"], Detail: JSON.stringify(event.detail), Time: new Date(event.time) }] }),
            );
            expect(FailedEntryCount).toBe(0);
          }
        },
        delivered,
        maxMs: 120_000,
      });
      expect(run.driver.records).toBeGreaterThanOrEqual(session.length);
      const alerts = run.messages.filter((m) => m.message.kind === "alert");
      const digests = run.messages.filter((m) => m.message.kind === "digest");
      expect(alerts).toHaveLength(1);
      expect(digests.length).toBeGreaterThanOrEqual(1);
      expect(run.messages.flatMap((m) => m.message.eventIds).sort()).toEqual(session.map((event) => event.detail.eventID).sort());
      const digestRegions = digests.flatMap((m) => (m.message as unknown as { actions?: Array<{ region: string }> }).actions?.map((action) => action.region) ?? []);
      const alertRegion = (alerts[0].message as unknown as { region: string }).region;
      expect(new Set([alertRegion, ...digestRegions])).toEqual(new Set(REGIONS));
    });

    it("tells a root sign-in in a member account, forwarded by the spoke template, as one alert naming that account", async () => {
      const template = (await client(CloudFormationClient).send(new DescribeStackSetCommand({ StackSetName: NAMES.spokeStackSet }))).StackSet?.TemplateBody ?? "";
      const cloudformation = await inAccount(CloudFormationClient, sandbox, SPOKE);
      await cloudformation.send(new CreateStackCommand({ StackName: "root-activity-monitor-spoke", TemplateBody: template, Capabilities: ["CAPABILITY_NAMED_IAM"] }));
      expect((await cloudformation.send(new DescribeStacksCommand({ StackName: "root-activity-monitor-spoke" }))).Stacks?.[0]?.StackStatus).toBe("CREATE_COMPLETE");

      // A root console sign-in in the sandbox account, where CloudTrail puts it: that account's default bus.
      const signIn = loadFixture("root-console-sign-in-success");
      const detail = { ...signIn.detail, userIdentity: { ...signIn.detail.userIdentity, principalId: sandbox, arn: `arn:aws:iam::${sandbox}:root`, accountId: sandbox }, recipientAccountId: sandbox, awsRegion: SPOKE };
      const events = await inAccount(EventBridgeClient, sandbox, SPOKE);
      const { FailedEntryCount } = await events.send(new PutEventsCommand({ Entries: [{ Source: signIn.source, DetailType: signIn["detail-type"], Detail: JSON.stringify(detail) }] }));
      expect(FailedEntryCount).toBe(0);

      const run = await driveTheFunction();
      expect(run.failedRecords).toBe(0);
      const messages = (await delivered()).map(deliveredMessage);
      expect(messages.map((message) => message.subject)).toEqual([`Root console sign-in with MFA-"ConsoleLogin" detected in Account-"sandbox"`]);
      expect(messages[0].message).toMatchObject({ kind: "alert", account: { id: sandbox, alias: "sandbox", organizationId: organization.organizationId } });
    });

    describe("the daily self-check, run from the home Region", () => {
      it("reports a disabled rule in a Region as one critical message naming the Region", async () => {
        await client(EventBridgeClient, SPOKE).send(new DisableRuleCommand({ Name: namesIn(SPOKE).rule }));
        const messages = await runSelfCheck("self-check-1");
        expect(messages.map((m) => [m.subject, m.severity])).toEqual([[`[CRITICAL] root activity monitor is blind in ${SPOKE}: rule is DISABLED`, "critical"]]);
        expect(messages[0].message).toMatchObject({
          kind: "self-check",
          severity: "critical",
          region: SPOKE,
          checkedFrom: HOME,
          problems: [{ check: "rule", message: `rule ${namesIn(SPOKE).rule} is DISABLED: root activity here is not routed to anyone. Enable it, or apply again (npm run deploy).` }],
        });
      });

      it("then finds every Region and every member account's spoke watched once the rule is enabled as deployed, and sends the heartbeat with the week's root events", async () => {
        const events = client(EventBridgeClient, SPOKE);
        const rule = await events.send(new DescribeRuleCommand({ Name: namesIn(SPOKE).rule }));
        await events.send(new PutRuleCommand({ Name: namesIn(SPOKE).rule, EventPattern: rule.EventPattern, Description: rule.Description, State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" as RuleState }));
        const messages = await runSelfCheck("self-check-2");
        // The session's three events and the sandbox's sign-in.
        expect(messages.map((m) => m.subject)).toEqual([`root activity monitor: all ${REGIONS.length} Regions watched, 4 root events this week`]);
        expect(messages[0].message).toMatchObject({ kind: "heartbeat", regions: REGIONS, rootEventsLast7Days: 4, warnings: [] });
      });

      it("agrees with npm run doctor, which checks the same deployment from its outputs: every Region's rule and the member accounts' spokes, and the delivery at home", async () => {
        // As deployed: the mapping takes the buffer to the function (nothing is left in the buffer for the emulator to run).
        await client(LambdaClient).send(new UpdateEventSourceMappingCommand({ UUID: mappingUuid, Enabled: true }));
        const { stdout } = await promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["scripts/doctor.ts"], {
          cwd: PROJECT_ROOT,
          env: { ...isolatedEnv(), ...EMULATOR_ENV, ROOT_MONITOR_AWS_ENDPOINT: moto.endpoint, ROOT_MONITOR_STATE_BUCKET: deployment.stateBucket, ROOT_MONITOR_REGIONS: REGIONS.join(","), ...settings() },
        }).finally(() => client(LambdaClient).send(new UpdateEventSourceMappingCommand({ UUID: mappingUuid, Enabled: false })));
        expect(stdout).not.toMatch(/FAIL|WARN/);
        // The spoke's block: its header, then its indented findings.
        const after = stdout.slice(stdout.indexOf(`${SPOKE}\n`)).split("\n").slice(1);
        const spokeLines = after.slice(0, after.findIndex((line) => !/^\s+(ok|WARN|FAIL)/.test(line)));
        expect(spokeLines.map((line) => line.split(":")[0].trim())).toEqual(["ok   CloudTrail", "ok   rule", "ok   target", "ok   dead-letter queue", "ok   spoke"]);
        // The member accounts' spokes, as the function's own self-check sees them, under each Region.
        expect(stdout.split("\n").filter((line) => line.includes("spoke:"))).toEqual(REGIONS.map(() => "  ok   spoke: every one of 2 member account(s) has a working spoke here"));
        expect(spokeLines.join("\n")).toContain(`ok   target: the rule puts root events on the central event bus ${NAMES.eventBus} in ${HOME}`);
        expect(stdout).toContain(`ok   central target: the rule on the bus ${NAMES.eventBus} puts root events on the buffer queue ${NAMES.bufferQueue}`);
        expect(stdout).toContain(`The monitor can see and tell in ${REGIONS.length} Region(s).`);
      });

      it("reports an account that joined the unit without a spoke as a blind spot in every Region", async () => {
        const joined = await organization.addAccount("new-team", true);
        const messages = await runSelfCheck("self-check-3");
        expect(messages.map((message) => message.subject).sort()).toEqual(REGIONS.map((region) => `[CRITICAL] root activity monitor is blind in ${region}: account ${joined} has no spoke`).sort());
      });
    });
  });

  it("refuses, in npm run plan, a switch back to one account's regional delivery: it destroys the stack set, its instances and the hub's rule", async () => {
    const plan = await runPlanCommand(path.join(workDir, "plan-switch"), moto.endpoint, {
      ROOT_MONITOR_STATE_BUCKET: deployment.stateBucket,
      ROOT_MONITOR_REGIONS: REGIONS.join(","),
      ROOT_MONITOR_EMAILS: EMAILS.join(","),
      ROOT_MONITOR_SCOPE: "account",
      ROOT_MONITOR_DELIVERY: "regional",
    });
    expect(plan.code).toBe(3);
    const blocked = plan.markdown.split("**Blocked:**")[1] ?? "";
    expect(blocked).toMatch(/- destroys aws_cloudwatch_event_rule\.central-rule_Rule_/);
    expect(blocked).toMatch(/- destroys aws_cloudformation_stack_set\.organization-spokes_StackSet_/);
    expect(blocked).toMatch(new RegExp(`- destroys aws_cloudformation_stack_set_instance\\.organization-spokes_Instance-${SPOKE}-${organization.unitId}_`));
    // Per Region: the spoke gets its own delivery; the hub's resources, gone from the configuration, are still counted in their Region.
    expect(plan.markdown).toMatch(new RegExp(`\\| ${SPOKE} \\| [1-9]\\d* \\|`));
    expect(plan.markdown).toMatch(new RegExp(`\\| ${HOME} \\| \\d+ \\| \\d+ \\| \\d+ \\| [1-9]\\d* \\|`));
    expect(plan.markdown).not.toContain("(unknown)");
  });

});
