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
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { chatAlarmSpecs, deliveryAlarmSpecs, FailureAlarms } from "../alarms/failure-alarms";
import { DELIVERY_DEFAULTS, withDefaults, type DeliverySettings } from "../terraform/construct-defaults";
import { HANDLER_CONTRACT, type ResourceNames } from "../contract/names";
import { functionEnvironmentVariables } from "../contract/function-environment";
import type { SelfCheckPlan } from "../contract/self-check-plan";
import { functionRolePolicy, lambdaAssumeRolePolicy } from "../policies/function-policies";
import type { AlarmSource } from "../policies/topic-policies";
import type { RegionContext } from "../terraform/region-context";
import { checkDeliveryProps } from "./check-delivery-props";
import { DeliveryBuffer } from "./delivery-buffer";
import { deliveryTopics } from "./delivery-topics";
import { SelfCheckSchedule } from "./self-check-schedule";
import { organizationReads, scheduleRuleArn, selfCheckPlan, selfCheckReads } from "./self-check-wiring";
import { SessionTable } from "./session-table";
import type { TopicKey } from "./topic-key";

/** A delivery's props: its Region, the handler, what feeds it, and the settings it takes (construct-defaults.ts, each with its `@default`). */
export interface NotificationDeliveryProps extends Partial<DeliverySettings> {
  /** The delivery's Region: its provider (every resource here is created through it), account, partition and names. */
  readonly context: RegionContext;
  /** The bundled handler, shared by every Region. */
  readonly handlerAsset: TerraformAsset;
  /** The rules whose events this delivery receives, by name (their ARNs are built from it: the rules target this delivery). @default [the root rule and the tamper rule named from namePrefix in this Region] */
  readonly ruleNames?: readonly string[];
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
  /** With chat channels (slackChannels, teamsChannels): a chat topic beside the topic, which the function publishes chat copies to. @default false */
  readonly chat?: boolean;
}

