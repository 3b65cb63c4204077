import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { checkWatchedRegion, type RegionClients } from "../../../handler/self-check/check-region";
import { watchedRegions } from "../../../handler/self-check/plan";
import type { SelfCheckPlan } from "../../../src/contract/self-check-plan";

const ACCOUNT = "111122223333";
const BUFFER = `arn:aws:sqs:eu-west-1:${ACCOUNT}:root-activity-monitor-buffer`;
const PLAN: SelfCheckPlan = {
  schedule: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/root-activity-monitor-self-check`,
  heartbeat: "weekly",
  account: ACCOUNT,
  readOnly: true,
  regions: ["eu-west-1"],
  rule: { name: "root-activity-monitor", target: BUFFER, deadLetterQueue: "root-activity-monitor-undeliverable" },
  delivery: { region: "eu-west-1", topic: `arn:aws:sns:eu-west-1:${ACCOUNT}:root-activity-monitor`, unprocessed: "root-activity-monitor-unprocessed" },
};
const [REGION] = watchedRegions(PLAN);
const cloudtrail = mockClient(CloudTrailClient);
const events = mockClient(EventBridgeClient);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const clientsIn = (region: string): RegionClients => ({ cloudtrail: new CloudTrailClient({ region }), events: new EventBridgeClient({ region }), sqs: new SQSClient({ region }), sns: new SNSClient({ region }) });

describe("checkWatchedRegion", () => {
  beforeEach(() => {
    for (const mock of [cloudtrail, events, sqs, sns]) mock.reset();
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: "org-trail", IsMultiRegionTrail: true, HomeRegion: "us-east-1" }] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudtrail.on(GetEventSelectorsCommand).resolves({});
    events.on(DescribeRuleCommand).resolves({ State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" });
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: "notify", Arn: BUFFER }] });
    sqs.on(GetQueueUrlCommand).callsFake(({ QueueName }) => ({ QueueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/${QueueName}` }));
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" } });
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${PLAN.delivery.topic}:1` }] });
  });

  it("checks the trail, the rule, its target and dead-letter queue, the unprocessed queue and the subscriptions", async () => {
    const findings = await checkWatchedRegion(REGION, clientsIn, true);
    expect(findings.map((f) => [f.check, f.level])).toEqual([
      ["CloudTrail", "ok"],
      ["rule", "ok"],
      ["target", "ok"],
      ["dead-letter queue", "ok"],
      ["unprocessed queue", "ok"],
      ["subscriptions", "ok"],
    ]);
  });

  it("takes a check that cannot be made for a problem, and goes on with the others", async () => {
    events.on(DescribeRuleCommand).rejects(Object.assign(new Error("User is not authorized to perform events:DescribeRule"), { name: "AccessDeniedException" }));
    const findings = await checkWatchedRegion(REGION, clientsIn, true);
    expect(findings.find((f) => f.check === "rule")).toEqual({
      region: "eu-west-1",
      check: "rule",
      level: "fail",
      message: "could not check (AccessDeniedException: User is not authorized to perform events:DescribeRule): the monitor cannot tell whether it sees here. Run npm run doctor.",
      summary: "could not check the rule",
    });
    expect(findings).toHaveLength(6);
    expect(findings.filter((f) => f.level === "fail")).toHaveLength(1);
  });
});
