/**
 * The central event bus (central delivery): every monitored Region's rule forwards root events to
 * it, in the home Region, where one rule puts them on the one delivery's buffer. Only this account's
 * forwarding roles may put events on it; with scope = organization, the forwarding roles of every
 * account of the organization.
 */
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { centralBusPolicy, organizationBusPolicy } from "../policies/policy-documents";

export interface CentralEventBusProps {
  /** The home Region's aliased provider. */
  readonly provider: AwsProvider;
  readonly name: string;
  readonly partition: string;
  readonly accountId: string;
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
    const { provider, partition, accountId } = props;
    this.bus = new CloudwatchEventBus(this, "Bus", { provider, name: props.name });
    this.policy = new CloudwatchEventBusPolicy(this, "Policy", {
      provider,
      eventBusName: this.bus.name,
      policy: JSON.stringify(
        props.organization
          ? organizationBusPolicy({ partition, eventBusArn: this.bus.arn, ...props.organization })
          : centralBusPolicy({
              partition,
              accountId,
              eventBusArn: this.bus.arn,
              forwardingRoleArns: props.forwardingRoleNames.map((name) => `arn:${partition}:iam::${accountId}:role/${name}`),
            }),
      ),
    });
  }
}
