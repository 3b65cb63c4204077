/**
 * Root activity through the account deployment: the deployed pattern routes exactly the root events,
 * and a burst put on eu-west-1's default bus, where CloudTrail puts it, goes through the deployed
 * rule, buffer, table and topic (the built function driven with the buffer's batches, as Lambda
 * would). The 1,000-event burst runs against a delivery of its own (burst-on-emulator.test.ts); here a
 * smaller one proves the deployed pipeline carries it the same way.
 */
import { DescribeRuleCommand, EventBridgeClient, ListEventBusesCommand, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { burstStoryProblems, runBurst, type BurstRun } from "../../../emulator/burst-run";
import { EMULATOR_ENV } from "../../../emulator/moto-server";
import { createPatternProbe } from "../../../emulator/pattern-probe";
import { rootSessionBurst } from "../../../emulator/root-session-burst";
import { HANDLER_CONTRACT, outputName } from "../../../src/contract/names";
import { loadFixture } from "../../helpers/fixtures";
import { subscribeInbox, type TopicInbox } from "../../helpers/topic-inbox";
import { clientOf, namesIn, REGIONS, type AccountDeployment } from "./deployment";

const BURST_REGION = "eu-west-1";
const BURST = { events: 120, sessions: 3, critical: 2 };

export function describePattern(d: AccountDeployment): void {
  it.each(REGIONS)("routes exactly the root events through the pattern deployed in %s", async (region) => {
    const { EventPattern = "" } = await clientOf(d, EventBridgeClient, region).send(new DescribeRuleCommand({ Name: namesIn(region).rule }));
    const probe = await createPatternProbe(d.moto.endpoint, region, EventPattern, `probe-${region}`);
    try {
      const events = ["root-api-call-create-volume", "root-console-sign-in-success", "root-invoked-by-service", "iam-user-api-call"] as const;
      const routed = await probe.route(events.map((name) => loadFixture(name)).map((event) => ({ source: event.source, "detail-type": event["detail-type"], detail: event.detail })));
      expect(routed).toEqual([true, true, false, false]);
    } finally {
      await probe.remove();
    }
    const { EventBuses = [] } = await clientOf(d, EventBridgeClient, region).send(new ListEventBusesCommand({}));
    expect(EventBuses.map((bus) => bus.Name)).not.toContain(`probe-${region}`);
  });
}

/** Puts the events on the Region's default bus, where CloudTrail would, ten at a time. */
async function putOnDefaultBus(d: AccountDeployment, events: Array<Record<string, any>>): Promise<void> {
  const bus = clientOf(d, EventBridgeClient, BURST_REGION);
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

/** The deployed function's environment, pointed at the emulator, with digests seconds rather than minutes apart. */
async function drivenEnv(d: AccountDeployment): Promise<Record<string, string>> {
  // The self-check's plan as the deployment wrote it: the function needs it at cold start.
  const { Environment } = await clientOf(d, LambdaClient, BURST_REGION).send(new GetFunctionConfigurationCommand({ FunctionName: namesIn(BURST_REGION).function }));
  return {
    ...EMULATOR_ENV,
    AWS_REGION: BURST_REGION,
    AWS_ENDPOINT_URL: d.moto.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: namesIn(BURST_REGION).function,
    [HANDLER_CONTRACT.topicArnEnv]: d.outputs[outputName("topic_arn", BURST_REGION)],
    [HANDLER_CONTRACT.env.sessionTable]: d.outputs[outputName("session_table_name", BURST_REGION)],
    [HANDLER_CONTRACT.env.bufferQueueUrl]: d.outputs[outputName("buffer_queue_url", BURST_REGION)],
    // The deployed function waits minutes between digests; the same code, driven here, waits
    // seconds (a session stays open longer than the emulator takes for a batch).
    [HANDLER_CONTRACT.env.digestIntervalSeconds]: "5",
    [HANDLER_CONTRACT.env.sessionQuietSeconds]: "20",
    [HANDLER_CONTRACT.env.selfCheck]: Environment?.Variables?.[HANDLER_CONTRACT.env.selfCheck] ?? "",
  };
}

/** Turns the buffer's event source mapping off (the emulator would try Docker for every message: the test drives the function) or back on. */
async function setMapping(d: AccountDeployment, Enabled: boolean): Promise<void> {
  const lambda = clientOf(d, LambdaClient, BURST_REGION);
  const bufferArn = `arn:aws:sqs:${BURST_REGION}:123456789012:${namesIn(BURST_REGION).bufferQueue}`;
  const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: bufferArn }));
  expect(EventSourceMappings).toHaveLength(1);
  for (const mapping of EventSourceMappings) await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled }));
}

export function describeBurst(d: AccountDeployment): void {
  describe("a burst of root activity through the deployed rule, buffer, table and topic", () => {
    let inbox: TopicInbox;
    let env: Record<string, string>;
    let burst: Array<Record<string, any>>;
    let first: BurstRun;

    beforeAll(async () => {
      await setMapping(d, false);
      env = await drivenEnv(d);
      inbox = await subscribeInbox({ sqs: clientOf(d, SQSClient, BURST_REGION), sns: clientOf(d, SNSClient, BURST_REGION) }, d.outputs[outputName("topic_arn", BURST_REGION)], "e2e-inbox");
      burst = rootSessionBurst({ account: "123456789012", ...BURST, start: new Date(), regions: [BURST_REGION] });
    });
    // As deployed again, for the checks that follow (npm run doctor reads the mapping); the buffer is empty by now.
    afterAll(() => setMapping(d, true));

    it("tells 120 root events from 3 sessions as one alert per session, 2 critical alerts and digests, never more than one publish a second", async () => {
      first = await runBurst({
        sqs: clientOf(d, SQSClient, BURST_REGION),
        region: BURST_REGION,
        bufferQueueUrl: d.outputs[outputName("buffer_queue_url", BURST_REGION)],
        bufferQueueArn: `arn:aws:sqs:${BURST_REGION}:123456789012:${namesIn(BURST_REGION).bufferQueue}`,
        env,
        send: () => putOnDefaultBus(d, burst),
        delivered: () => inbox.delivered(),
      });
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
}
