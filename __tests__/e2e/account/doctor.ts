/**
 * `npm run doctor` on the account deployment: it reads what it checks from the deployment's state;
 * blind without a logging trail, healthy with one, then broken link by link (rule, target, buffer
 * mapping, buffer age, both dead-letter queues). Run after every other check of the deployment but
 * its removal: it leaves the rule disabled and messages in the queues.
 */
import { CloudTrailClient, StartLoggingCommand, StopLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DisableRuleCommand, EventBridgeClient, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { GetFunctionCommand, LambdaClient, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { SETTING_DEFAULTS } from "../../../src/settings/settings-schema";
import { resourceNames } from "../../../src/contract/names";
import { BUCKET, clientOf, EMAILS, runCommand, settingsOf, TRAIL, type AccountDeployment } from "./deployment";

export function describeDoctor(d: AccountDeployment): void {
  describeDoctorHealthy(d);
  describeDoctorBroken(d);
}

function describeDoctorHealthy(d: AccountDeployment): void {
  describe("npm run doctor on that deployment", () => {
    const NAMES = resourceNames(SETTING_DEFAULTS, "us-east-1");
    const doctor = (stateBucket = BUCKET) => runCommand(d, "doctor", [], { ...settingsOf(d), ROOT_MONITOR_STATE_BUCKET: stateBucket });
    const inHome = <T>(Client: new (config: object) => T): T => clientOf(d, Client, "us-east-1");

    it("reads what it checks from the deployment's state, and says where it looked when there is none", async () => {
      await inHome(S3Client).send(new CreateBucketCommand({ Bucket: "empty-state" }));
      const result = await doctor("empty-state");
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("no Terraform state at s3://empty-state/root-activity-monitor/terraform.tfstate: is the monitor deployed with these settings (stateBucket, stateKey)?");
    });

    it("says loudly that the monitor is blind when no trail logs management events", async () => {
      // The deployment's own trail (createTrail), stopped: then no trail logs in either Region.
      await inHome(CloudTrailClient).send(new StopLoggingCommand({ Name: TRAIL.name }));
      const result = await doctor();
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("FAIL CloudTrail: NO CloudTrail trail is logging management events in this Region");
      expect(result.stdout).toContain("ok   rule: rule root-activity-monitor is ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    });

    it("finds nothing wrong with a logging multi-Region trail and a healthy deployment", async () => {
      await inHome(CloudTrailClient).send(new StartLoggingCommand({ Name: TRAIL.name }));
      const result = await doctor();
      expect(result.stdout).not.toMatch(/FAIL|WARN/);
      expect(result.stdout).toContain(`ok   CloudTrail: trail ${TRAIL.name} logs management events here`);
      expect(result.stdout).toContain(`ok   target: the rule puts root events on the buffer queue ${NAMES.bufferQueue}`);
      expect(result.stdout).toMatch(new RegExp(`ok   buffer → function: the event source mapping \\S+ from ${NAMES.bufferQueue} to ${NAMES.function} is Enabled`));
      expect(result.stdout).toContain(`ok   subscriptions: ${EMAILS.length} confirmed subscription(s)`);
      expect(result.stdout).toContain(`ok   buffer age: no root event is waiting in ${NAMES.bufferQueue}`);
      expect(result.stdout).toContain("ok   dead-letter queue: empty");
      expect(result.stdout).toContain("ok   unprocessed queue: empty");
      expect(result.code).toBe(0);
    });
  });
}

function describeDoctorBroken(d: AccountDeployment): void {
  describe("npm run doctor on that deployment, broken link by link", () => {
    const NAMES = resourceNames(SETTING_DEFAULTS, "us-east-1");
    const doctor = (stateBucket = BUCKET) => runCommand(d, "doctor", [], { ...settingsOf(d), ROOT_MONITOR_STATE_BUCKET: stateBucket });
    const inHome = <T>(Client: new (config: object) => T): T => clientOf(d, Client, "us-east-1");

    it("fails on a disabled rule, a rule aimed past the buffer, a disabled mapping and events in either dead-letter queue, and says why", async () => {
      const sqs = inHome(SQSClient);
      const queueUrl = async (QueueName: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl;
      const bufferUrl = await queueUrl(NAMES.bufferQueue);
      // The mapping first: with it enabled, the emulator would run the function (in Docker, which this
      // machine lacks) for the message sent to the buffer below.
      const lambda = inHome(LambdaClient);
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: bufferUrl, AttributeNames: ["QueueArn"] }));
      const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: Attributes?.QueueArn }));
      expect(EventSourceMappings).toHaveLength(1);
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: EventSourceMappings[0].UUID, Enabled: false }));
      const events = inHome(EventBridgeClient);
      await events.send(new DisableRuleCommand({ Name: NAMES.rule }));
      // As an earlier version deployed it: straight to the function, which now reads only the buffer.
      const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: NAMES.function }));
      await events.send(new PutTargetsCommand({ Rule: NAMES.rule, Targets: [{ Id: "notify", Arn: Configuration?.FunctionArn }] }));
      await sqs.send(new SendMessageCommand({ QueueUrl: await queueUrl(NAMES.deadLetterQueue), MessageBody: "{}" }));
      await sqs.send(new SendMessageCommand({ QueueUrl: await queueUrl(NAMES.bufferDeadLetterQueue), MessageBody: "{}" }));
      await sqs.send(new SendMessageCommand({ QueueUrl: bufferUrl, MessageBody: "{}" }));

      const result = await doctor();

      expect(result.code).toBe(1);
      expect(result.stdout).toContain("FAIL rule: rule root-activity-monitor is DISABLED: root activity here is not routed to anyone");
      expect(result.stdout).toContain(`FAIL target: the rule does not target the buffer queue ${NAMES.bufferQueue} (it targets ${Configuration?.FunctionArn})`);
      expect(result.stdout).toContain(`FAIL buffer → function: the event source mapping ${EventSourceMappings[0].UUID} from ${NAMES.bufferQueue} to ${NAMES.function} is Disabled: root events wait in the buffer and nobody is told`);
      expect(result.stdout).toContain(`WARN buffer age: 1 root event(s) are waiting in ${NAMES.bufferQueue} and CloudWatch has no age for them yet`);
      expect(result.stdout).toContain(`FAIL dead-letter queue: 1 root event(s) the rule could not deliver are waiting in ${NAMES.deadLetterQueue}, and nobody was told of them`);
      expect(result.stdout).toContain(`FAIL unprocessed queue: 1 root event(s) the function failed on several times are waiting in ${NAMES.bufferDeadLetterQueue}, and nobody was told of them`);
      expect(result.stdout).toContain("5 problem(s) mean a root action would go unreported (us-east-1)");
    });

    it("fails when the buffer's oldest message has waited over the digest interval and 5 minutes more", async () => {
      // SQS publishes this metric itself; the emulator does not, so the test puts the datapoint SQS would.
      await inHome(CloudWatchClient).send(
        new PutMetricDataCommand({
          Namespace: "AWS/SQS",
          MetricData: [{ MetricName: "ApproximateAgeOfOldestMessage", Dimensions: [{ Name: "QueueName", Value: NAMES.bufferQueue }], Timestamp: new Date(Date.now() - 60_000), Value: 720, Unit: "Seconds" }],
        }),
      );
      const result = await doctor();
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`FAIL buffer age: the oldest root event in ${NAMES.bufferQueue} has waited 12 min 0 s (over 600 s): nobody has been told of it yet`);
      expect(result.stdout).toContain("6 problem(s) mean a root action would go unreported (us-east-1)");
    });
  });
}
