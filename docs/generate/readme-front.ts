/**
 * The README's short forms of what docs/ shows in full: the idle cost in one line per mode (the table
 * for 1, 4 and 17 Regions is in docs/cost.md) and one sample alert without its full event (the whole
 * sample is in docs/notifications.md). Generated like the rest, so that neither can drift.
 */
import { DEFAULT_REGIONS } from "../../src/contract/regions";
import { usd } from "../../scripts/lib/cost-report";
import { deliveryModeCosts, type DeliveryModeCost } from "../../scripts/lib/delivery-mode-costs";
import { renderSampleNotification } from "./sample-notification";

/** The idle cost of each mode with every default Region, one line each. */
export function costPerMode(rows: readonly DeliveryModeCost[] = deliveryModeCosts([DEFAULT_REGIONS.length])): string {
  const cost = (delivery: DeliveryModeCost["delivery"]) => {
    const row = rows.find((candidate) => candidate.delivery === delivery && candidate.regionCount === DEFAULT_REGIONS.length);
    if (!row) throw new Error(`no ${delivery} row for ${DEFAULT_REGIONS.length} Regions`);
    return `${usd(row.cost.total)} a month idle (${usd(row.cost.totalAfterRotations)} from the third year`;
  };
  return [
    `- \`delivery = regional\` (the default), all ${DEFAULT_REGIONS.length} default Regions: ${cost("regional")}, as the keys' rotations add up).`,
    `- \`delivery = central\`, the same Regions: ${cost("central")}).`,
    `- \`scope = organization\`: the hub is central delivery, ${cost("central")}); the spokes in member accounts bill nothing while idle.`,
  ].join("\n");
}

/** The sample notification up to its full event, which the README leaves to docs/notifications.md. */
export function sampleAlert(sample: string = renderSampleNotification()): string {
  const cut = sample.indexOf("\nFULL EVENT\n");
  if (cut < 0) throw new Error("the sample notification has no FULL EVENT part");
  const eventLines = sample.slice(cut + "\nFULL EVENT\n".length).trimEnd().split("\n").length;
  return ["```text", sample.slice(0, cut), "FULL EVENT", `{ …the whole event as EventBridge delivered it, ${eventLines} lines… }`, "```"].join("\n");
}
