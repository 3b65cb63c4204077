/**
 * The one stack: state in S3, then for each Region an aliased provider, a NotificationDelivery and
 * the RootActivityRule that feeds it, and the outputs people and the operator commands need.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Annotations, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { backendEndpointConfig, providerEndpointConfig } from "./aws-endpoint";
import { EXAMPLE_STATE_BUCKET, type Settings } from "./config";
import { createHandlerAsset } from "./handler-asset";
import { ManagementTrail } from "./management-trail";
import { outputName, resourceNames, type OutputKind } from "./names";
import { NotificationDelivery } from "./notification-delivery";
import { ALWAYS_MONITORED_REGION } from "./regions";
import { RootActivityRule } from "./root-activity-rule";

/** One Region's monitor: its delivery and the rule that feeds it. */
export interface RegionalMonitor {
  readonly delivery: NotificationDelivery;
  readonly rule: RootActivityRule;
}

/** The rule's construct id in a Region: beside the delivery, whose id is the Region itself. */
export const ruleConstructId = (region: string) => `${region}-rule`;

export class RootActivityMonitorStack extends TerraformStack {
  public readonly monitors: ReadonlyMap<string, RegionalMonitor>;

  constructor(scope: Construct, id: string, settings: Settings) {
    super(scope, id);

    const backend = new S3Backend(this, {
      bucket: settings.stateBucket,
      key: settings.stateKey,
      region: settings.stateRegion,
      encrypt: true,
      dynamodbTable: settings.stateLockTable,
      ...(settings.awsEndpoint ? backendEndpointConfig(settings.awsEndpoint) : {}),
    });
    // S3-native state locking (Terraform 1.10+). cdktf's S3Backend type predates the field.
    backend.addOverride("use_lockfile", true);

    if (settings.stateBucket === EXAMPLE_STATE_BUCKET) {
      Annotations.of(this).addWarning(
        `stateBucket is still the example "${EXAMPLE_STATE_BUCKET}" from cdktf.json: set your own bucket (stateBucket in cdktf.json or ROOT_MONITOR_STATE_BUCKET); npm run plan and npm run deploy refuse the example.`,
      );
    }
    if (settings.notificationEmails.length === 0) {
      Annotations.of(this).addWarning(
        "notificationEmails is empty: the topics will have no email subscribers, so nobody will be told of root activity. Set ROOT_MONITOR_EMAILS or notificationEmails in cdktf.json.",
      );
    }

    const provider = (region: string) =>
      new AwsProvider(this, `aws-${region}`, {
        alias: region,
        region,
        defaultTags: [{ tags: { ...settings.tags } }],
        ...(settings.awsEndpoint ? providerEndpointConfig(settings.awsEndpoint) : {}),
      });
    // A Region dropped from `regions` still has resources in the state; Terraform can destroy them
    // only through the provider they were created with.
    settings.retiredRegions.forEach(provider);

    const handlerAsset = createHandlerAsset(this);
    const monitors = new Map<string, RegionalMonitor>();
    const providers = new Map<string, AwsProvider>();
    for (const region of settings.regions) {
      providers.set(region, provider(region));
      const regionProvider = providers.get(region) as AwsProvider;
      const delivery = new NotificationDelivery(this, region, {
        provider: regionProvider,
        region,
        handlerAsset,
        topicName: settings.topicName,
        namePrefix: settings.namePrefix,
        notificationEmails: settings.notificationEmails,
        lambdaTimeoutSeconds: settings.lambdaTimeoutSeconds,
        lambdaRuntime: settings.lambdaRuntime,
        logRetentionDays: settings.logRetentionDays,
        topicKms: settings.topicKms,
        digestIntervalSeconds: settings.digestIntervalSeconds,
        sessionQuietSeconds: settings.sessionQuietSeconds,
      });
      const rule = new RootActivityRule(this, ruleConstructId(region), {
        provider: regionProvider,
        region,
        names: delivery.names,
        targetQueueArn: delivery.buffer.queue.arn,
        includeReadOnlyEvents: settings.includeReadOnlyEvents,
        alarms: { topicArn: delivery.alarmTopic.arn, alarmNamePrefix: delivery.names.alarmPrefix },
        // Until this version the rule lived in the Region's monitor, whose construct id was the Region.
        legacyPath: [region],
      });
      monitors.set(region, { delivery, rule });
      const outputs: Record<OutputKind, { value: string; description: string }> = {
        topic_arn: { value: delivery.topic.arn, description: `SNS topic for root activity in ${region}: add subscriptions (SQS, HTTPS, Lambda) here` },
        rule_arn: { value: rule.rule.arn, description: `EventBridge rule for root activity in ${region}` },
        function_name: { value: delivery.function.functionName, description: `Notification function in ${region}` },
        log_group_name: { value: delivery.logGroup.name, description: `Log group of the notification function in ${region}` },
        dead_letter_queue_url: { value: rule.deadLetterQueue.queue.url, description: `Where the rule puts root events it could not deliver in ${region}` },
        buffer_queue_url: { value: delivery.buffer.queue.url, description: `Where root events wait for the function in ${region}` },
        buffer_dead_letter_queue_url: { value: delivery.buffer.deadLetterQueue.url, description: `Where buffered root events go after the function failed on them in ${region}` },
        session_table_name: { value: delivery.sessions.table.name, description: `Root sessions and pending digests in ${region}` },
      };
      for (const [kind, output] of Object.entries(outputs) as Array<[OutputKind, { value: string; description: string }]>) {
        new TerraformOutput(this, outputName(kind, region), output).overrideLogicalId(outputName(kind, region));
      }
    }
    this.monitors = monitors;

    if (settings.createTrail) {
      // One multi-Region trail covers every Region; it lives where root sign-ins are recorded.
      new ManagementTrail(this, "management-trail", {
        provider: providers.get(ALWAYS_MONITORED_REGION) as AwsProvider,
        region: ALWAYS_MONITORED_REGION,
        trailName: resourceNames(settings, ALWAYS_MONITORED_REGION).trail,
        bucketNamePrefix: resourceNames(settings, ALWAYS_MONITORED_REGION).trailBucketPrefix,
      });
    }
  }
}
