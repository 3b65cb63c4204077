/**
 * One delivery unit: what turns root events into messages people read. Root events (from one or
 * more rules) wait in the buffer queue; the function takes them in batches, groups them into
 * sessions kept in the session table, publishes the first action of a session and every critical
 * one at once and the rest as digests, never faster than the topic's email subscribers can take;
 * the topic carries them to people. With the key, subscriptions, log group, role and the alarms
 * that tell people when delivery itself fails.
 *
 * Once a day its function checks itself (the self-check schedule): the trails, the rules that feed it
 * (in every Region they watch, with central delivery), their dead-letter queues, its unprocessed
 * queue and its topic's subscriptions; and says so when something is wrong, or on the heartbeat's
 * day that all is well.
 *
 * In the default regional delivery every Region has one, behind its own rule. Its construct id is
 * the Region, as the whole Region's monitor had before the rule moved out: the topic, its
 * subscriptions, the key and the function keep their Terraform addresses, so an upgrade asks no one
 * to confirm a subscription again.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import type { TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { checkSettingValues } from "../settings/check-setting-values";
import { SETTING_DEFAULTS, type Settings } from "../settings/settings-schema";
import { DeliveryBuffer } from "./delivery-buffer";
import { EmailSubscriptions } from "./email-subscriptions";
import { deliveryAlarmSpecs, FailureAlarms } from "../alarms/failure-alarms";
import { HANDLER_CONTRACT, resourceNames, type ResourceNames } from "../contract/names";
import { functionEnvironmentVariables } from "../contract/function-environment";
import { functionRolePolicy, lambdaAssumeRolePolicy, topicPolicy, type AlarmSource } from "../policies/policy-documents";
import { isKnownRegion } from "../contract/regions";
import { SelfCheckSchedule } from "./self-check-schedule";
import { SELF_CHECK_PLAN_SCHEMA, type SelfCheckPlan } from "../contract/self-check-plan";
import { SessionTable } from "./session-table";
import { AWS_MANAGED_SNS_KEY, alarmsCanUseNotificationTopic } from "../contract/topic-encryption";
import { TopicKey } from "./topic-key";

export interface NotificationDeliveryProps {
  /** The Region's aliased provider; every resource here is created through it. */
  readonly provider: AwsProvider;
  /** The Region code, used in names that must be unique across Regions (IAM is global). */
  readonly region: string;
  /** The bundled handler, shared by every Region. */
  readonly handlerAsset: TerraformAsset;
  /** The rules whose events this delivery receives, by name (their ARNs are built from it: the rules target this delivery). @default [the root rule and the tamper rule named from namePrefix in this Region] */
  readonly ruleNames?: readonly string[];
  /** Name of the topic. @default SETTING_DEFAULTS.topicName ("root-activity-monitor") */
  readonly topicName?: Settings["topicName"];
  /** Prefix of every other name (see names.ts). @default SETTING_DEFAULTS.namePrefix ("root-activity-monitor") */
  readonly namePrefix?: Settings["namePrefix"];
  /** Addresses subscribed to the topic, each identified by its address. @default [] */
  readonly notificationEmails?: Settings["notificationEmails"];
  /** @default SETTING_DEFAULTS.lambdaTimeoutSeconds (30) */
  readonly lambdaTimeoutSeconds?: Settings["lambdaTimeoutSeconds"];
  /** @default SETTING_DEFAULTS.lambdaRuntime ("nodejs22.x") */
  readonly lambdaRuntime?: Settings["lambdaRuntime"];
  /** @default SETTING_DEFAULTS.logRetentionDays (365) */
  readonly logRetentionDays?: Settings["logRetentionDays"];
  /** How the topic is encrypted at rest (see topic-encryption.ts). @default SETTING_DEFAULTS.topicKms ("customer-managed") */
  readonly topicKms?: Settings["topicKms"];
  /** @default SETTING_DEFAULTS.digestIntervalSeconds (300) */
  readonly digestIntervalSeconds?: Settings["digestIntervalSeconds"];
  /** @default SETTING_DEFAULTS.sessionQuietSeconds (600) */
  readonly sessionQuietSeconds?: Settings["sessionQuietSeconds"];
  /**
   * The Regions whose rule (on the default bus, named from namePrefix) feeds this delivery: the daily
   * self-check reads each of them. @default [region]: this Region's own rule
   */
  readonly watchedRegions?: readonly string[];
  /**
   * With central delivery: the central event bus in this Region. The watched rules then forward to it,
   * and the rule on it (named from namePrefix) puts their root events on this delivery's buffer.
   * @default none: the watched rules put root events on this delivery's buffer themselves
   */
  readonly centralEventBusName?: string;
  /**
   * With scope = organization: the organization whose member accounts' root activity this delivery
   * tells, and the stack set that puts their spokes where (the organizational units, or the root).
   * The function reads the accounts' names for its messages, and its self-check checks every
   * member account's spokes.
   * @default none: the messages name this account by its alias
   */
  readonly organization?: { readonly id: string; readonly stackSet: string; readonly units: readonly string[] };
  /** How sessions of centralized root access are told. @default SETTING_DEFAULTS.centralizedRootAccess ("report") */
  readonly centralizedRootAccess?: Settings["centralizedRootAccess"];
  /** Whether the watched rules must receive read-only events too. @default SETTING_DEFAULTS.includeReadOnlyEvents (true) */
  readonly includeReadOnlyEvents?: Settings["includeReadOnlyEvents"];
  /** When the self-check says that all is well. @default SETTING_DEFAULTS.heartbeat ("weekly") */
  readonly heartbeat?: Settings["heartbeat"];
  /** The break-glass roles that may put a message on the buffer besides the function (monitor-only-access.ts). @default SETTING_DEFAULTS.operatorRoleArns ([]) */
  readonly operatorRoleArns?: Settings["operatorRoleArns"];
}

