/**
 * The spokes of an organization (scope = organization): one CloudFormation stack set with
 * service-managed permissions, so that StackSets itself reaches every member account through
 * Organizations (accounts that join the target units later get a spoke; accounts that leave lose
 * theirs), and one stack-set instance per monitored Region and target unit. StackSets never
 * deploys to the management account, whose rules the stack's aliased providers keep.
 *
 * One instance per unit, not one per Region for all units: an instance's targets cannot change in
 * place (the provider replaces it, deleting every account's spoke of that Region before making them
 * again), so adding a unit must only add instances, and removing one remove only its own.
 */
import { CloudformationStackSet } from "@cdktf/provider-aws/lib/cloudformation-stack-set";
import { CloudformationStackSetInstance } from "@cdktf/provider-aws/lib/cloudformation-stack-set-instance";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { RegionContext } from "../terraform/region-context";

export interface OrganizationSpokesProps {
  /** The home Region, in the management account: the stack set is made through its provider. */
  readonly context: RegionContext;
  readonly name: string;
  /** The spoke template (spoke-template.ts). */
  readonly template: Record<string, unknown>;
  /** Every monitored Region gets an instance. */
  readonly regions: readonly string[];
  /** Where the instances go: organizational units, or the organization's root. */
  readonly organizationalUnitIds: readonly string[];
}

/**
 * Each Region's accounts all at once, a tenth of them allowed to fail without stopping the rest
 * (soft tolerance: with the default strict mode, concurrency is capped at the tolerance plus one).
 * A spoke is small, and coverage waits on the slowest account.
 */
const SPOKE_ROLLOUT = { maxConcurrentPercentage: 100, failureTolerancePercentage: 10, concurrencyMode: "SOFT_FAILURE_TOLERANCE" } as const;

/** From the management account (a StackSets delegated administrator would be DELEGATED_ADMIN; not offered yet). */
const CALL_AS = "SELF";

export class OrganizationSpokes extends Construct {
  public readonly stackSet: CloudformationStackSet;
  /** By `<region>/<unit>` (`root` for the organization's root read at plan time). */
  public readonly instances: ReadonlyMap<string, CloudformationStackSetInstance>;

  constructor(scope: Construct, id: string, props: OrganizationSpokesProps) {
    super(scope, id);
    const { provider } = props.context;
    const callAs = CALL_AS;
    if (props.regions.length === 0 || props.organizationalUnitIds.length === 0) {
      throw new Error(`OrganizationSpokes ${id}: needs at least one Region and one organizational unit (or the root); got ${props.regions.length} and ${props.organizationalUnitIds.length}.`);
    }
    this.stackSet = new CloudformationStackSet(this, "StackSet", {
      provider,
      name: props.name,
      description: "Root activity monitor spokes: every member account's root activity, in every monitored Region, forwarded to the hub",
      permissionModel: "SERVICE_MANAGED",
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      // The spoke names its forwarding role (the hub's bus policy admits it by name).
      capabilities: ["CAPABILITY_NAMED_IAM"],
      callAs,
      templateBody: JSON.stringify(props.template),
      // Template updates (the provider has no concurrency mode here: strict tolerance caps concurrency).
      operationPreferences: { maxConcurrentPercentage: SPOKE_ROLLOUT.maxConcurrentPercentage, failureTolerancePercentage: SPOKE_ROLLOUT.failureTolerancePercentage },
      // One instance per Region, each its own Terraform resource, created at once: StackSets runs one
      // operation at a time on a stack set and queues the others only with managed execution.
      managedExecution: { active: true },
      // With service-managed permissions AWS fills these in; without this every plan would show a change.
      lifecycle: { ignoreChanges: ["administration_role_arn"] },
    });
    // The organization's root, read at plan time (the default), is a token here.
    const unitLabel = (unit: string) => (Token.isUnresolved(unit) ? "root" : unit);
    this.instances = new Map(
      props.regions.flatMap((region) =>
        props.organizationalUnitIds.map((unit) => [
          `${region}/${unitLabel(unit)}`,
          new CloudformationStackSetInstance(this, `Instance-${region}-${unitLabel(unit)}`, {
            provider,
            stackSetName: this.stackSet.name,
            region,
            callAs,
            deploymentTargets: { organizationalUnitIds: [unit] },
            operationPreferences: { ...SPOKE_ROLLOUT },
          }),
        ]),
      ),
    );
  }
}
