/**
 * The checks of `npm run doctor`, per Region: can the monitor see root activity, and can it tell
 * anyone? Root events travel trail → rule (→ central bus → central rule) → buffer queue → (event
 * source mapping) → function → topic → subscribers; each check looks at one link and answers ok,
 * warn (worth a look) or fail (a root action would go unreported), saying what is wrong and what to do.
 *
 * The links the function's daily self-check looks at too (trail, rules and their targets, dead-letter
 * queues, subscriptions) are checked by the same functions (handler/self-check/); doctor reads what
 * to check from the deployment's outputs, in either delivery mode, and adds what only the deployer's
 * credentials see well: the event source mapping, the function's errors, the buffer's age, the
 * self-check's own schedule.
 */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, GetMetricStatisticsCommand, type Datapoint } from "@aws-sdk/client-cloudwatch";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, type EventSourceMappingConfiguration } from "@aws-sdk/client-lambda";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, SQSClient, type QueueAttributeName } from "@aws-sdk/client-sqs";
import { arnParts, queueNameOfUrl, type Finding } from "../../handler/self-check/finding";
import { couldNotCheck } from "../../handler/self-check/check-region";
import { checkOrganizationCoverage } from "../../handler/self-check/organization-coverage";
import { readSelfCheckPlan } from "../../handler/self-check/plan";
import { checkQueueEmpty } from "../../handler/self-check/queue-depth";
import { checkRuleState } from "../../handler/self-check/rule-state";
import { checkRuleTarget } from "../../handler/self-check/rule-target";
import { checkSubscriptions } from "../../handler/self-check/subscriptions";
import { checkTrail } from "../../handler/self-check/trail";
import { redriveTo, ruleDeadLetterQueue, unprocessedQueue, type WatchedRule } from "../../handler/self-check/watched";
import type { Settings } from "../../src/settings/settings-schema";
import { bufferAgeAlarmSeconds } from "../../src/alarms/failure-alarms";
import { HANDLER_CONTRACT, type OutputKind } from "../../src/contract/names";
import { organizationsRegionOf } from "../../src/contract/regions";
import { awsClientConfig } from "./commands";
import { deployedOutput, readDeployedOutputs, type DeployedOutputs } from "./deployed-outputs";

export type { Finding, Level } from "../../handler/self-check/finding";

/** A finding for a Region whose state has no output of this kind: not deployed there, or deployed by a version without it. */
const notInState = (region: string, check: string, output: string): Finding => ({
  region,
  check,
  level: "fail",
  message: `the Terraform state has no output ${output}: the monitor is not deployed here (or was deployed by an older version: apply this one)`,
});

/** A rule's name and bus from its ARN: arn:<partition>:events:<region>:<account>:rule/[<bus>/]<name>. */
function ruleOfArn(arn: string): { readonly name: string; readonly eventBusName?: string } {
  const path = arnParts(arn).resource.split("/").slice(1);
  return path.length > 1 ? { eventBusName: path[0], name: path[1] } : { name: path[0] };
}

/** The ARN of the queue at `url` in `region`, in the partition and account of `sameAccountArn` (the outputs give queues by URL). */
function queueArnOf(url: string, region: string, sameAccountArn: string): string {
  const { partition, account } = arnParts(sameAccountArn);
  return `arn:${partition}:sqs:${region}:${account}:${queueNameOfUrl(url)}`;
}

async function queueAttributes(sqs: SQSClient, url: string, names: QueueAttributeName[]): Promise<Partial<Record<QueueAttributeName, string>>> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }));
  return Attributes;
}

/** Event source mapping states on the way to Enabled: not yet a problem, but not yet working. */
const MAPPING_ON_ITS_WAY = new Set(["Creating", "Enabling", "Updating"]);

