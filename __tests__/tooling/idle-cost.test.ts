/**
 * The idle cost, counted from synthesized stacks and priced from the price table: every expected
 * figure is built from the table's prices and what each mode is meant to deploy, never copied from
 * a run.
 */
import { CENTRAL_IDLE_GOAL_USD } from "../../scripts/lib/delivery-mode-costs";
import { idleCost, type IdleCost } from "../../scripts/lib/idle-cost";
import { FREE_TIERS, IDLE_PRICES, IDLE_PRICING, idleReceivesPerQueueMonth, IDLE_SQS_POLLING, HOURS_PER_MONTH } from "../../scripts/lib/idle-prices";
import { stackCensus } from "../../scripts/lib/stack-census";
import { TOPIC_KMS_CHOICES } from "../../src/contract/topic-encryption";
import { DELIVERY_MODES } from "../../src/contract/delivery-mode";
import { DEFAULT_REGIONS } from "../../src/contract/regions";
import { synthStack, testSettings } from "../helpers/synth";

const TWO_REGIONS = ["us-east-1", "eu-west-1"];
const EMAILS = ["security@example.com", "oncall@example.com"];

/** Alarms a delivery has (function errors and throttles, buffer age, unprocessed depth, self-check missing) and a rule has (failed invocations, DLQ failures, DLQ depth). */
const DELIVERY_ALARMS = 6;
const RULE_ALARMS = 3;

const costOf = (context: Record<string, unknown>) => idleCost(synthStack(testSettings(context)));
const lineOf = (cost: IdleCost, resourceType: string) => {
  const found = cost.lines.filter((line) => line.resourceType === resourceType);
  if (found.length !== 1) throw new Error(`expected one line for ${resourceType}, found ${found.length}`);
  return found[0];
};
const pollingPerQueue = () => (idleReceivesPerQueueMonth() * IDLE_PRICES.sqsRequestsPerMillion) / 1_000_000;

describe("idle cost of regional delivery in two Regions", () => {
  const cost = costOf({ regions: TWO_REGIONS, notificationEmails: EMAILS });

  it("prices one customer-managed key per Region at the table's key price", () => {
    expect(lineOf(cost, "aws_kms_key")).toMatchObject({ count: TWO_REGIONS.length, unitPrice: IDLE_PRICES.kmsKeyMonth, monthly: TWO_REGIONS.length * IDLE_PRICES.kmsKeyMonth });
  });

  it("prices nine alarms per Region at the table's alarm price", () => {
    const alarms = TWO_REGIONS.length * (DELIVERY_ALARMS + RULE_ALARMS);
    expect(lineOf(cost, "aws_cloudwatch_metric_alarm")).toMatchObject({ count: alarms, unitPrice: IDLE_PRICES.alarmMetricMonth });
    expect(lineOf(cost, "aws_cloudwatch_metric_alarm").monthly).toBeCloseTo(alarms * IDLE_PRICES.alarmMetricMonth, 10);
  });

  it("prices Lambda's empty receives on each Region's buffer queue", () => {
    const polling = lineOf(cost, "aws_lambda_event_source_mapping");
    expect(polling.count).toBe(TWO_REGIONS.length);
    expect(polling.monthly).toBeCloseTo(TWO_REGIONS.length * pollingPerQueue(), 10);
  });

  it("totals exactly its lines: keys, alarms and polling", () => {
    const expected = TWO_REGIONS.length * (IDLE_PRICES.kmsKeyMonth + (DELIVERY_ALARMS + RULE_ALARMS) * IDLE_PRICES.alarmMetricMonth + pollingPerQueue());
    expect(cost.lines.map((line) => line.resourceType).sort()).toEqual(["aws_cloudwatch_metric_alarm", "aws_kms_key", "aws_lambda_event_source_mapping"]);
    expect(cost.total).toBeCloseTo(expected, 10);
  });

  it("adds the two billed rotations of every rotated key for the years after", () => {
    expect(cost.totalAfterRotations - cost.total).toBeCloseTo(TWO_REGIONS.length * IDLE_PRICES.kmsBilledRotations * IDLE_PRICES.kmsRotationMonth, 10);
  });

  it("sends every address one confirmation per Region", () => {
    expect(cost.census.confirmationsPerAddress).toBe(TWO_REGIONS.length);
  });
});

describe("idle cost of central delivery", () => {
  it("prices one key, the delivery's and two rules' alarms, and one polled queue, however many Regions", () => {
    const cost = costOf({ delivery: "central", regions: "all", notificationEmails: EMAILS });
    expect(lineOf(cost, "aws_kms_key").count).toBe(1);
    expect(lineOf(cost, "aws_cloudwatch_metric_alarm").count).toBe(DELIVERY_ALARMS + 2 * RULE_ALARMS);
    expect(lineOf(cost, "aws_lambda_event_source_mapping").count).toBe(1);
    expect(cost.census.confirmationsPerAddress).toBe(1);
  });

  it(`idles under $${CENTRAL_IDLE_GOAL_USD} a month with all ${DEFAULT_REGIONS.length} Regions, in the key's first year`, () => {
    const cost = costOf({ delivery: "central", regions: "all" });
    expect(cost.total).toBeLessThan(CENTRAL_IDLE_GOAL_USD);
  });

  it("costs the same for 1 and for 17 Regions: forwarding rules and roles bill nothing idle", () => {
    expect(costOf({ delivery: "central", regions: ["us-east-1"] }).total).toBeCloseTo(costOf({ delivery: "central", regions: "all" }).total, 10);
  });
});

