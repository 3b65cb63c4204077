/** The notification function's role: who may assume it, and what it may do. */
import { document, oneOrMany, type PolicyDocument } from "./policy-document";

export function lambdaAssumeRolePolicy(): PolicyDocument {
  return document({ Sid: "LambdaAssumesRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
}

interface FunctionRolePolicyInput {
  readonly logGroupArn: string;
  readonly topicArn: string;
  /** The topic's customer-managed key, when it has one (the chat topic's too). */
  readonly topicKeyArn?: string;
  /** With chat channels: the delivery's chat topic. @default none */
  readonly chatTopicArn?: string;
  /** The buffer queue the function consumes, and schedules digests through. */
  readonly bufferQueueArn: string;
  /** The table of sessions, pending digest entries, publish slots and idempotency records. */
  readonly sessionTableArn: string;
  /** What the daily self-check reads, besides its own topic's subscriptions. */
  readonly selfCheck: {
    /** Every rule it checks (enabled, targeting what it should), in every Region it watches. */
    readonly ruleArns: readonly string[];
    /** Every dead-letter queue it checks (empty), found by name in its Region. */
    readonly deadLetterQueueArns: readonly string[];
  };
  /** With scope = organization: what the function reads of the organization. */
  readonly organization?: {
    /** The member accounts, whose names it puts in messages (`arn:…:organizations::<management account>:account/<organization id>/*`). */
    readonly memberAccountsArn: string;
    /** The root and the organizational units, whose accounts the self-check lists. */
    readonly unitsArns: readonly string[];
    /** The spokes' stack set, whose instances the self-check reads. */
    readonly stackSetArn: string;
  };
}

/**
 * What the notification function may do: write its own logs, consume its buffer queue (and put
 * digest triggers on it), keep its sessions in its own table, publish to its own topic (with its
 * key) and, with chat channels, its own chat topic; read the account alias and the root user's
 * posture; and for its daily self-check read the rules it watches, the dead-letter queues' depth, its
 * topic's subscriptions and the account's trails.
 */
export function functionRolePolicy(input: FunctionRolePolicyInput): PolicyDocument {
  return document(
    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${input.logGroupArn}:*` },
    {
      Sid: "ConsumeOwnBuffer",
      Effect: "Allow",
      // What Lambda's event source mapping needs to poll the queue, and SendMessage for the delayed digest triggers.
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:SendMessage"],
      Resource: input.bufferQueueArn,
    },
    {
      Sid: "KeepOwnSessions",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchWriteItem"],
      Resource: input.sessionTableArn,
    },
    { Sid: "PublishToOwnTopic", Effect: "Allow", Action: "sns:Publish", Resource: input.topicArn },
    input.chatTopicArn !== undefined && { Sid: "PublishToOwnChatTopic", Effect: "Allow", Action: "sns:Publish", Resource: input.chatTopicArn },
    input.topicKeyArn !== undefined && {
      Sid: "EncryptForOwnTopic",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: input.topicKeyArn,
    },
    // iam:ListAccountAliases supports no resource-level scoping: AWS accepts only "*" here.
    { Sid: "ReadAccountAlias", Effect: "Allow", Action: "iam:ListAccountAliases", Resource: "*" },
    // The root user's posture beside every alert (handler/posture/): GetAccountSummary, and in an
    // organization ListOrganizationsFeatures (answered in the management account only). The Service
    // Authorization Reference lists no resource type for either (they read the account, or the
    // organization, as a whole): AWS accepts only "*" here. Read-only.
    {
      Sid: "ReadRootPosture",
      Effect: "Allow",
      Action: input.organization !== undefined ? ["iam:GetAccountSummary", "iam:ListOrganizationsFeatures"] : "iam:GetAccountSummary",
      Resource: "*",
    },
    input.organization !== undefined && { Sid: "ReadMemberAccountNames", Effect: "Allow", Action: "organizations:DescribeAccount", Resource: input.organization.memberAccountsArn },
    input.organization !== undefined && {
      Sid: "SelfCheckListsUnitsAccounts",
      Effect: "Allow",
      Action: ["organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent"],
      Resource: input.organization.unitsArns,
    },
    // organizations:ListAccounts (the accounts under the root) supports no resource-level scoping: AWS accepts only "*" here.
    input.organization !== undefined && { Sid: "SelfCheckListsAccounts", Effect: "Allow", Action: "organizations:ListAccounts", Resource: "*" },
    input.organization !== undefined && { Sid: "SelfCheckReadsSpokes", Effect: "Allow", Action: "cloudformation:ListStackInstances", Resource: input.organization.stackSetArn },
    {
      Sid: "SelfCheckReadsRules",
      Effect: "Allow",
      Action: ["events:DescribeRule", "events:ListTargetsByRule"],
      Resource: oneOrMany(input.selfCheck.ruleArns),
    },
    {
      Sid: "SelfCheckReadsDeadLetterQueues",
      Effect: "Allow",
      // GetQueueUrl: the self-check finds each queue by its name in its Region; GetQueueAttributes: its depth.
      Action: ["sqs:GetQueueUrl", "sqs:GetQueueAttributes"],
      Resource: oneOrMany(input.selfCheck.deadLetterQueueArns),
    },
    { Sid: "SelfCheckReadsSubscriptions", Effect: "Allow", Action: "sns:ListSubscriptionsByTopic", Resource: input.topicArn },
    {
      Sid: "SelfCheckReadsTrails",
      Effect: "Allow",
      Action: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"],
      // The trails that must log management events are whichever the account has, made by anyone and
      // named anything (an organization's trail even carries the management account's id in its ARN):
      // none is known when the monitor is deployed, so no ARN can name them. Read-only.
      Resource: "*",
    },
  );
}
