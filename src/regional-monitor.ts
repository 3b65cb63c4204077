/**
 * One Region's monitor: the EventBridge rule that selects root activity, the function that turns an
 * event into a notification, and the topic that carries it to people; with the role, permission and
 * log group those need, and the failure paths and alarms that make sure a failure is heard too.
 * Every resource is created through the Region's own aliased provider.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import type { TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { checkSettingValues, SETTING_DEFAULTS, type Settings } from "./config";
import { DeadLetterQueue } from "./dead-letter-queue";
import { EmailSubscriptions } from "./email-subscriptions";
import { ROOT_ACTIVITY_EVENT_PATTERN, ruleState } from "./event-pattern";
import { FailureAlarms } from "./failure-alarms";
import { functionRolePolicy, lambdaAssumeRolePolicy, topicPolicy, type AlarmSource } from "./policy-documents";
import { HANDLER_CONTRACT, resourceNames } from "./names";
import { AWS_MANAGED_SNS_KEY, alarmsCanUseNotificationTopic } from "./topic-encryption";
import { TopicKey } from "./topic-key";

export interface RegionalMonitorProps {
  /** The Region's aliased provider; every resource here is created through it. */
  readonly provider: AwsProvider;
  /** The Region code, used in names that must be unique across Regions (IAM is global). */
  readonly region: string;
  /** The bundled handler, shared by every Region. */
  readonly handlerAsset: TerraformAsset;
  /** Name of the topic. @default SETTING_DEFAULTS.topicName ("root-activity-monitor") */
  readonly topicName?: Settings["topicName"];
  /** Prefix of the rule, function, log group, queue, key alias, alarm and role names (see names.ts). @default SETTING_DEFAULTS.namePrefix ("root-activity-monitor") */
  readonly namePrefix?: Settings["namePrefix"];
  /** Addresses subscribed to the topic, each identified by its address. @default [] */
  readonly notificationEmails?: Settings["notificationEmails"];
  /** @default SETTING_DEFAULTS.lambdaTimeoutSeconds (30) */
  readonly lambdaTimeoutSeconds?: Settings["lambdaTimeoutSeconds"];
  /** @default SETTING_DEFAULTS.lambdaRuntime ("nodejs22.x") */
  readonly lambdaRuntime?: Settings["lambdaRuntime"];
  /** Report read-only calls too (the rule receives all CloudTrail management events). @default SETTING_DEFAULTS.includeReadOnlyEvents (true) */
  readonly includeReadOnlyEvents?: Settings["includeReadOnlyEvents"];
  /** @default SETTING_DEFAULTS.logRetentionDays (365) */
  readonly logRetentionDays?: Settings["logRetentionDays"];
  /** How the topic is encrypted at rest (see topic-encryption.ts). @default SETTING_DEFAULTS.topicKms ("customer-managed") */
  readonly topicKms?: Settings["topicKms"];
}

/** Memory for the function: more than the minimum, because Lambda gives CPU in proportion and cold starts are CPU-bound. */
const FUNCTION_MEMORY_MB = 256;

/**
 * Retries of the rule's delivery to the function, and of the function itself. An alert an hour late
 * is still worth sending; after that, the dead-letter queue (for the rule) or the raw event on the
 * topic (for the function) tells a person sooner than more retries would.
 */
export const RETRY_LIMITS = {
  targetMaximumEventAgeSeconds: 3_600,
  targetMaximumRetryAttempts: 24,
  functionMaximumEventAgeSeconds: 3_600,
  /** Lambda's maximum for asynchronous invocations. */
  functionMaximumRetryAttempts: 2,
} as const;

export class RegionalMonitor extends Construct {
  public readonly rule: CloudwatchEventRule;
  public readonly function: LambdaFunction;
  public readonly topic: SnsTopic;
  /** Where the alarms publish: the notification topic, or with the AWS-managed key a separate one. */
  public readonly alarmTopic: SnsTopic;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly deadLetterQueue: DeadLetterQueue;
  public readonly alarms: FailureAlarms;
  public readonly topicKey?: TopicKey;