describe("topicKms", () => {
  it("costs the key price per Region more with a customer-managed key than with the AWS-managed one", () => {
    const customer = costOf({ regions: TWO_REGIONS, topicKms: "customer-managed" });
    const awsManaged = costOf({ regions: TWO_REGIONS, topicKms: "aws-managed" });
    expect(customer.total - awsManaged.total).toBeCloseTo(TWO_REGIONS.length * IDLE_PRICES.kmsKeyMonth, 10);
    expect(awsManaged.lines.map((line) => line.resourceType)).not.toContain("aws_kms_key");
    expect(awsManaged.totalAfterRotations).toBeCloseTo(awsManaged.total, 10);
  });

  it("sends two confirmations per Region with the AWS-managed key: the alarms' own topic has subscribers too", () => {
    expect(costOf({ regions: TWO_REGIONS, topicKms: "aws-managed", notificationEmails: EMAILS }).census.confirmationsPerAddress).toBe(2 * TWO_REGIONS.length);
  });
});

describe("free tiers", () => {
  it("could take off all of central delivery's polling and its first 10 alarm metrics", () => {
    const cost = costOf({ delivery: "central", regions: "all" });
    expect(idleReceivesPerQueueMonth()).toBeLessThan(FREE_TIERS.sqsRequests);
    expect(cost.freeTierAtMost).toBeCloseTo(pollingPerQueue() + FREE_TIERS.alarmMetrics * IDLE_PRICES.alarmMetricMonth, 10);
  });

  it("take off at most their own size from regional delivery in every Region", () => {
    const cost = costOf({ regions: "all" });
    const cap = (FREE_TIERS.sqsRequests * IDLE_PRICES.sqsRequestsPerMillion) / 1_000_000 + FREE_TIERS.alarmMetrics * IDLE_PRICES.alarmMetricMonth;
    expect(cost.freeTierAtMost).toBeCloseTo(cap, 10);
  });
});

describe("the price table", () => {
  it.each(DELIVERY_MODES.flatMap((delivery) => TOPIC_KMS_CHOICES.flatMap((topicKms) => [false, true].map((createTrail) => [delivery, topicKms, createTrail] as const))))(
    "prices every resource of %s delivery with topicKms %s (createTrail %s)",
    (delivery, topicKms, createTrail) => {
      expect(costOf({ delivery, topicKms, createTrail, regions: TWO_REGIONS, notificationEmails: EMAILS }).unpriced).toEqual([]);
    },
  );

  it("derives the idle receives per queue from its polling assumption", () => {
    expect(idleReceivesPerQueueMonth()).toBe((IDLE_SQS_POLLING.pollers * HOURS_PER_MONTH * 60 * 60) / IDLE_SQS_POLLING.longPollSeconds);
  });
});

describe("what the table cannot price", () => {
  const json = () => synthStack(testSettings({ regions: TWO_REGIONS }));

  it("is reported and left out of the total when its type is unknown", () => {
    const known = json();
    const withUnknown = { ...known, resource: { ...known.resource, aws_nat_gateway: { nat: { provider: "aws.us-east-1" } } } };
    const cost = idleCost(withUnknown);
    expect(cost.unpriced).toEqual([{ resourceType: "aws_nat_gateway", count: 1, why: "not in the price table" }]);
    expect(cost.total).toBeCloseTo(idleCost(known).total, 10);
  });

  it("includes a table with provisioned capacity, which bills whether idle or not", () => {
    const provisioned = json();
    const [first] = Object.values(provisioned.resource.aws_dynamodb_table);
    first.billing_mode = "PROVISIONED";
    const cost = idleCost(provisioned);
    expect(cost.unpriced).toEqual([{ resourceType: "aws_dynamodb_table", count: 1, why: (IDLE_PRICING.aws_dynamodb_table as { onlyIf: { otherwise: string } }).onlyIf.otherwise }]);
    expect(cost.free.find((entry) => entry.resourceType === "aws_dynamodb_table")?.count).toBe(TWO_REGIONS.length - 1);
  });

  it("includes a mapping that reads no SQS queue", () => {
    const withStream = json();
    const [first] = Object.values(withStream.resource.aws_lambda_event_source_mapping);
    first.event_source_arn = "arn:aws:kinesis:us-east-1:111122223333:stream/any";
    const cost = idleCost(withStream);
    expect(lineOf(cost, "aws_lambda_event_source_mapping").count).toBe(TWO_REGIONS.length - 1);
    expect(cost.unpriced.map((entry) => entry.resourceType)).toEqual(["aws_lambda_event_source_mapping"]);
  });
});

describe("the census", () => {
  const alarm = (fields: Record<string, unknown>) => ({ resource: { aws_cloudwatch_metric_alarm: { a: { period: 60, ...fields } } } });

  it("counts each metric of a metric-math alarm, not its expression", () => {
    const metricMath = alarm({ metric_query: [{ id: "a", metric: {} }, { id: "b", metric: {} }, { id: "sum", expression: "a+b", return_data: true }] });
    expect(stackCensus(metricMath).alarmMetrics).toEqual({ standard: 2, highResolution: 0 });
  });

  it("counts an alarm with a period under a minute as high resolution", () => {
    expect(stackCensus(alarm({ period: 10 })).alarmMetrics).toEqual({ standard: 0, highResolution: 1 });
  });

  it("refuses a resource block that stands for many (count or for_each)", () => {
    expect(() => stackCensus({ resource: { aws_kms_key: { keys: { count: 3 } } } })).toThrow("aws_kms_key.keys uses count or for_each");
  });
});