async function bufferMappingCheck(region: string, bufferQueueUrl: string, functionName: string, sqs: SQSClient, lambda: LambdaClient): Promise<Finding> {
  const check = "buffer → function";
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

async function errorsCheck(region: string, functionName: string, logGroupName: string | undefined, cloudwatch: CloudWatchClient, now: Date): Promise<Finding> {
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
async function bufferAgeCheck(
  region: string,
  settings: Pick<Settings, "digestIntervalSeconds">,
  bufferQueueUrl: string,
  logGroupName: string | undefined,
  sqs: SQSClient,
  cloudwatch: CloudWatchClient,
  now: Date,
): Promise<Finding> {
  const check = "buffer age";
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
 * Is the self-check itself scheduled? Its schedule rule must be enabled and put its event on the
 * buffer. Worth a warning, not a failure, when it is not: root events are still told, but nothing
 * then says that the monitor went blind, and no heartbeat comes.
 */
async function scheduleCheck(region: string, scheduleRuleArn: string, bufferArn: string, events: EventBridgeClient): Promise<Finding> {
  const check = "self-check schedule";
  const schedule = { check, targetCheck: check, name: ruleOfArn(scheduleRuleArn).name, targetArn: bufferArn, carries: "the daily self-check's event" };
  const state = await checkRuleState(events, region, schedule, false);
  const found = state.level === "ok" ? await checkRuleTarget(events, region, schedule) : state;
  if (found.level === "ok") return { region, check, level: "ok", message: `rule ${schedule.name} puts the self-check's event on the buffer queue ${arnParts(bufferArn).resource} daily` };
  return { region, check, level: "warn", message: `${found.message} Until then nothing tells you that the monitor went blind, and no heartbeat comes.` };
}

let outputsOnce: Promise<DeployedOutputs> | undefined;

/**
 * Every check of one Region. The names of what is checked come from the deployment's outputs
 * (read once per process from the Terraform state, unless given). With central delivery a Region's
 * checks are its trail, its rule (forwarding to the central bus) and its dead-letter queue; the home
 * Region adds the central bus's rule and the delivery.
 */
export async function checkRegion(settings: Settings, region: string, now = new Date(), outputs?: DeployedOutputs): Promise<Finding[]> {
  const deployed = outputs ?? (await (outputsOnce ??= readDeployedOutputs(settings)));
  const central = settings.delivery === "central";
  const home = central ? settings.homeRegion : region;
  const output = (kind: OutputKind, where = region) => deployedOutput(deployed, kind, where);
  const cloudtrailIn = (where: string) => new CloudTrailClient(awsClientConfig(settings, where));
  const config = awsClientConfig(settings, region);
  const events = new EventBridgeClient(config);
  const sqs = new SQSClient(config);

  const ruleArn = output("rule_arn");
  const deadLetterUrl = output("dead_letter_queue_url");
  const bufferUrl = output("buffer_queue_url", home);
  const centralRuleArn = central ? output("central_rule_arn", home) : undefined;
  // Every rule's root events end in the one buffer of this Region's delivery (in the home Region's account and partition).
  const homeRuleArn = centralRuleArn ?? output("rule_arn", home);
  const bufferArn = bufferUrl && homeRuleArn ? queueArnOf(bufferUrl, home, homeRuleArn) : undefined;
  const bufferName = bufferUrl ? queueNameOfUrl(bufferUrl) : "of the delivery";
  const targetArn = central ? output("event_bus_arn", home) : bufferArn;
  const rule = (arn: string, checks: Pick<WatchedRule, "check" | "targetCheck" | "carries">, target: string): Omit<WatchedRule, "deadLetterQueue"> => ({
    ...checks,
    ...ruleOfArn(arn),
    targetArn: target,
  });

  const findings: Finding[] = [await checkTrail(region, cloudtrailIn)];
  if (!ruleArn) {
    findings.push(notInState(region, "rule", "rule_arn"), notInState(region, "target", "rule_arn"));
  } else {
    const ownRule = rule(ruleArn, { check: "rule", targetCheck: "target", carries: "root activity here" }, targetArn ?? "");
    findings.push(await checkRuleState(events, region, ownRule, settings.includeReadOnlyEvents));
    findings.push(targetArn ? await checkRuleTarget(events, region, ownRule) : notInState(region, "target", central ? "event_bus_arn" : "buffer_queue_url"));
  }

  const centralRule =
    centralRuleArn && bufferArn
      ? rule(centralRuleArn, { check: "central rule", targetCheck: "central target", carries: "root activity from every Region" }, bufferArn)
      : undefined;
  if (central && region === home) {
    if (!centralRule) findings.push(notInState(region, "central rule", centralRuleArn ? "buffer_queue_url" : "central_rule_arn"));
    else findings.push(await checkRuleState(events, region, centralRule, settings.includeReadOnlyEvents), await checkRuleTarget(events, region, centralRule));
  }

  if (region === home) {
    const functionName = output("function_name");
    const logGroupName = output("log_group_name");
    const topicArn = output("topic_arn");
    const cloudwatch = new CloudWatchClient(config);
    if (!bufferUrl) findings.push(notInState(region, "buffer → function", "buffer_queue_url"));
    else if (!functionName) findings.push(notInState(region, "buffer → function", "function_name"));
    else findings.push(await bufferMappingCheck(region, bufferUrl, functionName, sqs, new LambdaClient(config)));
    findings.push(topicArn ? await checkSubscriptions(new SNSClient(config), region, { topicArn, covers: central ? "any Region" : "this Region" }) : notInState(region, "subscriptions", "topic_arn"));
    findings.push(functionName ? await errorsCheck(region, functionName, logGroupName, cloudwatch, now) : notInState(region, "function errors", "function_name"));
    findings.push(bufferUrl ? await bufferAgeCheck(region, settings, bufferUrl, logGroupName, sqs, cloudwatch, now) : notInState(region, "buffer age", "buffer_queue_url"));
  }

  const ruleQueue = (check: string, url: string | undefined, outputKind: OutputKind) =>
    url ? checkQueueEmpty(sqs, region, ruleDeadLetterQueue(check, queueNameOfUrl(url), { url }, redriveTo(bufferName, home, region))) : notInState(region, check, outputKind);
  findings.push(await ruleQueue("dead-letter queue", deadLetterUrl, "dead_letter_queue_url"));
  if (central && region === home) findings.push(await ruleQueue("central dead-letter queue", output("central_dead_letter_queue_url"), "central_dead_letter_queue_url"));
  if (region === home) {
    const unprocessedUrl = output("buffer_dead_letter_queue_url");
    findings.push(
      unprocessedUrl
        ? await checkQueueEmpty(sqs, region, unprocessedQueue(queueNameOfUrl(unprocessedUrl), { url: unprocessedUrl }, output("log_group_name")))
        : notInState(region, "unprocessed queue", "buffer_dead_letter_queue_url"),
    );
    const scheduleArn = output("self_check_schedule_arn");
    if (scheduleArn && bufferArn) findings.push(await scheduleCheck(region, scheduleArn, bufferArn, events));
    else findings.push({ ...notInState(region, "self-check schedule", scheduleArn ? "buffer_queue_url" : "self_check_schedule_arn"), level: "warn" });
  }
  return findings;
}

/**
 * With scope = organization: every member account's spokes, Region by Region, as the function's own
 * self-check sees them (its plan names the stack set and the units; doctor reads it from the
 * deployed function), with the deployer's credentials. Empty in account scope.
 */
export async function checkOrganization(settings: Settings, outputs?: DeployedOutputs): Promise<Finding[]> {
  if (settings.scope !== "organization") return [];
  const home = settings.homeRegion;
  const deployed = outputs ?? (await (outputsOnce ??= readDeployedOutputs(settings)));
  const functionName = deployedOutput(deployed, "function_name", home);
  if (!functionName) return [notInState(home, "spokes", "function_name")];
  const config = awsClientConfig(settings, home);
  try {
    const { FunctionArn = "", Environment } = await new LambdaClient(config).send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    const variable = HANDLER_CONTRACT.env.selfCheck;
    const plan = readSelfCheckPlan(Environment?.Variables?.[variable] ?? "", variable);
    if (!plan.organization) {
      return [{ region: home, check: "spokes", level: "fail", message: `the function ${functionName} does not check the organization's spokes: it was deployed with scope = account. Apply again (npm run deploy).` }];
    }
    return await checkOrganizationCoverage({
      organization: plan.organization,
      regions: plan.regions,
      managementAccount: plan.account,
      cloudformation: new CloudFormationClient(config),
      organizations: new OrganizationsClient(awsClientConfig(settings, organizationsRegionOf(arnParts(FunctionArn).partition || "aws"))),
    });
  } catch (error) {
    return [couldNotCheck(home, "spokes", error)];
  }
}
