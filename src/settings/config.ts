/**
 * Every setting of the monitor, in one schema: where it comes from (cdktf.json `context`, overridden
 * by an environment variable), its default, what is allowed, and how it reads in the README. A bad
 * value fails synth with a message that names the setting, the value and what is allowed; nothing is
 * silently misread.
 */
import { z } from "zod";
import { DELIVERY_MODES } from "../contract/delivery-mode";
import { CENTRALIZED_ROOT_ACCESS_CHOICES, DEFAULT_CENTRALIZED_ROOT_ACCESS, MONITOR_SCOPES, ORGANIZATION_ID, ORGANIZATIONAL_UNIT_OR_ROOT_ID } from "../contract/monitor-scope";
import { HEARTBEAT_CHOICES } from "../contract/self-check-plan";
import { TOPIC_KMS_CHOICES } from "../contract/topic-encryption";
import { PRODUCT_NAME } from "../contract/names";
import { ALWAYS_MONITORED_REGION, DEFAULT_REGIONS, isKnownRegion } from "../contract/regions";

/** Retention periods that CloudWatch Logs accepts (0 keeps logs forever). */
export const LOG_RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Lambda Node.js runtimes that the AWS provider accepts and the bundle (compiled for Node 20) runs on. */
export const LAMBDA_RUNTIMES = ["nodejs22.x", "nodejs20.x"] as const;


/** One setting: its schema and everything a person needs to know about it. */
export interface SettingSpec<S extends z.ZodType = z.ZodType> {
  /** The environment variable that overrides the cdktf.json context value. */
  readonly env?: string;
  /** The type as the README shows it. */
  readonly type: string;
  /** The default as the README shows it. */
  readonly defaultText: string;
  readonly description: string;
  /** What is allowed, said in every error about this setting. */
  readonly allowed: string;
  /** Turns an environment variable's text into the value the schema checks. */
  readonly fromEnv?: (text: string) => unknown;
  readonly schema: S;
}

/** Keeps each setting's own schema type, so that `Settings` can be derived from the schemas. */
const setting = <S extends z.ZodType>(spec: SettingSpec<S>): SettingSpec<S> => spec;

const commaList = (text: string): string[] =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** Digits only become a number; anything else ("30s", "1e3") stays text, so the schema rejects it as written. */
const integerText = (text: string): unknown => (/^\s*\d+\s*$/.test(text) ? Number(text) : text);

const booleanText = (text: string): unknown => {
  const word = text.trim().toLowerCase();
  if (word === "true") return true;
  if (word === "false") return false;
  return text;
};

/** A list given as a JSON array or as one comma-separated string, items trimmed. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (typeof value === "string" ? commaList(value) : Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v.trim() : v)) : value),
    z.array(item, { error: "expected a list" }),
  );

const regionCode = z.string({ error: "expected text" }).refine(isKnownRegion, { error: (issue) => `${JSON.stringify(issue.input)} is not a known region code` });
/**
 * A region code in the `regions` list. "all" there (["all", "eu-west-1"]) is told as what it is, not
 * as an unknown region code, which would contradict the allowed text: "all" stands alone.
 */
const regionInList = z
  .string({ error: "expected text" })
  .refine((code) => code.trim().toLowerCase() !== "all", { error: '"all" stands alone: either "all", or a list of region codes without it', abort: true })
  .pipe(regionCode);

