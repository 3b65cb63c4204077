/**
 * The one stack: state in S3, then for each Region an aliased provider, a NotificationDelivery and
 * the RootActivityRule that feeds it, and the outputs people and the operator commands need. Each
 * delivery checks itself daily: with regional delivery its own Region; with central delivery the
 * home Region's checks every Region, the central bus's rule included.
 */
import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Annotations, Op, S3Backend, TerraformOutput, TerraformSelf, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { backendEndpointConfig, providerEndpointConfig } from "./terraform/aws-endpoint";
import { EXAMPLE_STATE_BUCKET } from "./settings/backend-settings";
import type { Settings } from "./settings/settings-schema";
import { createHandlerAsset } from "./function/handler-asset";
import { ManagementTrail } from "./trail/management-trail";
import { outputName, resourceNames, type OutputKind } from "./contract/names";
import { CentralEventBus } from "./central/central-event-bus";
import { ForwardingRole } from "./central/forwarding-role";
import { NotificationDelivery, type NotificationDeliveryProps } from "./delivery/notification-delivery";
import { OrganizationSpokes } from "./organization/organization-spokes";
import { spokeTemplate } from "./organization/spoke-template";
import { NOT_MANAGEMENT_ACCOUNT } from "./contract/monitor-scope";
import { ALWAYS_MONITORED_REGION } from "./contract/regions";
import { RootActivityRule } from "./rule/root-activity-rule";
import { TamperRule } from "./rule/tamper-rule";

/** One Region's monitor: its rule, and the delivery it feeds (with central delivery, the home Region's, shared by all). */
export interface RegionalMonitor {
  readonly delivery: NotificationDelivery;
  readonly rule: RootActivityRule;
  /** The rule that tells changes to the monitor's own resources, by anyone. */
  readonly tamperRule: TamperRule;
}

/** The rule's construct id in a Region: beside the delivery, whose id is the Region itself. */
export const ruleConstructId = (region: string) => `${region}-rule`;
/** The tamper rule's construct id in a Region, and on the central bus. */
export const tamperRuleConstructId = (region: string) => `${region}-tamper-rule`;
export const CENTRAL_TAMPER_RULE_ID = "central-tamper-rule";

