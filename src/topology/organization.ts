/**
 * Scope = organization: central delivery (central.ts) whose bus admits every account of the AWS
 * Organization, deployed from its management account; a CloudFormation stack set puts a spoke (rule,
 * forwarding role, dead-letter queue) in every member account and monitored Region, forwarding to it.
 * The delivery names member accounts in its messages and its self-check checks their spokes.
 */
import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import { Op, TerraformSelf } from "cdktf";
import { NOT_MANAGEMENT_ACCOUNT } from "../contract/monitor-scope";
import { OrganizationSpokes } from "../organization/organization-spokes";
import { spokeTemplate } from "../organization/spoke-template";
import { centralTopology } from "./central";
import { output, type RegionalMonitor, type TopologyWiring } from "./wiring";

/** The construct ids of the organization's data source and of the spokes' stack set. */
export const ORGANIZATION_ID = "organization";
const ORGANIZATION_SPOKES_ID = "organization-spokes";

export function organizationTopology(wiring: TopologyWiring): ReadonlyMap<string, RegionalMonitor> {
  const { stack, settings } = wiring;
  const home = wiring.contextOf(settings.homeRegion);
  // Read at plan time only for what the settings leave out: synth needs no credentials either way.
  const organization =
    settings.organizationId === undefined || settings.organizationalUnitIds.length === 0
      ? new DataAwsOrganizationsOrganization(stack, ORGANIZATION_ID, { provider: home.provider })
      : undefined;
  // A member account may describe its organization too, but sees no root and cannot deploy the
  // spokes' stack set: say so at plan time, before anything reads the root.
  organization?.addOverride("lifecycle.postcondition", [
    { condition: Op.eq(TerraformSelf.getString("master_account_id"), home.accountId), error_message: NOT_MANAGEMENT_ACCOUNT },
  ]);
  // The data source exists whenever the settings leave either out. Where the spokes go: the given
  // units, else the organization's root (every account).
  const lookedUp = organization as DataAwsOrganizationsOrganization;
  const units = settings.organizationalUnitIds.length > 0 ? settings.organizationalUnitIds : [lookedUp.roots.get(0).id];
  return centralTopology(wiring, {
    id: settings.organizationId ?? lookedUp.id,
    units,
    addSpokes: (bus) => {
      const spokes = new OrganizationSpokes(stack, ORGANIZATION_SPOKES_ID, {
        context: home,
        name: home.names.spokeStackSet,
        template: spokeTemplate({ naming: settings, hubEventBusArn: bus.bus.arn, includeReadOnlyEvents: settings.includeReadOnlyEvents }),
        regions: settings.regions,
        organizationalUnitIds: units,
      });
      output(wiring, "spoke_stack_set_name", home.region, spokes.stackSet.name, "The stack set that puts a spoke (rule, forwarding role, dead-letter queue) in every member account and monitored Region");
    },
  });
}
