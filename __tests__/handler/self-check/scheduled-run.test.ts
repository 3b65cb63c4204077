/**
 * The self-check through the delivery handler, as the function runs it: the schedule's event in the
 * buffer starts it; each blind Region gets one critical message, a healthy monitor none (or the
 * heartbeat on its day); a repeat of the event sends nothing twice; an unexpected scheduled event is
 * still told. The AWS answers are a central deployment's, healthy unless a test says otherwise.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { ListSubscriptionsByTopicCommand, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { CloudFormationClient, ListStackInstancesCommand } from "@aws-sdk/client-cloudformation";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../../handler/messages/account-name";
import { createDeliveryHandler } from "../../../handler/delivery/delivery-handler";
import { MESSAGE_KEYS } from "../../../handler/messages/envelope";
import type { RegionClients } from "../../../handler/self-check/check-region";
import { createSelfCheck } from "../../../handler/self-check/scheduled-run";
import type { SelfCheckPlan } from "../../../src/contract/self-check-plan";
import { freeSlots } from "../../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../../handler/sessions/in-memory-store";
import { scheduledEvent } from "../../helpers/scheduled-event";
import { recordingLogger } from "../../helpers/silent-logger";

const ACCOUNT = "111122223333";
const HOME = "us-east-1";
const SPOKES = ["eu-west-1", "ap-southeast-2"];
const BUS = `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/root-activity-monitor`;
const BUFFER = `arn:aws:sqs:${HOME}:${ACCOUNT}:root-activity-monitor-buffer`;
const TOPIC = `arn:aws:sns:${HOME}:${ACCOUNT}:root-activity-monitor`;
const SCHEDULE = `arn:aws:events:${HOME}:${ACCOUNT}:rule/root-activity-monitor-self-check`;
const PLAN: SelfCheckPlan = {
  schedule: SCHEDULE,
  heartbeat: "weekly",
  account: ACCOUNT,
  readOnly: true,
  regions: [HOME, ...SPOKES],
  rule: { name: "root-activity-monitor", target: BUS, deadLetterQueue: "root-activity-monitor-undeliverable" },
  central: { eventBus: "root-activity-monitor", name: "root-activity-monitor", target: BUFFER, deadLetterQueue: "root-activity-monitor-central-undeliverable" },
  delivery: { region: HOME, topic: TOPIC, unprocessed: "root-activity-monitor-unprocessed" },
};
const MONDAY = Date.parse("2026-11-23T08:00:00Z");
const TUESDAY = Date.parse("2026-11-24T08:00:00Z");

const cloudtrail = mockClient(CloudTrailClient);
const events = mockClient(EventBridgeClient);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const iam = mockClient(IAMClient);
const cloudformation = mockClient(CloudFormationClient);
const organizations = mockClient(OrganizationsClient);

/** Every client remembers its Region, so that a mock can answer per Region. */
const regionOf = async (client: { config: { region: () => Promise<string> } }) => client.config.region();
const clientsIn = (region: string): RegionClients => ({ cloudtrail: new CloudTrailClient({ region }), events: new EventBridgeClient({ region }), sqs: new SQSClient({ region }), sns: new SNSClient({ region }) });

