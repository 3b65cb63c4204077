/** The notification topic's policy, and its customer-managed key's. */
import { denyInsecureTransport, document, oneOrMany, type PolicyDocument } from "./policy-document";
import { topicGuardStatements } from "./monitor-only-access";

/** The alarms that may publish to a topic: this monitor's, in the topic's Region and account. */
export interface AlarmSource {
  /** The ARN of every alarm of this monitor in the Region: `arn:…:cloudwatch:<region>:<account>:alarm:<alarm name prefix>*`. */
  readonly arnPattern: string;
  readonly accountId: string;
}

interface TopicPolicyInput {
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
      Condition: { ArnLike: { "aws:SourceArn": input.alarms.arnPattern }, StringEquals: { "aws:SourceAccount": input.alarms.accountId } },
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
 * The chat topic's policy: the delivery topic's (topicPolicy), with the function as its only
 * publisher. Who subscribes: the account's administrators, through their own IAM policies as for the
 * delivery topic, and Amazon Q Developer in chat applications, whose service-linked role
 * (AWSServiceRoleForAWSChatbot, in this account) subscribes the service's endpoint when a channel
 * configuration lists the topic. Both are this account's principals, so nothing here needs to
 * allow them; no other account is admitted. SNS decrypts each message before it delivers it to a
 * subscriber, so the chat service needs nothing of the topic's key.
 */
export function chatTopicPolicy(input: { readonly topicArn: string; readonly publisherRoleArn: string }): PolicyDocument {
  return topicPolicy({ topicArn: input.topicArn, publisherRoleArn: input.publisherRoleArn });
}

interface TopicKeyPolicyInput {
  /** The account's own principal (`arn:…:iam::<account>:root`), which administers the key. */
  readonly accountRootArn: string;
  /** The key's Region: the function may use it only through SNS there. */
  readonly region: string;
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
      Principal: { AWS: input.accountRootArn },
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
