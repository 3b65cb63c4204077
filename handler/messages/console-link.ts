/** A link to the CloudTrail event history of the event's region, filtered on the event's id. */

const CONSOLE_DOMAIN_BY_PARTITION_PREFIX: ReadonlyArray<readonly [string, string]> = [
  ["cn-", "console.amazonaws.cn"],
  ["us-gov-", "console.amazonaws-us-gov.com"],
];

const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function cloudTrailEventHistoryLink(region: string, eventId: string): string {
  const knownRegion = REGION_CODE.test(region) ? region : "us-east-1";
  const domain =
    CONSOLE_DOMAIN_BY_PARTITION_PREFIX.find(([prefix]) => knownRegion.startsWith(prefix))?.[1] ??
    `${knownRegion}.console.aws.amazon.com`;
  const base = `https://${domain}/cloudtrailv2/home?region=${knownRegion}#/events`;
  return /^[\w-]+$/.test(eventId) && eventId !== "unknown"
    ? `${base}?EventId=${encodeURIComponent(eventId)}`
    : base;
}
