/**
 * The idle monthly cost of a synthesized stack: its census (what Terraform will receive) priced
 * with the price table (idle-prices.ts), as line items and a total. Pure: JSON in, dollars out;
 * `npm run cost`, the README's delivery-mode table and the bench all call it.
 */
import { FREE_TIERS, IDLE_PRICES, IDLE_PRICING, idleReceivesPerQueueMonth, type IdlePricing } from "./idle-prices";
import { stackCensus, type StackCensus, type TerraformResources } from "./stack-census";

/** One billed item. */
interface CostLine {
  readonly item: string;
  /** The Terraform type it is counted from. */
  readonly resourceType: string;
  readonly count: number;
  /** What one of `count` is, for the reader: "key", "alarm metric", "polled queue". */
  readonly unit: string;
  /** Dollars a month for one unit. */
  readonly unitPrice: number;
  /** Dollars a month: count times unit price. */
  readonly monthly: number;
}

/** Resources of one type that the table says bill nothing idle, or bill with the account's activity. */
interface NamedResources {
  readonly resourceType: string;
  readonly count: number;
  readonly why: string;
}

export interface IdleCost {
  /** What bills while nothing happens, in the key's first year. */
  readonly lines: readonly CostLine[];
  /** Dollars a month: the lines' sum. Free tiers are counted as used by the account's other workloads. */
  readonly total: number;
  /** Dollars a month once every rotated key has had its billed rotations (yearly rotation: from its third year). */
  readonly totalAfterRotations: number;
  /** The most the account's SQS and CloudWatch free tiers could take off, if nothing else in the account used them. */
  readonly freeTierAtMost: number;
  /** Resources that bill nothing idle, and why. */
  readonly free: readonly NamedResources[];
  /** Resources whose cost follows the whole account's activity: named, not in the total. */
  readonly activity: readonly NamedResources[];
  /** Resources the price table cannot price (an unknown type, a provisioned table): not in the total. */
  readonly unpriced: readonly NamedResources[];
  readonly census: StackCensus;
}

const line = (item: string, resourceType: string, count: number, unit: string, unitPrice: number): CostLine => ({
  item,
  resourceType,
  count,
  unit,
  unitPrice,
  monthly: count * unitPrice,
});

export function idleCost(json: TerraformResources): IdleCost {
  const census = stackCensus(json);
  const pollingPerQueue = (idleReceivesPerQueueMonth() * IDLE_PRICES.sqsRequestsPerMillion) / 1_000_000;
  const lines = [
    line("KMS keys (customer-managed)", "aws_kms_key", census.kmsKeys, "key", IDLE_PRICES.kmsKeyMonth),
    line("CloudWatch alarm metrics, standard resolution", "aws_cloudwatch_metric_alarm", census.alarmMetrics.standard, "alarm metric", IDLE_PRICES.alarmMetricMonth),
    line("CloudWatch alarm metrics, high resolution", "aws_cloudwatch_metric_alarm", census.alarmMetrics.highResolution, "alarm metric", IDLE_PRICES.highResolutionAlarmMetricMonth),
    line("SQS empty receives of Lambda's polling", "aws_lambda_event_source_mapping", census.sqsMappings, "polled queue", pollingPerQueue),
  ].filter((item) => item.count > 0);
  const total = lines.reduce((sum, item) => sum + item.monthly, 0);
  const rotations = census.rotatedKmsKeys * IDLE_PRICES.kmsBilledRotations * IDLE_PRICES.kmsRotationMonth;

  const sqsRequests = census.sqsMappings * idleReceivesPerQueueMonth();
  const freeTierAtMost =
    (Math.min(sqsRequests, FREE_TIERS.sqsRequests) * IDLE_PRICES.sqsRequestsPerMillion) / 1_000_000 +
    Math.min(census.alarmMetrics.standard, FREE_TIERS.alarmMetrics) * IDLE_PRICES.alarmMetricMonth;

  const free: NamedResources[] = [];
  const activity: NamedResources[] = [];
  const unpriced: NamedResources[] = [];
  for (const [resourceType, blocks] of Object.entries(json.resource ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const pricing: IdlePricing | undefined = IDLE_PRICING[resourceType];
    const count = Object.keys(blocks).length;
    if (pricing === undefined) {
      unpriced.push({ resourceType, count, why: "not in the price table" });
    } else if (pricing.kind === "activity") {
      activity.push({ resourceType, count, why: pricing.why });
    } else if (pricing.kind === "free") {
      const failing = pricing.onlyIf ? Object.values(blocks).filter((block) => !pricing.onlyIf?.test(block)).length : 0;
      if (count > failing) free.push({ resourceType, count: count - failing, why: pricing.why });
      if (failing > 0) unpriced.push({ resourceType, count: failing, why: pricing.onlyIf?.otherwise ?? "" });
    }
  }
  // A mapping on a stream or Kafka is not SQS polling: the table has no price for it.
  if (census.otherMappings > 0) unpriced.push({ resourceType: "aws_lambda_event_source_mapping", count: census.otherMappings, why: "reads no SQS queue: the table prices only SQS polling" });

  return { lines, total, totalAfterRotations: total + rotations, freeTierAtMost, free, activity, unpriced, census };
}