/** With central delivery: the construct ids of the central bus and of the rule on it. */
export const CENTRAL_BUS_ID = "central-bus";
export const CENTRAL_RULE_ID = "central-rule";
/** With scope = organization: the construct ids of the organization's data source and of the spokes' stack set. */
export const ORGANIZATION_ID = "organization";
export const ORGANIZATION_SPOKES_ID = "organization-spokes";

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

    const providers = new Map(settings.regions.map((region) => [region, provider(region)] as const));
    const providerOf = (region: string) => providers.get(region) as AwsProvider;
    const handlerAsset = createHandlerAsset(this);
    const output = (kind: OutputKind, region: string, value: string, description: string) =>
      new TerraformOutput(this, outputName(kind, region), { value, description }).overrideLogicalId(outputName(kind, region));
    /** A delivery, and what its daily self-check watches: with central delivery, every Region's rule and the central bus. */
    const newDelivery = (
      region: string,
      central?: { readonly ruleNames: readonly string[]; readonly eventBusName: string; readonly organization?: NotificationDeliveryProps["organization"] },
    ) => {
      const delivery = new NotificationDelivery(this, region, {
        provider: providerOf(region),
        region,
        handlerAsset,
        ruleNames: central?.ruleNames,
        watchedRegions: central ? settings.regions : [region],
        centralEventBusName: central?.eventBusName,
        organization: central?.organization,
        centralizedRootAccess: settings.centralizedRootAccess,
        includeReadOnlyEvents: settings.includeReadOnlyEvents,
        heartbeat: settings.heartbeat,
        topicName: settings.topicName,
        namePrefix: settings.namePrefix,
        notificationEmails: settings.notificationEmails,
        lambdaTimeoutSeconds: settings.lambdaTimeoutSeconds,
        lambdaRuntime: settings.lambdaRuntime,
        logRetentionDays: settings.logRetentionDays,
        topicKms: settings.topicKms,
        digestIntervalSeconds: settings.digestIntervalSeconds,
        sessionQuietSeconds: settings.sessionQuietSeconds,
        operatorRoleArns: settings.operatorRoleArns,
      });
      const where = settings.delivery === "central" ? `for every Region, in ${region}` : `in ${region}`;
      output("topic_arn", region, delivery.topic.arn, `SNS topic for root activity ${where}: add subscriptions (SQS, HTTPS, Lambda) here`);
      output("function_name", region, delivery.function.functionName, `Notification function ${where}`);
      output("log_group_name", region, delivery.logGroup.name, `Log group of the notification function ${where}`);
      output("buffer_queue_url", region, delivery.buffer.queue.url, `Where root events wait for the function ${where}`);
      output("buffer_dead_letter_queue_url", region, delivery.buffer.deadLetterQueue.url, `Where buffered root events go after the function failed on them ${where}`);
      output("session_table_name", region, delivery.sessions.table.name, `Root sessions and pending digests ${where}`);
      output("self_check_schedule_arn", region, delivery.selfCheckSchedule.rule.arn, `The schedule rule that starts the daily self-check (and heartbeat) of the delivery ${where}`);
      return delivery;
    };
    const ruleOutputs = (region: string, rule: RootActivityRule) => {
      output("rule_arn", region, rule.rule.arn, `EventBridge rule for root activity in ${region}`);
      output("dead_letter_queue_url", region, rule.deadLetterQueue.queue.url, `Where the rule puts root events it could not deliver in ${region}`);
    };

    /** What a tamper rule's pattern names: the naming settings, and the delivery's topic key where the rule sees its Region's calls. */
    const tamperPattern = (delivery?: NotificationDelivery) => {
      const key = delivery?.topicKey?.key;
      return { namePrefix: settings.namePrefix, topicName: settings.topicName, ...(key ? { topicKey: { arn: key.arn, id: key.keyId } } : {}) };
    };

    const monitors = new Map<string, RegionalMonitor>();
    if (settings.delivery === "regional") {
      for (const region of settings.regions) {
        const delivery = newDelivery(region);
        const rule = new RootActivityRule(this, ruleConstructId(region), {
          provider: providerOf(region),
          region,
          names: delivery.names,
          targetArn: delivery.buffer.queue.arn,
          includeReadOnlyEvents: settings.includeReadOnlyEvents,
          alarms: { topicArn: delivery.alarmTopic.arn, alarmNamePrefix: delivery.names.alarmPrefix },
          tamperRuleName: delivery.names.tamperRule,
          // Until this version the rule lived in the Region's monitor, whose construct id was the Region.
          legacyPath: [region],
        });
        ruleOutputs(region, rule);
        const tamperRule = new TamperRule(this, tamperRuleConstructId(region), {
          provider: providerOf(region),
          name: delivery.names.tamperRule,
          pattern: tamperPattern(delivery),
          target: { kind: "buffer", arn: delivery.buffer.queue.arn },
          directTopicArn: delivery.alarmTopic.arn,
          deadLetterQueueArn: rule.deadLetterQueue.queue.arn,
        });
        monitors.set(region, { delivery, rule, tamperRule });
      }
    } else {
      const home = settings.homeRegion;
      const homeNames = resourceNames(settings, home);
      // Read at plan time only for what the settings leave out: synth needs no credentials either way.
      const organization =
        settings.scope === "organization" && (settings.organizationId === undefined || settings.organizationalUnitIds.length === 0)
          ? new DataAwsOrganizationsOrganization(this, ORGANIZATION_ID, { provider: providerOf(home) })
          : undefined;
      const organizationId = settings.scope === "organization" ? (settings.organizationId ?? organization?.id) : undefined;
      // Where the spokes go: the given units, else the organization's root (every account).
      const units = settings.organizationalUnitIds.length > 0 ? settings.organizationalUnitIds : organization ? [organization.roots.get(0).id] : [];
      // The central rule listens on the central bus: its ARN (and so the buffer's policy) names the bus.
      const delivery = newDelivery(home, {
        ruleNames: [`${homeNames.eventBus}/${homeNames.rule}`, `${homeNames.eventBus}/${homeNames.tamperRule}`],
        eventBusName: homeNames.eventBus,
        organization: organizationId === undefined ? undefined : { id: organizationId, stackSet: homeNames.spokeStackSet, units },
      });
      const { partition, accountId } = delivery.alarmSource;
      // A member account may describe its organization too, but sees no root and cannot deploy the
      // spokes' stack set: say so at plan time, before anything reads the root.
      organization?.addOverride("lifecycle.postcondition", [
        { condition: Op.eq(TerraformSelf.getString("master_account_id"), accountId), error_message: NOT_MANAGEMENT_ACCOUNT },
      ]);
      const bus = new CentralEventBus(this, CENTRAL_BUS_ID, {
        provider: providerOf(home),
        name: homeNames.eventBus,
        partition,
        accountId,
        forwardingRoleNames: settings.regions.map((region) => resourceNames(settings, region).forwardingRole),
        ...(organizationId !== undefined
          ? { organization: { organizationId, forwardingRoleNamePattern: resourceNames(settings, "*").forwardingRole } }
          : {}),
      });
      if (settings.scope === "organization") {
        const spokes = new OrganizationSpokes(this, ORGANIZATION_SPOKES_ID, {
          provider: providerOf(home),
          name: homeNames.spokeStackSet,
          template: spokeTemplate({ naming: settings, hubEventBusArn: bus.bus.arn, includeReadOnlyEvents: settings.includeReadOnlyEvents }),
          regions: settings.regions,
          organizationalUnitIds: units,
        });
        output("spoke_stack_set_name", home, spokes.stackSet.name, "The stack set that puts a spoke (rule, forwarding role, dead-letter queue) in every member account and monitored Region");
      }
      const centralRule = new RootActivityRule(this, CENTRAL_RULE_ID, {
        provider: providerOf(home),
        region: home,
        names: { rule: homeNames.rule, deadLetterQueue: homeNames.centralDeadLetterQueue },
        eventBusName: bus.bus.name,
        targetArn: delivery.buffer.queue.arn,
        // Forwarded events keep what they are: read-only management events need the same state here.
        includeReadOnlyEvents: settings.includeReadOnlyEvents,
        alarms: { topicArn: delivery.alarmTopic.arn, alarmNamePrefix: delivery.names.alarmPrefix, idPrefix: "central-" },
        tamperRuleName: homeNames.tamperRule,
      });
      // Tampering forwarded from every Region (and, with scope = organization, root's own in member accounts) goes on the buffer from here.
      new TamperRule(this, CENTRAL_TAMPER_RULE_ID, {
        provider: providerOf(home),
        name: homeNames.tamperRule,
        eventBusName: bus.bus.name,
        pattern: tamperPattern(delivery),
        target: { kind: "buffer", arn: delivery.buffer.queue.arn },
        directTopicArn: delivery.alarmTopic.arn,
        deadLetterQueueArn: centralRule.deadLetterQueue.queue.arn,
      });
      output("event_bus_arn", home, bus.bus.arn, `The central event bus in ${home}, where every Region's rule forwards root activity`);
      output("central_rule_arn", home, centralRule.rule.arn, `The rule on the central bus that puts root activity on the buffer queue in ${home}`);
      output("central_dead_letter_queue_url", home, centralRule.deadLetterQueue.queue.url, `Where the central rule puts root events it could not deliver in ${home}`);
      for (const region of settings.regions) {
        const names = resourceNames(settings, region);
        const forwarder = new ForwardingRole(this, `${region}-forwarding-role`, {
          provider: providerOf(region),
          name: names.forwardingRole,
          region,
          accountId,
          ruleArn: [names.rule, names.tamperRule].map((rule) => `arn:${partition}:events:${region}:${accountId}:rule/${rule}`),
          eventBusArn: bus.bus.arn,
        });
        const rule = new RootActivityRule(this, ruleConstructId(region), {
          provider: providerOf(region),
          region,
          names,
          targetArn: bus.bus.arn,
          targetRoleArn: forwarder.role.arn,
          includeReadOnlyEvents: settings.includeReadOnlyEvents,
          // Alarms publish only to a topic in their own Region: the home Region's rule has them; the
          // others' failures end in their dead-letter queues, which the self-check reads.
          ...(region === home ? { alarms: { topicArn: delivery.alarmTopic.arn, alarmNamePrefix: delivery.names.alarmPrefix } } : {}),
          tamperRuleName: names.tamperRule,
          legacyPath: [region],
        });
        ruleOutputs(region, rule);
        const tamperRule = new TamperRule(this, tamperRuleConstructId(region), {
          provider: providerOf(region),
          name: names.tamperRule,
          // The topic key lives in the home Region: calls on it are recorded there.
          pattern: tamperPattern(region === home ? delivery : undefined),
          target: { kind: "bus", arn: bus.bus.arn, roleArn: forwarder.role.arn },
          deadLetterQueueArn: rule.deadLetterQueue.queue.arn,
        });
        monitors.set(region, { delivery, rule, tamperRule });
      }
    }
    this.monitors = monitors;

    if (settings.createTrail) {
      // One multi-Region trail covers every Region; it lives where root sign-ins are recorded.
      new ManagementTrail(this, "management-trail", {
        provider: providerOf(ALWAYS_MONITORED_REGION),
        region: ALWAYS_MONITORED_REGION,
        trailName: resourceNames(settings, ALWAYS_MONITORED_REGION).trail,
        bucketNamePrefix: resourceNames(settings, ALWAYS_MONITORED_REGION).trailBucketPrefix,
      });
    }
  }
}
