/**
 * What `npm run destroy` says before it asks, and where it looks: the Regions the deployment's state
 * holds resources in (their providers, read by state-regions.ts), and a short account of the destroy plan (per Region, the
 * organization's stack set and its instances, the trail's log bucket, and what is kept). Pure
 * functions of Terraform's JSON (`terraform state pull`, `terraform show -json`), never of its text.
 */
import type { Settings } from "../../src/settings/settings-schema";
import { stateAddress } from "./commands";
import { summarizePlan, type PlanJson } from "./plan-summary";

/**
 * The Regions of the state that the settings configure no provider for (dropped from `regions`, and
 * not in `retiredRegions`): Terraform can destroy their resources only through a provider of theirs.
 */
export function unconfiguredRegions(inState: ReadonlyMap<string, string>, settings: Pick<Settings, "regions" | "retiredRegions">): string[] {
  const configured = new Set([...settings.regions, ...settings.retiredRegions]);
  return [...new Set(inState.values())].filter((region) => !configured.has(region)).sort();
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The lines said before asking: where the state is, the scope, every Region with its count, the organization's part, what is kept. */
export function removalSummary(
  settings: Pick<Settings, "scope" | "delivery" | "homeRegion" | "stateBucket" | "stateKey" | "stateRegion">,
  plan: PlanJson,
  inState: ReadonlyMap<string, string>,
): string[] {
  const deletes = (plan.resource_changes ?? []).filter((change) => change.mode !== "data" && change.change.actions.includes("delete"));
  const regions = summarizePlan({ ...plan, resource_changes: deletes.map((change) => ({ ...change })) }, inState).regions;
  const ofType = (type: string) => deletes.filter((change) => change.type === type);
  const named = (type: string) => ofType(type).map((change) => String(change.change.before?.name ?? change.change.before?.bucket ?? change.address));
  const state = stateAddress(settings);
  const delivery = settings.delivery === "central" ? `central delivery from ${settings.homeRegion}` : "regional delivery";
  const lines = [
    `npm run destroy removes the root activity monitor whose state is ${state} (state Region ${settings.stateRegion}):`,
    `  scope: ${settings.scope}, ${delivery}`,
    `  Regions: ${regions.map((region) => `${region.region} (${plural(region.destroy, "resource")})`).join(", ")}`,
  ];
  const stackSets = named("aws_cloudformation_stack_set");
  if (stackSets.length > 0) {
    const instances = ofType("aws_cloudformation_stack_set_instance").length;
    lines.push(
      `  member accounts: the stack set ${stackSets.join(", ")} and its ${plural(instances, "instance")} (one per Region and organizational unit), which delete the spoke in every member account of those units`,
    );
  }
  for (const bucket of named("aws_s3_bucket")) {
    lines.push(`  the trail's log bucket ${bucket}, only if it is empty: Terraform does not delete a bucket that holds objects, so with logs in it the removal stops there`);
  }
  lines.push(
    `  ${plural(deletes.length, "resource")} in all.`,
    `It keeps the state bucket ${settings.stateBucket} and its state file (left with no resources), which npm run bootstrap-state made.`,
  );
  return lines;
}

/**
 * A destroy that stopped at the trail's log bucket because it holds logs, in words: the rest is gone,
 * the logs are kept, and how to finish. Undefined for any other failure.
 */
export function bucketNotEmptyProblem(terraformError: string): string | undefined {
  if (!/BucketNotEmpty/.test(terraformError)) return undefined;
  // The provider's words: "deleting S3 Bucket (<name>): ... api error BucketNotEmpty: ...".
  const name = /deleting S3 Bucket \(([^)]+)\)/.exec(terraformError)?.[1];
  return (
    `the trail's log bucket${name ? ` ${name}` : ""} still holds logs, and Terraform does not delete a bucket that holds objects (the project sets no force_destroy, so that an audit trail is never deleted by accident). ` +
    "Everything else Terraform could remove is removed. Keep a copy of the logs you need, empty the bucket (every object version), then run npm run destroy again."
  );
}

/**
 * What destroy says and exits with when the state holds nothing to remove, from the text of
 * `terraform state pull`: a state that exists with no resources (a finished removal) is nothing to
 * do (0); no state at all means nothing was ever deployed there, so the settings most likely name
 * the wrong place (a mistyped stateKey in a fresh folder, where no earlier init can show the
 * change): that is refused (2), never reported as a clean removal.
 */
export function nothingToRemove(pulledState: string, state: string): { readonly code: 0 | 2; readonly message: string } {
  // Where no state object exists, Terraform 1.11 pulls an empty one: serial 0 and no lineage (every written state has one).
  const lineage = pulledState.trim() === "" ? "" : ((JSON.parse(pulledState) as { lineage?: string }).lineage ?? "");
  if (lineage === "") {
    return {
      code: 2,
      message: `Nothing removed: there is no state at ${state}. Nothing was ever deployed with these settings, or stateBucket, stateKey or stateRegion names another place than the deployment's: check them (npm run doctor shows what it finds).`,
    };
  }
  return { code: 0, message: `Nothing to remove: the state ${state} holds no resources.` };
}

