/** The customer-managed KMS key that encrypts one Region's notification topic. */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { topicKeyPolicy } from "../policies/topic-policies";
import type { RegionContext } from "../terraform/region-context";

export interface TopicKeyProps {
  /** The topic's Region. */
  readonly context: RegionContext;
  /** The function role that publishes to the topic. */
  readonly publisherRoleArn: string;
  /** The tamper rules that publish to the topic directly. @default none */
  readonly tamperRuleArns?: readonly string[];
  /** The alias is `alias/<aliasName>`. */
  readonly aliasName: string;
  /** Days before a deleted key is gone for good. @default 30 */
  readonly deletionWindowDays?: number;
}

export class TopicKey extends Construct {
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: TopicKeyProps) {
    super(scope, id);
    const { context } = props;
    this.key = new KmsKey(this, "Key", {
      provider: context.provider,
      description: `Encrypts the root activity notifications in ${context.region}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: JSON.stringify(
        topicKeyPolicy({ accountRootArn: context.globalArn("iam", "root"), region: context.region, publisherRoleArn: props.publisherRoleArn, tamperRuleArns: props.tamperRuleArns }),
      ),
    });
    new KmsAlias(this, "Alias", { provider: context.provider, name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
  }
}
