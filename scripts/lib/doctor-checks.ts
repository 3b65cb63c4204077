/**
 * The checks of `npm run doctor`, per Region: can the monitor see root activity, and can it tell
 * anyone? Each check answers ok, warn (worth a look) or fail (a root action would go unreported).
 */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Settings } from "../../src/config";
import { awsClientConfig } from "./commands";
import { deployedOutput, readDeployedOutputs, type DeployedOutputs } from "./deployed-outputs";

export type Level = "ok" | "warn" | "fail";

export interface Finding {
  readonly region: string;
  readonly check: string;
  readonly level: Level;
  readonly message: string;
}

const errorName = (error: unknown) => (error as { name?: string }).name ?? "";

/** What one Region's checks look at, as the deployment's outputs name it. */
interface Deployed {
  readonly topicArn?: string;
  readonly ruleName?: string;
  readonly functionName?: string;
  readonly logGroupName?: string;
  readonly deadLetterQueueUrl?: string;
}

function deployedIn(outputs: DeployedOutputs, region: string): Deployed {
  const ruleArn = deployedOutput(outputs, "rule_arn", region);
  return {
    topicArn: deployedOutput(outputs, "topic_arn", region),
    // arn:aws:events:<region>:<account>:rule/<name> (the default bus)
    ruleName: ruleArn?.slice(ruleArn.lastIndexOf("/") + 1),
    functionName: deployedOutput(outputs, "function_name", region),
    logGroupName: deployedOutput(outputs, "log_group_name", region),
    deadLetterQueueUrl: deployedOutput(outputs, "dead_letter_queue_url", region),
  };
}

/** A finding for a Region whose state has no output of this kind: not deployed there, or deployed by a version without it. */
const notInState = (region: string, check: string, output: string): Finding => ({
  region,
  check,
  level: "fail",
  message: `the Terraform state has no output ${output}: the monitor is not deployed here (or was deployed by an older version: apply this one)`,
});

async function trailCheck(region: string, cloudtrail: CloudTrailClient): Promise<Finding> {
  const check = "CloudTrail";
  const { trailList = [] } = await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  const covering = trailList.filter((trail) => trail.IsMultiRegionTrail || trail.HomeRegion === region);
  for (const trail of covering) {
    const name = trail.TrailARN ?? trail.Name;
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: name }));
    if (!status.IsLogging) continue;
    const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: name }));
    const basic = (selectors.EventSelectors ?? []).some((selector) => selector.IncludeManagementEvents !== false);
    const advanced = (selectors.AdvancedEventSelectors ?? []).some((selector) =>
      selector.FieldSelectors?.some((field) => field.Field === "eventCategory" && field.Equals?.includes("Management")),
    );
    const noSelectors = !selectors.EventSelectors?.length && !selectors.AdvancedEventSelectors?.length;
    if (basic || advanced || noSelectors) return { region, check, level: "ok", message: `trail ${trail.Name} logs management events here` };
  }
  return {
    region,
    check,
    level: "fail",
    message:
      "NO CloudTrail trail is logging management events in this Region. Without one, EventBridge receives no root API calls here and the monitor is BLIND. Create a multi-Region trail (or set createTrail).",
  };
}

async function ruleCheck(region: string, settings: Settings, deployed: Deployed, events: EventBridgeClient): Promise<Finding[]> {
  const name = deployed.ruleName;
  if (!name) return [notInState(region, "rule", "rule_arn")];
  const rule = await events.send(new DescribeRuleCommand({ Name: name })).catch((error: unknown) => {
    if (errorName(error) === "ResourceNotFoundException") return undefined;
    throw error;
  });
  if (!rule) return [{ region, check: "rule", level: "fail", message: `no rule named ${name}: the monitor is not deployed here` }];
  const findings: Finding[] = [];
  if (!rule.State?.startsWith("ENABLED")) {
    findings.push({ region, check: "rule", level: "fail", message: `rule ${name} is ${rule.State}: root activity here is not routed to anyone` });
  } else if (settings.includeReadOnlyEvents && rule.State !== "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") {
    findings.push({ region, check: "rule", level: "warn", message: `rule ${name} is ${rule.State}: read-only root calls are not delivered` });
  } else {
    findings.push({ region, check: "rule", level: "ok", message: `rule ${name} is ${rule.State}` });
  }
  const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: name }));
  const functionName = deployed.functionName;
  if (!functionName) return [...findings, notInState(region, "target", "function_name")];
  const targetsFunction = Targets.some((target) => target.Arn?.endsWith(`:function:${functionName}`));
  findings.push(
    targetsFunction
      ? { region, check: "target", level: "ok", message: `the rule targets the function ${functionName}` }
      : { region, check: "target", level: "fail", message: `the rule does not target the function ${functionName}: matched events go nowhere` },
  );
  return findings;
}

