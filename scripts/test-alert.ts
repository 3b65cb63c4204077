/**
 * `npm run test-alert -- --region <region>` (or `--region all`): puts a test message on the buffer
 * queue of the delivery that tells that Region's root activity (its own, or with central delivery
 * the home Region's, once); the monitor's function reads it and publishes a clearly marked test
 * notification through its own topic (handler/publishing/test-alert.ts). So people confirm delivery end to end,
 * the function included, without touching the root user. Only the function may publish to the topic,
 * and only the function and the roles of `operatorRoleArns` may send to the buffer: run it as one of
 * those roles. Uses the standard AWS configuration and the awsEndpoint setting.
 */
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { testAlertBody } from "../handler/publishing/test-alert";
import { deliveryRegionOf } from "../src/contract/delivery-mode";
import { resourceNames } from "../src/contract/names";
import { awsClientConfig, commandSettings, flagValue } from "./lib/commands";
import { runCommand } from "./lib/run-command";
import { isAccessDenied, isMissingQueue, NOT_AN_OPERATOR } from "./lib/test-alert-refusal";

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
  // With central delivery every Region is told through the home Region's one delivery: one test for all.
  const byDeliveryRegion = new Map<string, string[]>();
  for (const region of regions) byDeliveryRegion.set(deliveryRegionOf(settings, region), [...(byDeliveryRegion.get(deliveryRegionOf(settings, region)) ?? []), region]);
  let failures = 0;
  for (const [region, covered] of byDeliveryRegion) {
    const sqs = new SQSClient(awsClientConfig(settings, region));
    const bufferName = resourceNames(settings, region).bufferQueue;
    let queueUrl: string | undefined;
    try {
      queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: bufferName }))).QueueUrl;
    } catch (error) {
      if (!isMissingQueue(error)) throw error;
      console.error(`${region}: no buffer queue named ${bufferName}; is the monitor deployed there?`);
      failures += 1;
      continue;
    }
    try {
      const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: testAlertBody({ regions: covered }) }));
      console.log(`${covered.join(", ")}: test message ${MessageId} put on ${bufferName} in ${region}; the monitor's function publishes it to its topic within a minute`);
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      console.error(`${region}: ${NOT_AN_OPERATOR}`);
      failures += 1;
    }
  }
  return failures > 0 ? 1 : 0;
}

runCommand("test-alert", () => main(process.argv.slice(2)));
