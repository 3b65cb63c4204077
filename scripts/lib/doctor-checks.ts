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
 * self-check's own schedule (doctor-checks-buffer.ts, doctor-checks-function.ts).
 */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
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
import { HANDLER_CONTRACT, type OutputKind } from "../../src/contract/names";
import { organizationsRegionOf } from "../../src/contract/regions";
import { awsClientConfig } from "./commands";
import { deployedOutput, readDeployedOutputs, type DeployedOutputs } from "./deployed-outputs";
import { bufferAgeCheck, bufferMappingCheck } from "./doctor-checks-buffer";
import { notInState, queueArnOf, ruleOfArn } from "./doctor-checks-deployed";
import { errorsCheck, scheduleCheck } from "./doctor-checks-function";

export type { Finding, Level } from "../../handler/self-check/finding";

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
