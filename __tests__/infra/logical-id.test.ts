import { makeUniqueId } from "cdktf/lib/private/unique";
import { KNOWN_REGIONS } from "../../src/contract/regions";
import { legacyAddress } from "../../src/terraform/legacy-address";
import { logicalId } from "../../src/terraform/logical-id";

/** The construct paths below a Region that the app's `moved` blocks name (root-activity-rule.ts, email-subscriptions.ts), in every Region. */
const ALARM_IDS = ["rule-failed-invocations", "rule-dead-letter-failures", "dead-letter-queue-not-empty"];
const projectPaths = (region: string): string[][] => [
  [region, "Rule"],
  [region, "Target"],
  [region, "DeadLetterQueue", "Queue"],
  ...ALARM_IDS.map((id) => [region, "Alarms", id]),
  ...ALARM_IDS.map((id) => [region, "Alarms", `central-${id}`]),
  ...Array.from({ length: 12 }, (_, index) => [region, `Email${index}`]),
  ...Array.from({ length: 12 }, (_, index) => [region, `AlarmEmail${index}`]),
];

describe("logicalId", () => {
  it.each(KNOWN_REGIONS)("gives every path the app moves resources from in %s the id cdktf's makeUniqueId gives it", (region) => {
    const paths = projectPaths(region);
    expect(paths.map(logicalId)).toEqual(paths.map((ids) => makeUniqueId([...ids])));
  });

  it.each([
    ["one id, kept as it is but for characters Terraform does not allow", ["My.Topic!"]],
    ["Default, left out altogether", ["us-east-1", "Default", "Rule"]],
    ["Resource, hashed but not shown", ["us-east-1", "Resource"]],
    ["an id the one before it ends with, shown once", ["Alarms", "Alarms", "x"]],
    ["a path longer than the readable part allows", ["a".repeat(200), "b".repeat(100)]],
    ["one id longer than an id may be", ["c".repeat(300)]],
  ])("follows cdktf for %s", (_, ids) => {
    expect(logicalId(ids)).toBe(makeUniqueId([...ids]));
  });

  it("throws, as cdktf does, for a path with no id", () => {
    expect(() => logicalId(["Default"])).toThrow("A logical id needs at least one construct id below the stack (other than Default).");
    expect(() => makeUniqueId(["Default"])).toThrow();
  });
});

describe("legacyAddress", () => {
  it("names the addresses the last release deployed", () => {
    // Read from the Terraform JSON of the release before the rooms (three Regions, two emails).
    expect(legacyAddress("aws_sns_topic_subscription", ["us-east-1", "Email0"])).toBe("aws_sns_topic_subscription.us-east-1_Email0_DF66F92B");
    expect(legacyAddress("aws_cloudwatch_event_rule", ["eu-west-1", "Rule"])).toBe("aws_cloudwatch_event_rule.eu-west-1_Rule_57ECB637");
    expect(legacyAddress("aws_sqs_queue", ["us-east-1", "DeadLetterQueue", "Queue"])).toBe("aws_sqs_queue.us-east-1_DeadLetterQueue_BE7D882C");
    expect(legacyAddress("aws_cloudwatch_metric_alarm", ["us-east-1", "Alarms", "rule-failed-invocations"])).toBe("aws_cloudwatch_metric_alarm.us-east-1_Alarms_rule-failed-invocations_D0BB6757");
  });
});
