/**
 * Central delivery with the real `terraform` binary against the local AWS emulator, three Regions:
 * apply, one delivery and one confirmation per address, a clean second plan, a root session that
 * touches three Regions reaching the home Region's buffer through the forwarding rules and told as
 * one story by the built function (driven with the buffer's batches, as Lambda would, with the very
 * environment the deployment gave it), the daily self-check telling a disabled spoke rule and then a
 * healthy monitor (and `npm run doctor` agreeing), a mode switch that `npm run plan` refuses, and a
 * destroy that leaves nothing. One deployment serves every step: each costs a minute or more.
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeRuleCommand, DisableRuleCommand, EventBridgeClient, ListEventBusesCommand, ListRulesCommand, ListTargetsByRuleCommand, PutEventsCommand, PutRuleCommand, type RuleState } from "@aws-sdk/client-eventbridge";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, ListFunctionsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { ListSubscriptionsCommand, ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { ListQueuesCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { driveBuffer } from "../../scripts/lib/buffer-driver";
import { deliveredMessage, runBurst } from "../../scripts/lib/burst-run";
import { deployToEmulator, isolatedEnv, type EmulatorDeployment } from "../../scripts/lib/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { rootSessionBurst } from "../../scripts/lib/root-session-burst";
import { terraformOk } from "../../scripts/lib/terraform";
import { SETTING_DEFAULTS } from "../../src/config";
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/event-pattern";
import { HANDLER_CONTRACT, outputName, resourceNames } from "../../src/names";
import { PROJECT_ROOT } from "../../src/project-root";
import { loadFixture } from "../helpers/fixtures";
import { runPlanCommand } from "../helpers/plan-command";
import { scheduledEvent } from "../helpers/scheduled-event";
import { subscribeInbox, type TopicInbox } from "../helpers/topic-inbox";

const HOME = "us-east-1";
const SPOKES = ["eu-west-1", "ap-southeast-2"];
const REGIONS = [HOME, ...SPOKES];
const EMAILS = ["security@example.com", "oncall@example.com"];
const ACCOUNT = "123456789012";
const namesIn = (region: string) => resourceNames(SETTING_DEFAULTS, region);
const CENTRAL = { ROOT_MONITOR_DELIVERY: "central", ROOT_MONITOR_HOME_REGION: HOME, ROOT_MONITOR_HEARTBEAT: "daily" };

jest.setTimeout(180_000);

describe("central delivery deployed with Terraform to the emulator", () => {
  let moto: MotoServer;
  let workDir: string;
  let deployment: EmulatorDeployment;
  let outputs: Record<string, string>;
  let destroyed = false;
  /** The deployed function's environment, pointed at the emulator. */
  let deployedEnv: Record<string, string>;
  let inbox: TopicInbox;
  let mappingUuid: string | undefined;
  const client = <T>(Client: new (config: object) => T, region: string): T => new Client(emulatorClientConfig(moto.endpoint, region));
  const busArn = `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/${namesIn(HOME).eventBus}`;
  const bufferUrl = () => outputs[outputName("buffer_queue_url", HOME)];
  const bufferArn = `arn:aws:sqs:${HOME}:${ACCOUNT}:${namesIn(HOME).bufferQueue}`;

  beforeAll(async () => {
    moto = await startMotoServer();
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-central-"));
    deployment = await deployToEmulator({ endpoint: moto.endpoint, workDir, regions: SPOKES, emails: EMAILS, settings: CENTRAL });
    outputs = await deployment.outputs();

    const { Environment } = await client(LambdaClient, HOME).send(new GetFunctionConfigurationCommand({ FunctionName: outputs[outputName("function_name", HOME)] }));
    deployedEnv = { ...Environment?.Variables, ...EMULATOR_ENV, AWS_REGION: HOME, AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: namesIn(HOME).function };
  });

  /**
   * Before the function is driven by hand: the mapping disabled (the emulator cannot run the
   * function; it would try Docker for every message), and someone reading the topic, an SQS
   * subscriber, which receives the JSON copy with subject and attributes in SNS's envelope.
   */
  async function takeOverTheMapping(): Promise<void> {
    const lambda = client(LambdaClient, HOME);
    const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: bufferArn }));
    expect(EventSourceMappings).toHaveLength(1);
    mappingUuid = EventSourceMappings[0].UUID;
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mappingUuid, Enabled: false }));
    inbox = await subscribeInbox({ sqs: client(SQSClient, HOME), sns: client(SNSClient, HOME) }, outputs[outputName("topic_arn", HOME)], "central-inbox");
  }

  /** Every SNS envelope the topic delivered to the subscriber since the last call. */
  const delivered = () => inbox.delivered();

  afterAll(async () => {
    try {
      if (deployment && !destroyed) await deployment.destroy();
    } finally {
      await moto?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    }
  });

  it("has one topic and one function in all, in the home Region, and one subscription per address", async () => {
    for (const region of REGIONS) {
      const { Topics = [] } = await client(SNSClient, region).send(new ListTopicsCommand({}));
      const { Functions = [] } = await client(LambdaClient, region).send(new ListFunctionsCommand({}));
      expect({ region, topics: Topics.length, functions: Functions.length }).toEqual({ region, topics: region === HOME ? 1 : 0, functions: region === HOME ? 1 : 0 });
    }
    const { Subscriptions = [] } = await client(SNSClient, HOME).send(new ListSubscriptionsCommand({}));
    expect(Subscriptions.map((s) => s.Endpoint).sort()).toEqual([...EMAILS].sort());
    expect(outputs[outputName("topic_arn", HOME)]).toBe(`arn:aws:sns:${HOME}:${ACCOUNT}:${namesIn(HOME).topic}`);
  });

  it.each(REGIONS)("forwards root activity on the default bus in %s to the central bus, with a role that may only put events there", async (region) => {
    const events = client(EventBridgeClient, region);
    const rule = await events.send(new DescribeRuleCommand({ Name: namesIn(region).rule }));
    expect(JSON.parse(rule.EventPattern ?? "{}")).toEqual(ROOT_ACTIVITY_EVENT_PATTERN);
    expect(rule.State).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: namesIn(region).rule }));
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/${namesIn(region).forwardingRole}`;
    expect(Targets).toEqual([expect.objectContaining({ Arn: busArn, RoleArn: roleArn, RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 24 } })]);
    const { PolicyDocument = "" } = await client(IAMClient, region).send(new GetRolePolicyCommand({ RoleName: namesIn(region).forwardingRole, PolicyName: "forward" }));
    expect(JSON.parse(decodeURIComponent(PolicyDocument)).Statement).toEqual([{ Sid: "ForwardToCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: busArn }]);
  });

  it("keeps the central bus in the home Region, behind a policy for this account's forwarding roles only", async () => {
    const { EventBuses = [] } = await client(EventBridgeClient, HOME).send(new ListEventBusesCommand({}));
    const bus = EventBuses.find((candidate) => candidate.Name === namesIn(HOME).eventBus);
    expect(bus?.Arn).toBe(busArn);
    const policy = JSON.parse(bus?.Policy ?? "{}");
    const roles = REGIONS.map((region) => `arn:aws:iam::${ACCOUNT}:role/${namesIn(region).forwardingRole}`);
    expect(policy.Statement.map((s: Record<string, any>) => [s.Effect, s.Condition?.ArnEquals?.["aws:PrincipalArn"] ?? s.Condition?.ArnNotEquals?.["aws:PrincipalArn"]])).toEqual([
      ["Allow", roles],
      ["Deny", roles],
    ]);
    for (const spoke of SPOKES) {
      const { EventBuses: spokeBuses = [] } = await client(EventBridgeClient, spoke).send(new ListEventBusesCommand({}));
      expect(spokeBuses.map((b) => b.Name)).toEqual(["default"]);
    }
  });

  it("plans no changes after apply, but the emulator's respacing of the buffer's redrive policy", async () => {
    // As in deploy-on-emulator.test.ts: the emulator writes a RedrivePolicy back with Python's spacing.
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

  describe("a root session that touches three Regions", () => {
    // Seconds rather than minutes between digests, so that the session ends while the test waits.
    const env = () => ({ ...deployedEnv, [HANDLER_CONTRACT.env.digestIntervalSeconds]: "5", [HANDLER_CONTRACT.env.sessionQuietSeconds]: "15" });
    beforeAll(takeOverTheMapping);

    it("reaches the home Region's buffer from every Region's default bus, and is told as one alert and one story", async () => {
      // One CLI session (one access key), one call in each Region, a second apart; and a call by an IAM user, which no rule forwards.
      const session = rootSessionBurst({ account: ACCOUNT, events: 3, sessions: 1, critical: 0, start: new Date(), regions: REGIONS });
      const notRoot = loadFixture("iam-user-api-call");
      const run = await runBurst({
        sqs: client(SQSClient, HOME),
        region: HOME,
        bufferQueueUrl: bufferUrl(),
        bufferQueueArn: bufferArn,
        env: env(),
        send: async () => {
          for (const event of [...session, { ...notRoot, region: SPOKES[0] }]) {
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
      expect([alertRegion, ...digestRegions].sort()).toEqual([...REGIONS].sort());
    });
  });

  describe("the daily self-check, run from the home Region", () => {
    const names = namesIn(HOME);

    beforeAll(async () => {
      // A multi-Region trail of management events, as the account would have.
      await client(S3Client, HOME).send(new CreateBucketCommand({ Bucket: "central-trail-logs" }));
      await client(CloudTrailClient, HOME).send(new CreateTrailCommand({ Name: "org-trail", S3BucketName: "central-trail-logs", IsMultiRegionTrail: true }));
      await client(CloudTrailClient, HOME).send(new StartLoggingCommand({ Name: "org-trail" }));
    });

    /** Puts the schedule's event on the deployed buffer, as the schedule rule would (the emulator runs no schedules), and lets the built function take it. */
    async function runSelfCheck(id: string) {
      const sqs = client(SQSClient, HOME);
      await sqs.send(new SendMessageCommand({ QueueUrl: bufferUrl(), MessageBody: JSON.stringify(scheduledEvent(outputs[outputName("self_check_schedule_arn", HOME)], { id, time: new Date() })) }));
      const run = await driveBuffer({ sqs, queueUrl: bufferUrl(), queueArn: bufferArn, region: HOME, env: deployedEnv, concurrency: 1, maxMs: 60_000 });
      expect(run.failedRecords).toBe(0);
      expect(run.records).toBeGreaterThanOrEqual(1);
      return (await delivered()).map((envelope) => ({ ...deliveredMessage(envelope), severity: envelope.MessageAttributes?.severity?.Value as string | undefined }));
    }

    it("reports a disabled spoke rule as one critical message naming the spoke", async () => {
      await client(EventBridgeClient, SPOKES[0]).send(new DisableRuleCommand({ Name: names.rule }));
      const messages = await runSelfCheck("self-check-1");
      expect(messages.map((m) => [m.subject, m.severity])).toEqual([[`[CRITICAL] root activity monitor is blind in ${SPOKES[0]}: rule is DISABLED`, "critical"]]);
      expect(messages[0].message).toMatchObject({
        kind: "self-check",
        severity: "critical",
        region: SPOKES[0],
        checkedFrom: HOME,
        problems: [{ check: "rule", message: `rule ${names.rule} is DISABLED: root activity here is not routed to anyone. Enable it, or apply again (npm run deploy).` }],
      });
    });

    it("then finds the monitor healthy once the rule is enabled as deployed, and sends the heartbeat with the week's root events", async () => {
      const spokeEvents = client(EventBridgeClient, SPOKES[0]);
      const rule = await spokeEvents.send(new DescribeRuleCommand({ Name: names.rule }));
      await spokeEvents.send(new PutRuleCommand({ Name: names.rule, EventPattern: rule.EventPattern, Description: rule.Description, State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" as RuleState }));
      const messages = await runSelfCheck("self-check-2");
      // The three root events of the session above.
      expect(messages.map((m) => m.subject)).toEqual([`root activity monitor: all ${REGIONS.length} Regions watched, 3 root events this week`]);
      expect(messages[0].message).toMatchObject({ kind: "heartbeat", regions: REGIONS, rootEventsLast7Days: 3, warnings: [] });
    });

    it("agrees with npm run doctor, which checks the same deployment from its outputs: every Region's rule, and the delivery at home", async () => {
      // As deployed: the mapping takes the buffer to the function (nothing is left in the buffer for the emulator to run).
      await client(LambdaClient, HOME).send(new UpdateEventSourceMappingCommand({ UUID: mappingUuid, Enabled: true }));
      const { stdout } = await promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["scripts/doctor.ts"], {
        cwd: PROJECT_ROOT,
        env: { ...isolatedEnv(), ...EMULATOR_ENV, ROOT_MONITOR_AWS_ENDPOINT: moto.endpoint, ROOT_MONITOR_STATE_BUCKET: deployment.stateBucket, ROOT_MONITOR_REGIONS: REGIONS.join(","), ...CENTRAL },
      });
      expect(stdout).not.toMatch(/FAIL|WARN/);
      // The spoke's block: its header, then its indented findings.
      const after = stdout.slice(stdout.indexOf(`${SPOKES[0]}\n`)).split("\n").slice(1);
      const spokeLines = after.slice(0, after.findIndex((line) => !/^\s+(ok|WARN|FAIL)/.test(line)));
      const spoke = spokeLines.join("\n");
      expect(spokeLines.map((line) => line.split(":")[0].trim())).toEqual(["ok   CloudTrail", "ok   rule", "ok   target", "ok   dead-letter queue"]);
      expect(spoke).toContain(`ok   target: the rule puts root events on the central event bus ${names.eventBus} in ${HOME}`);
      expect(stdout).toContain(`ok   central target: the rule on the bus ${names.eventBus} puts root events on the buffer queue ${names.bufferQueue}`);
      expect(stdout).toContain(`The monitor can see and tell in ${REGIONS.length} Region(s).`);
    });
  });

  it("refuses, in npm run plan, a switch back to regional delivery: it destroys the central rule and subscribes everyone again in the spokes", async () => {
    const plan = await runPlanCommand(path.join(workDir, "plan-switch"), moto.endpoint, {
      ROOT_MONITOR_STATE_BUCKET: deployment.stateBucket,
      ROOT_MONITOR_REGIONS: REGIONS.join(","),
      ROOT_MONITOR_EMAILS: EMAILS.join(","),
      ROOT_MONITOR_DELIVERY: "regional",
    });
    expect(plan.code).toBe(3);
    expect(plan.markdown).toMatch(/- destroys aws_cloudwatch_event_rule\.central-rule_Rule_/);
    for (const spoke of SPOKES) expect(plan.markdown).toMatch(new RegExp(`\\| ${spoke} \\| [1-9]\\d* \\|`));
  });

  it("destroys everything it created, in every Region: rules, the bus, roles, functions, topics, queues", async () => {
    await deployment.destroy();
    destroyed = true;
    for (const region of REGIONS) {
      const events = client(EventBridgeClient, region);
      const { Rules = [] } = await events.send(new ListRulesCommand({}));
      expect(Rules.map((rule) => rule.Name)).not.toContain(namesIn(region).rule);
      const { EventBuses = [] } = await events.send(new ListEventBusesCommand({}));
      expect(EventBuses.map((bus) => bus.Name)).toEqual(["default"]);
      await expect(client(IAMClient, region).send(new GetRoleCommand({ RoleName: namesIn(region).forwardingRole }))).rejects.toMatchObject({ name: expect.stringMatching(/^NoSuchEntity/) });
      const { Topics = [] } = await client(SNSClient, region).send(new ListTopicsCommand({}));
      expect(Topics).toEqual([]);
      const { QueueUrls = [] } = await client(SQSClient, region).send(new ListQueuesCommand({ QueueNamePrefix: SETTING_DEFAULTS.namePrefix }));
      expect(QueueUrls).toEqual([]);
    }
  });
});
