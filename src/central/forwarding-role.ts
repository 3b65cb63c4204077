/**
 * The role with which a Region's rule forwards root events to the central event bus (central
 * delivery): only that rule may assume it, and it may only put events on that bus.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { forwardingAssumeRolePolicy, forwardingRolePolicy } from "./central-policies";
import type { RegionContext } from "../terraform/region-context";

export interface ForwardingRoleProps {
  /** The Region whose rules forward with the role (IAM is global; the role is named after the Region). */
  readonly context: RegionContext;
  readonly name: string;
  /** The rule that forwards with this role, or the rules (root and tamper); ARNs built from names: the role exists before the rules. */
  readonly ruleArn: string | readonly string[];
  /** The central event bus. */
  readonly eventBusArn: string;
}

export class ForwardingRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ForwardingRoleProps) {
    super(scope, id);
    const { provider, region, accountId } = props.context;
    this.role = new IamRole(this, "Role", {
      provider,
      name: props.name,
      description: `Forwards root activity in ${region} to the monitor's central event bus`,
      assumeRolePolicy: JSON.stringify(forwardingAssumeRolePolicy(props.ruleArn, accountId)),
    });
    new IamRolePolicy(this, "Policy", {
      provider,
      name: "forward",
      role: this.role.id,
      policy: JSON.stringify(forwardingRolePolicy(props.eventBusArn)),
    });
  }
}
