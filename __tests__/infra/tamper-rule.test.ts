/**
 * The tamper rule as Terraform receives it: beside the root rule in every Region, matching changes
 * to the monitor's own resources by anyone; delivered to the buffer wrapped as a tamper message (or,
 * with central delivery, forwarded to the central bus, whose tamper rule wraps it); admitted by the
 * buffer's policy and the root rule's dead-letter queue by its ARN.
 */
import { resourceNames } from "../../src/contract/names";
import { addressIn, onlyResourceIn, ref, resolveAccountAndPartition, resourcesIn, synthStack, testSettings, type TerraformJson } from "../helpers/synth";

const REGIONS = ["us-east-1", "eu-west-1"];
const PREFIX = "root-activity-monitor";
const names = (region: string) => resourceNames({ namePrefix: PREFIX, topicName: PREFIX }, region);
const TAMPER_RULE = `${PREFIX}-tamper`;

/** The statement of a parsed policy that lets EventBridge send, and the rule ARNs its condition names. */
const sendersOf = (policy: string): string[] => {
  const statements = JSON.parse(policy).Statement as Array<Record<string, any>>;
  return statements.flatMap((statement) => {
    const arns = statement.Condition?.ArnEquals?.["aws:SourceArn"];
    return statement.Effect === "Allow" && statement.Action === "sqs:SendMessage" && arns !== undefined ? [arns].flat() : [];
  });
};

