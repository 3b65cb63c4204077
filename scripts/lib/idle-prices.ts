/**
 * The price table: what each kind of resource the stack synthesizes costs in a month in which no
 * root activity happens. us-east-1 list prices in US dollars, as the AWS pricing pages below gave
 * them on IDLE_PRICES_AS_OF (other commercial Regions list the same or slightly higher prices for
 * these items). `npm run cost`, the README's cost table and the bench all price from this file
 * alone: a price changes here, and `npm run docs` carries it to the README.
 *
 * Every resource type the stack can synthesize is named here, billed or not, with why: a type this
 * table does not know is reported as unpriced, and a test fails until someone prices it.
 */

/** The day the prices below were read from the pages in IDLE_PRICE_SOURCES. */
export const IDLE_PRICES_AS_OF = "2026-11-25";

/** Whose list prices these are. */
export const IDLE_PRICES_REGION = "us-east-1";

/** Where each price comes from. */
export const IDLE_PRICE_SOURCES = {
  kms: "https://aws.amazon.com/kms/pricing/",
  kmsRotationCap: "https://aws.amazon.com/blogs/security/the-curious-case-of-faster-aws-kms-symmetric-key-rotation/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  sqs: "https://aws.amazon.com/sqs/pricing/",
  idleSqsPolling: "https://repost.aws/knowledge-center/sqs-high-charges",
  lambdaSqsPollers: "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html",
} as const;

/** A month as AWS's pricing calculator counts it; keys and alarms are prorated by the hour. */
export const HOURS_PER_MONTH = 730;

export const IDLE_PRICES = {
  /** A customer-managed KMS key, per month. AWS-managed keys (`alias/aws/sns`, `aws/dynamodb`) cost nothing. */
  kmsKeyMonth: 1.0,
  /**
   * A key with automatic rotation: each new backing key adds this a month, for the first two
   * rotations only (AWS capped the charge in 2024: later rotations add nothing). With yearly
   * rotation a key costs $1 a month in its first year, $2 in its second and $3 from its third.
   */
  kmsRotationMonth: 1.0,
  /** Rotations that are billed; later ones are free. */
  kmsBilledRotations: 2,
  /** A standard-resolution (period of 60 seconds or more) metric alarm, per metric it watches, per month. */
  alarmMetricMonth: 0.1,
  /** A high-resolution (period under 60 seconds) metric alarm, per metric it watches, per month. */
  highResolutionAlarmMetricMonth: 0.3,
  /** SQS standard-queue requests, per million (the first 100 billion a month); an empty receive is one request. */
  sqsRequestsPerMillion: 0.4,
} as const;

/**
 * How Lambda polls an SQS queue that a mapping reads, while the queue is empty. AWS documents that
 * Lambda long-polls the queue continuously, so that an unused queue still bills empty receives
 * (idleSqsPolling), and that it starts with five concurrent batches (lambdaSqsPollers); it does not
 * document the idle request rate. The assumption: five pollers, each a 20-second long poll (the
 * SQS maximum) after another, all month; the mapping's maximum concurrency (2 here) limits
 * invocations, not pollers, so it is not counted. The queue's `NumberOfEmptyReceives` metric shows
 * the real figure of a deployment.
 */
export const IDLE_SQS_POLLING = { pollers: 5, longPollSeconds: 20 } as const;

/** Empty receives a month on one queue that a Lambda mapping reads: 657,000 with the assumption above. */
export const idleReceivesPerQueueMonth = (): number => (IDLE_SQS_POLLING.pollers * HOURS_PER_MONTH * 3600) / IDLE_SQS_POLLING.longPollSeconds;

/**
 * Free tiers that idle usage could fall into. Both are per account and shared by every Region and
 * every other workload of the account, so the monitor's figures count them as used by something
 * else (what the monitor adds to a bill); the most they could take off is reported beside, for an
 * account that uses them for nothing else.
 */
