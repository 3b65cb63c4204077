import { checkSettingValues } from "../../src/settings/check-setting-values";
import { loadSettings } from "../../src/settings/load-settings";
import { SETTING_DEFAULTS, SETTING_KEYS } from "../../src/settings/settings-schema";
import { DEFAULT_REGIONS } from "../../src/contract/regions";

const BUCKET = { stateBucket: "test-state-bucket" };

describe("loadSettings defaults", () => {
  it("fills every default when only the state bucket is given", () => {
    expect(loadSettings(BUCKET, {})).toEqual({
      regions: [...DEFAULT_REGIONS],
      retiredRegions: [],
      scope: "account",
      organizationId: undefined,
      organizationalUnitIds: [],
      centralizedRootAccess: "report",
      delivery: "regional",
      homeRegion: "us-east-1",
      heartbeat: "weekly",
      notificationEmails: [],
      slackChannels: [],
      teamsChannels: [],
      operatorRoleArns: [],
      topicName: "root-activity-monitor",
      namePrefix: "root-activity-monitor",
      lambdaTimeoutSeconds: 30,
      lambdaRuntime: "nodejs22.x",
      includeReadOnlyEvents: true,
      logRetentionDays: 365,
      topicKms: "customer-managed",
      digestIntervalSeconds: 300,
      sessionQuietSeconds: 600,
      createTrail: false,
      stateBucket: "test-state-bucket",
      stateKey: "root-activity-monitor/terraform.tfstate",
      stateRegion: "us-east-1",
      stateLockTable: undefined,
      tags: { app: "root-activity-monitor" },
      awsEndpoint: undefined,
    });
  });

  it("documents every setting of the Settings type", () => {
    expect([...SETTING_KEYS].sort()).toEqual(Object.keys(loadSettings(BUCKET, {})).sort());
  });
});

describe("settings from cdktf.json context", () => {
  it.each([
    ["regions", ["eu-west-1", "ap-south-1"], ["us-east-1", "eu-west-1", "ap-south-1"]],
    ["regions", "all", [...DEFAULT_REGIONS]],
    ["regions", "eu-west-1, eu-west-1 ,us-east-1", ["us-east-1", "eu-west-1"]],
    ["regions", ["us-east-1", "af-south-1"], ["us-east-1", "af-south-1"]],
    ["notificationEmails", ["a@example.com", " b@example.org "], ["a@example.com", "b@example.org"]],
    ["topicName", "root-alerts_2", "root-alerts_2"],
    ["namePrefix", "staging-root", "staging-root"],
    ["lambdaTimeoutSeconds", 900, 900],
    ["lambdaRuntime", "nodejs20.x", "nodejs20.x"],
    ["includeReadOnlyEvents", false, false],
    ["logRetentionDays", 0, 0],
    ["stateKey", "org/monitor.tfstate", "org/monitor.tfstate"],
    ["stateRegion", "eu-central-1", "eu-central-1"],
    ["stateLockTable", "terraform-locks", "terraform-locks"],
    ["tags", { team: "security", cost: "" }, { team: "security", cost: "" }],
    ["awsEndpoint", "https://emulator.internal:4566", "https://emulator.internal:4566"],
    ["topicKms", "aws-managed", "aws-managed"],
    ["topicKms", "none", "none"],
    ["digestIntervalSeconds", 60, 60],
    ["digestIntervalSeconds", 900, 900],
    ["sessionQuietSeconds", 60, 60],
    ["sessionQuietSeconds", 3600, 3600],
    ["heartbeat", "daily", "daily"],
    ["heartbeat", "off", "off"],
  ])("reads %s = %p as %p", (key, value, expected) => {
    expect(loadSettings({ ...BUCKET, [key]: value }, {})[key as keyof ReturnType<typeof loadSettings>]).toEqual(expected);
  });
});