describe("the tamper rule with regional delivery", () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = synthStack(testSettings({ regions: REGIONS }));
  });

  it.each(REGIONS)("sits beside the root rule in %s, through that Region's provider, on the default bus, for changes only", (region) => {
    const rule = onlyResourceIn(json, "aws_cloudwatch_event_rule", region, TAMPER_RULE);
    expect(rule.provider).toBe(`aws.${region}`);
    expect(rule.event_bus_name).toBeUndefined();
    expect(rule.state).toBe("ENABLED");
  });

  it("matches API calls that name the monitor's function, role, queues, topic, table, rules, trail, stack set, alarms, chat configurations and topic key, from any principal", () => {
    const rule = onlyResourceIn(json, "aws_cloudwatch_event_rule", "eu-west-1", TAMPER_RULE);
    const pattern = JSON.parse(rule.event_pattern);
    expect(pattern.source).toEqual([{ prefix: "aws." }]);
    expect(pattern["detail-type"]).toEqual(["AWS API Call via CloudTrail"]);
    // No clause on the identity: root, IAM users, roles and services acting for them all match.
    expect(JSON.stringify(pattern)).not.toContain("userIdentity");
    const [byRequest, byResponse] = pattern.detail.$or;
    const fields = Object.fromEntries((byRequest.requestParameters.$or as Array<Record<string, unknown>>).map((clause) => Object.entries(clause)[0]));
    const key = addressIn(json, "aws_kms_key", "eu-west-1");
    expect(fields).toEqual({
      roleName: [{ prefix: PREFIX }],
      functionName: [{ prefix: PREFIX }, { wildcard: `*:${PREFIX}*` }],
      role: [{ wildcard: `*/${PREFIX}*` }],
      eventSourceArn: [{ wildcard: `*:${PREFIX}*` }],
      queueUrl: [{ wildcard: `*/${PREFIX}*` }],
      topicArn: [{ wildcard: `*:${PREFIX}*` }],
      subscriptionArn: [{ wildcard: `*:${PREFIX}*` }],
      resourceArn: [{ wildcard: `*:${PREFIX}*` }, { wildcard: `*/${PREFIX}*` }],
      tableName: [{ prefix: PREFIX }],
      name: [{ prefix: PREFIX }, { wildcard: `*/${PREFIX}*` }],
      rule: [{ prefix: PREFIX }],
      eventBusName: [{ prefix: PREFIX }],
      trailName: [{ prefix: PREFIX }, { wildcard: `*/${PREFIX}*` }],
      stackSetName: [{ prefix: PREFIX }],
      alarmNames: [{ prefix: PREFIX }],
      alarmName: [{ prefix: PREFIX }],
      logGroupName: [{ prefix: `/aws/lambda/${PREFIX}` }],
      logGroupIdentifier: [{ prefix: `/aws/lambda/${PREFIX}` }, { wildcard: `*:log-group:/aws/lambda/${PREFIX}*` }],
      chatConfigurationArn: [{ wildcard: `*/${PREFIX}*` }],
      chatConfiguration: [{ wildcard: `*/${PREFIX}*` }],
      // No chat channels here: no workspace or team to name (chat-channels.test.ts has them).
      keyId: [ref(key, "arn"), ref(key, "key_id"), { prefix: `alias/${PREFIX}` }],
      aliasName: [{ prefix: `alias/${PREFIX}` }],
    });
    expect(byResponse).toEqual({ responseElements: { functionArn: [{ wildcard: `*:${PREFIX}*` }] } });
  });

  it.each(REGIONS)("puts what it matches in %s on that Region's buffer, wrapped as a tamper message, with the root rule's retries and dead-letter queue", (region) => {
    const ruleAddress = addressIn(json, "aws_cloudwatch_event_rule", region, TAMPER_RULE);
    const target = resourcesIn(json, "aws_cloudwatch_event_target", region).find((candidate) => candidate.rule === ref(ruleAddress, "name") && candidate.target_id === "tamper") as Record<string, any>;
    expect(target).toMatchObject({
      arn: ref(addressIn(json, "aws_sqs_queue", region, names(region).bufferQueue), "arn"),
      retry_policy: { maximum_event_age_in_seconds: 3_600, maximum_retry_attempts: 24 },
      dead_letter_config: { arn: ref(addressIn(json, "aws_sqs_queue", region, names(region).deadLetterQueue), "arn") },
      input_transformer: { input_template: '{"type":"root-activity-monitor/tamper","event":<aws.events.event.json>}' },
    });
  });

  it.each(REGIONS)("also publishes what it matches in %s straight to the topic, not through the function, naming only what AWS wrote", (region) => {
    const ruleAddress = addressIn(json, "aws_cloudwatch_event_rule", region, TAMPER_RULE);
    const direct = resourcesIn(json, "aws_cloudwatch_event_target", region).find((candidate) => candidate.rule === ref(ruleAddress, "name") && candidate.target_id === "tamper-direct") as Record<string, any>;
    expect(direct).toMatchObject({
      arn: ref(addressIn(json, "aws_sns_topic", region, "root-activity-monitor"), "arn"),
      retry_policy: { maximum_event_age_in_seconds: 3_600, maximum_retry_attempts: 24 },
      dead_letter_config: { arn: ref(addressIn(json, "aws_sqs_queue", region, names(region).deadLetterQueue), "arn") },
    });
    const paths = Object.values(direct.input_transformer.input_paths) as string[];
    expect(paths).toEqual(expect.arrayContaining(["$.detail.eventName", "$.detail.userIdentity.arn", "$.detail.sourceIPAddress", "$.detail.eventID"]));
    // What the caller chooses (request parameters, user agent) never reaches this text, which nothing cleans.
    expect(paths.filter((path) => /requestParameters|responseElements|userAgent|errorMessage/.test(path))).toEqual([]);
    const text = JSON.parse(direct.input_transformer.input_template) as string;
    expect(text).toMatch(/^CRITICAL: the root activity monitor itself was changed\./);
    expect(text).toContain("By: <principal> (<principalType>");
    // The topic admits this rule, and only this rule, besides the function and the alarms.
    const topicPolicy = JSON.parse(onlyResourceIn(json, "aws_sns_topic_policy", region).policy);
    const allow = topicPolicy.Statement.find((statement: { Sid: string }) => statement.Sid === "TamperRulePublishes");
    expect(allow).toMatchObject({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish" });
    expect(resolveAccountAndPartition(json, allow.Condition.ArnEquals["aws:SourceArn"])).toBe(`arn:<partition:${region}>:events:${region}:<account:${region}>:rule/${TAMPER_RULE}`);
  });

  it.each(REGIONS)("is admitted in %s by the buffer's policy and the dead-letter queue's, by its ARN", (region) => {
    // Account and partition as resolveAccountAndPartition writes them for the Region's data sources.
    const arnOf = (rule: string) => `arn:<partition:${region}>:events:${region}:<account:${region}>:rule/${rule}`;
    const resolve = (arns: string[]) => arns.map((arn) => resolveAccountAndPartition(json, arn));
    const buffer = onlyResourceIn(json, "aws_sqs_queue", region, names(region).bufferQueue);
    expect(resolve(sendersOf(buffer.policy))).toEqual(expect.arrayContaining([arnOf(PREFIX), arnOf(TAMPER_RULE)]));
    const deadLetter = onlyResourceIn(json, "aws_sqs_queue", region, names(region).deadLetterQueue);
    const rootRule = addressIn(json, "aws_cloudwatch_event_rule", region, PREFIX);
    expect(resolve(sendersOf(deadLetter.policy))).toEqual(resolve([ref(rootRule, "arn"), arnOf(TAMPER_RULE)]));
  });

  it("refuses a topic name that would make the pattern longer than EventBridge allows, naming both settings", () => {
    expect(() => synthStack(testSettings({ regions: ["us-east-1"], topicName: "t".repeat(256) }))).toThrow(
      /The tamper rule's event pattern would be \d+ characters with namePrefix "root-activity-monitor" and topicName "t{256}"; EventBridge allows 2048\. Use a shorter topicName or namePrefix\./,
    );
  });

  it("refuses chat channels of so many Teams teams that the pattern, naming each, would be too long, and says so", () => {
    const team = (n: number) => `5a5e1bd5-4d6c-4f7e-9a0b-${String(n).padStart(12, "0")}/19%3a0123abcd%40thread.tacv2/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`;
    const regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-southeast-1"];
    expect(() => synthStack(testSettings({ regions, teamsChannels: Array.from({ length: 8 }, (_, n) => team(n)) }))).toThrow(
      /EventBridge allows 2048\. Use a shorter topicName or namePrefix, or the chat channels of fewer Slack workspaces and Teams teams \(each is named in the pattern\)\./,
    );
  });
});