// RFC 5322 is wider than what anyone means here: one @, a dotted domain, no spaces.
const emailAddress = z
  .string({ error: "expected text" })
  .regex(/^[^\s@,;<>]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an email address` });

/**
 * The state bucket named in the shipped cdktf.json: a placeholder. Synth warns while it is in use;
 * `npm run plan` and `npm run deploy` refuse it, since nobody should keep state in a bucket whose
 * name anyone can guess and claim.
 */
export const EXAMPLE_STATE_BUCKET = "example-org-terraform-state";

/**
 * An IAM role's ARN, as `aws:PrincipalArn` carries it for every session of the role: partition,
 * 12-digit account, the role's path and name (no wildcard: each break-glass role is named).
 */
const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** Operator roles at most: a short list of break-glass roles, and the queue policy stays well inside SQS's size limit. */
const MAX_OPERATOR_ROLES = 10;

const S3_BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const SETTINGS = {
  regions: setting({
    env: "ROOT_MONITOR_REGIONS",
    type: "list of region codes, or `all`",
    defaultText: "`all`: the 17 Regions enabled by default in every account",
    description: "Regions to monitor. `us-east-1` is always added (root console sign-ins and global services are recorded there); duplicates are dropped.",
    allowed: "`all`, or region codes such as us-east-1, eu-west-1",
    fromEnv: (text) => (text.trim().toLowerCase() === "all" ? "all" : commaList(text)),
    schema: z.preprocess(
      (value) => (value === "all" || value === undefined ? [...DEFAULT_REGIONS] : value),
      listOf(regionInList).transform((regions) => [...new Set([ALWAYS_MONITORED_REGION, ...(regions as string[])])]),
    ),
  }),
  retiredRegions: setting({
    env: "ROOT_MONITOR_RETIRED_REGIONS",
    type: "list of region codes",
    defaultText: "none",
    description:
      "Regions just removed from `regions`: their provider stays configured, without a monitor, so that Terraform can destroy what was deployed there. Clear it after that apply.",
    allowed: "region codes not in `regions`",
    fromEnv: commaList,
    schema: z.preprocess((value) => value ?? [], listOf(regionCode).transform((regions) => [...new Set(regions as string[])])),
  }),
  scope: setting({
    env: "ROOT_MONITOR_SCOPE",
    type: "string",
    defaultText: "`account`",
    description:
      "`account`: the account the monitor is deployed to. `organization`: every account of the AWS Organization, deployed from its management account: a CloudFormation stack set puts a spoke in every member account and Region, forwarding to one central delivery here. Implies `delivery = central`. See Every account in the organization.",
    allowed: MONITOR_SCOPES.join(", "),
    schema: z.enum(MONITOR_SCOPES, { error: "not a scope" }).default("account"),
  }),
  organizationId: setting({
    env: "ROOT_MONITOR_ORGANIZATION_ID",
    type: "string",
    defaultText: "read at plan time",
    description: "With `scope = organization`: the organization whose accounts may forward to the hub's event bus. Left out, Terraform reads it from Organizations when it plans (synth needs no credentials either way).",
    allowed: "an organization id such as o-a1b2c3d4e5",
    schema: z
      .string({ error: "expected text" })
      .regex(ORGANIZATION_ID, { error: (issue) => `${JSON.stringify(issue.input)} is not an organization id` })
      .optional(),
  }),
  organizationalUnitIds: setting({
    env: "ROOT_MONITOR_ORGANIZATIONAL_UNIT_IDS",
    type: "list of organizational unit ids",
    defaultText: "the organization's root (every account)",
    description: "With `scope = organization`: where the stack set puts spokes, in every monitored Region; accounts that join these units later get them, accounts that leave lose them.",
    allowed: "organizational unit ids such as ou-ab12-cd34ef56, or the root's id such as r-ab12",
    fromEnv: commaList,
    schema: z.preprocess(
      (value) => value ?? [],
      listOf(
        z.string({ error: "expected text" }).regex(ORGANIZATIONAL_UNIT_OR_ROOT_ID, { error: (issue) => `${JSON.stringify(issue.input)} is not an organizational unit or root id` }),
      ).transform((ids) => [...new Set(ids as string[])]),
    ),
  }),
  centralizedRootAccess: setting({
    env: "ROOT_MONITOR_CENTRALIZED_ROOT_ACCESS",
    type: "string",
    defaultText: "`report`",
    description:
      "Sessions of centralized root access (`sts:AssumeRoot` from the management account): `report` tells them like any root session, with an alert when one starts; `digest-only` tells them in digests only, for teams that use it daily. Their critical moves page at once either way.",
    allowed: CENTRALIZED_ROOT_ACCESS_CHOICES.join(", "),
    schema: z.enum(CENTRALIZED_ROOT_ACCESS_CHOICES, { error: "not a choice" }).default(DEFAULT_CENTRALIZED_ROOT_ACCESS),
  }),
  delivery: setting({
    env: "ROOT_MONITOR_DELIVERY",
    type: "string",
    defaultText: "`regional`",
    description:
      "`regional`: every Region has its own rule, delivery and topic. `central`: every Region's rule forwards root events to an event bus in `homeRegion`, where one delivery and one topic tell them (one confirmation per address; a session across Regions is one story). See Delivery modes.",
    allowed: DELIVERY_MODES.join(", "),
    schema: z.enum(DELIVERY_MODES, { error: "not a delivery mode" }).default("regional"),
  }),
  homeRegion: setting({
    env: "ROOT_MONITOR_HOME_REGION",
    type: "region code",
    defaultText: "`us-east-1`",
    description: "With `delivery = central`: the Region of the central event bus and the one delivery. Always monitored.",
    allowed: "a region code such as us-east-1",
    schema: regionCode.default("us-east-1"),
  }),
  heartbeat: setting({
    env: "ROOT_MONITOR_HEARTBEAT",
    type: "string",
    defaultText: "`weekly`",
    description:
      "A short message that the monitor is watching, so that silence can be trusted: `all N Regions watched, M root events this week`. Sent by the daily self-check when it finds nothing wrong: `weekly` (on Mondays, UTC), `daily`, or `off`. With `delivery = regional` each Region sends its own. See The monitor checks itself.",
    allowed: HEARTBEAT_CHOICES.join(", "),
    schema: z.enum(HEARTBEAT_CHOICES, { error: "not a heartbeat choice" }).default("weekly"),
  }),
  notificationEmails: setting({
    env: "ROOT_MONITOR_EMAILS",
    type: "list of email addresses",
    defaultText: "none (synth warns that nobody will be told)",
    description: "Addresses subscribed to every Region's topic. Each must confirm the subscription email from AWS.",
    allowed: "email addresses such as security@example.com",
    fromEnv: commaList,
    schema: z.preprocess((value) => value ?? [], listOf(emailAddress).transform((emails) => [...new Set(emails as string[])])),
  }),
  topicName: setting({
    env: "ROOT_MONITOR_TOPIC_NAME",
    type: "string",
    defaultText: "`root-activity-monitor`",
    description: "Name of the SNS topic in each Region.",
    allowed: "1 to 256 letters, digits, hyphens and underscores (a standard topic, not FIFO)",
    schema: z
      .string({ error: "expected text" })
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: "not an SNS topic name" })
      .default(PRODUCT_NAME),
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
      .default(PRODUCT_NAME),
  }),
  lambdaTimeoutSeconds: setting({
    env: "ROOT_MONITOR_LAMBDA_TIMEOUT",
    type: "integer (seconds)",
    defaultText: "`30`",
    description: "Timeout of the notification function.",
    allowed: "an integer from 3 to 900",
    fromEnv: integerText,
    schema: z
      .number({ error: "expected a whole number of seconds" })
      .int({ error: "expected a whole number of seconds" })
      .min(3, { error: "below 3" })
      .max(900, { error: "above 900" })
      .default(30),
  }),
  lambdaRuntime: setting({
    env: "ROOT_MONITOR_LAMBDA_RUNTIME",
    type: "string",
    defaultText: "`nodejs22.x`",
    description: "Lambda runtime of the notification function.",
    allowed: LAMBDA_RUNTIMES.join(", "),
    schema: z.enum(LAMBDA_RUNTIMES, { error: "not a supported runtime" }).default("nodejs22.x"),
  }),
  includeReadOnlyEvents: setting({
    env: "ROOT_MONITOR_INCLUDE_READ_ONLY",
    type: "boolean",
    defaultText: "`true`",
    description: "Also report read-only calls (`GetCallerIdentity`, `ListBuckets`): an intruder's first moves. Sets the rule's state to `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.",
    allowed: "true or false",
    fromEnv: booleanText,
    schema: z.boolean({ error: "expected true or false" }).default(true),
  }),
  digestIntervalSeconds: setting({
    env: "ROOT_MONITOR_DIGEST_INTERVAL",
    type: "integer (seconds)",
    defaultText: "`300`",
    description:
      "How often a root session's later actions are sent as one digest while the session goes on. The first action of a session, every critical and high one, every successful sign-in and a new place are sent at once.",
    allowed: "an integer from 60 to 900",
    fromEnv: integerText,
    schema: z
      .number({ error: "expected a whole number of seconds" })
      .int({ error: "expected a whole number of seconds" })
      .min(60, { error: "below 60" })
      .max(900, { error: "above 900" })
      .default(300),
  }),
  sessionQuietSeconds: setting({
    env: "ROOT_MONITOR_SESSION_QUIET",
    type: "integer (seconds)",
    defaultText: "`600`",
    description: "How long a root session must be quiet to be over: its last digest is sent then, and the next root action starts a new session (with an alert).",
    allowed: "an integer from 60 to 3600",
    fromEnv: integerText,
    schema: z
      .number({ error: "expected a whole number of seconds" })
      .int({ error: "expected a whole number of seconds" })
      .min(60, { error: "below 60" })
      .max(3600, { error: "above 3600" })
      .default(600),
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
      .default(365),
  }),
  topicKms: setting({
    env: "ROOT_MONITOR_TOPIC_KMS",
    type: "string",
    defaultText: "`customer-managed`",
    description:
      "Encryption of the topic at rest: `customer-managed` (a rotated KMS key per Region that the alarms can use too), `aws-managed` (`alias/aws/sns`; alarms then publish to a separate unencrypted `<topicName>-alarms` topic) or `none`. See Cost.",
    allowed: TOPIC_KMS_CHOICES.join(", "),
    schema: z.enum(TOPIC_KMS_CHOICES, { error: "not a known choice" }).default("customer-managed"),
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
    schema: z.boolean({ error: "expected true or false" }).default(false),
  }),
  stateBucket: setting({
    env: "ROOT_MONITOR_STATE_BUCKET",
    type: "string",
    defaultText: "the example in the shipped `cdktf.json`",
    description: "S3 bucket that holds the Terraform state. It must exist (versioned, private, encrypted) before the first deploy (`npm run bootstrap-state` makes it).",
    allowed: "an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
    schema: z.string({ error: "required: set it in cdktf.json or the environment" }).regex(S3_BUCKET_NAME, { error: "not an S3 bucket name" }),
  }),
  stateKey: setting({
    env: "ROOT_MONITOR_STATE_KEY",
    type: "string",
    defaultText: "`root-activity-monitor/terraform.tfstate`",
    description: "Object key of the state file in the bucket.",
    allowed: "an S3 object key: 1 to 1024 characters, not starting or ending with /",
    schema: z
      .string({ error: "expected text" })
      .regex(/^(?!\/)[^\u0000-\u001f]{1,1024}(?<!\/)$/, { error: "not a usable S3 object key" })
      .default(`${PRODUCT_NAME}/terraform.tfstate`),
  }),
  stateRegion: setting({
    env: "ROOT_MONITOR_STATE_REGION",
    type: "string",
    defaultText: "`us-east-1`",
    description: "Region of the state bucket.",
    allowed: "a region code such as us-east-1",
    schema: regionCode.default("us-east-1"),
  }),
  stateLockTable: setting({
    env: "ROOT_MONITOR_STATE_LOCK_TABLE",
    type: "string",
    defaultText: "none (S3-native locking, `use_lockfile`)",
    description: "DynamoDB table for state locking, for Terraform older than 1.10, which cannot lock in S3 itself.",
    allowed: "a DynamoDB table name: 3 to 255 letters, digits, underscores, hyphens and dots",
    schema: z
      .string({ error: "expected text" })
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: "not a DynamoDB table name" })
      .optional(),
  }),
  tags: setting({
    type: "map of string to string",
    defaultText: '`{ "app": "root-activity-monitor" }`',
    description: "Tags applied to every resource, as provider default tags. Context only (cdktf.json).",
    allowed: "an object of tag keys (1 to 128 characters) to string values (at most 256 characters)",
    schema: z
      .record(
        z.string().min(1, { error: "empty tag key" }).max(128, { error: "tag key over 128 characters" }),
        z.string({ error: "tag values must be text" }).max(256, { error: "tag value over 256 characters" }),
        { error: "expected an object of tag keys to values" },
      )
      .default({ app: PRODUCT_NAME }),
  }),
  awsEndpoint: setting({
    env: "ROOT_MONITOR_AWS_ENDPOINT",
    type: "URL",
    defaultText: "none (the real AWS endpoints)",
    description:
      "Send every AWS call of the providers and the state backend to this endpoint, such as a local emulator; skips credential validation and the account-id lookup, and uses path-style S3.",
    allowed: "an http:// or https:// URL such as http://127.0.0.1:5000",
    schema: z
      .string({ error: "expected text" })
      .refine((text) => /^https?:\/\/[^\s/]+(\/\S*)?$/.test(text) && URL.canParse(text), { error: "not an http(s) URL" })
      .transform((text) => text.replace(/\/+$/, ""))
      .optional(),
  }),
};

