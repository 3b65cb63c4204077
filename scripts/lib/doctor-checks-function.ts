/**
 * Doctor's checks of the function beyond what its self-check sees of itself: its errors in the last
 * 24 hours, and that the schedule which starts its daily self-check is there and aimed at the buffer.
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { arnParts, type Finding } from "../../handler/self-check/finding";
import { checkRuleState } from "../../handler/self-check/rule-state";
import { checkRuleTarget } from "../../handler/self-check/rule-target";
import { ruleOfArn } from "./doctor-checks-deployed";

export async function errorsCheck(region: string, functionName: string, logGroupName: string | undefined, cloudwatch: CloudWatchClient, now: Date): Promise<Finding> {
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
/**
 * Is the self-check itself scheduled? Its schedule rule must be enabled and put its event on the
 * buffer. Worth a warning, not a failure, when it is not: root events are still told, but nothing
 * then says that the monitor went blind, and no heartbeat comes.
 */
export async function scheduleCheck(region: string, scheduleRuleArn: string, bufferArn: string, events: EventBridgeClient): Promise<Finding> {
  const check = "self-check schedule";
  const schedule = { check, targetCheck: check, name: ruleOfArn(scheduleRuleArn).name, targetArn: bufferArn, carries: "the daily self-check's event" };
  const state = await checkRuleState(events, region, schedule, false);
  const found = state.level === "ok" ? await checkRuleTarget(events, region, schedule) : state;
  if (found.level === "ok") return { region, check, level: "ok", message: `rule ${schedule.name} puts the self-check's event on the buffer queue ${arnParts(bufferArn).resource} daily` };
  return { region, check, level: "warn", message: `${found.message} Until then nothing tells you that the monitor went blind, and no heartbeat comes.` };
}
