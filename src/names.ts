/**
 * Every name the monitor gives, defined once: the names of its AWS resources (built from the
 * `namePrefix` and `topicName` settings), the stack and its outputs, and the contract between the
 * function and its handler bundle. The constructs, the operator commands, the tests and the handler
 * import them from here, so that a rename is one change and nothing rebuilds a name by hand.
 *
 * Pure data and string functions: the handler bundle imports this file too.
 */

/** The product's name: the default `namePrefix` and `topicName`, the default tag, the stack's name. */
export const PRODUCT_NAME = "root-activity-monitor";

/** The stack's name: the folder `cdktf.out/stacks/<name>` that Terraform runs in, for the app and every tool. */
export const STACK_NAME = PRODUCT_NAME;

/** What resource names are built from: the two naming settings. */
export interface NamingSettings {
  readonly namePrefix: string;
  readonly topicName: string;
}

/** The names of one Region's resources. IAM is global, so the role adds the Region. */
export interface ResourceNames {
  readonly rule: string;
  readonly function: string;
  readonly logGroup: string;
  readonly role: string;
  readonly topic: string;
  /** Only with `topicKms = aws-managed`: the alarms' own topic. */
  readonly alarmTopic: string;
  /** The topic key's alias, without the `alias/` prefix. */
  readonly topicKeyAlias: string;
  readonly deadLetterQueue: string;
  /** The queue between the rule and the function: bursts wait here, and digests are scheduled through it. */
  readonly bufferQueue: string;
  /** Where buffered messages go after the function failed on them several times. */
  readonly bufferDeadLetterQueue: string;
  /** Sessions, pending digest entries, publish slots and idempotency records. */
  readonly sessionTable: string;
  /** Every alarm's name starts with this. */
  readonly alarmPrefix: string;
  /** With `createTrail`: the trail. */
  readonly trail: string;
  /** With `createTrail`: the start of the trail bucket's name, which ends with the account id (bucket names are global and lower case). */
  readonly trailBucketPrefix: string;
}

export function resourceNames(naming: NamingSettings, region: string): ResourceNames {
  const { namePrefix, topicName } = naming;
  return {
    rule: namePrefix,
    function: namePrefix,
    // Lambda writes to /aws/lambda/<function name>; the log group must have exactly that name.
    logGroup: `/aws/lambda/${namePrefix}`,
    role: `${namePrefix}-${region}`,
    topic: topicName,
    alarmTopic: `${topicName}-alarms`,
    topicKeyAlias: `${namePrefix}-topic`,
    deadLetterQueue: `${namePrefix}-undeliverable`,
    bufferQueue: `${namePrefix}-buffer`,
    bufferDeadLetterQueue: `${namePrefix}-unprocessed`,
    sessionTable: `${namePrefix}-sessions`,
    alarmPrefix: `${namePrefix}-`,
    trail: `${namePrefix}-management-events`,
    trailBucketPrefix: `${namePrefix.toLowerCase()}-trail-`,
  };
}

/** The stack's outputs, one of each per Region. */
export const OUTPUT_KINDS = [
  "topic_arn",
  "rule_arn",
  "function_name",
  "log_group_name",
  "dead_letter_queue_url",
  "buffer_queue_url",
  "buffer_dead_letter_queue_url",
  "session_table_name",
] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** An output's name: Terraform identifiers allow hyphens, but output names read better with underscores (`topic_arn_eu_west_1`). */
export const outputName = (kind: OutputKind, region: string): string => `${kind}_${region.replace(/-/g, "_")}`;

/** The session table's key and expiry attributes, which the construct defines and the handler's store reads. */
export const SESSION_TABLE_KEYS = { partitionKey: "pk", sortKey: "sk", expiresAt: "expiresAt" } as const;

/** The contract between the function resource, the bundle and the handler. */
export const HANDLER_CONTRACT = {
  /** The bundle's folder, relative to the project root: what the archive asset zips. */
  bundleDir: "dist/handler",
  /** The bundle's one file inside that folder. */
  bundleFile: "index.js",
  /** Lambda's `handler` setting: the file's export. */
  entryPoint: "index.handler",
  /** The environment variable that tells the function where to publish. */
  topicArnEnv: "SNS_TOPIC_ARN",
  /** The environment variables of everything else the function needs. */
  env: {
    sessionTable: "SESSION_TABLE_NAME",
    bufferQueueUrl: "BUFFER_QUEUE_URL",
    digestIntervalSeconds: "DIGEST_INTERVAL_SECONDS",
    sessionQuietSeconds: "SESSION_QUIET_SECONDS",
  },
} as const;
