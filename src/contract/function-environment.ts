/**
 * The function's environment, as one schema read both ways: the infrastructure encodes typed values
 * into the Lambda `environment` block (text only), and the handler decodes `process.env` with the
 * same schema once, at cold start. So each value is written and parsed in one place, and a missing
 * or malformed variable stops the cold start with one line naming it.
 *
 * Pure data and zod, no cdktf or SDK: the handler bundle imports this file. Values the
 * infrastructure passes may be Terraform tokens (`${aws_sns_topic....arn}`): text to the schema.
 */
import * as z from "zod/mini";
import { CENTRALIZED_ROOT_ACCESS_CHOICES, DEFAULT_CENTRALIZED_ROOT_ACCESS } from "./monitor-scope";
import { HANDLER_CONTRACT } from "./names";
import { parseSelfCheckPlan, SELF_CHECK_PLAN_SCHEMA, selfCheckPlanProblem } from "./self-check-plan";

const NAMES = { topicArn: HANDLER_CONTRACT.topicArnEnv, ...HANDLER_CONTRACT.env } as const;

// Messages follow "Environment variable NAME " (functionEnvironmentError).
const REQUIRED = "is required but is not set. The deployment sets it; set it when running the handler by hand.";

/** Text that must be set; blank counts as not set. Values are used trimmed. */
const requiredText = z.string({ error: REQUIRED }).check(z.trim(), z.minLength(1, { error: REQUIRED, abort: true }));

/** A whole number of seconds, written as digits. */
const seconds = z.int().check(z.nonnegative());
const wholeSeconds = z.codec(
  requiredText.check(z.regex(/^\d+$/, { error: (issue) => `must be a whole number of seconds; it is ${JSON.stringify(issue.input)}.` })),
  seconds,
  { decode: (text) => Number(text), encode: (value) => String(value) },
);

/** The self-check plan, as JSON. */
const selfCheckPlanJson = z.codec(requiredText, SELF_CHECK_PLAN_SCHEMA, {
  decode: (text, context) => {
    const read = parseSelfCheckPlan(text);
    if ("plan" in read) return read.plan;
    context.issues.push({ code: "custom", message: selfCheckPlanProblem(read.why), input: text });
    return z.NEVER;
  },
  encode: (plan) => JSON.stringify(plan),
});

const centralizedRootAccessChoice = z.enum(CENTRALIZED_ROOT_ACCESS_CHOICES, {
  error: (issue) => `must be one of ${CENTRALIZED_ROOT_ACCESS_CHOICES.join(", ")}; it is ${JSON.stringify(issue.input)}.`,
});

/** `report` or `digest-only`; not set (a deployment older than the setting), `report`. */
const centralizedRootAccess = z.codec(z.optional(z.string()), z.pipe(z.string(), centralizedRootAccessChoice), {
  decode: (text) => text?.trim() || DEFAULT_CENTRALIZED_ROOT_ACCESS,
  encode: (choice) => choice,
});

/** Text that may be left out; blank counts as left out. */
const optionalText = z.codec(z.optional(z.string()), z.optional(z.string()), { decode: (text) => text?.trim() || undefined, encode: (value) => value });

/** The variables as Lambda holds them: every one text, named as the handler contract names them. */
const VARIABLES = z.object({
  [NAMES.topicArn]: requiredText,
  [NAMES.sessionTable]: requiredText,
  [NAMES.bufferQueueUrl]: requiredText,
  [NAMES.digestIntervalSeconds]: wholeSeconds,
  [NAMES.sessionQuietSeconds]: wholeSeconds,
  [NAMES.selfCheck]: selfCheckPlanJson,
  [NAMES.centralizedRootAccess]: centralizedRootAccess,
  /** With scope = organization: set, the function names accounts from Organizations. */
  [NAMES.organizationId]: optionalText,
  /** With chat channels: set, the function publishes a chat copy of every message there. */
  [NAMES.chatTopicArn]: optionalText,
});

/** The values as the function uses them. */
const VALUES = z.object({
  /** Where the function publishes. */
  topicArn: z.string(),
  sessionTable: z.string(),
  bufferQueueUrl: z.string(),
  digestIntervalSeconds: seconds,
  sessionQuietSeconds: seconds,
  /** What the daily self-check checks, and the heartbeat. */
  selfCheck: SELF_CHECK_PLAN_SCHEMA,
  centralizedRootAccess: centralizedRootAccessChoice,
  organizationId: z.optional(z.string()),
  /** Where the chat copy of every message goes (Amazon Q Developer in chat applications); none without chat channels. */
  chatTopicArn: z.optional(z.string()),
});

/** The function's environment: decode (parse) reads variables into values, encode writes values as variables. */
const FUNCTION_ENVIRONMENT = z.codec(VARIABLES, VALUES, {
  decode: (variables) => ({
    topicArn: variables[NAMES.topicArn],
    sessionTable: variables[NAMES.sessionTable],
    bufferQueueUrl: variables[NAMES.bufferQueueUrl],
    digestIntervalSeconds: variables[NAMES.digestIntervalSeconds],
    sessionQuietSeconds: variables[NAMES.sessionQuietSeconds],
    selfCheck: variables[NAMES.selfCheck],
    centralizedRootAccess: variables[NAMES.centralizedRootAccess],
    ...(variables[NAMES.organizationId] === undefined ? {} : { organizationId: variables[NAMES.organizationId] }),
    ...(variables[NAMES.chatTopicArn] === undefined ? {} : { chatTopicArn: variables[NAMES.chatTopicArn] }),
  }),
  encode: (values) => ({
    [NAMES.topicArn]: values.topicArn,
    [NAMES.sessionTable]: values.sessionTable,
    [NAMES.bufferQueueUrl]: values.bufferQueueUrl,
    [NAMES.digestIntervalSeconds]: values.digestIntervalSeconds,
    [NAMES.sessionQuietSeconds]: values.sessionQuietSeconds,
    [NAMES.selfCheck]: values.selfCheck,
    [NAMES.centralizedRootAccess]: values.centralizedRootAccess,
    ...(values.organizationId === undefined ? {} : { [NAMES.organizationId]: values.organizationId }),
    ...(values.chatTopicArn === undefined ? {} : { [NAMES.chatTopicArn]: values.chatTopicArn }),
  }),
});

export type FunctionEnvironment = z.output<typeof FUNCTION_ENVIRONMENT>;

/** The Lambda `environment` variables that carry `values`: what the infrastructure writes. */
export function functionEnvironmentVariables(values: FunctionEnvironment): Record<string, string> {
  const variables: Record<string, string | undefined> = z.encode(FUNCTION_ENVIRONMENT, values);
  return Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The values in `env`, read once at cold start; else one error with a line per variable that is missing or malformed. */
export function readFunctionEnvironment(env: Readonly<Record<string, string | undefined>>): FunctionEnvironment {
  const result = FUNCTION_ENVIRONMENT.safeParse(env);
  if (result.success) return result.data;
  const problems = new Map<PropertyKey, string>();
  for (const issue of result.error.issues) if (!problems.has(issue.path[0])) problems.set(issue.path[0], issue.message);
  throw new Error([...problems].map(([name, problem]) => `Environment variable ${String(name)} ${problem}`).join("\n"));
}
