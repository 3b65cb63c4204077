/**
 * Doctor's checks of the buffer queue, which only the deployer's credentials see well: that the
 * event source mapping takes it to the function, and that no root event has waited in it too long.
 */
import { CloudWatchClient, GetMetricStatisticsCommand, type Datapoint } from "@aws-sdk/client-cloudwatch";
import { LambdaClient, ListEventSourceMappingsCommand, type EventSourceMappingConfiguration } from "@aws-sdk/client-lambda";
import { GetQueueAttributesCommand, SQSClient, type QueueAttributeName } from "@aws-sdk/client-sqs";
import { queueNameOfUrl, type Finding } from "../../handler/self-check/finding";
import type { Settings } from "../../src/settings/settings-schema";
import { bufferAgeAlarmSeconds } from "../../src/alarms/failure-alarms";

async function queueAttributes(sqs: SQSClient, url: string, names: QueueAttributeName[]): Promise<Partial<Record<QueueAttributeName, string>>> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }));
  return Attributes;
}

/** Event source mapping states on the way to Enabled: not yet a problem, but not yet working. */
const MAPPING_ON_ITS_WAY = new Set(["Creating", "Enabling", "Updating"]);

export async function bufferMappingCheck(region: string, bufferQueueUrl: string, functionName: string, sqs: SQSClient, lambda: LambdaClient): Promise<Finding> {
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
export async function bufferAgeCheck(
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