  constructor(scope: Construct, id: string, props: RegionalMonitorProps) {
    super(scope, id);
    const topicName = props.topicName ?? SETTING_DEFAULTS.topicName;
    const namePrefix = props.namePrefix ?? SETTING_DEFAULTS.namePrefix;
    const notificationEmails = props.notificationEmails ?? [];
    const lambdaTimeoutSeconds = props.lambdaTimeoutSeconds ?? SETTING_DEFAULTS.lambdaTimeoutSeconds;
    const lambdaRuntime = props.lambdaRuntime ?? SETTING_DEFAULTS.lambdaRuntime;
    const includeReadOnlyEvents = props.includeReadOnlyEvents ?? SETTING_DEFAULTS.includeReadOnlyEvents;
    const logRetentionDays = props.logRetentionDays ?? SETTING_DEFAULTS.logRetentionDays;
    const topicKms = props.topicKms ?? SETTING_DEFAULTS.topicKms;
    // The same schemas as the settings: a construct used on its own fails with the same message.
    checkSettingValues(`RegionalMonitor ${id} props`, { topicName, namePrefix, notificationEmails, lambdaTimeoutSeconds, lambdaRuntime, includeReadOnlyEvents, logRetentionDays, topicKms });
    const { provider, region } = props;
    const names = resourceNames({ namePrefix, topicName }, region);
    const partition = new DataAwsPartition(this, "Partition", { provider }).partition;
    const accountId = new DataAwsCallerIdentity(this, "Account", { provider }).accountId;
    const alarmSource: AlarmSource = { partition, region, accountId, alarmNamePrefix: names.alarmPrefix };

    this.role = new IamRole(this, "Role", {
      provider,
      name: names.role,
      description: `Root activity notifications in ${region}`,
      assumeRolePolicy: JSON.stringify(lambdaAssumeRolePolicy()),
    });

    if (topicKms === "customer-managed") {
      this.topicKey = new TopicKey(this, "TopicKey", {
        provider,
        partition,
        region,
        accountId,
        publisherRoleArn: this.role.arn,
        aliasName: names.topicKeyAlias,
      });
    }
    const kmsMasterKeyId = { "customer-managed": this.topicKey?.key.arn, "aws-managed": AWS_MANAGED_SNS_KEY, none: undefined }[topicKms];

    this.topic = new SnsTopic(this, "Topic", { provider, name: names.topic, kmsMasterKeyId });
    const alarmsShareTopic = alarmsCanUseNotificationTopic(topicKms);
    new SnsTopicPolicy(this, "TopicPolicy", {
      provider,
      arn: this.topic.arn,
      policy: JSON.stringify(
        topicPolicy({ topicArn: this.topic.arn, publisherRoleArn: this.role.arn, alarms: alarmsShareTopic ? alarmSource : undefined }),
      ),
    });
    new EmailSubscriptions(this, "Subscriptions", {
      provider,
      topicArn: this.topic.arn,
      addresses: notificationEmails,
      legacy: { scope: this, idPrefix: "Email" },
    });

    if (alarmsShareTopic) {
      this.alarmTopic = this.topic;
    } else {
      // CloudWatch cannot use the AWS-managed SNS key, so alarms get a topic of their own. It is not
      // encrypted at rest: alarm messages name a metric and a state, never an event's contents.
      this.alarmTopic = new SnsTopic(this, "AlarmTopic", { provider, name: names.alarmTopic });
      new SnsTopicPolicy(this, "AlarmTopicPolicy", {
        provider,
        arn: this.alarmTopic.arn,
        policy: JSON.stringify(topicPolicy({ topicArn: this.alarmTopic.arn, alarms: alarmSource })),
      });
      new EmailSubscriptions(this, "AlarmSubscriptions", {
        provider,
        topicArn: this.alarmTopic.arn,
        addresses: notificationEmails,
        legacy: { scope: this, idPrefix: "AlarmEmail" },
      });
    }

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
        functionRolePolicy({ logGroupArn: this.logGroup.arn, topicArn: this.topic.arn, topicKeyArn: this.topicKey?.key.arn }),
      ),
    });

    this.function = new LambdaFunction(this, "Function", {
      provider,
      functionName: names.function,
      description: "Notifies the security team of AWS root user activity",
      role: this.role.arn,
      runtime: lambdaRuntime,
      architectures: ["arm64"],
      handler: HANDLER_CONTRACT.entryPoint,
      filename: props.handlerAsset.path,
      sourceCodeHash: props.handlerAsset.assetHash,
      timeout: lambdaTimeoutSeconds,
      memorySize: FUNCTION_MEMORY_MB,
      environment: { variables: { [HANDLER_CONTRACT.topicArnEnv]: this.topic.arn } },
      // The log group must exist (with its retention) before the function first logs, or Lambda
      // creates one that keeps logs forever; the policy must exist before the first invocation.
      dependsOn: [this.logGroup, rolePolicy],
    });

    // An event the function still fails on after its retries goes to the topic itself: subscribers
    // then receive Lambda's failure record with the raw event inside. Less readable than our
    // notification, but a person hears about the root activity at once, which a queue alone would
    // not do. If that delivery fails too, the destination-failures alarm says so.
    new LambdaFunctionEventInvokeConfig(this, "AsyncInvokeConfig", {
      provider,
      functionName: this.function.functionName,
      maximumRetryAttempts: RETRY_LIMITS.functionMaximumRetryAttempts,
      maximumEventAgeInSeconds: RETRY_LIMITS.functionMaximumEventAgeSeconds,
      destinationConfig: { onFailure: { destination: this.topic.arn } },
      dependsOn: [rolePolicy],
    });

    this.rule = new CloudwatchEventRule(this, "Rule", {
      provider,
      name: names.rule,
      description: "AWS root user activity: console sign-ins, console actions and API calls",
      eventPattern: JSON.stringify(ROOT_ACTIVITY_EVENT_PATTERN),
      state: ruleState(includeReadOnlyEvents),
    });

    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetterQueue", {
      provider,
      partition,
      region,
      accountId,
      name: names.deadLetterQueue,
      ruleArn: this.rule.arn,
    });

    new CloudwatchEventTarget(this, "Target", {
      provider,
      rule: this.rule.name,
      targetId: "notify",
      arn: this.function.arn,
      retryPolicy: {
        maximumEventAgeInSeconds: RETRY_LIMITS.targetMaximumEventAgeSeconds,
        maximumRetryAttempts: RETRY_LIMITS.targetMaximumRetryAttempts,
      },
      deadLetterConfig: { arn: this.deadLetterQueue.queue.arn },
    });

    new LambdaPermission(this, "InvokePermission", {
      provider,
      statementId: "AllowRootActivityRule",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });

    this.alarms = new FailureAlarms(this, "Alarms", {
      provider,
      alarmNamePrefix: names.alarmPrefix,
      topicArn: this.alarmTopic.arn,
      functionName: this.function.functionName,
      ruleName: this.rule.name,
      deadLetterQueueName: this.deadLetterQueue.queue.name,
    });
  }
}
