/**
 * The one stack, wiring only: state in S3; an aliased provider and a Region context per Region; the
 * topology the settings choose (topology/: regional, central or organization), which builds each
 * Region's monitor; and with `createTrail` the management trail.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Annotations, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ALWAYS_MONITORED_REGION } from "./contract/regions";
import { createHandlerAsset } from "./function/handler-asset";
import { RegionContext, regionContextId } from "./terraform/region-context";
import { EXAMPLE_STATE_BUCKET } from "./settings/backend-settings";
import type { Settings } from "./settings/settings-schema";
import { backendEndpointConfig, providerEndpointConfig } from "./terraform/aws-endpoint";
import { centralTopology } from "./topology/central";
import { organizationTopology } from "./topology/organization";
import { regionalTopology } from "./topology/regional";
import type { RegionalMonitor, Topology } from "./topology/wiring";
import { ManagementTrail } from "./trail/management-trail";

/** Which topology builds the monitor: scope = organization implies central delivery (settings). */
function chosenTopology(settings: Settings): Topology {
  if (settings.scope === "organization") return organizationTopology;
  return settings.delivery === "central" ? (wiring) => centralTopology(wiring) : regionalTopology;
}

export class RootActivityMonitorStack extends TerraformStack {
  public readonly monitors: ReadonlyMap<string, RegionalMonitor>;

  constructor(scope: Construct, id: string, settings: Settings) {
    super(scope, id);
    this.stateBackend(settings);
    this.warnAbout(settings);

    const provider = (region: string) =>
      new AwsProvider(this, `aws-${region}`, {
        alias: region,
        region,
        defaultTags: [{ tags: { ...settings.tags } }],
        ...(settings.awsEndpoint ? providerEndpointConfig(settings.awsEndpoint) : {}),
      });
    // A Region dropped from `regions` still has resources in the state; Terraform can destroy them
    // only through the provider they were created with.
    settings.retiredRegions.forEach(provider);
    const contexts = new Map(
      settings.regions.map((region) => [region, new RegionContext(this, regionContextId(region), { provider: provider(region), region, naming: settings })] as const),
    );
    const contextOf = (region: string) => contexts.get(region) as RegionContext;

    this.monitors = chosenTopology(settings)({ stack: this, settings, contextOf, handlerAsset: createHandlerAsset(this) });

    if (settings.createTrail) {
      // One multi-Region trail covers every Region; it lives where root sign-ins are recorded.
      const context = contextOf(ALWAYS_MONITORED_REGION);
      new ManagementTrail(this, "management-trail", { context, trailName: context.names.trail, bucketNamePrefix: context.names.trailBucketPrefix });
    }
  }

  /** State in S3, encrypted, locked with S3-native locking. */
  private stateBackend(settings: Settings): void {
    const backend = new S3Backend(this, {
      bucket: settings.stateBucket,
      key: settings.stateKey,
      region: settings.stateRegion,
      encrypt: true,
      dynamodbTable: settings.stateLockTable,
      ...(settings.awsEndpoint ? backendEndpointConfig(settings.awsEndpoint) : {}),
    });
    // S3-native state locking (Terraform 1.10+). cdktf's S3Backend type predates the field.
    backend.addOverride("use_lockfile", true);
  }

  /** Settings that synthesize but leave the monitor useless, said at synth. */
  private warnAbout(settings: Settings): void {
    if (settings.stateBucket === EXAMPLE_STATE_BUCKET) {
      Annotations.of(this).addWarning(
        `stateBucket is still the example "${EXAMPLE_STATE_BUCKET}" from cdktf.json: set your own bucket (stateBucket in cdktf.json or ROOT_MONITOR_STATE_BUCKET); npm run plan and npm run deploy refuse the example.`,
      );
    }
    if (settings.notificationEmails.length === 0) {
      Annotations.of(this).addWarning(
        "notificationEmails is empty: the topics will have no email subscribers, so nobody will be told of root activity. Set ROOT_MONITOR_EMAILS or notificationEmails in cdktf.json.",
      );
    }
  }
}
