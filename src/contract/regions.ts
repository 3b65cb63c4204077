/**
 * AWS Regions, as data. CloudTrail records root activity in the Region where it happens, so the
 * monitor must run wherever anything can happen: by default in every Region that is enabled in
 * every account.
 */

/** The 17 commercial Regions enabled by default in every account (no opt-in needed). */
export const DEFAULT_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-north-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
] as const;

/** Commercial Regions that an account must opt in to; accepted when named explicitly. */
const OPT_IN_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ca-west-1",
  "eu-central-2",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
] as const;

export const KNOWN_REGIONS: readonly string[] = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS];

/**
 * Root console sign-ins are recorded in us-east-1 (the global sign-in endpoint), and so are calls
 * to global services such as IAM: the monitor always runs there.
 */
export const ALWAYS_MONITORED_REGION = "us-east-1";

export function isKnownRegion(region: string): boolean {
  return KNOWN_REGIONS.includes(region);
}

/**
 * The Region whose endpoint answers AWS Organizations in each partition: it has one endpoint per
 * partition, whichever Region the caller is in. Unknown partitions are asked as the commercial one.
 */
const ORGANIZATIONS_REGION_BY_PARTITION: Readonly<Record<string, string>> = { aws: "us-east-1", "aws-cn": "cn-northwest-1", "aws-us-gov": "us-gov-west-1" };

export function organizationsRegionOf(partition: string): string {
  return ORGANIZATIONS_REGION_BY_PARTITION[partition] ?? ORGANIZATIONS_REGION_BY_PARTITION.aws;
}
