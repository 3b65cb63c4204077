/**
 * Both delivery modes side by side, for 1, 4 and 17 Regions: the idle cost of each stack, with what
 * a person sees of it (KMS keys, alarms, confirmation emails per address), each figure from that
 * stack's Terraform JSON through the same function as `npm run cost`. The README's cost table and
 * the bench's cost section come from here.
 */
import { EXAMPLE_STATE_BUCKET } from "../../src/settings/backend-settings";
import { loadSettings } from "../../src/settings/load-settings";
import type { Settings } from "../../src/settings/settings-schema";
import { DELIVERY_MODES, type DeliveryMode } from "../../src/contract/delivery-mode";
import { DEFAULT_REGIONS } from "../../src/contract/regions";
import { usd } from "./cost-report";
import { idleCost, type IdleCost } from "./idle-cost";
import { FREE_TIERS, IDLE_PRICES, IDLE_PRICES_AS_OF, IDLE_PRICES_REGION } from "./idle-prices";
import { synthesizeInMemory } from "./synth-in-memory";

/** The Region counts compared: one, a few, and every default Region. */
const COMPARED_REGION_COUNTS = [1, 4, DEFAULT_REGIONS.length] as const;

/** Issue 13's goal: central delivery with every default Region idles under this many dollars a month. */
export const CENTRAL_IDLE_GOAL_USD = 3;

/** The address the compared stacks subscribe, so that confirmations can be counted. */
const EXAMPLE_ADDRESS = "security@example.com";

export interface DeliveryModeCost {
  readonly delivery: DeliveryMode;
  readonly regionCount: number;
  readonly cost: IdleCost;
}

/**
 * The settings of one compared stack: every default but the mode, the first `regionCount` default
 * Regions (us-east-1 first) and one address; nothing from cdktf.json or the environment, so that
 * the README says the same on every machine.
 */
function comparedSettings(delivery: DeliveryMode, regionCount: number): Settings {
  return loadSettings({ stateBucket: EXAMPLE_STATE_BUCKET, notificationEmails: [EXAMPLE_ADDRESS], delivery, regions: DEFAULT_REGIONS.slice(0, regionCount) }, {});
}

export function deliveryModeCosts(regionCounts: readonly number[] = COMPARED_REGION_COUNTS): DeliveryModeCost[] {
  return DELIVERY_MODES.flatMap((delivery) =>
    regionCounts.map((regionCount) => ({ delivery, regionCount, cost: idleCost(synthesizeInMemory(comparedSettings(delivery, regionCount))) })),
  );
}

/** The comparison as the README shows it: a Markdown table, then what its figures assume. */
export function deliveryModeTable(rows: readonly DeliveryModeCost[]): string {
  const lines = rows.map(
    ({ delivery, regionCount, cost }) =>
      `| ${delivery} | ${regionCount} | ${usd(cost.total)} | ${usd(cost.totalAfterRotations)} | ${cost.census.kmsKeys} | ${cost.census.alarms} | ${cost.census.confirmationsPerAddress} |`,
  );
  return [
    "| Delivery | Regions | Idle $/month | From the third year | KMS keys | Alarms | Confirmations per address |",
    "|---|---|---|---|---|---|---|",
    ...lines,
    "",
    // One sentence a line: Markdown makes them one paragraph.
    `Default settings (\`topicKms = customer-managed\`) and one address; ${IDLE_PRICES_REGION} list prices of ${IDLE_PRICES_AS_OF}.`,
    `A key with yearly rotation bills ${usd(IDLE_PRICES.kmsRotationMonth)} a month more after each of its first ${IDLE_PRICES.kmsBilledRotations} rotations: hence the third-year column.`,
    "Free tiers are per account and shared by all its Regions and workloads, so they are counted as used elsewhere;",
    `an account that uses its SQS (${FREE_TIERS.sqsRequests.toLocaleString("en-US")} requests) and CloudWatch (${FREE_TIERS.alarmMetrics} alarm metrics) free tiers for nothing else pays up to ${usd(maxFreeTier(rows))} a month less.`,
  ].join("\n");
}

const maxFreeTier = (rows: readonly DeliveryModeCost[]) => Math.max(...rows.map((row) => row.cost.freeTierAtMost));

/**
 * The README's first-screen choice between the default and central delivery, for every default
 * Region: what each costs idle and how many confirmation emails each address gets, so that the
 * reader chooses knowingly before the first deploy.
 */
export function deliveryChoice(rows: readonly DeliveryModeCost[] = deliveryModeCosts([DEFAULT_REGIONS.length])): string {
  const of = (delivery: DeliveryMode) => {
    const row = rows.find((candidate) => candidate.delivery === delivery && candidate.regionCount === DEFAULT_REGIONS.length);
    if (!row) throw new Error(`no ${delivery} row for ${DEFAULT_REGIONS.length} Regions`);
    const confirmations = row.cost.census.confirmationsPerAddress;
    return `${usd(row.cost.total)} a month idle and ${confirmations} confirmation email${confirmations === 1 ? "" : "s"} per address`;
  };
  return [
    `**Choose the delivery first.** The default (\`delivery = regional\`, all ${DEFAULT_REGIONS.length} Regions) keeps a rule, function and topic in every Region:`,
    `${of("regional")}, and an outage silences only its own Region.`,
    `\`delivery = central\` (\`ROOT_MONITOR_DELIVERY=central\`) tells every Region from one home Region: ${of("central")}.`,
    "Details: [Cost](docs/cost.md) and [Delivery modes](docs/delivery-modes.md).",
  ].join("\n");
}
