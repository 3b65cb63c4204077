/**
 * The spokes of an organization (scope = organization): one CloudFormation stack set with
 * service-managed permissions, so that StackSets itself reaches every member account through
 * Organizations (accounts that join the target units later get a spoke; accounts that leave lose
 * theirs), and one stack-set instance per monitored Region for the target units. StackSets never
 * deploys to the management account, whose rules the stack's aliased providers keep.
 */
import { CloudformationStackSet } from "@cdktf/provider-aws/lib/cloudformation-stack-set";
import { CloudformationStackSetInstance } from "@cdktf/provider-aws/lib/cloudformation-stack-set-instance";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";

export interface OrganizationSpokesProps {
  /** The home Region's aliased provider, in the management account (or a StackSets delegated administrator). */
  readonly provider: AwsProvider;
  readonly name: string;
  /** The spoke template (spoke-template.ts). */
  readonly template: Record<string, unknown>;
  /** Every monitored Region gets an instance. */
  readonly regions: readonly string[];
  /** Where the instances go: organizational units, or the organization's root. */
  readonly organizationalUnitIds: readonly string[];
  /**
   * `SELF` from the management account, `DELEGATED_ADMIN` from a StackSets delegated administrator.
   * @default "SELF"
   */
  readonly callAs?: "SELF" | "DELEGATED_ADMIN";
}

/** Every Region at once, each Region's accounts all at once: a spoke is small, and coverage waits on the slowest. */
export const SPOKE_ROLLOUT = { maxConcurrentPercentage: 100, failureTolerancePercentage: 10, regionConcurrencyType: "PARALLEL" } as const;

export class OrganizationSpokes extends Construct {
  public readonly stackSet: CloudformationStackSet;
  public readonly instances: ReadonlyMap<string, CloudformationStackSetInstance>;

  constructor(scope: Construct, id: string, props: OrganizationSpokesProps) {
    super(scope, id);
    const { provider } = props;
    const callAs = props.callAs ?? "SELF";
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
      operationPreferences: { ...SPOKE_ROLLOUT },
      // With service-managed permissions AWS fills these in; without this every plan would show a change.
      lifecycle: { ignoreChanges: ["administration_role_arn"] },
    });
    this.instances = new Map(
      props.regions.map((region) => [
        region,
        new CloudformationStackSetInstance(this, `Instance-${region}`, {
          provider,
          stackSetName: this.stackSet.name,
          region,
          callAs,
          deploymentTargets: { organizationalUnitIds: [...props.organizationalUnitIds] },
          operationPreferences: { ...SPOKE_ROLLOUT },
        }),
      ]),
    );
  }
}
