/** The alarm that tells people a chat copy was missed (issue 23): on the count the function writes when one fails. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { chatAlarmSpecs, FailureAlarms } from "../../src/alarms/failure-alarms";

describe("the chat-copy alarm", () => {
  it("fires on the first chat copy that failed, on the function's own count, and is quiet when none did", () => {
    expect(chatAlarmSpecs("root-activity-monitor-handler")).toEqual([
      expect.objectContaining({
        id: "chat-copy-failed",
        namespace: "root-activity-monitor",
        metricName: "ChatCopiesFailed",
        dimensions: { FunctionName: "root-activity-monitor-handler" },
        statistic: "Sum",
      }),
    ]);
  });

  it("is made by FailureAlarms like every other alarm, publishing to the alarm topic", () => {
    const stack = new TerraformStack(Testing.app(), "chat-alarm");
    const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
    new FailureAlarms(stack, "Alarms", { provider, alarmNamePrefix: "root-activity-monitor-", topicArn: "arn:aws:sns:us-east-1:111122223333:t", specs: chatAlarmSpecs("fn") });
    const alarms = Object.values(JSON.parse(Testing.synth(stack)).resource.aws_cloudwatch_metric_alarm) as Array<Record<string, unknown>>;
    expect(alarms).toEqual([
      expect.objectContaining({ alarm_name: "root-activity-monitor-chat-copy-failed", metric_name: "ChatCopiesFailed", threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold", treat_missing_data: "notBreaching", alarm_actions: ["arn:aws:sns:us-east-1:111122223333:t"] }),
    ]);
  });
});