describe("environment overrides", () => {
  it.each([
    ["ROOT_MONITOR_REGIONS", " eu-west-1 , ap-south-1 ", "regions", ["us-east-1", "eu-west-1", "ap-south-1"]],
    ["ROOT_MONITOR_REGIONS", "ALL", "regions", [...DEFAULT_REGIONS]],
    ["ROOT_MONITOR_EMAILS", "a@example.com, b@example.com", "notificationEmails", ["a@example.com", "b@example.com"]],
    ["ROOT_MONITOR_TOPIC_NAME", "root-alerts", "topicName", "root-alerts"],
    ["ROOT_MONITOR_NAME_PREFIX", "rootmon", "namePrefix", "rootmon"],
    ["ROOT_MONITOR_LAMBDA_TIMEOUT", "60", "lambdaTimeoutSeconds", 60],
    ["ROOT_MONITOR_LAMBDA_RUNTIME", "nodejs20.x", "lambdaRuntime", "nodejs20.x"],
    ["ROOT_MONITOR_INCLUDE_READ_ONLY", "false", "includeReadOnlyEvents", false],
    ["ROOT_MONITOR_INCLUDE_READ_ONLY", "TRUE", "includeReadOnlyEvents", true],
    ["ROOT_MONITOR_LOG_RETENTION_DAYS", "90", "logRetentionDays", 90],
    ["ROOT_MONITOR_STATE_BUCKET", "other-bucket", "stateBucket", "other-bucket"],
    ["ROOT_MONITOR_STATE_KEY", "x/y.tfstate", "stateKey", "x/y.tfstate"],
    ["ROOT_MONITOR_STATE_REGION", "eu-west-2", "stateRegion", "eu-west-2"],
    ["ROOT_MONITOR_STATE_LOCK_TABLE", "locks", "stateLockTable", "locks"],
    ["ROOT_MONITOR_AWS_ENDPOINT", "http://127.0.0.1:5000/", "awsEndpoint", "http://127.0.0.1:5000"],
    ["ROOT_MONITOR_TOPIC_KMS", " aws-managed ", "topicKms", "aws-managed"],
    ["ROOT_MONITOR_CREATE_TRAIL", "true", "createTrail", true],
    ["ROOT_MONITOR_DIGEST_INTERVAL", " 120 ", "digestIntervalSeconds", 120],
    ["ROOT_MONITOR_SESSION_QUIET", "1800", "sessionQuietSeconds", 1800],
    ["ROOT_MONITOR_HEARTBEAT", " daily ", "heartbeat", "daily"],
  ])("%s=%p sets %s to %p, over the context", (env, text, key, expected) => {
    const context = { ...BUCKET, regions: ["sa-east-1"], notificationEmails: ["ctx@example.com"], topicName: "ctx", lambdaTimeoutSeconds: 10 };
    expect(loadSettings(context, { [env]: text })[key as keyof ReturnType<typeof loadSettings>]).toEqual(expected);
  });

  it("ignores an empty environment variable and keeps the context value", () => {
    expect(loadSettings({ ...BUCKET, topicName: "ctx" }, { ROOT_MONITOR_TOPIC_NAME: "  " }).topicName).toBe("ctx");
  });
});

describe("operatorRoleArns", () => {
  it("reads a comma-separated list of role ARNs from the environment, paths kept, duplicates dropped", () => {
    const env = { ROOT_MONITOR_OPERATOR_ROLE_ARNS: " arn:aws:iam::111122223333:role/ops , arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef,arn:aws:iam::111122223333:role/ops" };
    expect(loadSettings(BUCKET, env).operatorRoleArns).toEqual([
      "arn:aws:iam::111122223333:role/ops",
      "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef",
    ]);
  });
});