function newHandler(options: { heartbeat?: SelfCheckPlan["heartbeat"]; now?: number; rootEvents?: number; organization?: boolean } = {}) {
  const logger = recordingLogger();
  const clock = { now: options.now ?? TUESDAY };
  const once = inMemoryOnce();
  const selfCheck = createSelfCheck({
    plan: { ...PLAN, heartbeat: options.heartbeat ?? PLAN.heartbeat, ...(options.organization ? { organization: { stackSet: "root-activity-monitor-spokes", units: ["r-ab12"] } } : {}) },
    topicArn: TOPIC,
    clientsIn,
    ...(options.organization ? { organizationClients: { cloudformation: new CloudFormationClient({ region: HOME }), organizations: new OrganizationsClient({ region: HOME }) } } : {}),
    rootEventsLastWeek: async () => options.rootEvents ?? 0,
    lookupAccountAlias: createAccountAliasLookup(new IAMClient({})),
    logger,
    once,
    now: () => clock.now,
  });
  const handle = createDeliveryHandler({
    topicArn: TOPIC,
    sns: new SNSClient({}),
    sessions: new InMemorySessionStore(),
    slots: freeSlots(),
    scheduleDigest: async () => undefined,
    lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
    logger,
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once,
    selfCheck,
    now: () => clock.now,
  });
  let number = 0;
  const deliver = (event: unknown, remainingMs = 30_000) => handle({ messageId: `sqs-${(number += 1)}`, body: JSON.stringify(event) }, remainingMs);
  return { deliver, logger, clock };
}

const published = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
const jsonOf = (index: number) => JSON.parse(JSON.parse(published()[index].Message ?? "{}")[MESSAGE_KEYS.json]);

