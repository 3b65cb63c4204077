import { readSelfCheckPlan, watchedRegions } from "../../../handler/self-check/plan";
import type { SelfCheckPlan } from "../../../src/contract/self-check-plan";

const ACCOUNT = "111122223333";
const REGIONAL: SelfCheckPlan = {
  schedule: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/root-activity-monitor-self-check`,
  heartbeat: "weekly",
  account: ACCOUNT,
  readOnly: true,
  regions: ["eu-west-1"],
  rule: { name: "root-activity-monitor", target: `arn:aws:sqs:eu-west-1:${ACCOUNT}:root-activity-monitor-buffer`, deadLetterQueue: "root-activity-monitor-undeliverable" },
  delivery: { region: "eu-west-1", topic: `arn:aws:sns:eu-west-1:${ACCOUNT}:root-activity-monitor`, unprocessed: "root-activity-monitor-unprocessed" },
};
const CENTRAL: SelfCheckPlan = {
  ...REGIONAL,
  schedule: `arn:aws:events:us-east-1:${ACCOUNT}:rule/root-activity-monitor-self-check`,
  regions: ["us-east-1", "eu-west-1", "ap-southeast-2"],
  rule: { name: "root-activity-monitor", target: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/root-activity-monitor`, deadLetterQueue: "root-activity-monitor-undeliverable" },
  central: { eventBus: "root-activity-monitor", name: "root-activity-monitor", target: `arn:aws:sqs:us-east-1:${ACCOUNT}:root-activity-monitor-buffer`, deadLetterQueue: "root-activity-monitor-central-undeliverable" },
  delivery: { region: "us-east-1", topic: `arn:aws:sns:us-east-1:${ACCOUNT}:root-activity-monitor`, unprocessed: "root-activity-monitor-unprocessed" },
};

describe("readSelfCheckPlan", () => {
  it("reads back what the construct wrote", () => {
    expect(readSelfCheckPlan(JSON.stringify(CENTRAL), "SELF_CHECK")).toEqual(CENTRAL);
  });

  it("reads the organization part back too", () => {
    const plan = { ...REGIONAL, organization: { stackSet: "root-activity-monitor-spokes", units: ["ou-ab12-cdef3456"] } };
    expect(readSelfCheckPlan(JSON.stringify(plan), "SELF_CHECK")).toEqual(plan);
  });

  it.each([
    ["not json", "it is not JSON"],
    [JSON.stringify({ ...REGIONAL, heartbeat: "hourly" }), "heartbeat is not one of off, weekly, daily"],
    [JSON.stringify({ ...REGIONAL, regions: [] }), "regions is not a list of Regions"],
    [JSON.stringify({ ...REGIONAL, rule: { name: "x" } }), "rule needs a name, a target and a deadLetterQueue"],
    [JSON.stringify({ ...CENTRAL, central: { ...CENTRAL.central, eventBus: "" } }), "central needs an eventBus, a name, a target and a deadLetterQueue"],
    ["[]", "it is not an object"],
    ["null", "it is not an object"],
    [JSON.stringify({ ...REGIONAL, schedule: 7 }), "schedule is not an ARN"],
    [JSON.stringify({ ...REGIONAL, account: " " }), "account is missing"],
    [JSON.stringify({ ...REGIONAL, readOnly: "yes" }), "readOnly is not true or false"],
    [JSON.stringify({ ...REGIONAL, regions: ["eu-west-1", ""] }), "regions is not a list of Regions"],
    [JSON.stringify({ ...REGIONAL, rule: undefined }), "rule needs a name, a target and a deadLetterQueue"],
    [JSON.stringify({ ...REGIONAL, central: null }), "central needs an eventBus, a name, a target and a deadLetterQueue"],
    [JSON.stringify({ ...REGIONAL, organization: { stackSet: "spokes", units: [] } }), "organization needs a stackSet and a list of units"],
    [JSON.stringify({ ...REGIONAL, organization: { units: ["r-ab12"] } }), "organization needs a stackSet and a list of units"],
    [JSON.stringify({ ...REGIONAL, delivery: { region: "eu-west-1", topic: "arn" } }), "delivery needs a region, a topic and an unprocessed queue"],
  ])("fails at cold start on %s, naming the variable and what is wrong", (text, why) => {
    expect(() => readSelfCheckPlan(text, "SELF_CHECK")).toThrow(`Environment variable SELF_CHECK must hold the self-check plan as JSON (the deployment sets it): ${why}.`);
  });
});

describe("watchedRegions", () => {
  it("watches, with regional delivery, the Region's own rule on the buffer, its dead-letter queue and the delivery", () => {
    const [region, ...others] = watchedRegions(REGIONAL, "/aws/lambda/root-activity-monitor");
    expect(others).toEqual([]);
    expect(region).toEqual({
      region: "eu-west-1",
      rules: [
        {
          check: "rule",
          targetCheck: "target",
          name: "root-activity-monitor",
          targetArn: REGIONAL.rule.target,
          carries: "root activity here",
          deadLetterQueue: {
            check: "dead-letter queue",
            name: "root-activity-monitor-undeliverable",
            accountId: ACCOUNT,
            whose: "the rule could not deliver",
            whatToDo: "read them, then move them to the buffer queue root-activity-monitor-buffer (SQS: start a message move task) or delete them",
          },
        },
      ],
      delivery: {
        topicArn: REGIONAL.delivery.topic,
        covers: "this Region",
        unprocessedQueue: expect.objectContaining({ check: "unprocessed queue", name: "root-activity-monitor-unprocessed", accountId: ACCOUNT, whatToDo: expect.stringContaining("/aws/lambda/root-activity-monitor") }),
      },
    });
  });

  it("watches, with central delivery, every Region's rule forwarding to the bus, and in the home Region the central rule and the delivery", () => {
    const regions = watchedRegions(CENTRAL);
    expect(regions.map((r) => [r.region, r.rules.map((rule) => [rule.check, rule.eventBusName ?? "default", rule.targetArn]), r.delivery !== undefined])).toEqual([
      ["us-east-1", [["rule", "default", CENTRAL.rule.target], ["central rule", "root-activity-monitor", CENTRAL.central?.target]], true],
      ["eu-west-1", [["rule", "default", CENTRAL.rule.target]], false],
      ["ap-southeast-2", [["rule", "default", CENTRAL.rule.target]], false],
    ]);
    expect(regions[0].delivery?.covers).toBe("any Region");
    expect(regions[1].rules[0].deadLetterQueue.whatToDo).toBe("read them, then copy each to the buffer queue root-activity-monitor-buffer in us-east-1 (aws sqs send-message) or delete them");
  });
});