describe("rejections", () => {
  const rejects = (context: Record<string, unknown>, env: NodeJS.ProcessEnv, message: string) =>
    expect(() => loadSettings({ ...BUCKET, ...context }, env)).toThrow(`Invalid settings:\n  ${message}`);

  it("refuses more than 10 operator roles", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::111122223333:role/ops-${i}`);
    expect(() => loadSettings({ ...BUCKET, operatorRoleArns: eleven }, {})).toThrow(/Setting "operatorRoleArns" \(from cdktf.json context\) has the value \[.*\]: more than 10 roles\. Allowed: /);
  });

  it.each([
    [
      { regions: ["us-east1"] },
      {},
      'Setting "regions" (from cdktf.json context) has the value ["us-east1"]: "us-east1" is not a known region code. Allowed: `all`, or region codes such as us-east-1, eu-west-1.',
    ],
    [
      {},
      { ROOT_MONITOR_REGIONS: "eu-west-1,mars-north-1" },
      'Setting "regions" (from environment variable ROOT_MONITOR_REGIONS) has the value "eu-west-1,mars-north-1": "mars-north-1" is not a known region code. Allowed: `all`, or region codes such as us-east-1, eu-west-1.',
    ],
    [
      { regions: 42 },
      {},
      'Setting "regions" (from cdktf.json context) has the value 42: expected a list. Allowed: `all`, or region codes such as us-east-1, eu-west-1.',
    ],
    [
      {},
      { ROOT_MONITOR_EMAILS: "a@example.com, bob@" },
      'Setting "notificationEmails" (from environment variable ROOT_MONITOR_EMAILS) has the value "a@example.com, bob@": "bob@" is not an email address. Allowed: email addresses such as security@example.com.',
    ],
    [
      { notificationEmails: ["alice at example.com"] },
      {},
      'Setting "notificationEmails" (from cdktf.json context) has the value ["alice at example.com"]: "alice at example.com" is not an email address. Allowed: email addresses such as security@example.com.',
    ],
    [
      {},
      { ROOT_MONITOR_OPERATOR_ROLE_ARNS: "arn:aws:iam::111122223333:role/ops, arn:aws:iam::111122223333:user/alice" },
      'Setting "operatorRoleArns" (from environment variable ROOT_MONITOR_OPERATOR_ROLE_ARNS) has the value "arn:aws:iam::111122223333:role/ops, arn:aws:iam::111122223333:user/alice": "arn:aws:iam::111122223333:user/alice" is not an IAM role ARN. Allowed: IAM role ARNs such as arn:aws:iam::111122223333:role/security-operator (with the role\'s path, if it has one), at most 10.',
    ],
    [
      { operatorRoleArns: ["arn:aws:iam::111122223333:role/*"] },
      {},
      'Setting "operatorRoleArns" (from cdktf.json context) has the value ["arn:aws:iam::111122223333:role/*"]: "arn:aws:iam::111122223333:role/*" is not an IAM role ARN. Allowed: IAM role ARNs such as arn:aws:iam::111122223333:role/security-operator (with the role\'s path, if it has one), at most 10.',
    ],
    [
      { topicName: "alerts.fifo" },
      {},
      'Setting "topicName" (from cdktf.json context) has the value "alerts.fifo": not an SNS topic name. Allowed: 1 to 256 letters, digits, hyphens and underscores (a standard topic, not FIFO).',
    ],
    [
      {},
      { ROOT_MONITOR_NAME_PREFIX: "9lives" },
      'Setting "namePrefix" (from environment variable ROOT_MONITOR_NAME_PREFIX) has the value "9lives": not a valid name prefix. Allowed: 1 to 40 letters, digits and hyphens, starting with a letter.',
    ],
    [
      {},
      { ROOT_MONITOR_LAMBDA_TIMEOUT: "30s" },
      'Setting "lambdaTimeoutSeconds" (from environment variable ROOT_MONITOR_LAMBDA_TIMEOUT) has the value "30s": expected a whole number of seconds. Allowed: an integer from 3 to 900.',
    ],
    [
      { lambdaTimeoutSeconds: 2 },
      {},
      'Setting "lambdaTimeoutSeconds" (from cdktf.json context) has the value 2: below 3. Allowed: an integer from 3 to 900.',
    ],
    [
      { lambdaTimeoutSeconds: 12.5 },
      {},
      'Setting "lambdaTimeoutSeconds" (from cdktf.json context) has the value 12.5: expected a whole number of seconds. Allowed: an integer from 3 to 900.',
    ],
    [
      {},
      { ROOT_MONITOR_LAMBDA_TIMEOUT: "901" },
      'Setting "lambdaTimeoutSeconds" (from environment variable ROOT_MONITOR_LAMBDA_TIMEOUT) has the value "901": above 900. Allowed: an integer from 3 to 900.',
    ],
    [
      {},
      { ROOT_MONITOR_LAMBDA_RUNTIME: "nodejs18.x" },
      'Setting "lambdaRuntime" (from environment variable ROOT_MONITOR_LAMBDA_RUNTIME) has the value "nodejs18.x": not a supported runtime. Allowed: nodejs22.x, nodejs20.x.',
    ],
    [
      {},
      { ROOT_MONITOR_INCLUDE_READ_ONLY: "yes" },
      'Setting "includeReadOnlyEvents" (from environment variable ROOT_MONITOR_INCLUDE_READ_ONLY) has the value "yes": expected true or false. Allowed: true or false.',
    ],
    [
      { includeReadOnlyEvents: "true" },
      {},
      'Setting "includeReadOnlyEvents" (from cdktf.json context) has the value "true": expected true or false. Allowed: true or false.',
    ],
    [
      {},
      { ROOT_MONITOR_LOG_RETENTION_DAYS: "10" },
      'Setting "logRetentionDays" (from environment variable ROOT_MONITOR_LOG_RETENTION_DAYS) has the value "10": not a retention CloudWatch Logs accepts. Allowed: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.',
    ],
    [
      { stateBucket: "My_Bucket" },
      {},
      'Setting "stateBucket" (from cdktf.json context) has the value "My_Bucket": not an S3 bucket name. Allowed: an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.',
    ],
    [
      { stateBucket: undefined },
      {},
      'Setting "stateBucket" (from cdktf.json context) has the value undefined: required: set it in cdktf.json or the environment. Allowed: an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.',
    ],
    [
      {},
      { ROOT_MONITOR_STATE_KEY: "/abs/key.tfstate" },
      'Setting "stateKey" (from environment variable ROOT_MONITOR_STATE_KEY) has the value "/abs/key.tfstate": not a usable S3 object key. Allowed: an S3 object key: 1 to 1024 characters, not starting or ending with /.',
    ],
    [
      {},
      { ROOT_MONITOR_STATE_REGION: "europe" },
      'Setting "stateRegion" (from environment variable ROOT_MONITOR_STATE_REGION) has the value "europe": "europe" is not a known region code. Allowed: a region code such as us-east-1.',
    ],
    [
      { stateLockTable: "x" },
      {},
      'Setting "stateLockTable" (from cdktf.json context) has the value "x": not a DynamoDB table name. Allowed: a DynamoDB table name: 3 to 255 letters, digits, underscores, hyphens and dots.',
    ],
    [
      { tags: { team: 7 } },
      {},
      'Setting "tags" (from cdktf.json context) has the value {"team":7}: tag values must be text. Allowed: an object of tag keys (1 to 128 characters) to string values (at most 256 characters).',
    ],
    [
      {},
      { ROOT_MONITOR_AWS_ENDPOINT: "127.0.0.1:5000" },
      'Setting "awsEndpoint" (from environment variable ROOT_MONITOR_AWS_ENDPOINT) has the value "127.0.0.1:5000": not an http(s) URL. Allowed: an http:// or https:// URL such as http://127.0.0.1:5000.',
    ],
    [
      {},
      { ROOT_MONITOR_TOPIC_KMS: "cmk" },
      'Setting "topicKms" (from environment variable ROOT_MONITOR_TOPIC_KMS) has the value "cmk": not a known choice. Allowed: customer-managed, aws-managed, none.',
    ],
    [
      {},
      { ROOT_MONITOR_HEARTBEAT: "hourly" },
      'Setting "heartbeat" (from environment variable ROOT_MONITOR_HEARTBEAT) has the value "hourly": not a heartbeat choice. Allowed: off, weekly, daily.',
    ],
    [
      { digestIntervalSeconds: 59 },
      {},
      'Setting "digestIntervalSeconds" (from cdktf.json context) has the value 59: below 60. Allowed: an integer from 60 to 900.',
    ],
    [
      {},
      { ROOT_MONITOR_DIGEST_INTERVAL: "901" },
      'Setting "digestIntervalSeconds" (from environment variable ROOT_MONITOR_DIGEST_INTERVAL) has the value "901": above 900. Allowed: an integer from 60 to 900.',
    ],
    [
      {},
      { ROOT_MONITOR_DIGEST_INTERVAL: "5m" },
      'Setting "digestIntervalSeconds" (from environment variable ROOT_MONITOR_DIGEST_INTERVAL) has the value "5m": expected a whole number of seconds. Allowed: an integer from 60 to 900.',
    ],
    [
      { digestIntervalSeconds: 300.5 },
      {},
      'Setting "digestIntervalSeconds" (from cdktf.json context) has the value 300.5: expected a whole number of seconds. Allowed: an integer from 60 to 900.',
    ],
    [
      { sessionQuietSeconds: 59 },
      {},
      'Setting "sessionQuietSeconds" (from cdktf.json context) has the value 59: below 60. Allowed: an integer from 60 to 3600.',
    ],
    [
      {},
      { ROOT_MONITOR_SESSION_QUIET: "3601" },
      'Setting "sessionQuietSeconds" (from environment variable ROOT_MONITOR_SESSION_QUIET) has the value "3601": above 3600. Allowed: an integer from 60 to 3600.',
    ],
    [
      { sessionQuietSeconds: "600" },
      {},
      'Setting "sessionQuietSeconds" (from cdktf.json context) has the value "600": expected a whole number of seconds. Allowed: an integer from 60 to 3600.',
    ],
  ])("rejects %p with env %p", (context, env, message) => {
    rejects(context, env as NodeJS.ProcessEnv, message);
  });

  it("lists every bad setting in one error", () => {
    expect(() => loadSettings({ ...BUCKET, regions: ["us-east1"] }, { ROOT_MONITOR_LAMBDA_TIMEOUT: "30s" })).toThrow(
      /"regions"[\s\S]*\n  Setting "lambdaTimeoutSeconds"/,
    );
  });
});

describe("delivery and homeRegion", () => {
  it("monitors the home Region with central delivery, even when regions leaves it out", () => {
    expect(loadSettings({ ...BUCKET, regions: ["eu-west-1"], delivery: "central", homeRegion: "eu-central-1" }, {}).regions).toEqual(["us-east-1", "eu-west-1", "eu-central-1"]);
  });

  it("adds no Region for homeRegion with regional delivery, where it means nothing", () => {
    expect(loadSettings({ ...BUCKET, regions: ["eu-west-1"], homeRegion: "eu-central-1" }, {}).regions).toEqual(["us-east-1", "eu-west-1"]);
  });

  it("reads the mode and the home Region from the environment", () => {
    expect(loadSettings(BUCKET, { ROOT_MONITOR_DELIVERY: "central", ROOT_MONITOR_HOME_REGION: "eu-west-1" })).toMatchObject({ delivery: "central", homeRegion: "eu-west-1" });
  });
});

describe("retiredRegions", () => {
  it("keeps a provider, and no monitor, for a Region just removed", () => {
    const settings = loadSettings({ ...BUCKET, regions: ["eu-west-1"], retiredRegions: ["ap-southeast-2"] }, {});
    expect(settings.retiredRegions).toEqual(["ap-southeast-2"]);
  });

  it("rejects a Region that is both monitored and retired", () => {
    expect(() => loadSettings({ ...BUCKET, regions: ["eu-west-1"] }, { ROOT_MONITOR_RETIRED_REGIONS: "eu-west-1" })).toThrow(
      'Invalid settings:\n  Setting "retiredRegions" has the value ["eu-west-1"]: eu-west-1 is also in "regions". Allowed: region codes not in `regions`.',
    );
  });
});

describe("unknown keys in cdktf.json context", () => {
  it.each([
    ["notificationEmail", "notificationEmails"],
    ["lambdaTimeout", "lambdaTimeoutSeconds"],
    ["region", "regions"],
    ["topickms", "topicKms"],
  ])("stops synth on %s, naming the closest setting %s", (typo, closest) => {
    expect(() => loadSettings({ ...BUCKET, [typo]: "x" }, {})).toThrow(
      `Invalid settings:\n  Setting "${typo}" (from cdktf.json context) is not a known setting: did you mean "${closest}"? Allowed: ${SETTING_KEYS.join(", ")}.`,
    );
  });

  it("leaves cdktf's own context keys alone", () => {
    expect(() => loadSettings({ ...BUCKET, cdktfRelativeModules: ["./"], "@cdktf/disable_stack_trace_in_metadata": true }, {})).not.toThrow();
  });
});

describe("checkSettingValues, for constructs used on their own", () => {
  it("checks props against the settings' own schemas and names the owner", () => {
    expect(() => checkSettingValues("NotificationDelivery x props", { lambdaRuntime: "nodejs18.x", logRetentionDays: 365 })).toThrow(
      'Invalid settings:\n  Setting "lambdaRuntime" (from NotificationDelivery x props) has the value "nodejs18.x": not a supported runtime. Allowed: nodejs22.x, nodejs20.x.',
    );
  });

  it("gives constructs the same defaults as the settings", () => {
    const { stateBucket: _bucket, ...defaults } = loadSettings(BUCKET, {});
    expect(SETTING_DEFAULTS).toEqual(defaults);
  });
});

describe("unknown ROOT_MONITOR_* environment variables (issue 21, item 6)", () => {
  it.each([
    ["ROOT_MONITOR_REGION", "eu-west-1", "ROOT_MONITOR_REGIONS"],
    ["ROOT_MONITOR_EMAIL", "a@example.com", "ROOT_MONITOR_EMAILS"],
    ["ROOT_MONITOR_TOPICKMS", "none", "ROOT_MONITOR_TOPIC_KMS"],
  ])("stops synth on %s=%s, naming the closest variable %s, instead of ignoring it", (name, value, closest) => {
    let message = "";
    try {
      loadSettings(BUCKET, { [name]: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`Environment variable ${name} has the value "${value}", but it is not a known setting: did you mean ${closest}? Allowed: ROOT_MONITOR_REGIONS,`);
    expect(message).toContain("ROOT_MONITOR_PROVIDER_MIRROR");
  });

  it("leaves the operator commands' own variables alone", () => {
    expect(() => loadSettings(BUCKET, { ROOT_MONITOR_PROVIDER_MIRROR: "/opt/tf-plugins", ROOT_MONITOR_ALLOW_DESTRUCTIVE: "true", ROOT_MONITOR_TEST_TMPDIR: "/tmp/x", OTHER_TOOL_REGION: "x" })).not.toThrow();
  });
});

describe('"all" among region codes (issue 21, item 6)', () => {
  it.each([
    ["cdktf.json context", { ...BUCKET, regions: ["all", "eu-west-1"] }, {}, '["all","eu-west-1"]'],
    ["environment variable ROOT_MONITOR_REGIONS", BUCKET, { ROOT_MONITOR_REGIONS: "all,eu-west-1" }, '"all,eu-west-1"'],
  ])("says that all stands alone (from %s), not that it is an unknown region code", (source, context, env, shown) => {
    expect(() => loadSettings(context, env)).toThrow(
      `Invalid settings:\n  Setting "regions" (from ${source}) has the value ${shown}: "all" stands alone: either "all", or a list of region codes without it. Allowed: \`all\`, or region codes such as us-east-1, eu-west-1.`,
    );
  });
});
