/**
 * The account-scope monitor (regional delivery), deployed once on the emulator the way a person does
 * it, and every check of that topology made on that one deployment: `npm run bootstrap-state` makes
 * the state bucket; `npm run deploy` refuses without a terminal, then deploys with --auto-approve,
 * offline from the provider mirror, to two Regions with a trail of its own (createTrail); then what it
 * created, read through the AWS API (account/resources.ts); the plans on it: no drift and the state
 * lock, a plan that changes much, a dropped Region, the refusals (account/plans.ts); root activity
 * through the deployed pattern and pipeline (account/burst.ts); `npm run doctor` healthy and broken
 * (account/doctor.ts); and `npm run destroy`, the one removal (account/destroy.ts). Every deployment,
 * plan and destroy costs half a minute or more: this file used to be two (deploy-on-emulator and the
 * deployment half of operator-commands), each deploying and destroying on its own.
 */
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startMotoServer } from "../../emulator/moto-server";
import { findTopicArn } from "../../scripts/lib/commands";
import { SETTING_DEFAULTS } from "../../src/settings/settings-schema";
import { describeBootstrapState } from "./account/bootstrap";
import { describeBurst, describePattern } from "./account/burst";
import { clientOf, EMAILS, outDirOf, readDeployment, runCommand, settingsOf, stateObjectsOf, type AccountDeployment } from "./account/deployment";
import { describeDestroy } from "./account/destroy";
import { describeDoctor } from "./account/doctor";
import { describePlans } from "./account/plans";
import { describeResources } from "./account/resources";

jest.setTimeout(180_000);

describe("the account-scope monitor, deployed once with npm run deploy to the emulator", () => {
  const d = {} as AccountDeployment;
  beforeAll(async () => {
    d.moto = await startMotoServer();
    d.workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-account-"));
  });
  // No destroy here: the emulator, stopped, forgets everything; the removal is tested once, below.
  afterAll(async () => {
    await d.moto?.stop();
    if (d.workDir) rmSync(d.workDir, { recursive: true, force: true });
  });

  describeBootstrapState(d);

  describe("npm run deploy into the bootstrapped bucket", () => {
    // Issue 21, item 1: through a pipe, cdktf's interactive review crashed ("Raw mode is not
    // supported") and left the state locked, so that the next deploy and plan failed on the lock.
    it("npm run deploy without a terminal and without --auto-approve refuses at once, in one line, and takes no lock", async () => {
      const deploy = await runCommand(d, "deploy", ["--output", outDirOf(d)], settingsOf(d));
      expect({ code: deploy.code, stdout: deploy.stdout, stderr: deploy.stderr.trim().split("\n") }).toEqual({
        code: 2,
        stdout: "",
        stderr: [
          "npm run deploy needs a terminal to ask for approval, and there is none here (CI, a pipe). Pass --auto-approve (npm run deploy -- --auto-approve), or run npm run plan and apply its plan file (see the README's Deploy step 3).",
        ],
      });
      expect(await stateObjectsOf(d)).toEqual([]);
    }, 120_000);

    it("npm run deploy -- --auto-approve deploys offline from the provider mirror, without a terminal: in two Regions, with its trail: the topic and three subscriptions", async () => {
      const deploy = await runCommand(d, "deploy", ["--auto-approve", "--output", outDirOf(d)], settingsOf(d));
      if (deploy.code !== 0) throw new Error(`npm run deploy exited with ${deploy.code}:\n${deploy.stdout}\n${deploy.stderr}`.slice(-8_000));
      expect(`${deploy.stdout}${deploy.stderr}`).not.toMatch(/Raw mode|Error acquiring the state lock/);
      // The lock is released: only the state file is left.
      expect(await stateObjectsOf(d)).toEqual(["root-activity-monitor/terraform.tfstate"]);

      const sns = clientOf(d, SNSClient, "us-east-1");
      const topicArn = await findTopicArn(sns, SETTING_DEFAULTS.topicName);
      expect(topicArn).toBeDefined();
      const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
      expect(Subscriptions.map((subscription) => subscription.Endpoint).sort()).toEqual([...EMAILS].sort());
      await readDeployment(d);
    }, 420_000);
  });

  describe("as deployed", () => describeResources(d));
  describe("plans on the deployment", () => describePlans(d));
  describe("root activity through the deployment", () => {
    describePattern(d);
    describeBurst(d);
  });
  describeDoctor(d);
  describeDestroy(d);
});
