/**
 * `npm run test-alert -- --region <region>` (or `--region all`): publishes a clearly marked test
 * notification through the deployed topic that tells that Region's root activity (its own, or with
 * central delivery the home Region's, once), so that people can confirm delivery end to end without
 * touching the root user. Uses the standard AWS configuration and the awsEndpoint setting.
 */
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { MAX_SUBJECT_LENGTH, toSubjectText } from "../handler/subject";
import { deliveryRegionOf } from "../src/delivery-mode";
import { awsClientConfig, commandSettings, findTopicArn, flagValue } from "./lib/commands";
import { runCommand } from "./lib/run-command";

export const TEST_SUBJECT_PREFIX = "[TEST] Root activity monitor";

async function main(argv: readonly string[]): Promise<number> {
  const settings = commandSettings();
  const wanted = flagValue(argv, "--region");
  if (!wanted) {
    console.error(`Say which Region: --region <one of ${settings.regions.join(", ")}> or --region all`);
    return 2;
  }
  const regions = wanted === "all" ? settings.regions : [wanted];
  const unknown = regions.filter((region) => !settings.regions.includes(region));
  if (unknown.length > 0) {
    console.error(`--region ${wanted}: not monitored. Monitored Regions: ${settings.regions.join(", ")}`);
    return 2;
  }
  // With central delivery every Region is told through the home Region's one topic: one test for all.
  const byTopicRegion = new Map<string, string[]>();
  for (const region of regions) byTopicRegion.set(deliveryRegionOf(settings, region), [...(byTopicRegion.get(deliveryRegionOf(settings, region)) ?? []), region]);
  let failures = 0;
  for (const [region, covered] of byTopicRegion) {
    const sns = new SNSClient(awsClientConfig(settings, region));
    const topicArn = await findTopicArn(sns, settings.topicName);
    if (!topicArn) {
      console.error(`${region}: no topic named ${settings.topicName}; is the monitor deployed there?`);
      failures += 1;
      continue;
    }
    const sentAt = new Date().toISOString();
    const subject = toSubjectText(`${TEST_SUBJECT_PREFIX} in ${region}`).slice(0, MAX_SUBJECT_LENGTH);
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: subject,
        Message: [
          "THIS IS A TEST. No root activity happened.",
          "",
          `Someone ran the root activity monitor's test alert at ${sentAt} to confirm that notifications`,
          `for ${covered.join(", ")} reach you. If you read this, delivery for ${covered.length === 1 ? "that Region" : "those Regions"} works.`,
          "",
          `Topic: ${topicArn}`,
          "",
        ].join("\n"),
        MessageAttributes: { kind: { DataType: "String", StringValue: "test" } },
      }),
    );
    console.log(`${covered.join(", ")}: test notification ${MessageId} published to ${topicArn}`);
  }
  return failures > 0 ? 1 : 0;
}

runCommand("test-alert", () => main(process.argv.slice(2)));
