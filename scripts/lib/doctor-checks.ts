/**
 * The checks of `npm run doctor`, per Region: can the monitor see root activity, and can it tell
 * anyone? Root events travel trail → rule → buffer queue → (event source mapping) → function →
 * topic → subscribers; each check looks at one link and answers ok, warn (worth a look) or fail (a
 * root action would go unreported), saying what is wrong and what to do.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, GetMetricStatisticsCommand, type Datapoint } from "@aws-sdk/client-cloudwatch";
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { LambdaClient, ListEventSourceMappingsCommand, type EventSourceMappingConfiguration } from "@aws-sdk/client-lambda";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, SQSClient, type QueueAttributeName } from "@aws-sdk/client-sqs";
import type { Settings } from "../../src/config";
import { bufferAgeAlarmSeconds } from "../../src/failure-alarms";
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

/** A queue's name: the last path segment of its URL (https://sqs.<region>.amazonaws.com/<account>/<name>). */
const queueNameOfUrl = (url: string) => url.slice(url.lastIndexOf("/") + 1);

/** A queue's name: the last field of its ARN (arn:aws:sqs:<region>:<account>:<name>). */
const queueNameOfArn = (arn: string) => arn.slice(arn.lastIndexOf(":") + 1);

/** What one Region's checks look at, as the deployment's outputs name it. */
interface Deployed {
  readonly topicArn?: string;
  readonly ruleName?: string;
  readonly functionName?: string;
  readonly logGroupName?: string;
  readonly deadLetterQueueUrl?: string;
  readonly bufferQueueUrl?: string;
  readonly bufferDeadLetterQueueUrl?: string;
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
    bufferQueueUrl: deployedOutput(outputs, "buffer_queue_url", region),
    bufferDeadLetterQueueUrl: deployedOutput(outputs, "buffer_dead_letter_queue_url", region),
  };
}

/** A finding for a Region whose state has no output of this kind: not deployed there, or deployed by a version without it. */
const notInState = (region: string, check: string, output: string): Finding => ({
  region,
  check,
  level: "fail",
  message: `the Terraform state has no output ${output}: the monitor is not deployed here (or was deployed by an older version: apply this one)`,
});

async function queueAttributes(sqs: SQSClient, url: string, names: QueueAttributeName[]): Promise<Partial<Record<QueueAttributeName, string>>> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }));
  return Attributes;
}

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

async function ruleCheck(region: string, settings: Settings, deployed: Deployed, events: EventBridgeClient): Promise<Finding> {
  const check = "rule";
  const name = deployed.ruleName;
  if (!name) return notInState(region, check, "rule_arn");
  const rule = await events.send(new DescribeRuleCommand({ Name: name })).catch((error: unknown) => {
    if (errorName(error) === "ResourceNotFoundException") return undefined;
    throw error;
  });
  if (!rule) return { region, check, level: "fail", message: `no rule named ${name}: the monitor is not deployed here. Apply it (npm run deploy).` };
  if (!rule.State?.startsWith("ENABLED")) {
    return { region, check, level: "fail", message: `rule ${name} is ${rule.State}: root activity here is not routed to anyone. Enable it, or apply again (npm run deploy).` };
  }
  if (settings.includeReadOnlyEvents && rule.State !== "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") {
    return { region, check, level: "warn", message: `rule ${name} is ${rule.State}: read-only root calls are not delivered` };
  }
  return { region, check, level: "ok", message: `rule ${name} is ${rule.State}` };
}

async function targetCheck(region: string, deployed: Deployed, events: EventBridgeClient): Promise<Finding> {
  const check = "target";
  const { ruleName, bufferQueueUrl } = deployed;
  if (!ruleName) return notInState(region, check, "rule_arn");
  if (!bufferQueueUrl) return notInState(region, check, "buffer_queue_url");
  const buffer = queueNameOfUrl(bufferQueueUrl);
  const targets = await events.send(new ListTargetsByRuleCommand({ Rule: ruleName })).then(
    ({ Targets = [] }) => Targets,
    (error: unknown) => {
      if (errorName(error) === "ResourceNotFoundException") return undefined;
      throw error;
    },
  );
  if (!targets) return { region, check, level: "fail", message: `no rule named ${ruleName}, so nothing puts root events on the buffer queue ${buffer}` };
  // The buffer queue is named in the rule's target by its ARN, in the outputs by its URL: both end with the queue's name.
  if (targets.some((target) => target.Arn?.split(":")[2] === "sqs" && queueNameOfArn(target.Arn) === buffer)) {
    return { region, check, level: "ok", message: `the rule puts root events on the buffer queue ${buffer}` };
  }
  const elsewhere = targets.map((target) => target.Arn).join(", ");
  return {
    region,
    check,
    level: "fail",
    message: `the rule does not target the buffer queue ${buffer} (${elsewhere ? `it targets ${elsewhere}` : "it has no target"}): the function takes root events only from the buffer, so nobody is told of what the rule matches. Apply this version again (npm run deploy).`,
  };
}