/** Memory for the function: more than the minimum, because Lambda gives CPU in proportion and cold starts are CPU-bound. */
const FUNCTION_MEMORY_MB = 256;

/**
 * How the function takes the buffer: up to 100 messages at once, gathered for at most 10 seconds
 * (the first alert still leaves well within a minute), by at most 2 concurrent invocations (the
 * least Lambda allows for SQS), reporting failures per message so that one bad record never
 * retries its whole batch.
 */
export const BUFFER_CONSUMPTION = { batchSize: 100, maximumBatchingWindowSeconds: 10, maximumConcurrency: 2 } as const;

export class NotificationDelivery extends Construct {
  public readonly names: ResourceNames;
  public readonly function: LambdaFunction;
  public readonly topic: SnsTopic;
  /** Where the alarms publish: the notification topic, or with the AWS-managed key a separate one. */
  public readonly alarmTopic: SnsTopic;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly buffer: DeliveryBuffer;
  public readonly sessions: SessionTable;
  public readonly alarms: FailureAlarms;
  /** What starts the daily self-check. */
  public readonly selfCheckSchedule: SelfCheckSchedule;
  /** What the self-check checks: the function's SELF_CHECK environment variable, before it is JSON. */
  public readonly selfCheckPlan: SelfCheckPlan;
  public readonly topicKey?: TopicKey;
  /** For the rules' alarms: which alarms may publish to the alarm topic. */
  public readonly alarmSource: AlarmSource;

