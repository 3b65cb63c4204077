/**
 * What `npm run cost` prints: the idle cost's line items as a table, the total, what the total
 * leaves out and why, and every assumption behind the figures, so that nobody has to open the
 * price table to know what the number means.
 */
import type { Settings } from "../../src/settings/settings-schema";
import { FREE_TIERS, IDLE_PRICE_SOURCES, IDLE_PRICES, IDLE_PRICES_AS_OF, IDLE_PRICES_REGION, IDLE_SQS_POLLING, idleReceivesPerQueueMonth } from "./idle-prices";
import type { IdleCost } from "./idle-cost";

/** Dollars, to the cent: amounts a month. */
export const usd = (amount: number): string => `$${amount.toFixed(2)}`;

/** A unit price: to the cent, or to four decimals where cents would hide it (a queue's polling: $0.2628). */
const unitUsd = (price: number): string => (Math.abs(price * 100 - Math.round(price * 100)) < 1e-9 ? usd(price) : `$${price.toFixed(4)}`);

const thousands = (count: number) => count.toLocaleString("en-US");

/** Lines of columns, each column as wide as its widest cell; `right` columns are right-aligned. */
function columns(rows: readonly (readonly string[])[], right: readonly number[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd());
}

/** The line that states the total: what tests and people look for. */
export const totalLine = (cost: IdleCost): string => `Total: ${usd(cost.total)} a month`;

export function costReport(cost: IdleCost, settings: Pick<Settings, "delivery" | "regions" | "topicKms">): string {
  const { census } = cost;
  const rows = [
    ["Item", "Count", "Unit price", "Monthly"],
    ...cost.lines.map((item) => [item.item, thousands(item.count), `${unitUsd(item.unitPrice)} / ${item.unit}`, usd(item.monthly)]),
  ];
  const named = (list: IdleCost["free"]) => list.map((entry) => `  ${entry.count} ${entry.resourceType}: ${entry.why}`);
  const rotationMore = cost.totalAfterRotations - cost.total;
  return [
    `Idle monthly cost: ${settings.delivery} delivery, ${settings.regions.length} Region(s), topicKms ${settings.topicKms}`,
    `${IDLE_PRICES_REGION} list prices of ${IDLE_PRICES_AS_OF} (scripts/lib/idle-prices.ts), counted from the synthesized Terraform JSON.`,
    "",
    ...columns(rows, [1, 3]),
    "",
    totalLine(cost),
    ...(rotationMore > 0
      ? [
          `Each of the ${census.rotatedKmsKeys} rotated key(s) bills ${usd(IDLE_PRICES.kmsRotationMonth)} a month more after each of its first ${IDLE_PRICES.kmsBilledRotations} rotations: from the third year (yearly rotation), ${usd(cost.totalAfterRotations)} a month.`,
        ]
      : []),
    `Free tiers are per account and shared by all its Regions and workloads, so the total counts them as used elsewhere; an account that uses its SQS (${thousands(FREE_TIERS.sqsRequests)} requests) and CloudWatch (${FREE_TIERS.alarmMetrics} alarm metrics) free tiers for nothing else pays up to ${usd(cost.freeTierAtMost)} less.`,
    `Polling, assumed: Lambda long-polls each queue with ${IDLE_SQS_POLLING.pollers} pollers, ${IDLE_SQS_POLLING.longPollSeconds} seconds a poll: ${thousands(idleReceivesPerQueueMonth())} empty receives a month per queue (its NumberOfEmptyReceives metric shows the real figure).`,
    `Subscription confirmations per address: ${census.confirmationsPerAddress}${census.confirmationsPerAddress === 0 ? " (no notificationEmails)" : ""}.`,
    "",
    "Free while idle:",
    ...named(cost.free),
    ...(cost.activity.length > 0 ? ["", "Not in the total: billed by everything the account does, not by this monitor:", ...named(cost.activity)] : []),
    ...(cost.unpriced.length > 0
      ? ["", "NOT PRICED: the price table (scripts/lib/idle-prices.ts) cannot price these, and the total leaves them out:", ...named(cost.unpriced)]
      : []),
    "",
    "Sources:",
    ...Object.values(IDLE_PRICE_SOURCES).map((source) => `  ${source}`),
  ].join("\n");
}