describe("the self-check, started by the schedule's event in the buffer", () => {
  beforeEach(() => {
    for (const mock of [cloudtrail, events, sqs, sns, iam, cloudformation, organizations]) mock.reset();
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: "org-trail", TrailARN: `arn:aws:cloudtrail:${HOME}:${ACCOUNT}:trail/org-trail`, HomeRegion: HOME, IsMultiRegionTrail: true }] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ IncludeManagementEvents: true }] });
    events.on(DescribeRuleCommand).resolves({ State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" });
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: "notify", Arn: BUS }] });
    events.on(ListTargetsByRuleCommand, { EventBusName: "root-activity-monitor" }).resolves({ Targets: [{ Id: "notify", Arn: BUFFER }] });
    sqs.on(GetQueueUrlCommand).callsFake(({ QueueName }) => ({ QueueUrl: `https://sqs.example/${ACCOUNT}/${QueueName}` }));
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" } });
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:1`, Endpoint: "security@example.com" }] });
    sns.on(PublishCommand).resolves({ MessageId: "msg-1" });
    iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  it("checks every Region from the home Region, each in its own Region", async () => {
    const { deliver } = newHandler();
    await expect(deliver(scheduledEvent(SCHEDULE))).resolves.toMatchObject({ status: "healthy", regions: [HOME, ...SPOKES] });
    const asked = await Promise.all(events.commandCalls(DescribeRuleCommand).map(async (call) => [await regionOf(call.thisValue as never), call.args[0].input.EventBusName ?? "default"]));
    expect(asked.sort()).toEqual([[HOME, "default"], [HOME, "root-activity-monitor"], ...SPOKES.map((spoke) => [spoke, "default"])].sort());
  });

  it("publishes nothing for a healthy monitor on a day without heartbeat", async () => {
    const { deliver, logger } = newHandler();
    await deliver(scheduledEvent(SCHEDULE));
    expect(published()).toEqual([]);
    expect(logger.lines.map((line) => line.message)).toEqual(["self-check: all watched"]);
  });

  it("publishes one critical message for a disabled spoke rule, in that Region's name only", async () => {
    events.on(DescribeRuleCommand).callsFake(async (input, getClient) => ({
      State: (await getClient().config.region()) === "ap-southeast-2" && !input.EventBusName ? "DISABLED" : "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
    }));
    const { deliver } = newHandler();
    await expect(deliver(scheduledEvent(SCHEDULE))).resolves.toMatchObject({ status: "blind", blindRegions: ["ap-southeast-2"] });
    expect(published()).toHaveLength(1);
    expect(published()[0]).toMatchObject({
      TopicArn: TOPIC,
      Subject: "[CRITICAL] root activity monitor is blind in ap-southeast-2: rule is DISABLED",
      MessageAttributes: expect.objectContaining({ severity: { DataType: "String", StringValue: "critical" }, messageKind: { DataType: "String", StringValue: "self-check" } }),
    });
    expect(jsonOf(0)).toMatchObject({ kind: "self-check", region: "ap-southeast-2", account: { alias: "prod-payments" }, problems: [{ check: "rule" }] });
  });

  it("publishes one critical message per blind Region, with every problem of each", async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    sqs.on(GetQueueAttributesCommand).callsFake(async ({ QueueUrl }) => ({
      Attributes: { ApproximateNumberOfMessages: String(QueueUrl).endsWith("central-undeliverable") ? "4" : "0", ApproximateNumberOfMessagesNotVisible: "0" },
    }));
    const { deliver } = newHandler();
    await deliver(scheduledEvent(SCHEDULE));
    const subjects = published().map((request) => request.Subject).sort();
    expect(subjects).toEqual([
      "[CRITICAL] root activity monitor is blind in ap-southeast-2: no trail logs management events",
      "[CRITICAL] root activity monitor is blind in eu-west-1: no trail logs management events",
      "[CRITICAL] root activity monitor is blind in us-east-1: no trail logs management events (+1 more)",
    ]);
    const home = published().find((request) => request.Subject?.includes(" in us-east-1: "));
    const email = JSON.parse(home?.Message ?? "{}")[MESSAGE_KEYS.email];
    expect(email).toContain("- CloudTrail: NO CloudTrail trail is logging management events in this Region.");
    expect(email).toContain("- central dead-letter queue: 4 root event(s) the rule could not deliver are waiting in root-activity-monitor-central-undeliverable");
  });

  it("sends nothing twice when the same scheduled event is delivered again", async () => {
    events.on(DescribeRuleCommand).resolves({ State: "DISABLED" });
    const { deliver } = newHandler();
    await deliver(scheduledEvent(SCHEDULE, { id: "run-1" }));
    await deliver(scheduledEvent(SCHEDULE, { id: "run-1" }));
    expect(published()).toHaveLength(3);
    await deliver(scheduledEvent(SCHEDULE, { id: "run-2" }));
    expect(published()).toHaveLength(6);
  });

  it("sends the weekly heartbeat on Monday when all is well: all Regions watched, and the week's root events", async () => {
    const { deliver } = newHandler({ now: MONDAY, rootEvents: 5 });
    await expect(deliver(scheduledEvent(SCHEDULE))).resolves.toMatchObject({ status: "healthy", heartbeatMessageId: "msg-1" });
    expect(published().map((request) => request.Subject)).toEqual(["root activity monitor: all 3 Regions watched, 5 root events this week"]);
    expect(jsonOf(0)).toMatchObject({ kind: "heartbeat", rootEventsLast7Days: 5 });
  });

  it("sends one heartbeat a day however often the check runs, and none with heartbeat off", async () => {
    const daily = newHandler({ heartbeat: "daily" });
    await daily.deliver(scheduledEvent(SCHEDULE, { id: "run-1" }));
    await daily.deliver(scheduledEvent(SCHEDULE, { id: "run-2" }));
    expect(published()).toHaveLength(1);
    daily.clock.now += 86_400_000;
    await daily.deliver(scheduledEvent(SCHEDULE, { id: "run-3" }));
    expect(published()).toHaveLength(2);
    await newHandler({ heartbeat: "off", now: MONDAY }).deliver(scheduledEvent(SCHEDULE));
    expect(published()).toHaveLength(2);
  });

  it("sends no heartbeat while a Region is blind: the critical message says what is wrong instead", async () => {
    events.on(DescribeRuleCommand).resolves({ State: "DISABLED" });
    const { deliver } = newHandler({ heartbeat: "daily" });
    await deliver(scheduledEvent(SCHEDULE));
    expect(published().every((request) => request.Subject?.startsWith("[CRITICAL] "))).toBe(true);
  });

  it("tells a scheduled event from any other rule as a possible forgery, rather than drop it", async () => {
    const { deliver } = newHandler();
    await expect(deliver(scheduledEvent(`arn:aws:events:${HOME}:${ACCOUNT}:rule/someone-elses-schedule`))).resolves.toMatchObject({ status: "possible forgery told" });
    expect(published()).toEqual([expect.objectContaining({ Subject: "[CRITICAL] Root activity monitor: possible forgery on its buffer queue", MessageAttributes: expect.objectContaining({ severity: { DataType: "String", StringValue: "critical" } }) })]);
    expect(JSON.parse(published()[0].Message ?? "{}").email).toContain("a scheduled event of a rule other than the monitor's self-check schedule");
    expect(published()[0].Message).not.toContain("someone-elses-schedule");
    expect(events.commandCalls(DescribeRuleCommand)).toHaveLength(0);
  });

  it("takes a Region that does not answer within half the time left for blind, keeping the other half for the messages", async () => {
    events.on(DescribeRuleCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) === "eu-west-1") return new Promise(() => undefined);
      return { State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" };
    });
    const { deliver } = newHandler();
    // 4 s left in the invocation, less the handler's 3 s margin: the deadline is in 1 s, and the checks get half of it.
    await expect(deliver(scheduledEvent(SCHEDULE), 4_000)).resolves.toMatchObject({ status: "blind", blindRegions: ["eu-west-1"] });
    expect(published().map((request) => request.Subject)).toEqual(["[CRITICAL] root activity monitor is blind in eu-west-1: no answer within 1 s"]);
  });

  it("lets a failed publish throw, so that the scheduled event is retried", async () => {
    events.on(DescribeRuleCommand).resolves({ State: "DISABLED" });
    sns.on(PublishCommand).rejects(new Error("SNS is unavailable"));
    const { deliver } = newHandler();
    await expect(deliver(scheduledEvent(SCHEDULE))).rejects.toThrow("SNS is unavailable");
  });

  describe("with scope = organization", () => {
    const MEMBER = "222233334444";
    beforeEach(() => {
      organizations.on(ListAccountsCommand).resolves({ Accounts: [{ Id: ACCOUNT, State: "ACTIVE" }, { Id: MEMBER, State: "ACTIVE" }] });
    });

    it("tells a member account without a spoke in a Region as a blind spot in that Region", async () => {
      const covered = [HOME, "ap-southeast-2"].map((Region) => ({ Account: MEMBER, Region, Status: "CURRENT" as const, StackInstanceStatus: { DetailedStatus: "SUCCEEDED" as const } }));
      cloudformation.on(ListStackInstancesCommand).resolves({ Summaries: covered });
      const { deliver } = newHandler({ organization: true });
      await expect(deliver(scheduledEvent(SCHEDULE))).resolves.toMatchObject({ status: "blind", blindRegions: ["eu-west-1"] });
      expect(published().map((input) => input.Subject)).toEqual([`[CRITICAL] root activity monitor is blind in eu-west-1: account ${MEMBER} has no spoke`]);
    });

    it("tells spokes that cannot be read as a blind spot of the home Region", async () => {
      cloudformation.on(ListStackInstancesCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
      const { deliver } = newHandler({ organization: true });
      await expect(deliver(scheduledEvent(SCHEDULE))).resolves.toMatchObject({ status: "blind", blindRegions: [HOME] });
      expect(published().map((input) => input.Subject)).toEqual([`[CRITICAL] root activity monitor is blind in ${HOME}: could not check the spokes`]);
    });

    it("is healthy when every member account has a spoke in every Region", async () => {
      cloudformation.on(ListStackInstancesCommand).resolves({ Summaries: PLAN.regions.map((Region) => ({ Account: MEMBER, Region, Status: "CURRENT", StackInstanceStatus: { DetailedStatus: "SUCCEEDED" } })) });
      const { deliver } = newHandler({ organization: true });
      await expect(deliver(scheduledEvent(SCHEDULE))).resolves.toMatchObject({ status: "healthy" });
      expect(published()).toEqual([]);
    });
  });
});
