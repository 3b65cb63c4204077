/**
 * A reviewer's ten-second view of a Terraform plan, computed from `terraform show -json` (never from
 * Terraform's text): per Region how many resources are added, changed, replaced and destroyed, every
 * replace and destroy by address, and whether the plan would replace or destroy a part of the
 * monitor that people rely on (PROTECTED_TYPES). Every resource is counted in the Region of its
 * provider, global ones (IAM) in that of the construct that made them: never in an unknown Region.
 */

/**
 * Resource types whose replacement or removal interrupts alerting, or destroys what the monitor needs
 * to see root activity or to tell it. Each is judged by what is lost between the delete and the create
 * of a replacement (Terraform deletes first), or for good:
 * - a rule (and its target): root events in the gap match nothing and are not retried; a destroyed
 *   target leaves its rule delivering nowhere.
 * - the function: nothing reads the buffer; a topic: nothing can be told; a subscription: its address
 *   hears nothing until a new confirmation is clicked.
 * - a queue: the buffer holds root events not yet told, and the dead-letter queues the undeliverable
 *   and unprocessed ones, which are evidence; a replaced or destroyed queue loses every message in it.
 * - the session table: it holds each open session and the actions still to be told in its digest; a
 *   new table forgets them (they are never told) and reopens every session.
 * - a central bus: with central delivery every Region's rule forwards to it.
 * - the topic's KMS key: Terraform's "destroy" of a key schedules its deletion (7-30 days later) and
 *   disables it at once, so the topic can encrypt nothing and every notification fails until someone
 *   cancels the deletion. Its alias is not protected: the topic and the function name the key by ARN,
 *   and the alias is only a name for people (a renamed alias is a replace that loses nothing).
 * - the trail created by `createTrail`: without it the rules receive no API calls at all; replaced,
 *   nothing is logged in the gap. Its bucket holds the account's audit logs, and the trail delivers
 *   to no other (a new bucket starts empty; AWS refuses to delete one that holds logs, so such an
 *   apply would fail half-way). The bucket's policy, encryption, versioning and public access block
 *   live and go with the bucket in one construct (management-trail.ts) and are not listed.
 * - the organization's stack set or a stack-set instance: destroying one removes the spokes of every
 *   member account (of a Region).
 * - a chat channel configuration (Slack or Microsoft Teams): like a subscription, its channel hears
 *   nothing while it is gone, and the service may refuse to make it again (the channel unauthorized).
 * Not protected: roles and their policies, the event source mapping, log groups, alarms, and the
 * resource policies of the topic, queues, table and bus: a replacement leaves a gap of seconds in
 * which Lambda and EventBridge retry, and nothing is lost. (The self-check's schedule is a rule, and
 * protected as one.)
 */
export const PROTECTED_TYPES = [
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_cloudwatch_event_bus",
  "aws_lambda_function",
  "aws_sqs_queue",
  "aws_dynamodb_table",
  "aws_sns_topic",
  "aws_sns_topic_subscription",
  "aws_kms_key",
  "aws_cloudtrail",
  "aws_s3_bucket",
  "aws_cloudformation_stack_set",
  "aws_cloudformation_stack_set_instance",
  "aws_chatbot_slack_channel_configuration",
  "aws_chatbot_teams_channel_configuration",
] as const;

interface ResourceChange {
  address: string;
  type: string;
  mode?: string;
  change: { actions: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
}

/** The part of `terraform show -json <plan>` the summaries read (this one, and removal-summary.ts). */
export interface PlanJson {
  resource_changes?: ResourceChange[];
  configuration?: { root_module?: { resources?: Array<{ address: string; provider_config_key?: string }> } };
  prior_state?: unknown;
}

interface RegionSummary {
  readonly region: string;
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
  readonly replaced: string[];
  readonly destroyed: string[];
}

interface PlanSummary {
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

/** The address a resource has in the configuration, which names no instance (`[0]`, `["key"]`). */
const configuredAddress = (address: string) => address.replace(/\[[^\]]*\]$/, "");

/**
 * The Region of a resource: the Region of its provider, which the configuration names for a
 * configured resource (`aws.eu-west-1`) and the state for one that no longer is (state-regions.ts).
 */
function regionOf(change: ResourceChange, configured: ReadonlyMap<string, string>, inState: ReadonlyMap<string, string>): string {
  const key = configured.get(configuredAddress(change.address));
  const region = key?.startsWith("aws.") ? key.slice(4) : inState.get(change.address);
  if (region) return region;
  throw new Error(
    `Cannot tell the Region of ${change.address}: neither the configuration nor the state names its provider's Region. ` +
      "If someone applied since this plan was made, the plan is stale: run npm run plan again.",
  );
}

/**
 * Summarizes `terraform show -json` of a plan; `inState` is each resource's Region in the state the
 * plan was made from (regionsInState of `terraform state pull`).
 */
export function summarizePlan(plan: PlanJson, inState: ReadonlyMap<string, string>): PlanSummary {
  const configured = new Map((plan.configuration?.root_module?.resources ?? []).map((r) => [r.address, r.provider_config_key ?? ""]));
  const changes = (plan.resource_changes ?? []).filter((change) => change.mode !== "data");
  const byRegion = new Map<string, { add: number; change: number; replace: number; destroy: number; replaced: string[]; destroyed: string[] }>();
  const blocking: string[] = [];
  for (const change of changes) {
    const kind = kindOf(change.change.actions);
    if (kind === "none") continue;
    const region = regionOf(change, configured, inState);
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
