/**
 * The tamper rule's pattern, run through a real EventBridge matcher (the emulator's routing) against
 * real-shaped CloudTrail records: changes to the monitor's resources by anyone match, the same change
 * to someone else's resource does not; and its input template wraps the event as the function reads it.
 */
import { EventBridgeClient, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { readBufferedMessage } from "../../handler/delivery/buffered-message";
import { startMotoServer, emulatorClientConfig, type MotoServer } from "../../emulator/moto-server";
import { createPatternProbe, type PatternProbe } from "../../emulator/pattern-probe";
import { TAMPER_INPUT_TEMPLATE, tamperEventPattern } from "../../src/contract/tamper-pattern";
import { loadFixture, NOT_TAMPER_FIXTURES, TAMPER_FIXTURES, type FixtureName } from "../helpers/fixtures";

const REGION = "us-east-1";
const PREFIX = "root-activity-monitor";
const SLACK_WORKSPACE = "T07ABCDEF12";
const TEAMS_TEAM = "5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b";
const KEY = { arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", id: "1234abcd-12ab-34cd-56ef-1234567890ab" };

describe("the tamper pattern", () => {
  let moto: MotoServer;
  let probe: PatternProbe;

  beforeAll(async () => {
    moto = await startMotoServer();
    probe = await createPatternProbe(moto.endpoint, REGION, JSON.stringify(tamperEventPattern({ namePrefix: PREFIX, topicName: PREFIX, topicKey: KEY, chatWorkspaces: { slackTeamIds: [SLACK_WORKSPACE], teamsTeamIds: [TEAMS_TEAM] } })), "tamper-probe");
  });

  afterAll(async () => {
    await probe?.remove();
    await moto?.stop();
  });

  const asProbe = (event: Record<string, any>) => ({ source: event.source, "detail-type": event["detail-type"], detail: event.detail });
  const route = (names: readonly FixtureName[]) => probe.route(names.map((name) => asProbe(loadFixture(name))));

  /** The recorded PutRolePolicy with its request (and source) replaced: the same principal, another call. */
  const call = (eventSource: string, eventName: string, requestParameters: unknown, responseElements: unknown = null) => {
    const event = loadFixture("tamper-put-role-policy");
    Object.assign(event.detail, { eventSource, eventName, requestParameters, responseElements });
    event.source = `aws.${eventSource.split(".")[0]}`;
    return asProbe(event);
  };

  it("lets through a non-root PutRolePolicy on the function's role, and the same change made by CloudFormation", async () => {
    expect(await route(TAMPER_FIXTURES)).toEqual([true, true]);
  });

  it("stops the same call on another role", async () => {
    expect(await route(NOT_TAMPER_FIXTURES)).toEqual([false]);
  });

  it("lets through changes to every kind of the monitor's resources, by name or ARN", async () => {
    const changes = [
      call("lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", { functionName: PREFIX }),
      call("lambda.amazonaws.com", "AddPermission20150331v2", { functionName: `arn:aws:lambda:${REGION}:111122223333:function:${PREFIX}` }),
      call("lambda.amazonaws.com", "DeleteEventSourceMapping20150331", { uUID: "a1b2" }, { uUID: "a1b2", functionArn: `arn:aws:lambda:${REGION}:111122223333:function:${PREFIX}` }),
      call("sqs.amazonaws.com", "SetQueueAttributes", { queueUrl: `https://sqs.${REGION}.amazonaws.com/111122223333/${PREFIX}-buffer`, attributes: { Policy: "{}" } }),
      call("sqs.amazonaws.com", "AddPermission", { queueUrl: `https://sqs.${REGION}.amazonaws.com/111122223333/${PREFIX}-unprocessed`, label: "x" }),
      call("sns.amazonaws.com", "PutDataProtectionPolicy", { resourceArn: `arn:aws:sns:${REGION}:111122223333:${PREFIX}`, dataProtectionPolicy: "{}" }),
      call("sns.amazonaws.com", "Unsubscribe", { subscriptionArn: `arn:aws:sns:${REGION}:111122223333:${PREFIX}:0c1d2e3f` }),
      call("sns.amazonaws.com", "Subscribe", { topicArn: `arn:aws:sns:${REGION}:111122223333:${PREFIX}`, protocol: "https", endpoint: "https://attacker.example" }),
      call("dynamodb.amazonaws.com", "PutResourcePolicy", { resourceArn: `arn:aws:dynamodb:${REGION}:111122223333:table/${PREFIX}-sessions`, policy: "{}" }),
      call("dynamodb.amazonaws.com", "DeleteTable", { tableName: `${PREFIX}-sessions` }),
      call("events.amazonaws.com", "DisableRule", { name: PREFIX }),
      call("events.amazonaws.com", "RemoveTargets", { rule: `${PREFIX}-tamper`, ids: ["notify"] }),
      call("kms.amazonaws.com", "PutKeyPolicy", { keyId: KEY.id, policyName: "default", policy: "{}" }),
      call("kms.amazonaws.com", "ScheduleKeyDeletion", { keyId: KEY.arn, pendingWindowInDays: 7 }),
      call("cloudtrail.amazonaws.com", "StopLogging", { name: `arn:aws:cloudtrail:${REGION}:111122223333:trail/${PREFIX}-management-events` }),
      call("cloudtrail.amazonaws.com", "PutEventSelectors", { trailName: `${PREFIX}-management-events` }),
      call("cloudformation.amazonaws.com", "DeleteStackInstances", { stackSetName: `${PREFIX}-spokes:1a2b`, regions: [REGION] }),
      call("monitoring.amazonaws.com", "DisableAlarmActions", { alarmNames: ["other-alarm", `${PREFIX}-function-errors`] }),
      // An alarm overwritten with its actions off (PutMetricAlarm names one alarm), and the log group the heartbeat is written to.
      call("monitoring.amazonaws.com", "PutMetricAlarm", { alarmName: `${PREFIX}-self-check-missing`, actionsEnabled: false }),
      call("logs.amazonaws.com", "DeleteLogGroup", { logGroupName: `/aws/lambda/${PREFIX}` }),
      call("logs.amazonaws.com", "PutSubscriptionFilter", { logGroupName: `/aws/lambda/${PREFIX}`, filterName: "x", filterPattern: "", destinationArn: "arn:aws:lambda:us-east-1:111122223333:function:sink" }),
      call("logs.amazonaws.com", "PutRetentionPolicy", { logGroupIdentifier: `arn:aws:logs:${REGION}:111122223333:log-group:/aws/lambda/${PREFIX}`, retentionInDays: 1 }),
      // The chat channels: a configuration deleted or pointed elsewhere, a chat topic's subscription removed.
      call("chatbot.amazonaws.com", "DeleteSlackChannelConfiguration", { chatConfigurationArn: `arn:aws:chatbot::111122223333:chat-configuration/slack-channel/${PREFIX}-slack-0123456789ab` }),
      call("chatbot.amazonaws.com", "UpdateMicrosoftTeamsChannelConfiguration", { chatConfigurationArn: `arn:aws:chatbot::111122223333:chat-configuration/microsoft-teams-channel/${PREFIX}-teams-0123456789ab`, snsTopicArns: [] }),
      call("chatbot.amazonaws.com", "AssociateToConfiguration", { chatConfiguration: `arn:aws:chatbot::111122223333:chat-configuration/slack-channel/${PREFIX}-slack-0123456789ab`, resource: "arn:aws:chatbot::111122223333:custom-action/steal" }),
      call("sns.amazonaws.com", "Unsubscribe", { subscriptionArn: `arn:aws:sns:${REGION}:111122223333:${PREFIX}-chat:5e6f7a8b` }),
      // The workspace or team of the channels de-authorized: every channel of it falls silent.
      call("chatbot.amazonaws.com", "DeleteSlackWorkspaceAuthorization", { slackTeamId: SLACK_WORKSPACE }),
      call("chatbot.amazonaws.com", "DeleteMicrosoftTeamsConfiguredTeam", { teamId: TEAMS_TEAM }),
      // A function of the insider's own, made to run as the monitor's role: it would pass every monitor-only Deny.
      call("lambda.amazonaws.com", "CreateFunction20150331", { functionName: "innocent-looking", role: `arn:aws:iam::111122223333:role/${PREFIX}-us-east-1` }),
    ];
    for (let start = 0; start < changes.length; start += 10) {
      const chunk = changes.slice(start, start + 10); // PutEvents takes 10 entries at a time
      expect(await probe.route(chunk)).toEqual(chunk.map(() => true));
    }
  });

  it("stops the same calls on resources that are not the monitor's", async () => {
    const others = [
      call("lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", { functionName: "payments-api" }),
      call("lambda.amazonaws.com", "CreateFunction20150331", { functionName: "payments-api", role: "arn:aws:iam::111122223333:role/payments-api" }),
      call("sqs.amazonaws.com", "SetQueueAttributes", { queueUrl: `https://sqs.${REGION}.amazonaws.com/111122223333/orders` }),
      call("sns.amazonaws.com", "Unsubscribe", { subscriptionArn: `arn:aws:sns:${REGION}:111122223333:billing-alerts:0c1d2e3f` }),
      call("kms.amazonaws.com", "ScheduleKeyDeletion", { keyId: "99999999-12ab-34cd-56ef-1234567890ab" }),
      call("events.amazonaws.com", "DisableRule", { name: "nightly-batch" }),
      call("monitoring.amazonaws.com", "PutMetricAlarm", { alarmName: "orders-latency", actionsEnabled: false }),
      call("logs.amazonaws.com", "DeleteLogGroup", { logGroupName: "/aws/lambda/payments-api" }),
      call("chatbot.amazonaws.com", "DeleteSlackChannelConfiguration", { chatConfigurationArn: "arn:aws:chatbot::111122223333:chat-configuration/slack-channel/deploy-notices" }),
      call("chatbot.amazonaws.com", "DeleteSlackWorkspaceAuthorization", { slackTeamId: "T0OTHERTEAM" }),
    ];
    expect(await probe.route(others)).toEqual(others.map(() => false));
  });

  it("wraps the event it delivers as a tamper message that the function reads as one", async () => {
    const events = new EventBridgeClient(emulatorClientConfig(moto.endpoint, REGION));
    const [queueArn] = [`arn:aws:sqs:${REGION}:123456789012:tamper-probe`];
    await events.send(
      new PutTargetsCommand({ Rule: "tamper-probe", EventBusName: "tamper-probe", Targets: [{ Id: "queue", Arn: queueArn, InputTransformer: { InputPathsMap: {}, InputTemplate: TAMPER_INPUT_TEMPLATE } }] }),
    );
    probe.arrived.length = 0;
    expect(await route(["tamper-put-role-policy"])).toEqual([false]); // the probe finds arrivals by event id; the wrapper has none of its own
    expect(probe.arrived).toHaveLength(1);
    const message = readBufferedMessage(JSON.stringify(probe.arrived[0]));
    expect(message.kind).toBe("tamper");
    expect(message.kind === "tamper" && (message.event as Record<string, any>).detail.requestParameters.roleName).toBe(`${PREFIX}-us-east-1`);
  });
});
