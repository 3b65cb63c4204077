/**
 * The central event bus (central delivery): every monitored Region's rule forwards root events to
 * it, in the home Region, where one rule puts them on the one delivery's buffer. Only this account's
 * forwarding roles may put events on it; with scope = organization, the forwarding roles of every
 * account of the organization.
 */
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { Construct } from "constructs";
import { centralBusPolicy, organizationBusPolicy } from "./central-policies";
import type { RegionContext } from "../terraform/region-context";

export interface CentralEventBusProps {
  /** The home Region. */
  readonly context: RegionContext;
  readonly name: string;
  /**
   * The names of the forwarding roles that may put events here, one per monitored Region (their
   * ARNs are built from the names: the roles need the bus's ARN, the bus policy theirs).
   */
  readonly forwardingRoleNames: readonly string[];
  /**
   * With scope = organization: the organization whose accounts' forwarding roles (named by the
   * pattern, `*` for what varies) may put events here, in place of `forwardingRoleNames`.
   * @default this account only
   */
  readonly organization?: { readonly organizationId: string; readonly forwardingRoleNamePattern: string };
}

export class CentralEventBus extends Construct {
  public readonly bus: CloudwatchEventBus;
  public readonly policy: CloudwatchEventBusPolicy;

  constructor(scope: Construct, id: string, props: CentralEventBusProps) {
    super(scope, id);
    const { context } = props;
    const { provider } = context;
    const role = (name: string, account?: string) => context.globalArn("iam", `role/${name}`, { account });
    this.bus = new CloudwatchEventBus(this, "Bus", { provider, name: props.name });
    this.policy = new CloudwatchEventBusPolicy(this, "Policy", {
      provider,
      eventBusName: this.bus.name,
      policy: JSON.stringify(
        props.organization
          ? organizationBusPolicy({
              eventBusArn: this.bus.arn,
              organizationId: props.organization.organizationId,
              // Any account of the organization: the condition on aws:PrincipalOrgID keeps it to them.
              forwardingRolesArnPattern: role(props.organization.forwardingRoleNamePattern, "*"),
            })
          : centralBusPolicy({
              accountRootArn: context.globalArn("iam", "root"),
              eventBusArn: this.bus.arn,
              forwardingRoleArns: props.forwardingRoleNames.map((name) => role(name)),
            }),
      ),
    });
  }
}
