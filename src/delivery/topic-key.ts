/** The customer-managed KMS key that encrypts one Region's notification topic. */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { topicKeyPolicy } from "../policies/policy-documents";

export interface TopicKeyProps {
  readonly provider: AwsProvider;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
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
    this.key = new KmsKey(this, "Key", {
      provider: props.provider,
      description: `Encrypts the root activity notifications in ${props.region}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: JSON.stringify(
        topicKeyPolicy({ partition: props.partition, region: props.region, accountId: props.accountId, publisherRoleArn: props.publisherRoleArn, tamperRuleArns: props.tamperRuleArns }),
      ),
    });
    new KmsAlias(this, "Alias", { provider: props.provider, name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
  }
}
