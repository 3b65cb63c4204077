/**
 * The alarms that tell people a chat copy was missed (issue 23): one on the count the function writes
 * when its publish fails, one on SNS's own count of deliveries to the chat service it gave up on.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { chatAlarmSpecs, FailureAlarms } from "../../src/alarms/failure-alarms";

describe("the chat alarms", () => {
  it("fire on the first chat copy the function could not publish, and on the first SNS could not deliver, and are quiet when none failed", () => {
    expect(chatAlarmSpecs("root-activity-monitor-handler", "root-activity-monitor-chat")).toEqual([
      expect.objectContaining({ id: "chat-delivery-failed", namespace: "AWS/SNS", metricName: "NumberOfNotificationsFailed", dimensions: { TopicName: "root-activity-monitor-chat" }, statistic: "Sum" }),
      expect.objectContaining({
        id: "chat-copy-failed",
        namespace: "root-activity-monitor",
        metricName: "ChatCopiesFailed",
        dimensions: { FunctionName: "root-activity-monitor-handler" },
        statistic: "Sum",
      }),
    ]);
  });

  it("are made by FailureAlarms like every other alarm, publishing to the alarm topic", () => {
    const stack = new TerraformStack(Testing.app(), "chat-alarm");
    const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
    new FailureAlarms(stack, "Alarms", { provider, alarmNamePrefix: "root-activity-monitor-", topicArn: "arn:aws:sns:us-east-1:111122223333:t", specs: chatAlarmSpecs("fn", "chat-topic") });
    const alarms = (Object.values(JSON.parse(Testing.synth(stack)).resource.aws_cloudwatch_metric_alarm) as Array<Record<string, string>>).sort((a, b) => b.alarm_name.localeCompare(a.alarm_name));
    const common = { threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold", treat_missing_data: "notBreaching", alarm_actions: ["arn:aws:sns:us-east-1:111122223333:t"] };
    expect(alarms).toEqual([
      expect.objectContaining({ alarm_name: "root-activity-monitor-chat-delivery-failed", namespace: "AWS/SNS", metric_name: "NumberOfNotificationsFailed", dimensions: { TopicName: "chat-topic" }, ...common }),
      expect.objectContaining({ alarm_name: "root-activity-monitor-chat-copy-failed", metric_name: "ChatCopiesFailed", ...common }),
    ]);
  });
});
