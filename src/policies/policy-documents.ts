/**
 * Every IAM, topic, queue and key policy of a Region, as pure functions of the ARNs they protect, so
 * that each grant is written once, tested as data and read in one place. Least privilege: each
 * statement names its principal, its actions and its resource; the few "*" that remain are where
 * AWS offers nothing narrower, and say so.
 */
import { bufferGuardStatements, deadLetterGuardStatements, topicGuardStatements, type BufferGuard } from "./monitor-only-access";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: { readonly AWS?: string; readonly Service?: string } | "*";
  readonly Action: string | readonly string[];
  /** Absent only in a trust policy, where the resource is the role itself. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

const document = (...statements: Array<PolicyStatement | false | undefined>): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements.filter((statement): statement is PolicyStatement => Boolean(statement)),
});

/** Requests without TLS are refused, whoever makes them. */
const denyInsecureTransport = (actions: string, resource: string): PolicyStatement => ({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: actions,
  Resource: resource,
  Condition: { Bool: { "aws:SecureTransport": false } },
});

export function lambdaAssumeRolePolicy(): PolicyDocument {
  return document({ Sid: "LambdaAssumesRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
}

export interface FunctionRolePolicyInput {
  readonly logGroupArn: string;
  readonly topicArn: string;
  /** The topic's customer-managed key, when it has one. */
  readonly topicKeyArn?: string;
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

const oneOrMany = (arns: readonly string[]) => (arns.length === 1 ? arns[0] : arns);

/**
 * What the notification function may do: write its own logs, consume its buffer queue (and put
 * digest triggers on it), keep its sessions in its own table, publish to its own topic (with its
 * key), read the account alias; and for its daily self-check read the rules it watches, the
 * dead-letter queues' depth, its topic's subscriptions and the account's trails.
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
    input.topicKeyArn !== undefined && {
      Sid: "EncryptForOwnTopic",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: input.topicKeyArn,
    },
    // iam:ListAccountAliases supports no resource-level scoping: AWS accepts only "*" here.
    { Sid: "ReadAccountAlias", Effect: "Allow", Action: "iam:ListAccountAliases", Resource: "*" },
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

export interface AlarmSource {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** Every alarm of this monitor is named with this prefix. */
  readonly alarmNamePrefix: string;
}

export const alarmArnPattern = (source: AlarmSource) =>
  `arn:${source.partition}:cloudwatch:${source.region}:${source.accountId}:alarm:${source.alarmNamePrefix}*`;

export interface TopicPolicyInput {
  readonly topicArn: string;
  /** The function's role; absent for a topic that carries alarms only. */
  readonly publisherRoleArn?: string;
  /** The alarms that publish here, when they do. */
  readonly alarms?: AlarmSource;
  /** The tamper rules that publish here directly, beside the function (tamper-rule.ts). @default none */
  readonly tamperRuleArns?: readonly string[];
}

/**
 * Who may publish: this Region's function and this monitor's alarms in this account; nothing for
 * other accounts; and nobody else in this account either, whatever their identity policy grants
 * (monitor-only-access.ts); TLS only.
 */
export function topicPolicy(input: TopicPolicyInput): PolicyDocument {
  return document(
    input.publisherRoleArn !== undefined && {
      Sid: "FunctionPublishes",
      Effect: "Allow",
      Principal: { AWS: input.publisherRoleArn },
      Action: "sns:Publish",
      Resource: input.topicArn,
    },
    input.alarms !== undefined && {
      Sid: "AlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: input.topicArn,
      Condition: { ArnLike: { "aws:SourceArn": alarmArnPattern(input.alarms) }, StringEquals: { "aws:SourceAccount": input.alarms.accountId } },
    },
    input.tamperRuleArns !== undefined &&
      input.tamperRuleArns.length > 0 && {
        Sid: "TamperRulePublishes",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: input.topicArn,
        Condition: { ArnEquals: { "aws:SourceArn": oneOrMany(input.tamperRuleArns) } },
      },
    ...topicGuardStatements(input.topicArn, input.publisherRoleArn),
    // A Deny that covers every SNS action: it takes rights away, never grants them.
    denyInsecureTransport("sns:*", input.topicArn),
  );
}

/**
 * Only the monitor's rules may put root events on the buffer queue, and only its self-check schedule
 * may put the scheduled event that starts a self-check; TLS only. The function reaches it through its
 * role, and nobody else may (but the operator roles, to send), whatever their identity policy
 * grants (`guard`, monitor-only-access.ts).
 */
export function bufferQueuePolicy(queueArn: string, ruleArns: readonly string[], scheduleRuleArn: string, guard: BufferGuard): PolicyDocument {
  return document(
    {
      Sid: "RulesSendRootEvents",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": oneOrMany(ruleArns) } },
    },
    {
      Sid: "ScheduleStartsSelfCheck",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": scheduleRuleArn } },
    },
    ...bufferGuardStatements(queueArn, guard),
    denyInsecureTransport("sqs:*", queueArn),
  );
}

/** A queue that only SQS redrive writes to (no one is granted anything, and nobody may send to it by hand): TLS only. */
export function deadLetterQueuePolicyForQueue(queueArn: string): PolicyDocument {
  return document(...deadLetterGuardStatements(queueArn), denyInsecureTransport("sqs:*", queueArn));
}

/** Only this Region's rules (the root rule, and the tamper rule beside it) may put undeliverable events on the dead-letter queue; TLS only. */
export function deadLetterQueuePolicy(queueArn: string, ruleArn: string | readonly string[]): PolicyDocument {
  return document(
    {
      Sid: "RuleSendsUndeliverableEvents",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": typeof ruleArn === "string" ? ruleArn : oneOrMany(ruleArn) } },
    },
    ...deadLetterGuardStatements(queueArn),
    denyInsecureTransport("sqs:*", queueArn),
  );
}

export interface TopicKeyPolicyInput {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly publisherRoleArn: string;
  /** The tamper rules that publish to the topic directly (tamper-rule.ts). @default none */
  readonly tamperRuleArns?: readonly string[];
}

/**
 * The topic key's policy. In a key policy "Resource": "*" means "this key". The account keeps
 * administration of the key (without it, the key could never be changed or deleted again); the
 * function may use it only through SNS; CloudWatch may use it so that alarms can publish to the
 * encrypted topic (the AWS-managed SNS key cannot grant that, which is why it is not the default).
 */
export function topicKeyPolicy(input: TopicKeyPolicyInput): PolicyDocument {
  return document(
    {
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: `arn:${input.partition}:iam::${input.accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "FunctionEncryptsThroughSns",
      Effect: "Allow",
      Principal: { AWS: input.publisherRoleArn },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": `sns.${input.region}.amazonaws.com` } },
    },
    {
      Sid: "AlarmsEncryptForTopic",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
    },
    input.tamperRuleArns !== undefined &&
      input.tamperRuleArns.length > 0 && {
        Sid: "TamperRuleEncryptsForTopic",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: "*",
        Condition: { ArnEquals: { "aws:SourceArn": oneOrMany(input.tamperRuleArns) } },
      },
  );
}

export interface TrailBucketPolicyInput {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly bucketArn: string;
  readonly trailName: string;
}

/** CloudTrail may read the bucket's ACL and write this account's logs, for this trail only; TLS only. */
export function trailBucketPolicy(input: TrailBucketPolicyInput): PolicyDocument {
  const trailArn = `arn:${input.partition}:cloudtrail:${input.region}:${input.accountId}:trail/${input.trailName}`;
  return document(
    {
      Sid: "CloudTrailChecksAcl",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: input.bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    },
    {
      Sid: "CloudTrailWritesLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      // CloudTrail names each log object itself, under this prefix.
      Resource: `${input.bucketArn}/AWSLogs/${input.accountId}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [input.bucketArn, `${input.bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": false } },
    },
  );
}

/**
 * Who may assume a Region's forwarding role: EventBridge, for that Region's rule in this account
 * only (the rule's ARN is named, so no other rule, and no other account's rule, can borrow it).
 */
export function forwardingAssumeRolePolicy(ruleArn: string | readonly string[], accountId: string): PolicyDocument {
  return document({
    Sid: "RuleAssumesRole",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": typeof ruleArn === "string" ? ruleArn : oneOrMany(ruleArn) } },
  });
}

/** What a forwarding role may do: put events on the central bus, nothing else. */
export function forwardingRolePolicy(eventBusArn: string): PolicyDocument {
  return document({ Sid: "ForwardToCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: eventBusArn });
}

export interface CentralBusPolicyInput {
  readonly partition: string;
  readonly accountId: string;
  readonly eventBusArn: string;
  /** The forwarding roles of this account's rules, one per monitored Region. */
  readonly forwardingRoleArns: readonly string[];
}

/**
 * Who may put events on the central bus: this account's forwarding roles, and nobody else. No other
 * account; and no other principal of this account either (the Deny), since a forged root event on
 * this bus would be told as real, and within one account an identity policy alone would suffice.
 */
export function centralBusPolicy(input: CentralBusPolicyInput): PolicyDocument {
  const roles = input.forwardingRoleArns.length === 1 ? input.forwardingRoleArns[0] : input.forwardingRoleArns;
  return document(
    {
      Sid: "ForwardingRolesPutEvents",
      Effect: "Allow",
      Principal: { AWS: `arn:${input.partition}:iam::${input.accountId}:root` },
      Action: "events:PutEvents",
      Resource: input.eventBusArn,
      Condition: { ArnEquals: { "aws:PrincipalArn": roles } },
    },
    {
      Sid: "NobodyElsePutsEvents",
      Effect: "Deny",
      Principal: "*",
      Action: "events:PutEvents",
      Resource: input.eventBusArn,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": roles } },
    },
  );
}

export interface OrganizationBusPolicyInput {
  readonly partition: string;
  readonly eventBusArn: string;
  readonly organizationId: string;
  /** The forwarding roles' names in any account and Region, `*` for what varies. */
  readonly forwardingRoleNamePattern: string;
}

/**
 * Who may put events on the hub's bus (scope = organization): the forwarding roles of this
 * organization's accounts, and nobody else. Two Denies: a principal outside the organization, and
 * any principal of it that is not a forwarding role (a forged root event would be told as real).
 */
export function organizationBusPolicy(input: OrganizationBusPolicyInput): PolicyDocument {
  const roles = `arn:${input.partition}:iam::*:role/${input.forwardingRoleNamePattern}`;
  const putEvents = { Principal: "*", Action: "events:PutEvents", Resource: input.eventBusArn } as const;
  return document(
    {
      Sid: "OrganizationForwardingRolesPutEvents",
      Effect: "Allow",
      ...putEvents,
      Condition: { StringEquals: { "aws:PrincipalOrgID": input.organizationId }, ArnLike: { "aws:PrincipalArn": roles } },
    },
    { Sid: "NobodyOutsideTheOrganization", Effect: "Deny", ...putEvents, Condition: { StringNotEquals: { "aws:PrincipalOrgID": input.organizationId } } },
    { Sid: "NobodyButForwardingRoles", Effect: "Deny", ...putEvents, Condition: { ArnNotLike: { "aws:PrincipalArn": roles } } },
  );
}
