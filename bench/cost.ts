/**
 * What the monitor costs idle, for both delivery modes with every default Region, priced by the
 * same function as `npm run cost` (lib/idle-cost.ts, lib/idle-prices.ts). Not timed: a figure per
 * mode, against the goal for central delivery.
 */
import { DEFAULT_REGIONS } from "../src/contract/regions";
import { usd } from "../scripts/lib/cost-report";
import { CENTRAL_IDLE_GOAL_USD, deliveryModeCosts } from "../scripts/lib/delivery-mode-costs";
import type { BenchContext } from "./context";
import { progress } from "./figures";

export async function benchCost({ record }: BenchContext): Promise<void> {
  progress(`cost: both delivery modes, ${DEFAULT_REGIONS.length} Regions, idle (npm run cost's pricing)`);
  for (const { delivery, regionCount, cost } of deliveryModeCosts([DEFAULT_REGIONS.length])) {
    const central = delivery === "central";
    record({
      section: "cost",
      name: `idle cost, ${delivery} delivery, ${regionCount} Regions: first year / from the third`,
      value: `${usd(cost.total)} / ${usd(cost.totalAfterRotations)} a month`,
      target: central ? `first year < ${usd(CENTRAL_IDLE_GOAL_USD)} a month` : "reported",
      met: central ? cost.total < CENTRAL_IDLE_GOAL_USD : undefined,
      data: { total: cost.total, totalAfterRotations: cost.totalAfterRotations, freeTierAtMost: cost.freeTierAtMost, lines: cost.lines },
    });
  }
}
