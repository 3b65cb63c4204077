/**
 * Central delivery, as Terraform receives it: every Region's rule forwards to one event bus in the
 * home Region through a role of its own; the home Region holds the one delivery behind a rule on
 * that bus; the bus admits this account's forwarding roles only; outputs name what tools read.
 */
import "cdktf/lib/testing/adapters/jest"; // types of the cdktf Jest matchers
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { Testing } from "cdktf";
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/contract/event-pattern";
import { CENTRAL_OUTPUT_KINDS, DELIVERY_OUTPUT_KINDS, HANDLER_CONTRACT, outputName, resourceNames, RULE_OUTPUT_KINDS } from "../../src/contract/names";
import { addressIn, onlyResourceIn, resourcesIn, synthStack, testSettings, type TerraformJson } from "../helpers/synth";

const HOME = "eu-central-1";
const SPOKES = ["us-east-1", "ap-southeast-2"];
const REGIONS = [...SPOKES, HOME];
const EMAILS = ["security@example.com", "oncall@example.com"];
const NAMES = resourceNames({ namePrefix: "root-activity-monitor", topicName: "root-activity-monitor" }, HOME);
Testing.setupJest();

const ref = (address: string, attribute: string) => `\${${address}.${attribute}}`;

describe("central delivery", () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = synthStack(testSettings({ regions: SPOKES, notificationEmails: EMAILS, delivery: "central", homeRegion: HOME }));
  });

  it("monitors the home Region even when `regions` leaves it out, with one aliased provider per Region", () => {
    expect(json.provider.aws.map((provider) => provider.alias).sort()).toEqual([...REGIONS].sort());
  });

  it("keeps one delivery, in the home Region only: one topic, one function, one buffer, one table", () => {
    for (const type of ["aws_sns_topic", "aws_lambda_function", "aws_dynamodb_table", "aws_lambda_event_source_mapping", "aws_kms_key"]) {
      expect(resourcesIn(json, type, HOME)).toHaveLength(1);
      for (const spoke of SPOKES) expect(resourcesIn(json, type, spoke)).toHaveLength(0);
    }
  });

  it("subscribes each address once in all (one confirmation email per address)", () => {
    const subscriptions = Object.values(json.resource.aws_sns_topic_subscription);
    expect(subscriptions.map((s) => s.endpoint).sort()).toEqual([...EMAILS].sort());
    expect(subscriptions.every((s) => s.provider === `aws.${HOME}`)).toBe(true);
  });

  it("has one event bus, in the home Region", () => {
    expect(JSON.stringify(json)).toHaveResourceWithProperties(CloudwatchEventBus, { name: NAMES.eventBus, provider: `aws.${HOME}` });
    expect(Object.values(json.resource.aws_cloudwatch_event_bus)).toHaveLength(1);
  });

  it.each(REGIONS)("forwards root activity on the default bus in %s to the central bus, with that Region's own role, retries and dead-letter queue", (region) => {
    const defaultBusRules = resourcesIn(json, "aws_cloudwatch_event_rule", region).filter((r) => r.event_bus_name === undefined && r.schedule_expression === undefined);
    // The root rule, and the tamper rule beside it (tamper-rule.test.ts).
    expect(defaultBusRules.map((r) => r.name)).toEqual([NAMES.rule, NAMES.tamperRule]);
    const [rule] = defaultBusRules;
    expect(JSON.parse(rule.event_pattern)).toEqual(ROOT_ACTIVITY_EVENT_PATTERN);
    expect(rule.state).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    const target = resourcesIn(json, "aws_cloudwatch_event_target", region).find((t) => t.event_bus_name === undefined && t.target_id === "notify") as Record<string, any>;
    const role = addressIn(json, "aws_iam_role", region, resourceNames({ namePrefix: "root-activity-monitor", topicName: "x" }, region).forwardingRole);
    expect(target).toMatchObject({
      arn: ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "arn"),
      role_arn: ref(role, "arn"),
      retry_policy: { maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 24 },
      dead_letter_config: { arn: ref(addressIn(json, "aws_sqs_queue", region, "root-activity-monitor-undeliverable"), "arn") },
    });
  });

  it.each(REGIONS)("lets the forwarding role in %s be assumed by that Region's rule only, and do nothing but put events on the central bus", (region) => {
    const names = resourceNames({ namePrefix: "root-activity-monitor", topicName: "x" }, region);
    const role = onlyResourceIn(json, "aws_iam_role", region, names.forwardingRole);
    const trust = JSON.parse(role.assume_role_policy);
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": expect.stringContaining("data.aws_caller_identity") },
          ArnEquals: { "aws:SourceArn": [expect.stringMatching(new RegExp(`:events:${region}:.*:rule/${names.rule}$`)), expect.stringMatching(new RegExp(`:events:${region}:.*:rule/${names.tamperRule}$`))] },
        },
      }),
    ]);
    const policy = resourcesIn(json, "aws_iam_role_policy", region).find((p) => p.role === ref(addressIn(json, "aws_iam_role", region, names.forwardingRole), "id")) as Record<string, any>;
    expect(JSON.parse(policy.policy).Statement).toEqual([
      { Sid: "ForwardToCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "arn") },
    ]);
  });

  it("admits this account's forwarding roles to the bus, and denies everyone else", () => {
    const policy = JSON.parse(onlyResourceIn(json, "aws_cloudwatch_event_bus_policy", HOME).policy);
    const roleArns = REGIONS.map((region) => expect.stringMatching(new RegExp(`^arn:.*:iam::.*:role/root-activity-monitor-forward-${region}$`)));
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: "Allow", Principal: { AWS: expect.stringMatching(/^arn:.*:iam::\$\{data\.aws_caller_identity\..*\.account_id\}:root$/) }, Action: "events:PutEvents", Condition: { ArnEquals: { "aws:PrincipalArn": roleArns } } }),
      expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "events:PutEvents", Condition: { ArnNotEquals: { "aws:PrincipalArn": roleArns } } }),
    ]);
  });

  it("puts root activity on the central bus onto the one buffer, through a rule with the same pattern, its own dead-letter queue and alarms", () => {
    const busName = ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "name");
    expect(JSON.stringify(json)).toHaveResourceWithProperties(CloudwatchEventRule, {
      provider: `aws.${HOME}`,
      event_bus_name: busName,
      event_pattern: JSON.stringify(ROOT_ACTIVITY_EVENT_PATTERN),
      state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
    });
    const target = resourcesIn(json, "aws_cloudwatch_event_target", HOME).find((t) => t.event_bus_name === busName) as Record<string, any>;
    expect(target.arn).toBe(ref(addressIn(json, "aws_sqs_queue", HOME, NAMES.bufferQueue), "arn"));
    expect(target.dead_letter_config.arn).toBe(ref(addressIn(json, "aws_sqs_queue", HOME, NAMES.centralDeadLetterQueue), "arn"));
    const alarms = resourcesIn(json, "aws_cloudwatch_metric_alarm", HOME).filter((alarm) => alarm.alarm_name.startsWith("root-activity-monitor-central-"));
    const centralRule = Object.entries(json.resource.aws_cloudwatch_event_rule).find(([, rule]) => rule.event_bus_name === busName)?.[0];
    const byName = Object.fromEntries(alarms.map((alarm) => [alarm.alarm_name, alarm.dimensions]));
    const ruleDimensions = { EventBusName: busName, RuleName: ref(`aws_cloudwatch_event_rule.${centralRule}`, "name") };
    expect(byName).toEqual({
      "root-activity-monitor-central-rule-failed-invocations": ruleDimensions,
      "root-activity-monitor-central-rule-dead-letter-failures": ruleDimensions,
      "root-activity-monitor-central-dead-letter-queue-not-empty": { QueueName: ref(addressIn(json, "aws_sqs_queue", HOME, NAMES.centralDeadLetterQueue), "name") },
    });
  });

  it("lets only the central rule put events on the buffer (its ARN names the bus)", () => {
    const buffer = onlyResourceIn(json, "aws_sqs_queue", HOME, NAMES.bufferQueue);
    const allow = JSON.parse(buffer.policy).Statement.find((s: any) => s.Effect === "Allow");
    expect(allow.Condition).toEqual({
      ArnEquals: {
        "aws:SourceArn": [
          expect.stringMatching(new RegExp(`:events:${HOME}:.*:rule/${NAMES.eventBus}/${NAMES.rule}$`)),
          expect.stringMatching(new RegExp(`:events:${HOME}:.*:rule/${NAMES.eventBus}/${NAMES.tamperRule}$`)),
        ],
      },
    });
  });

  it("checks itself from the home Region only: one daily schedule, whose function watches every Region's rule, the central bus's rule and the delivery", () => {
    const schedules = Object.values(json.resource.aws_cloudwatch_event_rule).filter((rule) => rule.schedule_expression !== undefined);
    expect(schedules.map((rule) => [rule.name, rule.provider, rule.schedule_expression])).toEqual([[NAMES.selfCheckSchedule, `aws.${HOME}`, "rate(1 day)"]]);
    const plan = JSON.parse(onlyResourceIn(json, "aws_lambda_function", HOME).environment.variables[HANDLER_CONTRACT.env.selfCheck]);
    expect(plan).toMatchObject({
      regions: REGIONS,
      rule: { name: NAMES.rule, target: expect.stringMatching(new RegExp(`:events:${HOME}:.*:event-bus/${NAMES.eventBus}$`)), deadLetterQueue: NAMES.deadLetterQueue },
      central: { eventBus: NAMES.eventBus, name: NAMES.rule, target: ref(addressIn(json, "aws_sqs_queue", HOME, NAMES.bufferQueue), "arn"), deadLetterQueue: NAMES.centralDeadLetterQueue },
      delivery: { region: HOME, topic: ref(addressIn(json, "aws_sns_topic", HOME), "arn"), unprocessed: NAMES.bufferDeadLetterQueue },
    });
  });

  it("lets the home Region's function read every Region's rule and dead-letter queue, and nothing more", () => {
    const policy = JSON.parse(onlyResourceIn(json, "aws_iam_role_policy", HOME, { name: "notify" }).policy);
    const resources = (sid: string) => policy.Statement.find((s: { Sid: string }) => s.Sid === sid).Resource as string[];
    expect(resources("SelfCheckReadsRules").map((arn) => arn.replace(/^arn:.*:events:([^:]+):[^:]+:/, "$1 "))).toEqual([
      ...REGIONS.map((region) => `${region} rule/${NAMES.rule}`),
      `${HOME} rule/${NAMES.eventBus}/${NAMES.rule}`,
    ]);
    expect(resources("SelfCheckReadsDeadLetterQueues").map((arn) => arn.replace(/^arn:.*:sqs:([^:]+):[^:]+:/, "$1 "))).toEqual([
      ...REGIONS.map((region) => `${region} ${NAMES.deadLetterQueue}`),
      `${HOME} ${NAMES.centralDeadLetterQueue}`,
      `${HOME} ${NAMES.bufferDeadLetterQueue}`,
    ]);
  });

  it("lets the schedule, besides the central rule, put its event on the one buffer", () => {
    const buffer = onlyResourceIn(json, "aws_sqs_queue", HOME, NAMES.bufferQueue);
    const schedule = JSON.parse(buffer.policy).Statement.find((s: { Sid: string }) => s.Sid === "ScheduleStartsSelfCheck");
    expect(schedule.Condition).toEqual({ ArnEquals: { "aws:SourceArn": expect.stringMatching(new RegExp(`:events:${HOME}:.*:rule/${NAMES.selfCheckSchedule}$`)) } });
    const target = resourcesIn(json, "aws_cloudwatch_event_target", HOME).find((t) => t.target_id === "self-check");
    expect(target?.arn).toBe(ref(addressIn(json, "aws_sqs_queue", HOME, NAMES.bufferQueue), "arn"));
  });

  it("watches the one self-check from the home Region, on the home Region's function", () => {
    const alarm = onlyResourceIn(json, "aws_cloudwatch_metric_alarm", HOME, { alarm_name: "root-activity-monitor-self-check-missing" });
    expect(alarm).toMatchObject({
      namespace: "root-activity-monitor",
      metric_name: "SelfCheckRuns",
      dimensions: { FunctionName: ref(addressIn(json, "aws_lambda_function", HOME), "function_name") },
      period: 3600,
      evaluation_periods: 26,
      datapoints_to_alarm: 26,
      treat_missing_data: "breaching",
      alarm_actions: [ref(addressIn(json, "aws_sns_topic", HOME), "arn")],
    });
  });

  it("has alarms only in the home Region: an alarm can publish only to a topic of its own Region", () => {
    for (const spoke of SPOKES) expect(resourcesIn(json, "aws_cloudwatch_metric_alarm", spoke)).toHaveLength(0);
    expect(resourcesIn(json, "aws_cloudwatch_metric_alarm", HOME).every((alarm) => alarm.alarm_actions[0] === ref(addressIn(json, "aws_sns_topic", HOME), "arn"))).toBe(true);
  });

  it("outputs every rule's ARN and dead-letter queue per Region, and the delivery and the bus for the home Region only", () => {
    const expected = [
      ...RULE_OUTPUT_KINDS.flatMap((kind) => REGIONS.map((region) => outputName(kind, region))),
      ...DELIVERY_OUTPUT_KINDS.map((kind) => outputName(kind, HOME)),
      ...CENTRAL_OUTPUT_KINDS.map((kind) => outputName(kind, HOME)),
    ];
    expect(Object.keys(json.output).sort()).toEqual(expected.sort());
    expect(json.output[outputName("event_bus_arn", HOME)].value).toBe(ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "arn"));
  });

  it("keeps the home Region's delivery at the same Terraform addresses as regional delivery does, so that switching keeps its topic and subscriptions", () => {
    const regional = synthStack(testSettings({ regions: [HOME], notificationEmails: EMAILS }));
    for (const type of ["aws_sns_topic", "aws_sns_topic_subscription", "aws_kms_key", "aws_lambda_function"]) {
      const inHome = (resources: Record<string, unknown>) => Object.keys(resources).filter((address) => address.startsWith(`${HOME}_`)).sort();
      expect(inHome(json.resource[type])).toEqual(inHome(regional.resource[type]));
      expect(inHome(json.resource[type]).length).toBeGreaterThan(0);
    }
  });

  it("fails synth with one clean message for an unknown delivery mode or home Region", () => {
    expect(() => testSettings({ delivery: "hub" })).toThrow(/Setting "delivery" \(from cdktf.json context\) has the value "hub": not a delivery mode\. Allowed: regional, central\./);
    expect(() => testSettings({}, { ROOT_MONITOR_HOME_REGION: "mars-1" })).toThrow(/Setting "homeRegion" \(from environment variable ROOT_MONITOR_HOME_REGION\) has the value "mars-1"/);
  });
});