export type SettingKey = keyof typeof SETTINGS;

/** Every key, in the order the README lists them. */
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** All settings as one object schema: the source of the `Settings` type. */
const SETTINGS_SCHEMA = z.object(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS[key].schema])) as { [K in SettingKey]: (typeof SETTINGS)[K]["schema"] },
);

/** The settings as the stack and the commands use them: inferred from the schemas, never written twice. */
export type Settings = Readonly<z.output<typeof SETTINGS_SCHEMA>>;

/** Every setting that has a default, as the schema gives it: what constructs fall back to when a prop is left out. */
export const SETTING_DEFAULTS: Omit<Settings, "stateBucket"> = (() => {
  // stateBucket has no default; any valid name lets the rest parse, and is then left out.
  const { stateBucket: _required, ...defaults } = SETTINGS_SCHEMA.parse({ stateBucket: "any-bucket" });
  return defaults;
})();

/**
 * Bad settings, each named with its value and what is allowed. Entry points print its message alone
 * (no stack trace, no source line): it is a person's mistake to fix, not a bug to debug.
 */
export class InvalidSettingsError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid settings:\n  ${problems.join("\n  ")}`);
    this.name = "InvalidSettingsError";
  }
}

/** Context keys that belong to cdktf itself (the CLI adds `cdktfRelativeModules`, the App `@cdktf/disable_stack_trace_in_metadata`), not to this app. */
const isCdktfContextKey = (key: string) => key.startsWith("cdktf") || key.startsWith("@cdktf/");

/** Edit distance, for "did you mean" on a mistyped setting. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** How far a key is from a known setting: a key that is the start of a setting (`lambdaTimeout`) is nearest of all. */
const distanceTo = (key: string, known: string) => (known.toLowerCase().startsWith(key.toLowerCase()) ? 0 : editDistance(key, known));

/** The known setting closest to a mistyped key. */
export function closestSetting(key: string): SettingKey {
  return SETTING_KEYS.reduce((best, known) => (distanceTo(key, known) < distanceTo(key, best) ? known : best));
}

/**
 * The `ROOT_MONITOR_*` environment variables that are not settings: the operator commands' own, and
 * the test suite's temporary folder (which the commands it runs inherit). Any other `ROOT_MONITOR_*`
 * variable is a misspelling, which would otherwise be ignored silently (`ROOT_MONITOR_REGION=eu-west-1`
 * deploying all 17 Regions).
 */
export const COMMAND_ENVIRONMENT = {
  providerMirror: "ROOT_MONITOR_PROVIDER_MIRROR",
  allowDestructive: "ROOT_MONITOR_ALLOW_DESTRUCTIVE",
  testTempDir: "ROOT_MONITOR_TEST_TMPDIR",
} as const;

const SETTING_ENVIRONMENT: readonly string[] = SETTING_KEYS.flatMap((key) => {
  const name: string | undefined = (SETTINGS[key] as SettingSpec).env;
  return name === undefined ? [] : [name];
});
const KNOWN_ENVIRONMENT: ReadonlySet<string> = new Set([...SETTING_ENVIRONMENT, ...Object.values(COMMAND_ENVIRONMENT)]);

function unknownEnvironmentProblem(name: string, value: string | undefined): string {
  const closest = [...KNOWN_ENVIRONMENT].reduce((best, known) => (distanceTo(name, known) < distanceTo(name, best) ? known : best));
  return `Environment variable ${name} has the value ${JSON.stringify(value ?? "")}, but it is not a known setting: did you mean ${closest}? Allowed: ${[...KNOWN_ENVIRONMENT].join(", ")}.`;
}

function unknownKeyProblem(key: string): string {
  return `Setting "${key}" (from cdktf.json context) is not a known setting: did you mean "${closestSetting(key)}"? Allowed: ${SETTING_KEYS.join(", ")}.`;
}

/** One line naming the setting, where its value came from, the value and what is allowed. */
function problemLine(key: SettingKey, source: string, shown: string, why: string): string {
  return `Setting "${key}" (from ${source}) has the value ${shown}: ${why}. Allowed: ${SETTINGS[key].allowed}.`;
}

/** Reads every setting from the context (cdktf.json) and the environment, or throws one error listing every bad value. */
export function loadSettings(context: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = process.env): Settings {
  const problems = [
    ...Object.keys(context)
      .filter((key) => !(key in SETTINGS) && !isCdktfContextKey(key))
      .map(unknownKeyProblem),
    ...Object.keys(env)
      .filter((name) => name.startsWith("ROOT_MONITOR_") && !KNOWN_ENVIRONMENT.has(name))
      .sort()
      .map((name) => unknownEnvironmentProblem(name, env[name])),
  ];
  const raw: Record<string, unknown> = {};
  const shown: Record<string, { source: string; text: string }> = {};
  for (const key of SETTING_KEYS) {
    const spec: SettingSpec = SETTINGS[key];
    const envText = spec.env ? env[spec.env] : undefined;
    if (envText !== undefined && envText.trim() !== "") {
      raw[key] = (spec.fromEnv ?? ((text: string) => text.trim()))(envText);
      shown[key] = { source: `environment variable ${spec.env}`, text: JSON.stringify(envText) };
    } else {
      raw[key] = context[key];
      shown[key] = { source: "cdktf.json context", text: JSON.stringify(context[key]) ?? "undefined" };
    }
  }
  const result = SETTINGS_SCHEMA.safeParse(raw);
  if (!result.success) {
    const reasons = new Map<SettingKey, Set<string>>();
    for (const issue of result.error.issues) {
      const key = issue.path[0] as SettingKey;
      reasons.set(key, (reasons.get(key) ?? new Set()).add(issue.message));
    }
    for (const key of SETTING_KEYS.filter((k) => reasons.has(k))) {
      problems.push(problemLine(key, shown[key].source, shown[key].text, [...(reasons.get(key) as Set<string>)].join("; ")));
    }
    throw new InvalidSettingsError(problems);
  }
  const settings = result.data;
  if (settings.scope === "organization") {
    // One hub for every account: organization scope is central delivery.
    if (raw.delivery === "regional") {
      problems.push(
        `Setting "delivery" (from ${shown.delivery.source}) has the value ${shown.delivery.text}: scope = organization delivers centrally, to one hub. Allowed: central, or leave it out.`,
      );
    }
    settings.delivery = "central";
  }
  if (settings.delivery === "central" && !settings.regions.includes(settings.homeRegion)) settings.regions.push(settings.homeRegion);
  const monitoredAndRetired = settings.retiredRegions.filter((region) => settings.regions.includes(region));
  if (monitoredAndRetired.length > 0) {
    problems.push(
      `Setting "retiredRegions" has the value ${JSON.stringify(settings.retiredRegions)}: ${monitoredAndRetired.join(", ")} ${monitoredAndRetired.length === 1 ? "is" : "are"} also in "regions". Allowed: region codes not in \`regions\`.`,
    );
  }
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  return settings;
}

/**
 * Checks the values a construct was given against the same schemas the settings use, so that a
 * construct used on its own (in a test, or in another stack) fails with the same clean message.
 */
export function checkSettingValues(owner: string, values: Partial<Record<SettingKey, unknown>>): void {
  const problems: string[] = [];
  for (const key of SETTING_KEYS) {
    if (values[key] === undefined) continue;
    const result = SETTINGS[key].schema.safeParse(values[key]);
    if (!result.success) {
      problems.push(problemLine(key, owner, JSON.stringify(values[key]), [...new Set(result.error.issues.map((issue) => issue.message))].join("; ")));
    }
  }
  if (problems.length > 0) throw new InvalidSettingsError(problems);
}
