/**
 * What a synthesized stack holds, counted from the Terraform JSON itself (what Terraform will
 * receive), never from the settings that produced it: KMS keys and which of them rotate, the
 * metrics the alarms watch, the SQS queues that Lambda polls, and how many subscription
 * confirmations each address is sent. Pure: JSON in, counts out.
 */

/** The part of a synthesized stack's Terraform JSON that the census reads. */
export interface TerraformResources {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

export interface StackCensus {
  readonly kmsKeys: number;
  /** Keys with automatic rotation: each rotation is a backing key that bills. */
  readonly rotatedKmsKeys: number;
  readonly alarms: number;
  /** The metrics the alarms watch (what CloudWatch bills), by resolution. */
  readonly alarmMetrics: { readonly standard: number; readonly highResolution: number };
  /** Lambda mappings that read an SQS queue: each has Lambda long-poll its queue all month. */
  readonly sqsMappings: number;
  /** Lambda mappings that read anything else (streams, Kafka): the price table has no price for them. */
  readonly otherMappings: number;
  /** The most subscription confirmation emails any one address is sent (one per email subscription). */
  readonly confirmationsPerAddress: number;
}

type Resource = Readonly<Record<string, unknown>>;

const EMAIL_PROTOCOLS = ["email", "email-json"];

/** An alarm's watched metrics: one, or each metric of its metric-math queries (an expression alone is not billed). */
function metricsOfAlarm(alarm: Resource): number {
  const queries = alarm.metric_query;
  if (!Array.isArray(queries)) return 1;
  return queries.filter((query) => query && typeof query === "object" && "metric" in query).length;
}

/** Whether a mapping reads an SQS queue: its source is a queue of this stack (a reference) or an SQS ARN. */
const readsSqs = (mapping: Resource) => /^\$\{aws_sqs_queue\.|^arn:[^:]+:sqs:/.test(String(mapping.event_source_arn ?? ""));

export function stackCensus(json: TerraformResources): StackCensus {
  const resources = json.resource ?? {};
  const ofType = (type: string): Resource[] => Object.values(resources[type] ?? {});
  for (const [type, blocks] of Object.entries(resources)) {
    for (const [name, block] of Object.entries(blocks)) {
      // One block is one resource here; a count or for_each would make it many, which the census cannot know from the JSON.
      if ("count" in block || "for_each" in block) throw new Error(`${type}.${name} uses count or for_each: the census counts one resource per block`);
    }
  }

  const keys = ofType("aws_kms_key");
  const alarms = ofType("aws_cloudwatch_metric_alarm");
  const isHighResolution = (alarm: Resource) => typeof alarm.period === "number" && alarm.period < 60;
  const sumMetrics = (list: Resource[]) => list.reduce((sum, alarm) => sum + metricsOfAlarm(alarm), 0);
  const mappings = ofType("aws_lambda_event_source_mapping");

  const subscriptionsByAddress = new Map<string, number>();
  for (const subscription of ofType("aws_sns_topic_subscription").filter((s) => EMAIL_PROTOCOLS.includes(String(s.protocol)))) {
    const address = String(subscription.endpoint);
    subscriptionsByAddress.set(address, (subscriptionsByAddress.get(address) ?? 0) + 1);
  }

  return {
    kmsKeys: keys.length,
    rotatedKmsKeys: keys.filter((key) => key.enable_key_rotation === true).length,
    alarms: alarms.length,
    alarmMetrics: { standard: sumMetrics(alarms.filter((a) => !isHighResolution(a))), highResolution: sumMetrics(alarms.filter(isHighResolution)) },
    sqsMappings: mappings.filter(readsSqs).length,
    otherMappings: mappings.filter((mapping) => !readsSqs(mapping)).length,
    confirmationsPerAddress: Math.max(0, ...subscriptionsByAddress.values()),
  };
}
