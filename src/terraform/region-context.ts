/**
 * What every construct of one Region shares, made once per Region by the stack: the Region's aliased
 * provider, its partition and account (one data source each, read at plan time), the monitor's names
 * there, and the ARNs built from them. Constructs take it as their `context` prop, so that no construct
 * declares its own partition or account data source and no ARN is assembled by hand.
 */
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { resourceNames, type NamingSettings, type ResourceNames } from "../contract/names";

export interface RegionContextProps {
  /** The Region's aliased provider; every resource of the Region is created through it. */
  readonly provider: AwsProvider;
  /** The Region code. */
  readonly region: string;
  /** The naming settings the Region's resource names are made from (names.ts). */
  readonly naming: NamingSettings;
}

/** Where an ARN points, when not this Region of this account: `""` for a global service (IAM, Organizations), `"*"` for any. */
interface ArnPlace {
  /** @default this Region */
  readonly region?: string;
  /** @default this account */
  readonly account?: string;
}

/** The construct id of a Region's context, beside the Region's provider (`aws-<region>`). */
export const regionContextId = (region: string) => `${region}-context`;

export class RegionContext extends Construct {
  public readonly provider: AwsProvider;
  public readonly region: string;
  /** The partition (`aws`, `aws-cn`, `aws-us-gov`), read at plan time. */
  public readonly partition: string;
  /** The account deployed to, read at plan time. */
  public readonly accountId: string;
  /** The monitor's resource names in this Region. */
  public readonly names: ResourceNames;

  constructor(scope: Construct, id: string, props: RegionContextProps) {
    super(scope, id);
    const { provider, region } = props;
    this.provider = provider;
    this.region = region;
    this.names = resourceNames(props.naming, region);
    this.partition = new DataAwsPartition(this, "Partition", { provider }).partition;
    this.accountId = new DataAwsCallerIdentity(this, "Account", { provider }).accountId;
  }

  /**
   * `arn:<partition>:<service>:<region>:<account>:<resource>`, for resources named before they exist
   * (a policy that names a rule that targets the resource it protects, a queue's own policy) or made
   * elsewhere (another Region's rule, the organization's accounts).
   */
  arn(service: string, resource: string, place: ArnPlace = {}): string {
    return `arn:${this.partition}:${service}:${place.region ?? this.region}:${place.account ?? this.accountId}:${resource}`;
  }

  /** A global resource's ARN (IAM, Organizations): no Region. */
  globalArn(service: string, resource: string, place: Pick<ArnPlace, "account"> = {}): string {
    return this.arn(service, resource, { region: "", account: place.account });
  }
}
