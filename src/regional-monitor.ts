/**
 * One Region's monitor: the EventBridge rule that selects root activity, the function that turns an
 * event into a notification, and the topic that carries it to people, with the role, permission and
 * log group those need. Every resource is created through the Region's own aliased provider.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { ROOT_ACTIVITY_EVENT_PATTERN, ruleState } from "./event-pattern";

export interface RegionalMonitorProps {
  /** The Region's aliased provider; every resource here is created through it. */
  readonly provider: AwsProvider;
  /** The Region code, used in names that must be unique across Regions (IAM is global). */
  readonly region: string;
  /** The bundled handler, shared by every Region. */
  readonly handlerAsset: TerraformAsset;
  /** @default "root-activity-monitor" */
  readonly topicName?: string;
  /** Prefix of the rule, function, log group and role names. @default "root-activity-monitor" */
  readonly namePrefix?: string;
  /** Addresses subscribed to the topic. @default [] */
  readonly notificationEmails?: readonly string[];
  /** @default 30 */
  readonly lambdaTimeoutSeconds?: number;
  /** @default "nodejs22.x" */
  readonly lambdaRuntime?: string;
  /** Report read-only calls too (the rule receives all CloudTrail management events). @default true */
  readonly includeReadOnlyEvents?: boolean;
  /** @default 365 */
  readonly logRetentionDays?: number;
}

/** Memory for the function: more than the minimum, because Lambda gives CPU in proportion and cold starts are CPU-bound. */
const FUNCTION_MEMORY_MB = 256;

export class RegionalMonitor extends Construct {
  public readonly rule: CloudwatchEventRule;
  public readonly function: LambdaFunction;
  public readonly topic: SnsTopic;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: RegionalMonitorProps) {
    super(scope, id);
    const topicName = props.topicName ?? "root-activity-monitor";
    const namePrefix = props.namePrefix ?? "root-activity-monitor";
    const notificationEmails = props.notificationEmails ?? [];
    const lambdaTimeoutSeconds = props.lambdaTimeoutSeconds ?? 30;
    const lambdaRuntime = props.lambdaRuntime ?? "nodejs22.x";
    const includeReadOnlyEvents = props.includeReadOnlyEvents ?? true;
    const logRetentionDays = props.logRetentionDays ?? 365;
    if (!Number.isInteger(lambdaTimeoutSeconds) || lambdaTimeoutSeconds < 3 || lambdaTimeoutSeconds > 900) {
      throw new Error(`RegionalMonitor ${id}: lambdaTimeoutSeconds is ${lambdaTimeoutSeconds}; allowed: an integer from 3 to 900`);
    }
    const provider = props.provider;

    this.topic = new SnsTopic(this, "Topic", { provider, name: topicName });
    notificationEmails.forEach((address, index) => {
      new SnsTopicSubscription(this, `Email${index}`, { provider, topicArn: this.topic.arn, protocol: "email", endpoint: address });
    });

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      provider,
      name: `/aws/lambda/${namePrefix}`,
      retentionInDays: logRetentionDays,
    });

    this.role = new IamRole(this, "Role", {
      provider,
      name: `${namePrefix}-${props.region}`,
      description: `Root activity notifications in ${props.region}`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });

    const rolePolicy = new IamRolePolicy(this, "RolePolicy", {
      provider,
      name: "notify",
      role: this.role.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${this.logGroup.arn}:*`,
          },
          { Sid: "PublishToOwnTopic", Effect: "Allow", Action: "sns:Publish", Resource: this.topic.arn },
          {
            // ListAccountAliases supports no resource-level scoping: AWS accepts only "*" here.
            Sid: "ReadAccountAlias",
            Effect: "Allow",
            Action: "iam:ListAccountAliases",
            Resource: "*",
          },
        ],
      }),
    });

    this.function = new LambdaFunction(this, "Function", {
      provider,
      functionName: namePrefix,
      description: "Notifies the security team of AWS root user activity",
      role: this.role.arn,
      runtime: lambdaRuntime,
      architectures: ["arm64"],
      handler: "index.handler",
      filename: props.handlerAsset.path,
      sourceCodeHash: props.handlerAsset.assetHash,
      timeout: lambdaTimeoutSeconds,
      memorySize: FUNCTION_MEMORY_MB,
      environment: { variables: { SNS_TOPIC_ARN: this.topic.arn } },
      // The log group must exist (with its retention) before the function first logs, or Lambda
      // creates one that keeps logs forever; the policy must exist before the first invocation.
      dependsOn: [this.logGroup, rolePolicy],
    });

    this.rule = new CloudwatchEventRule(this, "Rule", {
      provider,
      name: namePrefix,
      description: "AWS root user activity: console sign-ins, console actions and API calls",
      eventPattern: JSON.stringify(ROOT_ACTIVITY_EVENT_PATTERN),
      state: ruleState(includeReadOnlyEvents),
    });

    new CloudwatchEventTarget(this, "Target", {
      provider,
      rule: this.rule.name,
      targetId: "notify",
      arn: this.function.arn,
    });

    new LambdaPermission(this, "InvokePermission", {
      provider,
      statementId: "AllowRootActivityRule",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });
  }
}