/** Event source mapping states on the way to Enabled: not yet a problem, but not yet working. */
const MAPPING_ON_ITS_WAY = new Set(["Creating", "Enabling", "Updating"]);

async function bufferMappingCheck(region: string, deployed: Deployed, sqs: SQSClient, lambda: LambdaClient): Promise<Finding> {
  const check = "buffer → function";
  const { bufferQueueUrl, functionName } = deployed;
  if (!bufferQueueUrl) return notInState(region, check, "buffer_queue_url");
  if (!functionName) return notInState(region, check, "function_name");
  const buffer = queueNameOfUrl(bufferQueueUrl);
  const { QueueArn } = await queueAttributes(sqs, bufferQueueUrl, ["QueueArn"]);
  // Listed by the queue rather than by FunctionName: AWS matches FunctionName by name or ARN, but the
  // emulator (moto) only by the exact string the mapping was created with (Terraform gives the ARN),
  // and by the queue both agree; this also shows a mapping that feeds the buffer to another function.
  const mappings: EventSourceMappingConfiguration[] = [];
  let Marker: string | undefined;
  do {
    const page = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: QueueArn, Marker }));
    mappings.push(...(page.EventSourceMappings ?? []));
    Marker = page.NextMarker;
  } while (Marker);
  // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
  const ours = mappings.filter((mapping) => mapping.FunctionArn?.split(":")[6] === functionName);
  const mapping = ours.find((m) => m.State === "Enabled") ?? ours.find((m) => MAPPING_ON_ITS_WAY.has(m.State ?? "")) ?? ours[0];
  if (!mapping) {
    const others = mappings.map((m) => m.FunctionArn).join(", ");
    return {
      region,
      check,
      level: "fail",
      message: `no event source mapping takes the buffer queue ${buffer} to the function ${functionName}${others ? ` (it feeds ${others})` : ""}: root events wait in the buffer and nobody is told. Apply this version again (npm run deploy).`,
    };
  }
  const which = `the event source mapping ${mapping.UUID} from ${buffer} to ${functionName}`;
  if (mapping.State === "Enabled") {
    // Lambda's own word on its last batch, when it has one: "OK", "No records processed" or "PROBLEM: ...".
    const last = mapping.LastProcessingResult;
    return last?.startsWith("PROBLEM")
      ? { region, check, level: "warn", message: `${which} is Enabled, but Lambda reports of its last batch: ${last}` }
      : { region, check, level: "ok", message: `${which} is Enabled` };
  }
  if (MAPPING_ON_ITS_WAY.has(mapping.State ?? "")) {
    return { region, check, level: "warn", message: `${which} is ${mapping.State}: root events wait in the buffer until it is Enabled. Run doctor again in a minute.` };
  }
  return {
    region,
    check,
    level: "fail",
    message: `${which} is ${mapping.State ?? "in no state"}: root events wait in the buffer and nobody is told. Enable it (aws lambda update-event-source-mapping --region ${region} --uuid ${mapping.UUID} --enabled), or apply again (npm run deploy).`,
  };
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

/** How far back the buffer's age is looked up: SQS publishes it every minute, a few minutes late. */
const AGE_LOOKBACK_MS = 15 * 60_000;

/**
 * Is a root event stuck in the buffer? GetQueueAttributes has no age; only CloudWatch's
 * ApproximateAgeOfOldestMessage (the metric the buffer-backed-up alarm watches) has one. The latest
 * datapoint decides. Without one, the queue itself answers what it truthfully can: nothing waiting
 * is healthy; events waiting with no age known yet is a warning, not a pass, because "how long" is
 * exactly what we cannot tell. (SQS publishes the metric only for active queues, and the emulator
 * never does.) That count is of visible messages: the function's delayed digest triggers are not
 * waiting events, and in-flight ones are being handled.
 */
