/**
 * The function's environment, one schema both ways: what the infrastructure writes is what the
 * handler reads, and a variable that is missing or malformed is named. Expected names and values
 * are written out here, not taken from the schema.
 */
import { functionEnvironmentVariables, readFunctionEnvironment, type FunctionEnvironment } from "../../src/contract/function-environment";
import { onlyResourceIn, synthStack, testSettings } from "../helpers/synth";

const PLAN = {
  schedule: "arn:aws:events:eu-west-1:111122223333:rule/root-activity-monitor-self-check",
  heartbeat: "daily",
  account: "111122223333",
  readOnly: false,
  regions: ["eu-west-1"],
  rule: { name: "root-activity-monitor", target: "arn:aws:sqs:eu-west-1:111122223333:root-activity-monitor-buffer", deadLetterQueue: "root-activity-monitor-undeliverable" },
  delivery: { region: "eu-west-1", topic: "arn:aws:sns:eu-west-1:111122223333:root-activity-monitor", unprocessed: "root-activity-monitor-unprocessed" },
  organization: { stackSet: "root-activity-monitor-spokes", units: ["ou-ab12-cdef3456"] },
} as const;
const PLAN_JSON =
  '{"schedule":"arn:aws:events:eu-west-1:111122223333:rule/root-activity-monitor-self-check","heartbeat":"daily","account":"111122223333","readOnly":false,' +
  '"regions":["eu-west-1"],"rule":{"name":"root-activity-monitor","target":"arn:aws:sqs:eu-west-1:111122223333:root-activity-monitor-buffer","deadLetterQueue":"root-activity-monitor-undeliverable"},' +
  '"delivery":{"region":"eu-west-1","topic":"arn:aws:sns:eu-west-1:111122223333:root-activity-monitor","unprocessed":"root-activity-monitor-unprocessed"},' +
  '"organization":{"stackSet":"root-activity-monitor-spokes","units":["ou-ab12-cdef3456"]}}';

const VALUES: FunctionEnvironment = {
  topicArn: "arn:aws:sns:eu-west-1:111122223333:root-activity-monitor",
  sessionTable: "root-activity-monitor-sessions",
  bufferQueueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/root-activity-monitor-buffer",
  digestIntervalSeconds: 120,
  sessionQuietSeconds: 900,
  selfCheck: PLAN,
  centralizedRootAccess: "digest-only",
  organizationId: "o-a1b2c3d4e5",
};
const VARIABLES = {
  SNS_TOPIC_ARN: "arn:aws:sns:eu-west-1:111122223333:root-activity-monitor",
  SESSION_TABLE_NAME: "root-activity-monitor-sessions",
  BUFFER_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/111122223333/root-activity-monitor-buffer",
  DIGEST_INTERVAL_SECONDS: "120",
  SESSION_QUIET_SECONDS: "900",
  SELF_CHECK: PLAN_JSON,
  CENTRALIZED_ROOT_ACCESS: "digest-only",
  ORGANIZATION_ID: "o-a1b2c3d4e5",
};
const REQUIRED = " is required but is not set. The deployment sets it; set it when running the handler by hand.";