describe("the tamper rule with central delivery", () => {
  const HOME = "eu-central-1";
  let json: TerraformJson;
  beforeAll(() => {
    json = synthStack(testSettings({ regions: ["us-east-1"], delivery: "central", homeRegion: HOME }));
  });

  it.each(["us-east-1", HOME])("forwards from the default bus in %s to the central bus, with the Region's forwarding role, which trusts both of the Region's rules", (region) => {
    const ruleAddress = addressIn(json, "aws_cloudwatch_event_rule", region, { name: TAMPER_RULE, event_bus_name: undefined });
    const target = resourcesIn(json, "aws_cloudwatch_event_target", region).find((candidate) => candidate.rule === ref(ruleAddress, "name") && candidate.target_id === "tamper") as Record<string, any>;
    const role = addressIn(json, "aws_iam_role", region, names(region).forwardingRole);
    expect(target).toMatchObject({ arn: ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "arn"), role_arn: ref(role, "arn") });
    expect(target.input_transformer).toBeUndefined();
    const trust = JSON.parse(onlyResourceIn(json, "aws_iam_role", region, names(region).forwardingRole).assume_role_policy);
    const arns = [trust.Statement[0].Condition.ArnEquals["aws:SourceArn"]].flat().map((arn: string) => arn.replace(/^.*:rule\//, "rule/"));
    expect(arns).toEqual([`rule/${PREFIX}`, `rule/${TAMPER_RULE}`]);
  });

  it("puts what reaches the central bus on the buffer from a tamper rule of its own, wrapped, admitted by the buffer's policy", () => {
    const bus = addressIn(json, "aws_cloudwatch_event_bus", HOME);
    const central = onlyResourceIn(json, "aws_cloudwatch_event_rule", HOME, { name: TAMPER_RULE, event_bus_name: ref(bus, "name") });
    expect(central.state).toBe("ENABLED");
    const target = resourcesIn(json, "aws_cloudwatch_event_target", HOME).find((candidate) => candidate.event_bus_name === ref(bus, "name") && candidate.rule.includes("tamper") && candidate.target_id === "tamper") as Record<string, any>;
    expect(target.arn).toBe(ref(addressIn(json, "aws_sqs_queue", HOME, names(HOME).bufferQueue), "arn"));
    expect(target.input_transformer.input_template).toContain("<aws.events.event.json>");
    const buffer = onlyResourceIn(json, "aws_sqs_queue", HOME, names(HOME).bufferQueue);
    expect(sendersOf(buffer.policy).map((arn) => arn.replace(/^.*:rule\//, "rule/"))).toEqual(expect.arrayContaining([`rule/${PREFIX}/${PREFIX}`, `rule/${PREFIX}/${TAMPER_RULE}`]));
  });

  it("publishes from the central bus's tamper rule straight to the home topic too, admitted by its ARN on the bus", () => {
    const bus = addressIn(json, "aws_cloudwatch_event_bus", HOME);
    const direct = resourcesIn(json, "aws_cloudwatch_event_target", HOME).find((candidate) => candidate.event_bus_name === ref(bus, "name") && candidate.target_id === "tamper-direct") as Record<string, any>;
    expect(direct.arn).toBe(ref(addressIn(json, "aws_sns_topic", HOME, "root-activity-monitor"), "arn"));
    // The Regions' own tamper rules forward to the bus: only the bus's rule publishes.
    expect(resourcesIn(json, "aws_cloudwatch_event_target", "us-east-1").filter((candidate) => candidate.target_id === "tamper-direct")).toEqual([]);
    const allow = JSON.parse(onlyResourceIn(json, "aws_sns_topic_policy", HOME).policy).Statement.find((statement: { Sid: string }) => statement.Sid === "TamperRulePublishes");
    expect(allow.Condition.ArnEquals["aws:SourceArn"]).toMatch(new RegExp(`:rule/${PREFIX}/${TAMPER_RULE}$`));
  });
});
