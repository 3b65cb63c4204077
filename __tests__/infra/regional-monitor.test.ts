import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest"; // types of the cdktf Jest matchers
import { HANDLER_CONTRACT, resourceNames } from "../../src/names";
import { MONITOR_REGION, one, synthMonitor, synthMonitorScope } from "../helpers/synth";

Testing.setupJest();

describe("RegionalMonitor", () => {
  const synthesized = synthMonitorScope();
  const json = JSON.parse(synthesized) as ReturnType<typeof synthMonitor>;
  const names = resourceNames({ namePrefix: "root-activity-monitor", topicName: "root-activity-monitor" }, MONITOR_REGION);
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

  it("matches root activity of every CloudTrail detail-type without invokedBy or invoked by the console, and the AssumeRoot call", () => {
    expect(JSON.parse(rule.event_pattern)).toEqual({
      "detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Console Action via CloudTrail"],
      detail: {
        $or: [
          { userIdentity: { type: ["Root"], invokedBy: [{ exists: false }] } },
          { userIdentity: { type: ["Root"], invokedBy: ["signin.amazonaws.com"] } },
          { eventSource: ["sts.amazonaws.com"], eventName: ["AssumeRoot"] },
        ],
      },
    });
    expect(rule.event_bus_name).toBeUndefined(); // the default bus, where CloudTrail events arrive
  });

  it("targets the function from the rule", () => {
    const [, target] = one(json, "aws_cloudwatch_event_target");
    expect(target).toMatchObject({ rule: `\${${ruleAddress}.name}`, arn: `\${${functionAddress}.arn}` });
  });

  it("scopes the invoke permission to the rule", () => {
    expect(synthesized).toHaveResourceWithProperties(LambdaPermission, {
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      source_arn: `\${${ruleAddress}.arn}`,
      function_name: `\${${functionAddress}.function_name}`,
      provider: `aws.${MONITOR_REGION}`,
    });
  });

  it("runs the function on arm64 Node.js 22 with the timeout, topic and code hash", () => {
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, {
      function_name: names.function,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: HANDLER_CONTRACT.entryPoint,
      timeout: 30,
      role: `\${${roleAddress}.arn}`,
      environment: { variables: { [HANDLER_CONTRACT.topicArnEnv]: `\${${topicAddress}.arn}` } },
    });
    // The asset's content hash, which is also in the archive's path: new code, new hash, new deployment.
    expect(fn.filename).toBe(`assets/HandlerAsset/${fn.source_code_hash}/archive.zip`);
    expect(fn.source_code_hash).toMatch(/^[0-9A-F]{32,}$/);
  });

  it("takes the timeout and runtime from its props", () => {
    expect(synthMonitorScope({ lambdaTimeoutSeconds: 120, lambdaRuntime: "nodejs20.x" })).toHaveResourceWithProperties(LambdaFunction, {
      timeout: 120,
      runtime: "nodejs20.x",
    });
  });

  it("rejects a timeout Lambda does not allow, naming the prop, the value and the range", () => {
    expect(() => synthMonitor({ lambdaTimeoutSeconds: 901 })).toThrow(
      'Invalid settings:\n  Setting "lambdaTimeoutSeconds" (from RegionalMonitor eu-west-1 props) has the value 901: above 900. Allowed: an integer from 3 to 900.',
    );
  });

  it("creates the function's log group, with retention, before the function", () => {
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, { name: names.logGroup, retention_in_days: 365 });
    expect(logGroup.name).toBe(`/aws/lambda/${fn.function_name}`);
    expect(fn.depends_on).toEqual(expect.arrayContaining([logGroupAddress, rolePolicyAddress]));
  });

  it("takes the log retention from its props", () => {
    expect(synthMonitorScope({ logRetentionDays: 90 })).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 90 });
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
    expect(synthesized).not.toHaveResource(SnsTopicSubscription);
  });

  it("subscribes each address to the topic", () => {
    const withAddresses = synthMonitorScope({ notificationEmails: ["security@example.com", "oncall@example.com"] });
    for (const endpoint of ["security@example.com", "oncall@example.com"]) {
      expect(withAddresses).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "email", endpoint, topic_arn: `\${${topicAddress}.arn}` });
    }
  });
});