async function subscriptionCheck(region: string, deployed: Deployed, sns: SNSClient): Promise<Finding> {
  const check = "subscriptions";
  const topicArn = deployed.topicArn;
  if (!topicArn) return notInState(region, check, "topic_arn");
  const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  const pending = Subscriptions.filter((s) => s.SubscriptionArn === "PendingConfirmation").map((s) => s.Endpoint);
  const confirmed = Subscriptions.length - pending.length;
  if (confirmed === 0) {
    return { region, check, level: "fail", message: `nobody receives alerts from this Region: no confirmed subscription${pending.length ? ` (${pending.join(", ")} pending confirmation)` : ""}` };
  }
  if (pending.length > 0) return { region, check, level: "warn", message: `${confirmed} confirmed; still pending confirmation: ${pending.join(", ")}` };
  return { region, check, level: "ok", message: `${confirmed} confirmed subscription(s)` };
}

async function errorsCheck(region: string, deployed: Deployed, cloudwatch: CloudWatchClient, now: Date): Promise<Finding> {
  const { functionName, logGroupName } = deployed;
  if (!functionName) return notInState(region, "function errors", "function_name");
  const { Datapoints = [] } = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: functionName }],
      StartTime: new Date(now.getTime() - 24 * 3600_000),
      EndTime: now,
      Period: 3600,
      Statistics: ["Sum"],
    }),
  );
  const errors = Datapoints.reduce((sum, point) => sum + (point.Sum ?? 0), 0);
  return errors > 0
    ? { region, check: "function errors", level: "warn", message: `${errors} error(s) in the last 24 hours: read the log group ${logGroupName ?? `of ${functionName}`}` }
    : { region, check: "function errors", level: "ok", message: "none in the last 24 hours" };
}

async function deadLetterCheck(region: string, deployed: Deployed, sqs: SQSClient): Promise<Finding> {
  const check = "dead-letter queue";
  const url = deployed.deadLetterQueueUrl;
  if (!url) return notInState(region, check, "dead_letter_queue_url");
  const QueueName = url.slice(url.lastIndexOf("/") + 1);
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages"] }));
  const waiting = Number(Attributes.ApproximateNumberOfMessages ?? 0);
  return waiting > 0
    ? { region, check, level: "fail", message: `${waiting} root event(s) the rule could not deliver are waiting in ${QueueName}: read them, then redrive or delete them` }
    : { region, check, level: "ok", message: "empty" };
}

let outputsOnce: Promise<DeployedOutputs> | undefined;

/**
 * Every check of one Region. The names of what is checked come from the deployment's outputs
 * (read once per process from the Terraform state, unless given).
 */
export async function checkRegion(settings: Settings, region: string, now = new Date(), outputs?: DeployedOutputs): Promise<Finding[]> {
  const config = awsClientConfig(settings, region);
  const deployed = deployedIn(outputs ?? (await (outputsOnce ??= readDeployedOutputs(settings))), region);
  return [
    await trailCheck(region, new CloudTrailClient(config)),
    ...(await ruleCheck(region, settings, deployed, new EventBridgeClient(config))),
    await subscriptionCheck(region, deployed, new SNSClient(config)),
    await errorsCheck(region, deployed, new CloudWatchClient(config), now),
    await deadLetterCheck(region, deployed, new SQSClient(config)),
  ];
}
