/**
 * `npm run destroy` on the account deployment, the one removal of this topology: refused without a
 * terminal and without --auto-approve, declined with Ctrl-C in a terminal, then with --auto-approve
 * removing everything it created in every Region (the trail and its bucket included, and a Region
 * just dropped from "regions") and keeping the state bucket; run again, it has nothing to remove.
 * The suite's one removal: the organization's deployment is not destroyed.
 */
import { CloudTrailClient, DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { EventBridgeClient, ListRulesCommand } from "@aws-sdk/client-eventbridge";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { ListSubscriptionsCommand, ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { findTopicArn } from "../../../scripts/lib/commands";
import { outputName } from "../../../src/contract/names";
import { PROJECT_ROOT } from "../../../src/project-root";
import { SETTING_DEFAULTS } from "../../../src/settings/settings-schema";
import { BUCKET, clientOf, commandEnvOf, EMAILS, namesIn, outDirOf, REGIONS, runCommand, settingsOf, STATE_KEY, stackDirOf, stateObjectsOf, TRAIL, TSX, type AccountDeployment } from "./deployment";

const QUESTION = "Remove all of it? Only 'yes' goes on: ";

/** npm run destroy in a terminal of its own (Python's pty; python3 runs the emulator too), answering Ctrl-C once asked. */
function destroyInTerminal(d: AccountDeployment): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("python3", ["-c", "import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)", TSX, "scripts/destroy.ts"], {
      cwd: PROJECT_ROOT,
      env: commandEnvOf(d, { ...settingsOf(d), CDKTF_OUTDIR: outDirOf(d) }),
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const asked = output.includes(QUESTION);
      output += chunk.toString();
      if (!asked && output.includes(QUESTION)) child.stdin.end("\x03");
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

/** Nothing the deployment created is left: the trail and its bucket, and in every Region rules, functions, topics, subscriptions, roles, queues, alarms. */
async function expectNothingLeft(d: AccountDeployment): Promise<void> {
  const { trailList = [] } = await clientOf(d, CloudTrailClient, TRAIL.region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  expect(trailList.map((trail) => trail.Name)).not.toContain(TRAIL.name);
  // The emulator's trail delivers no logs, so its bucket is empty and goes. On AWS it holds the
  // account's logs, and Terraform refuses to delete a bucket that is not empty (README: createTrail).
  const { Buckets = [] } = await clientOf(d, S3Client, TRAIL.region).send(new ListBucketsCommand({}));
  expect(Buckets.map((bucket) => bucket.Name)).not.toContain(TRAIL.bucket);
  for (const region of REGIONS) {
    const client = <T>(Client: new (config: object) => T): T => clientOf(d, Client, region);
    expect(await findTopicArn(client(SNSClient), SETTING_DEFAULTS.topicName)).toBeUndefined();
    const { Topics = [] } = await client(SNSClient).send(new ListTopicsCommand({}));
    expect(Topics.map((topic) => topic.TopicArn)).not.toContain(d.outputs[outputName("topic_arn", region)]);
    const { Subscriptions = [] } = await client(SNSClient).send(new ListSubscriptionsCommand({}));
    expect(Subscriptions.filter((subscription) => EMAILS.includes(subscription.Endpoint ?? ""))).toEqual([]);
    const { Rules = [] } = await client(EventBridgeClient).send(new ListRulesCommand({ NamePrefix: SETTING_DEFAULTS.namePrefix }));
    expect(Rules).toEqual([]);
    const { Functions = [] } = await client(LambdaClient).send(new ListFunctionsCommand({}));
    expect(Functions.map((fn) => fn.FunctionName)).not.toContain(namesIn(region).function);
    await expect(client(IAMClient).send(new GetRoleCommand({ RoleName: namesIn(region).role }))).rejects.toMatchObject({ name: expect.stringMatching(/^NoSuchEntity/) });
    const { QueueUrls = [] } = await client(SQSClient).send(new ListQueuesCommand({ QueueNamePrefix: SETTING_DEFAULTS.namePrefix }));
    expect(QueueUrls).toEqual([]);
    const { MetricAlarms = [] } = await client(CloudWatchClient).send(new DescribeAlarmsCommand({ AlarmNamePrefix: namesIn(region).alarmPrefix }));
    expect(MetricAlarms).toEqual([]);
  }
}

export function describeDestroy(d: AccountDeployment): void {
  describe("npm run destroy", () => {
    const destroy = (args: string[], env: Record<string, string> = {}) => runCommand(d, "destroy", args, { ...settingsOf(d), CDKTF_OUTDIR: outDirOf(d), ...env });
    const topicStays = async () => expect(await findTopicArn(clientOf(d, SNSClient, "us-east-1"), SETTING_DEFAULTS.topicName)).toBeDefined();

    it("without a terminal and without --auto-approve refuses at once, in one line, and removes nothing", async () => {
      const result = await destroy([]);
      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr.trim().split("\n") }).toEqual({
        code: 2,
        stdout: "",
        stderr: ["npm run destroy needs a terminal to ask before it removes the deployment, and there is none here (CI, a pipe). Pass --auto-approve (npm run destroy -- --auto-approve)."],
      });
      await topicStays();
      expect(await stateObjectsOf(d)).toEqual([STATE_KEY]);
    }, 120_000);

    // Issue 21, item 4: Ctrl-C there is a no ("Nothing removed.", exit 2), not "destroy failed: Aborted with Ctrl+C".
    it("in a terminal, says what it removes, asks, and removes nothing on Ctrl-C", async () => {
      const result = await destroyInTerminal(d);
      expect(result.output).toContain(`npm run destroy removes the root activity monitor whose state is s3://${BUCKET}/${STATE_KEY}`);
      expect(result.output).toContain(QUESTION);
      expect(result.output).toContain("Nothing removed.");
      expect(result.code).toBe(2);
      await topicStays();
      // No lock held, and no destroy plan left to apply by mistake.
      expect(await stateObjectsOf(d)).toEqual([STATE_KEY]);
      expect(existsSync(path.join(stackDirOf(d), "destroy.tfplan"))).toBe(false);
    }, 180_000);

    // Run as a person who has just dropped eu-west-1 from "regions" runs it: the state says what there
    // is, and the dropped Region's resources go too (the suite's one removal; the organization's
    // deployment is not removed).
    it("with --auto-approve says what it removes, removes all of it offline from the provider mirror, in every Region (one just dropped from regions too), and keeps the state bucket", async () => {
      const result = await destroy(["--auto-approve"], { ROOT_MONITOR_REGIONS: "us-east-1" });
      if (result.code !== 0) throw new Error(`npm run destroy exited with ${result.code}:\n${result.stdout}\n${result.stderr}`.slice(-8_000));
      const said = result.stdout.split("\n");
      expect(said[0]).toBe(`npm run destroy removes the root activity monitor whose state is s3://${BUCKET}/${STATE_KEY} (state Region us-east-1):`);
      expect(said[1]).toBe("  scope: account, regional delivery");
      expect(said[2]).toMatch(/^ {2}Regions: eu-west-1 \(\d+ resources\), us-east-1 \(\d+ resources\)$/);
      expect(result.stdout).toContain(`  the trail's log bucket ${TRAIL.bucket}, only if it is empty:`);
      expect(result.stdout).toContain(`It keeps the state bucket ${BUCKET} and its state file (left with no resources), which npm run bootstrap-state made.`);
      expect(result.stderr).not.toContain("Error acquiring the state lock");
      expect(result.stderr).toContain('eu-west-1 still has resources in the state but is not in "regions": removing them too, as ROOT_MONITOR_RETIRED_REGIONS would');
      await expectNothingLeft(d);
      // The state bucket stays, with the state file and no lock; no destroy plan is left to apply by mistake.
      expect(await stateObjectsOf(d)).toEqual([STATE_KEY]);
      expect(existsSync(path.join(stackDirOf(d), "destroy.tfplan"))).toBe(false);
    }, 300_000);

    it("run again, says there is nothing to remove", async () => {
      const result = await destroy(["--auto-approve"]);
      expect({ code: result.code, stdout: result.stdout.trim() }).toEqual({ code: 0, stdout: `Nothing to remove: the state s3://${BUCKET}/${STATE_KEY} holds no resources.` });
    }, 180_000);
  });
}