describe("the function's environment", () => {
  it("is written by the infrastructure as text, one variable per value", () => {
    expect(functionEnvironmentVariables(VALUES)).toEqual(VARIABLES);
  });

  it("is read by the handler as the values the infrastructure wrote", () => {
    expect(readFunctionEnvironment(functionEnvironmentVariables(VALUES))).toEqual(VALUES);
  });

  it("leaves out the organization id in account scope, and the handler reads it as not set", () => {
    const { organizationId: _left, ...accountScope } = VALUES;
    const { ORGANIZATION_ID: _none, ...variables } = VARIABLES;
    expect(functionEnvironmentVariables(accountScope)).toEqual(variables);
    expect(readFunctionEnvironment(variables)).toEqual(accountScope);
  });

  it("ignores the rest of the process environment and reads values trimmed", () => {
    expect(readFunctionEnvironment({ ...VARIABLES, PATH: "/usr/bin", DIGEST_INTERVAL_SECONDS: " 120 ", SESSION_TABLE_NAME: " root-activity-monitor-sessions\n" })).toEqual(VALUES);
  });

  it("reads a deployment without CENTRALIZED_ROOT_ACCESS as report", () => {
    const { CENTRALIZED_ROOT_ACCESS: _none, ...variables } = VARIABLES;
    expect(readFunctionEnvironment(variables).centralizedRootAccess).toBe("report");
  });

  it("comes out of a synthesized stack as the handler reads it: the settings' values, Terraform's references", () => {
    const settings = testSettings({ regions: ["eu-west-1"], digestIntervalSeconds: 120, sessionQuietSeconds: 900, heartbeat: "daily", includeReadOnlyEvents: false });
    const json = synthStack(settings);
    const variables = onlyResourceIn(json, "aws_lambda_function", "eu-west-1").environment.variables;
    const read = readFunctionEnvironment(variables);
    expect(read).toMatchObject({ digestIntervalSeconds: 120, sessionQuietSeconds: 900, centralizedRootAccess: "report" });
    expect(read.organizationId).toBeUndefined();
    expect(read.topicArn).toMatch(/^\$\{aws_sns_topic\.eu-west-1_Topic_[0-9A-F]+\.arn\}$/);
    expect(read.sessionTable).toMatch(/^\$\{aws_dynamodb_table\.eu-west-1_Sessions_Table_[0-9A-F]+\.name\}$/);
    expect(read.bufferQueueUrl).toMatch(/^\$\{aws_sqs_queue\.eu-west-1_Buffer_Queue_[0-9A-F]+\.url\}$/);
    expect(read.selfCheck).toMatchObject({ heartbeat: "daily", readOnly: false, regions: ["eu-west-1"], rule: { name: "root-activity-monitor", deadLetterQueue: "root-activity-monitor-undeliverable" } });
    expect(read.selfCheck.delivery).toMatchObject({ region: "eu-west-1", unprocessed: "root-activity-monitor-unprocessed", topic: read.topicArn });
  });
});

describe("a variable the handler cannot use", () => {
  it.each(["SNS_TOPIC_ARN", "SESSION_TABLE_NAME", "BUFFER_QUEUE_URL", "DIGEST_INTERVAL_SECONDS", "SESSION_QUIET_SECONDS", "SELF_CHECK"])("stops the cold start naming %s when it is missing or blank", (name) => {
    const { [name as keyof typeof VARIABLES]: _missing, ...missing } = VARIABLES;
    expect(() => readFunctionEnvironment(missing)).toThrow(new Error(`Environment variable ${name}${REQUIRED}`));
    expect(() => readFunctionEnvironment({ ...VARIABLES, [name]: "  " })).toThrow(new Error(`Environment variable ${name}${REQUIRED}`));
  });

  it("is told a line each when several are wrong", () => {
    expect(() => readFunctionEnvironment({ ...VARIABLES, SNS_TOPIC_ARN: undefined, SESSION_QUIET_SECONDS: "ten" })).toThrow(
      new Error(`Environment variable SNS_TOPIC_ARN${REQUIRED}\nEnvironment variable SESSION_QUIET_SECONDS must be a whole number of seconds; it is "ten".`),
    );
  });

  it.each([
    ["DIGEST_INTERVAL_SECONDS", "minutes", "5m", 'must be a whole number of seconds; it is "5m".'],
    ["SESSION_QUIET_SECONDS", "a negative number", "-600", 'must be a whole number of seconds; it is "-600".'],
    ["CENTRALIZED_ROOT_ACCESS", "an unknown choice", "quiet", 'must be one of report, digest-only; it is "quiet".'],
    ["SELF_CHECK", "broken JSON", "{", "must hold the self-check plan as JSON (the deployment sets it): it is not JSON."],
    ["SELF_CHECK", "a list", "[]", "must hold the self-check plan as JSON (the deployment sets it): it is not an object."],
    ["SELF_CHECK", "a plan with an unknown heartbeat", PLAN_JSON.replace('"daily"', '"hourly"'), "must hold the self-check plan as JSON (the deployment sets it): heartbeat is not one of off, weekly, daily."],
  ])("stops the cold start naming %s when it holds %s", (name, _what, value, problem) => {
    expect(() => readFunctionEnvironment({ ...VARIABLES, [name]: value })).toThrow(new Error(`Environment variable ${name} ${problem}`));
  });
});
