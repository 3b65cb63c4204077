/**
 * The alarm construct on its own: an evaluation CloudWatch would refuse at apply time is refused at
 * synth, naming the alarm (CloudWatch: period × evaluation periods at most 7 days for periods of an
 * hour or more, 1 day below; datapoints to alarm within the evaluation periods).
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { FailureAlarms, type AlarmSpec } from "../../src/alarms/failure-alarms";

const SPEC: AlarmSpec = { id: "heartbeat", description: "test", namespace: "root-activity-monitor", metricName: "SelfCheckRuns", dimensions: { FunctionName: "fn" }, statistic: "Sum" };

const synthWith = (spec: AlarmSpec) =>
  Testing.synthScope((scope) => {
    const provider = new AwsProvider(scope, "aws", { alias: "eu-west-1", region: "eu-west-1" });
    new FailureAlarms(scope, "Alarms", { provider, alarmNamePrefix: "root-activity-monitor-", topicArn: "arn:aws:sns:eu-west-1:111122223333:t", specs: [spec] });
  });

describe("FailureAlarms", () => {
  it("accepts 7 days of hourly periods, and 1 day of minutes", () => {
    const week = JSON.parse(synthWith({ ...SPEC, period: 3600, evaluation: { periods: 168, datapointsToAlarm: 168 } }));
    expect(Object.values(week.resource.aws_cloudwatch_metric_alarm)).toEqual([expect.objectContaining({ period: 3600, evaluation_periods: 168, datapoints_to_alarm: 168 })]);
    const day = JSON.parse(synthWith({ ...SPEC, period: 60, evaluation: { periods: 1440, datapointsToAlarm: 1 } }));
    expect(Object.values(day.resource.aws_cloudwatch_metric_alarm)).toEqual([expect.objectContaining({ period: 60, evaluation_periods: 1440, datapoints_to_alarm: 1 })]);
  });

  it("refuses more than 7 days of hourly periods, naming the alarm", () => {
    expect(() => synthWith({ ...SPEC, period: 3600, evaluation: { periods: 169, datapointsToAlarm: 169 } })).toThrow(
      "FailureAlarms Alarms: alarm heartbeat evaluates 169 periods of 3600 s (608400 s); CloudWatch allows at most 604800 s for a period of 3600 s.",
    );
  });

  it("refuses more than a day of periods under an hour", () => {
    expect(() => synthWith({ ...SPEC, period: 1800, evaluation: { periods: 49, datapointsToAlarm: 49 } })).toThrow(
      "FailureAlarms Alarms: alarm heartbeat evaluates 49 periods of 1800 s (88200 s); CloudWatch allows at most 86400 s for a period of 1800 s.",
    );
  });

  it("refuses more datapoints to alarm than periods evaluated", () => {
    expect(() => synthWith({ ...SPEC, period: 3600, evaluation: { periods: 26, datapointsToAlarm: 27 } })).toThrow(
      "FailureAlarms Alarms: alarm heartbeat has 27 datapoints to alarm; allowed: 1 to its 26 evaluation periods.",
    );
  });
});
