/**
 * The role with which a Region's rule forwards root events to the central event bus (central
 * delivery): only that rule may assume it, and it may only put events on that bus.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { forwardingAssumeRolePolicy, forwardingRolePolicy } from "../policies/policy-documents";

export interface ForwardingRoleProps {
  /** The Region's aliased provider (IAM is global; the role is named after the Region). */
  readonly provider: AwsProvider;
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  /** The rule that forwards with this role, or the rules (root and tamper); ARNs built from names: the role exists before the rules. */
  readonly ruleArn: string | readonly string[];
  /** The central event bus. */
  readonly eventBusArn: string;
}

export class ForwardingRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ForwardingRoleProps) {
    super(scope, id);
    const { provider } = props;
    this.role = new IamRole(this, "Role", {
      provider,
      name: props.name,
      description: `Forwards root activity in ${props.region} to the monitor's central event bus`,
      assumeRolePolicy: JSON.stringify(forwardingAssumeRolePolicy(props.ruleArn, props.accountId)),
    });
    new IamRolePolicy(this, "Policy", {
      provider,
      name: "forward",
      role: this.role.id,
      policy: JSON.stringify(forwardingRolePolicy(props.eventBusArn)),
    });
  }
}
