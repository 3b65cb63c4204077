/**
 * The email subscriptions of one topic, each identified by its address, never by its position in
 * the list: removing one address destroys that one subscription, and nobody else is unsubscribed,
 * sent a new confirmation email or left unprotected until they click it.
 *
 * Deployments made before this construct named subscriptions by position (`Email0`, `Email1`, ...).
 * Each subscription carries a `moved` block from that old address, so that applying this version
 * with the address list unchanged takes the old resources over without replacing one. Where the
 * state has no such old address (new deployments, and every apply after the first), Terraform
 * ignores the block.
 */
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { createHash } from "node:crypto";
import { movedFrom } from "../terraform/legacy-address";

export interface EmailSubscriptionsProps {
  readonly provider: AwsProvider;
  readonly topicArn: string;
  readonly addresses: readonly string[];
  /**
   * The construct ids the subscriptions had when they were numbered: `<legacyIdPrefix><index>`,
   * directly under `legacyScope`. Omit for topics that never had numbered subscriptions.
   */
  readonly legacy?: { readonly scope: Construct; readonly idPrefix: string };
}

/** A subscription's construct id: a short, stable hash of its address (addresses may hold characters ids may not). */
export const subscriptionId = (address: string): string => `Email-${createHash("sha256").update(address).digest("hex").slice(0, 12)}`;

export class EmailSubscriptions extends Construct {
  /** Each address's subscription. */
  public readonly subscriptions: ReadonlyMap<string, SnsTopicSubscription>;

  constructor(scope: Construct, id: string, props: EmailSubscriptionsProps) {
    super(scope, id);
    const subscriptions = new Map<string, SnsTopicSubscription>();
    props.addresses.forEach((address, index) => {
      const subscription = new SnsTopicSubscription(this, subscriptionId(address), {
        provider: props.provider,
        topicArn: props.topicArn,
        protocol: "email",
        endpoint: address,
      });
      if (props.legacy) movedFrom(subscription, [...pathBelowStack(props.legacy.scope), `${props.legacy.idPrefix}${index}`]);
      subscriptions.set(address, subscription);
    });
    this.subscriptions = subscriptions;
  }
}

/** The construct ids from the stack down to `scope`. */
function pathBelowStack(scope: Construct): string[] {
  const scopes = scope.node.scopes;
  return scopes.slice(scopes.indexOf(TerraformStack.of(scope)) + 1).map((c) => c.node.id);
}