/** The props with every default applied. */
type ResolvedProps = NotificationDeliveryProps & DeliverySettings & { readonly ruleNames: readonly string[]; readonly watchedRegions: readonly string[] };

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
  /** With chat channels: where the function publishes the chat copy of every message. */
  public readonly chatTopic?: SnsTopic;
  /** For the rules' alarms: which alarms may publish to the alarm topic. */
  public readonly alarmSource: AlarmSource;

  constructor(scope: Construct, id: string, given: NotificationDeliveryProps) {
    super(scope, id);
    checkDeliveryProps(`NotificationDelivery ${id} props`, given);
    const { context } = given;
    const { provider, region, names } = context;
    const props: ResolvedProps = {
      ...given,
      ...withDefaults(DELIVERY_DEFAULTS, given),
      ruleNames: given.ruleNames ?? [names.rule, names.tamperRule],
      watchedRegions: given.watchedRegions ?? [region],
    };
    this.names = names;
    this.alarmSource = { arnPattern: context.arn("cloudwatch", `alarm:${names.alarmPrefix}*`), accountId: context.accountId };

    this.role = new IamRole(this, "Role", {
      provider,
      name: names.role,
      description: `Root activity notifications in ${region}`,
      assumeRolePolicy: JSON.stringify(lambdaAssumeRolePolicy()),
    });

    // ARNs built from names, as the rules they name are made beside this delivery (or in other Regions).
    const ruleArns = props.ruleNames.map((rule) => context.arn("events", `rule/${rule}`));
    // The tamper rule that feeds this delivery also publishes to its alarm topic directly (tamper-rule.ts).
    const tamperRuleArns = props.ruleNames.filter((rule) => rule === names.tamperRule || rule.endsWith(`/${names.tamperRule}`)).map((rule) => context.arn("events", `rule/${rule}`));
    const topics = deliveryTopics(this, { context, topicKms: props.topicKms, notificationEmails: props.notificationEmails, publisherRoleArn: this.role.arn, alarms: this.alarmSource, tamperRuleArns, chat: given.chat ?? false });
    this.topic = topics.topic;
    this.alarmTopic = topics.alarmTopic;
    this.topicKey = topics.topicKey;
    this.chatTopic = topics.chatTopic;

    this.buffer = new DeliveryBuffer(this, "Buffer", {
      context,
      name: names.bufferQueue,
      deadLetterName: names.bufferDeadLetterQueue,
      ruleArns,
      scheduleRuleArn: scheduleRuleArn(context),
      functionRoleArn: this.role.arn,
      operatorRoleArns: props.operatorRoleArns,
      visibilityTimeoutSeconds: 6 * props.lambdaTimeoutSeconds + BUFFER_CONSUMPTION.maximumBatchingWindowSeconds,
    });
    this.sessions = new SessionTable(this, "Sessions", { provider, name: names.sessionTable, functionRoleArn: this.role.arn });
    this.selfCheckSchedule = new SelfCheckSchedule(this, "SelfCheckSchedule", { provider, name: names.selfCheckSchedule, bufferQueueArn: this.buffer.queue.arn });
    this.selfCheckPlan = selfCheckPlan({ ...props, bufferQueueArn: this.buffer.queue.arn, topicArn: this.topic.arn });

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      provider,
      name: names.logGroup,
      // Encrypted at rest by CloudWatch Logs with its service key; the lines name events, not secrets.
      retentionInDays: props.logRetentionDays,
    });
    const rolePolicy = this.newRolePolicy(props);
    this.function = this.newFunction(props, rolePolicy);

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
      specs: [
        ...deliveryAlarmSpecs(this.function.functionName, this.buffer.queue.name, this.buffer.deadLetterQueue.name, props.digestIntervalSeconds),
        // With a chat topic: chat missing a message is told by email (chat-copy.ts never fails a record for it).
        ...(this.chatTopic !== undefined ? chatAlarmSpecs(this.function.functionName, this.chatTopic.name) : []),
      ],
    });
  }

  /** What the function may do (function-policies.ts), on this delivery's resources and what its self-check reads. */
  private newRolePolicy(props: ResolvedProps): IamRolePolicy {
    const { context, organization } = props;
    return new IamRolePolicy(this, "RolePolicy", {
      provider: context.provider,
      name: "notify",
      role: this.role.id,
      policy: JSON.stringify(
        functionRolePolicy({
          logGroupArn: this.logGroup.arn,
          topicArn: this.topic.arn,
          topicKeyArn: this.topicKey?.key.arn,
          chatTopicArn: this.chatTopic?.arn,
          bufferQueueArn: this.buffer.queue.arn,
          sessionTableArn: this.sessions.table.arn,
          selfCheck: selfCheckReads(props),
          ...(organization !== undefined ? { organization: organizationReads(context, organization) } : {}),
        }),
      ),
    });
  }

  /** The function; its environment is its contract with the handler (names.ts HANDLER_CONTRACT). */
  private newFunction(props: ResolvedProps, rolePolicy: IamRolePolicy): LambdaFunction {
    const { context, digestIntervalSeconds, sessionQuietSeconds, organization } = props;
    return new LambdaFunction(this, "Function", {
      provider: context.provider,
      functionName: context.names.function,
      description: "Tells the security team of AWS root user activity: alerts, critical alerts and session digests",
      role: this.role.arn,
      runtime: props.lambdaRuntime,
      architectures: ["arm64"],
      handler: HANDLER_CONTRACT.entryPoint,
      filename: props.handlerAsset.path,
      sourceCodeHash: props.handlerAsset.assetHash,
      timeout: props.lambdaTimeoutSeconds,
      memorySize: FUNCTION_MEMORY_MB,
      environment: {
        variables: functionEnvironmentVariables({
          topicArn: this.topic.arn,
          sessionTable: this.sessions.table.name,
          bufferQueueUrl: this.buffer.queue.url,
          digestIntervalSeconds,
          sessionQuietSeconds,
          selfCheck: this.selfCheckPlan,
          centralizedRootAccess: props.centralizedRootAccess,
          ...(organization !== undefined ? { organizationId: organization.id } : {}),
          ...(this.chatTopic !== undefined ? { chatTopicArn: this.chatTopic.arn } : {}),
        }),
      },
      // The log group must exist (with its retention) before the function first logs, or Lambda
      // creates one that keeps logs forever; the policy must exist before the first invocation.
      dependsOn: [this.logGroup, rolePolicy],
    });
  }
}