async function bufferAgeCheck(region: string, settings: Pick<Settings, "digestIntervalSeconds">, deployed: Deployed, sqs: SQSClient, cloudwatch: CloudWatchClient, now: Date): Promise<Finding> {
  const check = "buffer age";
  const { bufferQueueUrl, logGroupName } = deployed;
  if (!bufferQueueUrl) return notInState(region, check, "buffer_queue_url");
  const buffer = queueNameOfUrl(bufferQueueUrl);
  const { Datapoints = [] } = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: "AWS/SQS",
      MetricName: "ApproximateAgeOfOldestMessage",
      Dimensions: [{ Name: "QueueName", Value: buffer }],
      StartTime: new Date(now.getTime() - AGE_LOOKBACK_MS),
      EndTime: now,
      Period: 60,
      Statistics: ["Maximum"],
    }),
  );
  const latest = Datapoints.reduce<Datapoint | undefined>((last, point) => (!last || (point.Timestamp ?? 0) > (last.Timestamp ?? 0) ? point : last), undefined);
  const limitSeconds = bufferAgeAlarmSeconds(settings.digestIntervalSeconds);
  const limit = `${limitSeconds} s`;
  const readLogs = `read the log group ${logGroupName ?? "of the function"} and check the buffer → function mapping`;
  if (latest?.Maximum !== undefined) {
    const seconds = Math.round(latest.Maximum);
    return seconds >= limitSeconds
      ? { region, check, level: "fail", message: `the oldest root event in ${buffer} has waited ${Math.floor(seconds / 60)} min ${seconds % 60} s (over ${limit}): nobody has been told of it yet. The function is not keeping up or not taking the buffer: ${readLogs}.` }
      : { region, check, level: "ok", message: `the oldest message in ${buffer} is ${seconds} s old` };
  }
  const { ApproximateNumberOfMessages } = await queueAttributes(sqs, bufferQueueUrl, ["ApproximateNumberOfMessages"]);
  const waiting = Number(ApproximateNumberOfMessages ?? 0);
  return waiting > 0
    ? { region, check, level: "warn", message: `${waiting} root event(s) are waiting in ${buffer} and CloudWatch has no age for them yet: run doctor again in a few minutes. If they are still there, ${readLogs}.` }
    : { region, check, level: "ok", message: `no root event is waiting in ${buffer}` };
}

/**
 * A dead-letter queue must be empty: every message in one is a root event nobody was told about.
 * Counts the visible messages and those someone is reading right now (in flight), which are still there.
 */
async function emptyQueueCheck(
  region: string,
  sqs: SQSClient,
  queue: { readonly check: string; readonly url: string | undefined; readonly output: string; readonly whose: string; readonly whatToDo: string },
): Promise<Finding> {
  const { check, url } = queue;
  if (!url) return notInState(region, check, queue.output);
  const attributes = await queueAttributes(sqs, url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
  const waiting = Number(attributes.ApproximateNumberOfMessages ?? 0) + Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  return waiting > 0
    ? { region, check, level: "fail", message: `${waiting} root event(s) ${queue.whose} are waiting in ${queueNameOfUrl(url)}, and nobody was told of them: ${queue.whatToDo}` }
    : { region, check, level: "ok", message: "empty" };
}

const ruleDeadLetterCheck = (region: string, deployed: Deployed, sqs: SQSClient) =>
  emptyQueueCheck(region, sqs, {
    check: "dead-letter queue",
    url: deployed.deadLetterQueueUrl,
    output: "dead_letter_queue_url",
    whose: "the rule could not deliver",
    whatToDo: `read them, then move them to the buffer queue${deployed.bufferQueueUrl ? ` ${queueNameOfUrl(deployed.bufferQueueUrl)}` : ""} (SQS: start a message move task) or delete them`,
  });

const bufferDeadLetterCheck = (region: string, deployed: Deployed, sqs: SQSClient) =>
  emptyQueueCheck(region, sqs, {
    check: "unprocessed queue",
    url: deployed.bufferDeadLetterQueueUrl,
    output: "buffer_dead_letter_queue_url",
    whose: "the function failed on several times",
    whatToDo: `read the log group ${deployed.logGroupName ?? "of the function"} for the cause, fix it, then redrive them to the buffer (SQS: start a DLQ redrive)`,
  });

let outputsOnce: Promise<DeployedOutputs> | undefined;

/**
 * Every check of one Region. The names of what is checked come from the deployment's outputs
 * (read once per process from the Terraform state, unless given).
 */
export async function checkRegion(settings: Settings, region: string, now = new Date(), outputs?: DeployedOutputs): Promise<Finding[]> {
  const config = awsClientConfig(settings, region);
  const deployed = deployedIn(outputs ?? (await (outputsOnce ??= readDeployedOutputs(settings))), region);
  const events = new EventBridgeClient(config);
  const sqs = new SQSClient(config);
  const cloudwatch = new CloudWatchClient(config);
  return [
    await trailCheck(region, new CloudTrailClient(config)),
    await ruleCheck(region, settings, deployed, events),
    await targetCheck(region, deployed, events),
    await bufferMappingCheck(region, deployed, sqs, new LambdaClient(config)),
    await subscriptionCheck(region, deployed, new SNSClient(config)),
    await errorsCheck(region, deployed, cloudwatch, now),
    await bufferAgeCheck(region, settings, deployed, sqs, cloudwatch, now),
    await ruleDeadLetterCheck(region, deployed, sqs),
    await bufferDeadLetterCheck(region, deployed, sqs),
  ];
}
