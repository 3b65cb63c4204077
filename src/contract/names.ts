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
  /** The rule beside the root rule (and on the central bus) that selects changes to the monitor's own resources, by anyone. */
  readonly tamperRule: string;
  readonly function: string;
  readonly logGroup: string;
  readonly role: string;
  readonly topic: string;
  /** Only with `topicKms = aws-managed`: the alarms' own topic. */
  readonly alarmTopic: string;
  /** The topic key's alias, without the `alias/` prefix. */
  readonly topicKeyAlias: string;
  /** With chat channels: the topic beside the notification topic that carries the chat copy of every message. */
  readonly chatTopic: string;
  /** With chat channels: the role the channel configurations name, which holds no permissions (IAM is global: it adds the Region it is made in). */
  readonly chatRole: string;
  /** With chat channels: how each channel configuration's name starts (it ends with the channel's key, src/chat/channel-key.ts). */
  readonly chatConfigurationPrefix: string;
  readonly deadLetterQueue: string;
  /** The queue between the rule and the function: bursts wait here, and digests are scheduled through it. */
  readonly bufferQueue: string;
  /** Where buffered messages go after the function failed on them several times. */
  readonly bufferDeadLetterQueue: string;
  /** Sessions, pending digest entries, publish slots and idempotency records. */
  readonly sessionTable: string;
  /** With central delivery: the event bus in the home Region that every Region's rule forwards to. */
  readonly eventBus: string;
  /** With central delivery: where the central bus's rule puts root events it could not deliver to the buffer. */
  readonly centralDeadLetterQueue: string;
  /** With central delivery: the role with which this Region's rule forwards to the central bus (IAM is global: it adds the Region). */
  readonly forwardingRole: string;
  /** With scope = organization: the stack set that puts a spoke in every member account and Region. */
  readonly spokeStackSet: string;
  /** Every alarm's name starts with this. */
  readonly alarmPrefix: string;
  /** The schedule rule that starts the delivery's daily self-check (on the default bus of the delivery's Region). */
  readonly selfCheckSchedule: string;
  /** With `createTrail`: the trail. */
  readonly trail: string;
  /** With `createTrail`: the start of the trail bucket's name, which ends with the account id (bucket names are global and lower case). */
  readonly trailBucketPrefix: string;
}

export function resourceNames(naming: NamingSettings, region: string): ResourceNames {
  const { namePrefix, topicName } = naming;
  return {
    rule: namePrefix,
    tamperRule: `${namePrefix}-tamper`,
    function: namePrefix,
    // Lambda writes to /aws/lambda/<function name>; the log group must have exactly that name.
    logGroup: `/aws/lambda/${namePrefix}`,
    role: `${namePrefix}-${region}`,
    topic: topicName,
    alarmTopic: `${topicName}-alarms`,
    topicKeyAlias: `${namePrefix}-topic`,
    chatTopic: `${topicName}-chat`,
    chatRole: `${namePrefix}-chat-${region}`,
    chatConfigurationPrefix: `${namePrefix}-`,
    deadLetterQueue: `${namePrefix}-undeliverable`,
    bufferQueue: `${namePrefix}-buffer`,
    bufferDeadLetterQueue: `${namePrefix}-unprocessed`,
    sessionTable: `${namePrefix}-sessions`,
    eventBus: namePrefix,
    centralDeadLetterQueue: `${namePrefix}-central-undeliverable`,
    forwardingRole: `${namePrefix}-forward-${region}`,
    spokeStackSet: `${namePrefix}-spokes`,
    alarmPrefix: `${namePrefix}-`,
    selfCheckSchedule: `${namePrefix}-self-check`,
    trail: `${namePrefix}-management-events`,
    trailBucketPrefix: `${namePrefix.toLowerCase()}-trail-`,
  };
}

/** The outputs of every monitored Region's rule. */
export const RULE_OUTPUT_KINDS = ["rule_arn", "dead_letter_queue_url"] as const;

/** The outputs of a delivery: of every Region with regional delivery, of the home Region with central delivery. */
export const DELIVERY_OUTPUT_KINDS = [
  "topic_arn",
  "function_name",
  "log_group_name",
  "buffer_queue_url",
  "buffer_dead_letter_queue_url",
  "session_table_name",
  "self_check_schedule_arn",
] as const;

/** The outputs of the home Region with central delivery only. */
export const CENTRAL_OUTPUT_KINDS = ["event_bus_arn", "central_rule_arn", "central_dead_letter_queue_url"] as const;

/** The outputs of each Region with regional delivery. */
export const REGIONAL_OUTPUT_KINDS = [...RULE_OUTPUT_KINDS, ...DELIVERY_OUTPUT_KINDS] as const;
export type RegionalOutputKind = (typeof REGIONAL_OUTPUT_KINDS)[number];

/** The stack's outputs, each named after its Region. */
/** With scope = organization, in the home Region besides the central ones. */
const ORGANIZATION_OUTPUT_KINDS = ["spoke_stack_set_name"] as const;

const OUTPUT_KINDS = [...RULE_OUTPUT_KINDS, ...DELIVERY_OUTPUT_KINDS, ...CENTRAL_OUTPUT_KINDS, ...ORGANIZATION_OUTPUT_KINDS] as const;
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
    /** What the daily self-check checks, and the heartbeat: JSON of src/contract/self-check-plan.ts's SelfCheckPlan. */
    selfCheck: "SELF_CHECK",
    /** With scope = organization: the organization's id. Set, the function names accounts from Organizations. */
    organizationId: "ORGANIZATION_ID",
    /** `report` or `digest-only`: how sessions of centralized root access (sts:AssumeRoot) are told. */
    centralizedRootAccess: "CENTRALIZED_ROOT_ACCESS",
    /** With chat channels set (slackChannels, teamsChannels): the topic the chat copy of every message goes to. */
    chatTopicArn: "CHAT_TOPIC_ARN",
  },
} as const;
