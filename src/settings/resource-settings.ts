/** The settings of the resources the monitor makes: names, the function, logs, encryption, who may operate it, the trail. */
import { z } from "zod";
import { TOPIC_KMS_CHOICES } from "../contract/topic-encryption";
import { DEFAULTS } from "./defaults";
import { booleanText, commaList, integerText } from "./environment-text";
import { setting } from "./setting-spec";
import { listOf, wholeSeconds } from "./value-schemas";

/** Retention periods that CloudWatch Logs accepts (0 keeps logs forever). */
const LOG_RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Lambda Node.js runtimes that the AWS provider accepts and the bundle (compiled for Node 20) runs on. */
const LAMBDA_RUNTIMES = ["nodejs22.x", "nodejs20.x"] as const;

/**
 * An IAM role's ARN, as `aws:PrincipalArn` carries it for every session of the role: partition,
 * 12-digit account, the role's path and name (no wildcard: each break-glass role is named).
 */
const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** Operator roles at most: a short list of break-glass roles, and the queue policy stays well inside SQS's size limit. */
const MAX_OPERATOR_ROLES = 10;

export const RESOURCE_SETTINGS = {
  topicName: setting({
    env: "ROOT_MONITOR_TOPIC_NAME",
    type: "string",
    defaultText: "`root-activity-monitor`",
    description: "Name of the SNS topic in each Region.",
    allowed: "1 to 256 letters, digits, hyphens and underscores (a standard topic, not FIFO)",
    schema: z
      .string({ error: "expected text" })
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: "not an SNS topic name" })
      .default(DEFAULTS.topicName),
  }),
  namePrefix: setting({
    env: "ROOT_MONITOR_NAME_PREFIX",
    type: "string",
    defaultText: "`root-activity-monitor`",
    description: "Prefix of the rule, function, log group and role names. Role names add the Region, since IAM is global.",
    allowed: "1 to 40 letters, digits and hyphens, starting with a letter",
    schema: z
      .string({ error: "expected text" })
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,39}$/, { error: "not a valid name prefix" })
      .default(DEFAULTS.namePrefix),
  }),
  lambdaTimeoutSeconds: setting({
    env: "ROOT_MONITOR_LAMBDA_TIMEOUT",
    type: "integer (seconds)",
    defaultText: "`30`",
    description: "Timeout of the notification function.",
    allowed: "an integer from 3 to 900",
    fromEnv: integerText,
    schema: wholeSeconds(3, 900).default(DEFAULTS.lambdaTimeoutSeconds),
  }),
  lambdaRuntime: setting({
    env: "ROOT_MONITOR_LAMBDA_RUNTIME",
    type: "string",
    defaultText: "`nodejs22.x`",
    description: "Lambda runtime of the notification function.",
    allowed: LAMBDA_RUNTIMES.join(", "),
    schema: z.enum(LAMBDA_RUNTIMES, { error: "not a supported runtime" }).default(DEFAULTS.lambdaRuntime),
  }),
  includeReadOnlyEvents: setting({
    env: "ROOT_MONITOR_INCLUDE_READ_ONLY",
    type: "boolean",
    defaultText: "`true`",
    description: "Also report read-only calls (`GetCallerIdentity`, `ListBuckets`): an intruder's first moves. Sets the rule's state to `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.",
    allowed: "true or false",
    fromEnv: booleanText,
    schema: z.boolean({ error: "expected true or false" }).default(DEFAULTS.includeReadOnlyEvents),
  }),
  digestIntervalSeconds: setting({
    env: "ROOT_MONITOR_DIGEST_INTERVAL",
    type: "integer (seconds)",
    defaultText: "`300`",
    description:
      "How often a root session's later actions are sent as one digest while the session goes on. The first action of a session, every critical and high one, every successful sign-in and a new place are sent at once.",
    allowed: "an integer from 60 to 900",
    fromEnv: integerText,
    schema: wholeSeconds(60, 900).default(DEFAULTS.digestIntervalSeconds),
  }),
  sessionQuietSeconds: setting({
    env: "ROOT_MONITOR_SESSION_QUIET",
    type: "integer (seconds)",
    defaultText: "`600`",
    description: "How long a root session must be quiet to be over: its last digest is sent then, and the next root action starts a new session (with an alert).",
    allowed: "an integer from 60 to 3600",
    fromEnv: integerText,
    schema: wholeSeconds(60, 3600).default(DEFAULTS.sessionQuietSeconds),
  }),
  logRetentionDays: setting({
    env: "ROOT_MONITOR_LOG_RETENTION_DAYS",
    type: "integer (days)",
    defaultText: "`365`",
    description: "Retention of the function's log group (0 keeps logs forever).",
    allowed: LOG_RETENTION_DAYS.join(", "),
    fromEnv: integerText,
    schema: z
      .number({ error: "expected a number of days" })
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), { error: "not a retention CloudWatch Logs accepts" })
      .default(DEFAULTS.logRetentionDays),
  }),
  topicKms: setting({
    env: "ROOT_MONITOR_TOPIC_KMS",
    type: "string",
    defaultText: "`customer-managed`",
    description:
      "Encryption of the topic at rest: `customer-managed` (a rotated KMS key per Region that the alarms can use too), `aws-managed` (`alias/aws/sns`; alarms then publish to a separate unencrypted `<topicName>-alarms` topic) or `none`. See Cost.",
    allowed: TOPIC_KMS_CHOICES.join(", "),
    schema: z.enum(TOPIC_KMS_CHOICES, { error: "not a known choice" }).default(DEFAULTS.topicKms),
  }),
  operatorRoleArns: setting({
    env: "ROOT_MONITOR_OPERATOR_ROLE_ARNS",
    type: "list of IAM role ARNs",
    defaultText: "none",
    description:
      "The break-glass roles that may put a message on the buffer queue besides the function: `npm run test-alert` and redriving a dead-letter queue to the buffer must run as one of them. Nobody else may read or write the session table, use the buffer or publish to the topic (the deployer keeps the control plane). See Only the monitor writes its own state.",
    allowed: "IAM role ARNs such as arn:aws:iam::111122223333:role/security-operator (with the role's path, if it has one), at most 10",
    fromEnv: commaList,
    schema: z.preprocess(
      (value) => value ?? [],
      listOf(z.string({ error: "expected text" }).regex(IAM_ROLE_ARN, { error: (issue) => `${JSON.stringify(issue.input)} is not an IAM role ARN` }))
        .transform((arns) => [...new Set(arns as string[])])
        .refine((arns) => arns.length <= MAX_OPERATOR_ROLES, { error: `more than ${MAX_OPERATOR_ROLES} roles` }),
    ),
  }),
  createTrail: setting({
    env: "ROOT_MONITOR_CREATE_TRAIL",
    type: "boolean",
    defaultText: "`false`",
    description:
      "Create a multi-Region CloudTrail trail of management events (with an encrypted, versioned, private, TLS-only log bucket), for accounts that have none: without a trail the rules receive no API calls.",
    allowed: "true or false",
    fromEnv: booleanText,
    schema: z.boolean({ error: "expected true or false" }).default(DEFAULTS.createTrail),
  }),};
