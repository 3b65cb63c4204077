import { Testing } from "cdktf";
import { one, synthMonitor } from "../helpers/monitor-json";

Testing.setupJest();

describe("RegionalMonitor", () => {
  const json = synthMonitor();
  const [ruleAddress, rule] = one(json, "aws_cloudwatch_event_rule");
  const [functionAddress, fn] = one(json, "aws_lambda_function");
  const [topicAddress] = one(json, "aws_sns_topic");
  const [logGroupAddress, logGroup] = one(json, "aws_cloudwatch_log_group");
  const [roleAddress] = one(json, "aws_iam_role");
  const [rolePolicyAddress, rolePolicy] = one(json, "aws_iam_role_policy");

  it("sets the Region's provider on every resource and data source", () => {
    for (const byName of [...Object.values(json.resource), ...Object.values(json.data)]) {
      for (const resource of Object.values(byName)) expect(resource.provider).toBe("aws.eu-west-1");
    }
  });

  it("receives all CloudTrail management events by default, so read-only root calls are seen", () => {
    expect(rule.state).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
  });

  it("uses the plain ENABLED state when read-only events are excluded", () => {
    const [, withoutReadOnly] = one(synthMonitor({ includeReadOnlyEvents: false }), "aws_cloudwatch_event_rule");
    expect(withoutReadOnly.state).toBe("ENABLED");
  });

  it("matches root activity of every CloudTrail detail-type, without invokedBy", () => {
    expect(JSON.parse(rule.event_pattern)).toEqual({
      "detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Console Action via CloudTrail"],
      detail: { userIdentity: { type: ["Root"], invokedBy: [{ exists: false }] } },
    });
    expect(rule.event_bus_name).toBeUndefined(); // the default bus, where CloudTrail events arrive
  });

  it("targets the function from the rule", () => {
    const [, target] = one(json, "aws_cloudwatch_event_target");
    expect(target).toMatchObject({ rule: `\${${ruleAddress}.name}`, arn: `\${${functionAddress}.arn}` });
  });

  it("scopes the invoke permission to the rule", () => {
    const [, permission] = one(json, "aws_lambda_permission");
    expect(permission).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      source_arn: `\${${ruleAddress}.arn}`,
      function_name: `\${${functionAddress}.function_name}`,
    });
  });

  it("runs the function on arm64 Node.js 22 with the timeout, topic and code hash", () => {
    expect(fn).toMatchObject({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      timeout: 30,
      role: `\${${roleAddress}.arn}`,
      environment: { variables: { SNS_TOPIC_ARN: `\${${topicAddress}.arn}` } },
    });
    // The asset's content hash, which is also in the archive's path: new code, new hash, new deployment.
    expect(fn.filename).toBe(`assets/HandlerAsset/${fn.source_code_hash}/archive.zip`);
    expect(fn.source_code_hash).toMatch(/^[0-9A-F]{32,}$/);
  });

  it("takes the timeout and runtime from its props", () => {
    const [, custom] = one(synthMonitor({ lambdaTimeoutSeconds: 120, lambdaRuntime: "nodejs20.x" }), "aws_lambda_function");
    expect(custom).toMatchObject({ timeout: 120, runtime: "nodejs20.x" });
  });

  it("rejects a timeout Lambda does not allow, naming the prop, the value and the range", () => {
    expect(() => synthMonitor({ lambdaTimeoutSeconds: 901 })).toThrow(
      'Invalid settings:\n  Setting "lambdaTimeoutSeconds" (from RegionalMonitor eu-west-1 props) has the value 901: above 900. Allowed: an integer from 3 to 900.',
    );
  });

  it("creates the function's log group, with retention, before the function", () => {
    expect(logGroup).toMatchObject({ name: "/aws/lambda/root-activity-monitor", retention_in_days: 365 });
    expect(fn.function_name).toBe("root-activity-monitor");
    expect(fn.depends_on).toEqual(expect.arrayContaining([logGroupAddress, rolePolicyAddress]));
  });

  it("takes the log retention from its props", () => {
    const [, custom] = one(synthMonitor({ logRetentionDays: 90 }), "aws_cloudwatch_log_group");
    expect(custom.retention_in_days).toBe(90);
  });

  it("lets only Lambda assume the role", () => {
    const [, role] = one(json, "aws_iam_role");
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "LambdaAssumesRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
  });

  it("grants the function exactly its logs, its topic and key, and the account alias", () => {
    const [keyAddress] = one(json, "aws_kms_key");
    expect(rolePolicy.role).toBe(`\${${roleAddress}.id}`);
    expect(JSON.parse(rolePolicy.policy).Statement).toEqual([
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `\${${logGroupAddress}.arn}:*` },
      { Sid: "PublishToOwnTopic", Effect: "Allow", Action: "sns:Publish", Resource: `\${${topicAddress}.arn}` },
      { Sid: "EncryptForOwnTopic", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: `\${${keyAddress}.arn}` },
      { Sid: "ReadAccountAlias", Effect: "Allow", Action: "iam:ListAccountAliases", Resource: "*" },
    ]);
  });

  it("has no subscriptions when given no addresses", () => {
    expect(json.resource.aws_sns_topic_subscription).toBeUndefined();
  });
});