export const FREE_TIERS = {
  /** SQS requests a month, per account, over all Regions. */
  sqsRequests: 1_000_000,
  /** Standard-resolution alarm metrics a month, per account. */
  alarmMetrics: 10,
} as const;

/** How the table prices a resource type. */
export type IdlePricing =
  /** Billed while idle; `idle-cost.ts` counts and prices it (keys, alarms, polled queues). */
  | { readonly kind: "billed"; readonly why: string }
  /**
   * Nothing is billed while no root activity happens, if the resource is as `onlyIf` says (when
   * given): a resource that is not (a provisioned table) is reported as unpriced, with `otherwise`.
   */
  | { readonly kind: "free"; readonly why: string; readonly onlyIf?: { readonly test: (resource: Readonly<Record<string, unknown>>) => boolean; readonly otherwise: string } }
  /** Billed by what the whole account does, not by this monitor's idleness: named, not priced. */
  | { readonly kind: "activity"; readonly why: string };

const free = (why: string): IdlePricing => ({ kind: "free", why });

/** Every resource type the stack can synthesize, and how it bills while nothing happens. */
export const IDLE_PRICING: Readonly<Record<string, IdlePricing>> = {
  aws_kms_key: { kind: "billed", why: "per key-month, more once rotated" },
  aws_cloudwatch_metric_alarm: { kind: "billed", why: "per alarm metric-month" },
  aws_lambda_event_source_mapping: { kind: "billed", why: "Lambda's empty receives on the SQS queue it reads, as SQS requests" },
  aws_kms_alias: free("aliases are free"),
  aws_sqs_queue: free("SQS bills requests, not queues: the buffer's polling is priced with its mapping, and nobody reads the dead-letter queues until something fails"),
  aws_lambda_function: free("billed per invocation and duration; a mapping invokes nothing while its queue is empty"),
  aws_dynamodb_table: {
    kind: "free",
    why: "on demand: no requests while idle; its few expiring items are kilobytes, a fraction of a cent at $0.25 a GB-month",
    onlyIf: { test: (table) => table.billing_mode === "PAY_PER_REQUEST", otherwise: "provisioned capacity bills by the hour, idle or not" },
  },
  aws_sns_topic: free("topics are free; publishes and email deliveries bill only when there is something to tell"),
  aws_sns_topic_policy: free("policies are free"),
  aws_dynamodb_resource_policy: free("policies are free"),
  aws_sns_topic_subscription: free("subscriptions are free; deliveries bill only when there is something to tell"),
  aws_cloudwatch_event_rule: free("rules are free; AWS service events on the default bus, CloudTrail's included, are not billed"),
  aws_cloudwatch_event_target: free("targets are free; forwarding to another bus bills per event, and only root activity matches"),
  aws_cloudwatch_event_bus: free("a custom bus bills per event put on it, and only root activity is forwarded"),
  aws_cloudwatch_event_bus_policy: free("policies are free"),
  aws_cloudwatch_log_group: free("billed per GB ingested ($0.50) and stored ($0.03 a month): nothing is logged while nothing happens"),
  aws_cloudformation_stack_set: free(
    "StackSets is free for AWS resource types; the spokes it puts in member accounts are a rule, a role and an SQS queue, which bill nothing idle (as here)",
  ),
  aws_cloudformation_stack_set_instance: free("StackSets is free for AWS resource types"),
  aws_iam_role: free("IAM is free"),
  aws_iam_role_policy: free("IAM is free"),
  aws_cloudtrail: {
    kind: "activity",
    why: "free as the account's first trail of management events (a second copy bills $2 per 100,000 events); its log files grow with everything the account does",
  },
  aws_s3_bucket: { kind: "activity", why: "stores the trail's log files: its size follows everything the account does" },
  aws_s3_bucket_policy: free("policies are free"),
  aws_s3_bucket_public_access_block: free("settings are free"),
  aws_s3_bucket_server_side_encryption_configuration: free("SSE-S3 encryption is free"),
  aws_s3_bucket_versioning: free("settings are free; versions are stored objects, billed with the bucket"),
};
