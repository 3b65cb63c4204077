/**
 * A reviewer's ten-second view of a Terraform plan, computed from `terraform show -json` (never from
 * Terraform's text): per Region how many resources are added, changed, replaced and destroyed, every
 * replace and destroy by address, and whether the plan would replace or destroy a part of the
 * monitor that people rely on (PROTECTED_TYPES).
 */

/**
 * Resource types whose replacement or removal interrupts alerting: a replaced or destroyed
 * subscription leaves its address unprotected until a new confirmation is clicked, and a destroyed
 * stack set or stack-set instance removes the spokes of every member account (of a Region).
 */
export const PROTECTED_TYPES = [
  "aws_cloudwatch_event_rule",
  "aws_lambda_function",
  "aws_sns_topic",
  "aws_sns_topic_subscription",
  "aws_cloudformation_stack_set",
  "aws_cloudformation_stack_set_instance",
] as const;

/** Resource types whose `arn` attribute names another resource (a rule target's ARN is its target's). */
const ARN_OF_ANOTHER_RESOURCE = new Set(["aws_cloudwatch_event_target"]);

interface ResourceChange {
  address: string;
  type: string;
  mode?: string;
  change: { actions: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
}

interface PlanJson {
  resource_changes?: ResourceChange[];
  configuration?: { root_module?: { resources?: Array<{ address: string; provider_config_key?: string }> } };
  prior_state?: unknown;
}

export interface RegionSummary {
  readonly region: string;
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
  readonly replaced: string[];
  readonly destroyed: string[];
}

export interface PlanSummary {
  readonly regions: RegionSummary[];
  /** Replacements and removals of protected resources. */
  readonly blocking: string[];
  readonly noChanges: boolean;
}

type Kind = "add" | "change" | "replace" | "destroy" | "none";

function kindOf(actions: readonly string[]): Kind {
  const key = actions.join(",");
  if (key === "create") return "add";
  if (key === "update") return "change";
  if (key === "delete") return "destroy";
  if (key === "delete,create" || key === "create,delete") return "replace";
  return "none"; // no-op, read
}

/** The construct a resource belongs to: the first part of its name (`central-bus` of `aws_cloudwatch_event_bus.central-bus_Bus_90989D70`). */
const constructOf = (address: string) => address.slice(address.indexOf(".") + 1).split("_")[0];

/**
 * The Region a resource itself shows: the alias of its provider in the configuration (`aws.eu-west-1`);
 * else, for a destroyed resource (no longer configured), the Region that leads its construct's id
 * (a Region's delivery is named for the Region, its rule and forwarding role for the Region and a
 * suffix); else the Region of its own ARN.
 */
function ownRegionOf(change: ResourceChange, providers: ReadonlyMap<string, string>): string | undefined {
  const key = providers.get(change.address);
  if (key?.startsWith("aws.")) return key.slice(4);
  const named = /^[^.]+\.([a-z]{2}(?:-[a-z]+)+-\d)(?:-[a-z-]+)?_/.exec(change.address)?.[1];
  if (named) return named;
  if (ARN_OF_ANOTHER_RESOURCE.has(change.type)) return undefined;
  const arn = change.change.before?.arn ?? change.change.after?.arn;
  return typeof arn === "string" ? /^arn:[^:]+:[^:]+:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(arn)?.[1] : undefined;
}

export function summarizePlan(plan: PlanJson): PlanSummary {
  const providers = new Map((plan.configuration?.root_module?.resources ?? []).map((r) => [r.address, r.provider_config_key ?? ""]));
  const changes = (plan.resource_changes ?? []).filter((change) => change.mode !== "data");
  // A resource that shows no Region of its own (the hub's bus policy) is where the rest of its construct is.
  const constructRegions = new Map<string, string>();
  for (const change of changes) {
    const region = ownRegionOf(change, providers);
    if (region && !constructRegions.has(constructOf(change.address))) constructRegions.set(constructOf(change.address), region);
  }
  const byRegion = new Map<string, { add: number; change: number; replace: number; destroy: number; replaced: string[]; destroyed: string[] }>();
  const blocking: string[] = [];
  for (const change of changes) {
    const kind = kindOf(change.change.actions);
    if (kind === "none") continue;
    const region = ownRegionOf(change, providers) ?? constructRegions.get(constructOf(change.address)) ?? "(unknown)";
    const entry = byRegion.get(region) ?? { add: 0, change: 0, replace: 0, destroy: 0, replaced: [], destroyed: [] };
    entry[kind] += 1;
    if (kind === "replace") entry.replaced.push(change.address);
    if (kind === "destroy") entry.destroyed.push(change.address);
    if ((kind === "replace" || kind === "destroy") && (PROTECTED_TYPES as readonly string[]).includes(change.type)) {
      blocking.push(`${kind === "replace" ? "replaces" : "destroys"} ${change.address}`);
    }
    byRegion.set(region, entry);
  }
  const regions = [...byRegion].sort(([a], [b]) => a.localeCompare(b)).map(([region, counts]) => ({ region, ...counts }));
  return { regions, blocking, noChanges: regions.length === 0 };
}

export function planSummaryMarkdown(summary: PlanSummary, title = "root-activity-monitor: terraform plan"): string {
  const lines = [`### ${title}`, ""];
  if (summary.noChanges) return [...lines, "No changes.", ""].join("\n");
  lines.push("| Region | add | change | replace | destroy |", "|---|---:|---:|---:|---:|");
  for (const r of summary.regions) lines.push(`| ${r.region} | ${r.add} | ${r.change} | ${r.replace} | ${r.destroy} |`);
  const replaced = summary.regions.flatMap((r) => r.replaced);
  const destroyed = summary.regions.flatMap((r) => r.destroyed);
  if (replaced.length > 0) lines.push("", "**Replaced:**", ...replaced.map((a) => `- \`${a}\``));
  if (destroyed.length > 0) lines.push("", "**Destroyed:**", ...destroyed.map((a) => `- \`${a}\``));
  if (summary.blocking.length > 0) {
    lines.push(
      "",
      "**Blocked:** this plan interrupts alerting; it is refused unless `ROOT_MONITOR_ALLOW_DESTRUCTIVE=true` (or `--allow-destructive`):",
      ...summary.blocking.map((b) => `- ${b}`),
    );
  }
  return `${lines.join("\n")}\n`;
}
