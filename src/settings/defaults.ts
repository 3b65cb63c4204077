/**
 * The default of every setting that has one: the one table the schemas apply (`.default(...)`), so
 * that `loadSettings` returns complete values and nothing downstream falls back on its own.
 * Settings not listed: the lists (`retiredRegions`, `organizationalUnitIds`, `notificationEmails`,
 * `slackChannels`, `teamsChannels`, `operatorRoleArns`) default to empty; `organizationId`, `stateLockTable` and `awsEndpoint` have
 * no default, since their absence means something (read at plan time, S3-native locking, real AWS);
 * `stateBucket` is required.
 */
import { DEFAULT_CENTRALIZED_ROOT_ACCESS } from "../contract/monitor-scope";
import { PRODUCT_NAME } from "../contract/names";

export const DEFAULTS = {
  /** The 17 Regions enabled by default in every account (src/contract/regions.ts DEFAULT_REGIONS). */
  regions: "all",
  /** The account the monitor is deployed to. */
  scope: "account",
  /** Sessions of centralized root access are told like any root session. */
  centralizedRootAccess: DEFAULT_CENTRALIZED_ROOT_ACCESS,
  /** Every Region its own rule, delivery and topic. */
  delivery: "regional",
  /** Where central delivery lives when no Region is named. */
  homeRegion: "us-east-1",
  /** On Mondays (UTC): often enough to trust silence, rare enough not to be ignored. */
  heartbeat: "weekly",
  topicName: PRODUCT_NAME,
  namePrefix: PRODUCT_NAME,
  /** Seconds: the function publishes within seconds; the rest is room for a slow Region's self-check. */
  lambdaTimeoutSeconds: 30,
  lambdaRuntime: "nodejs22.x",
  /** Read-only calls are an intruder's first moves. */
  includeReadOnlyEvents: true,
  /** Seconds between a session's digests. */
  digestIntervalSeconds: 300,
  /** Seconds of quiet that end a session. */
  sessionQuietSeconds: 600,
  /** Days of function logs kept. */
  logRetentionDays: 365,
  topicKms: "customer-managed",
  /** Most accounts already have a trail; making a second one costs money. */
  createTrail: false,
  stateKey: `${PRODUCT_NAME}/terraform.tfstate`,
  stateRegion: "us-east-1",
  tags: { app: PRODUCT_NAME },
} as const;