  constructor(scope: Construct, id: string, props: NotificationDeliveryProps) {
    super(scope, id);
    const topicName = props.topicName ?? SETTING_DEFAULTS.topicName;
    const namePrefix = props.namePrefix ?? SETTING_DEFAULTS.namePrefix;
    const notificationEmails = props.notificationEmails ?? [];
    const lambdaTimeoutSeconds = props.lambdaTimeoutSeconds ?? SETTING_DEFAULTS.lambdaTimeoutSeconds;
    const lambdaRuntime = props.lambdaRuntime ?? SETTING_DEFAULTS.lambdaRuntime;
    const logRetentionDays = props.logRetentionDays ?? SETTING_DEFAULTS.logRetentionDays;
    const topicKms = props.topicKms ?? SETTING_DEFAULTS.topicKms;
    const digestIntervalSeconds = props.digestIntervalSeconds ?? SETTING_DEFAULTS.digestIntervalSeconds;
    const sessionQuietSeconds = props.sessionQuietSeconds ?? SETTING_DEFAULTS.sessionQuietSeconds;
    const watchedRegions = props.watchedRegions ?? [props.region];
    const includeReadOnlyEvents = props.includeReadOnlyEvents ?? SETTING_DEFAULTS.includeReadOnlyEvents;
    const heartbeat = props.heartbeat ?? SETTING_DEFAULTS.heartbeat;
    const operatorRoleArns = props.operatorRoleArns ?? SETTING_DEFAULTS.operatorRoleArns;
    // The same schemas as the settings: a construct used on its own fails with the same message.
    checkSettingValues(`NotificationDelivery ${id} props`, {
      topicName,
      namePrefix,
      notificationEmails,
      lambdaTimeoutSeconds,
      lambdaRuntime,
      logRetentionDays,
      topicKms,
      digestIntervalSeconds,
      sessionQuietSeconds,
      includeReadOnlyEvents,
      heartbeat,
      operatorRoleArns,
    });
    const unknownRegions = watchedRegions.filter((watched) => !isKnownRegion(watched));
    if (watchedRegions.length === 0 || unknownRegions.length > 0) {
      throw new Error(
        `NotificationDelivery ${id} props: watchedRegions has the value ${JSON.stringify(watchedRegions)}: ${unknownRegions.length > 0 ? `${unknownRegions.map((r) => JSON.stringify(r)).join(", ")} is not a known region code` : "no Region"}. Allowed: one or more region codes such as us-east-1.`,
      );
    }
    const { provider, region } = props;
    const names = resourceNames({ namePrefix, topicName }, region);
    this.names = names;
    const partition = new DataAwsPartition(this, "Partition", { provider }).partition;
    const accountId = new DataAwsCallerIdentity(this, "Account", { provider }).accountId;
    this.alarmSource = { partition, region, accountId, alarmNamePrefix: names.alarmPrefix };

    this.role = new IamRole(this, "Role", {
      provider,
      name: names.role,
      description: `Root activity notifications in ${region}`,
      assumeRolePolicy: JSON.stringify(lambdaAssumeRolePolicy()),
    });

    // ARNs built from names, as the rules and queues they name are made beside this delivery (or in other Regions).
    const eventsArn = (where: string, resource: string) => `arn:${partition}:events:${where}:${accountId}:${resource}`;
    const queueArn = (where: string, name: string) => `arn:${partition}:sqs:${where}:${accountId}:${name}`;
    const ruleNames = props.ruleNames ?? [names.rule, names.tamperRule];
    const ruleArns = ruleNames.map((rule) => eventsArn(region, `rule/${rule}`));
    // The tamper rule that feeds this delivery also publishes to its alarm topic directly (tamper-rule.ts).
    const tamperRuleArns = ruleNames.filter((rule) => rule === names.tamperRule || rule.endsWith(`/${names.tamperRule}`)).map((rule) => eventsArn(region, `rule/${rule}`));
    const alarmsShareTopic = alarmsCanUseNotificationTopic(topicKms);
    if (topicKms === "customer-managed") {
      this.topicKey = new TopicKey(this, "TopicKey", { provider, partition, region, accountId, publisherRoleArn: this.role.arn, aliasName: names.topicKeyAlias, ...(alarmsShareTopic ? { tamperRuleArns } : {}) });
    }
    const kmsMasterKeyId = { "customer-managed": this.topicKey?.key.arn, "aws-managed": AWS_MANAGED_SNS_KEY, none: undefined }[topicKms];

    this.topic = new SnsTopic(this, "Topic", { provider, name: names.topic, kmsMasterKeyId });
    new SnsTopicPolicy(this, "TopicPolicy", {
      provider,
      arn: this.topic.arn,
      policy: JSON.stringify(topicPolicy({ topicArn: this.topic.arn, publisherRoleArn: this.role.arn, ...(alarmsShareTopic ? { alarms: this.alarmSource, tamperRuleArns } : {}) })),
    });
    new EmailSubscriptions(this, "Subscriptions", { provider, topicArn: this.topic.arn, addresses: notificationEmails, legacy: { scope: this, idPrefix: "Email" } });

    if (alarmsShareTopic) {
      this.alarmTopic = this.topic;
    } else {
      // CloudWatch cannot use the AWS-managed SNS key, so alarms get a topic of their own. It is not
      // encrypted at rest: alarm messages name a metric and a state, never an event's contents.
      this.alarmTopic = new SnsTopic(this, "AlarmTopic", { provider, name: names.alarmTopic });
      new SnsTopicPolicy(this, "AlarmTopicPolicy", {
        provider,
        arn: this.alarmTopic.arn,
        policy: JSON.stringify(topicPolicy({ topicArn: this.alarmTopic.arn, alarms: this.alarmSource, tamperRuleArns })),
      });
      new EmailSubscriptions(this, "AlarmSubscriptions", { provider, topicArn: this.alarmTopic.arn, addresses: notificationEmails, legacy: { scope: this, idPrefix: "AlarmEmail" } });
    }

    const scheduleRuleArn = eventsArn(region, `rule/${names.selfCheckSchedule}`);
    this.buffer = new DeliveryBuffer(this, "Buffer", {
      provider,
      partition,
      region,
      accountId,
      name: names.bufferQueue,
      deadLetterName: names.bufferDeadLetterQueue,
      ruleArns,
      scheduleRuleArn,
      functionRoleArn: this.role.arn,
      operatorRoleArns,
      visibilityTimeoutSeconds: 6 * lambdaTimeoutSeconds + BUFFER_CONSUMPTION.maximumBatchingWindowSeconds,
    });
    this.sessions = new SessionTable(this, "Sessions", { provider, name: names.sessionTable, functionRoleArn: this.role.arn });
    this.selfCheckSchedule = new SelfCheckSchedule(this, "SelfCheckSchedule", { provider, name: names.selfCheckSchedule, bufferQueueArn: this.buffer.queue.arn });

    const central = props.centralEventBusName;
    const organization = props.organization;
    this.selfCheckPlan = SELF_CHECK_PLAN_SCHEMA.parse({
      schedule: scheduleRuleArn,
      heartbeat,
      account: accountId,
      readOnly: includeReadOnlyEvents,
      regions: watchedRegions,
      rule: {
        name: names.rule,
        target: central === undefined ? this.buffer.queue.arn : eventsArn(region, `event-bus/${central}`),
        deadLetterQueue: names.deadLetterQueue,
      },
      ...(central === undefined ? {} : { central: { eventBus: central, name: names.rule, target: this.buffer.queue.arn, deadLetterQueue: names.centralDeadLetterQueue } }),
      delivery: { region, topic: this.topic.arn, unprocessed: names.bufferDeadLetterQueue },
      ...(organization === undefined ? {} : { organization: { stackSet: organization.stackSet, units: organization.units } }),
    });
    const selfCheckReads = {
      ruleArns: [
        ...watchedRegions.map((watched) => eventsArn(watched, `rule/${names.rule}`)),
        ...(central === undefined ? [] : [eventsArn(region, `rule/${central}/${names.rule}`)]),
      ],
      deadLetterQueueArns: [
        ...watchedRegions.map((watched) => queueArn(watched, names.deadLetterQueue)),
        ...(central === undefined ? [] : [queueArn(region, names.centralDeadLetterQueue)]),
        queueArn(region, names.bufferDeadLetterQueue),
      ],
    };

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      provider,
      name: names.logGroup,
      // Encrypted at rest by CloudWatch Logs with its service key; the lines name events, not secrets.
      retentionInDays: logRetentionDays,
    });

    const rolePolicy = new IamRolePolicy(this, "RolePolicy", {
      provider,
      name: "notify",
      role: this.role.id,
      policy: JSON.stringify(
        functionRolePolicy({
          logGroupArn: this.logGroup.arn,
          topicArn: this.topic.arn,
          topicKeyArn: this.topicKey?.key.arn,
          bufferQueueArn: this.buffer.queue.arn,
          sessionTableArn: this.sessions.table.arn,
          selfCheck: selfCheckReads,
          ...(organization !== undefined
            ? {
                organization: {
                  memberAccountsArn: `arn:${partition}:organizations::${accountId}:account/${organization.id}/*`,
                  unitsArns: [`arn:${partition}:organizations::${accountId}:root/${organization.id}/*`, `arn:${partition}:organizations::${accountId}:ou/${organization.id}/*`],
                  stackSetArn: `arn:${partition}:cloudformation:${region}:${accountId}:stackset/${organization.stackSet}:*`,
                },
              }
            : {}),
        }),
      ),
    });

    this.function = new LambdaFunction(this, "Function", {
      provider,
      functionName: names.function,
      description: "Tells the security team of AWS root user activity: alerts, critical alerts and session digests",
      role: this.role.arn,
      runtime: lambdaRuntime,
      architectures: ["arm64"],
      handler: HANDLER_CONTRACT.entryPoint,
      filename: props.handlerAsset.path,
      sourceCodeHash: props.handlerAsset.assetHash,
      timeout: lambdaTimeoutSeconds,
      memorySize: FUNCTION_MEMORY_MB,
      environment: {
        variables: functionEnvironmentVariables({
          topicArn: this.topic.arn,
          sessionTable: this.sessions.table.name,
          bufferQueueUrl: this.buffer.queue.url,
          digestIntervalSeconds,
          sessionQuietSeconds,
          selfCheck: this.selfCheckPlan,
          centralizedRootAccess: props.centralizedRootAccess ?? SETTING_DEFAULTS.centralizedRootAccess,
          ...(organization !== undefined ? { organizationId: organization.id } : {}),
        }),
      },
      // The log group must exist (with its retention) before the function first logs, or Lambda
      // creates one that keeps logs forever; the policy must exist before the first invocation.
      dependsOn: [this.logGroup, rolePolicy],
    });

    new LambdaEventSourceMapping(this, "BufferMapping", {
      provider,
      eventSourceArn: this.buffer.queue.arn,
      functionName: this.function.arn,
      batchSize: BUFFER_CONSUMPTION.batchSize,
      maximumBatchingWindowInSeconds: BUFFER_CONSUMPTION.maximumBatchingWindowSeconds,
      scalingConfig: { maximumConcurrency: BUFFER_CONSUMPTION.maximumConcurrency },
      functionResponseTypes: ["ReportBatchItemFailures"],
      dependsOn: [rolePolicy],
    });

    this.alarms = new FailureAlarms(this, "Alarms", {
      provider,
      alarmNamePrefix: names.alarmPrefix,
      topicArn: this.alarmTopic.arn,
      specs: deliveryAlarmSpecs(this.function.functionName, this.buffer.queue.name, this.buffer.deadLetterQueue.name, digestIntervalSeconds),
    });
  }
}
