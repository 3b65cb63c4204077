/**
 * The operator commands that need no deployment, run as a person runs them (through pipes, without a
 * terminal), against the emulator: a changed backend (plan, deploy and destroy refuse it; a plan file
 * is kept only once its summary passed), organization scope in an account of no organization, and
 * test-alert on a delivery made by hand. The commands on a deployment (bootstrap-state, deploy, plan,
 * --migrate-state, doctor, destroy) run on the one account deployment, account-deployment.test.ts.
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { driveBuffer } from "../../emulator/buffer-driver";
import { createEmulatedDelivery, type EmulatedDelivery } from "../../emulator/emulated-delivery";
import { isolatedEnv } from "../../emulator/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { SETTING_DEFAULTS } from "../../src/settings/settings-schema";
import { STACK_NAME } from "../../src/contract/names";
import { PROJECT_ROOT } from "../../src/project-root";

const BUCKET = "operator-test-state";

describe("operator commands against the emulator", () => {
  let moto: MotoServer;
  let workDir: string;
  beforeAll(async () => {
    moto = await startMotoServer();
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-operator-"));
    // The state bucket the plans below use (npm run bootstrap-state is tested where it serves a deployment).
    await new S3Client(emulatorClientConfig(moto.endpoint, "us-east-1")).send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  afterAll(async () => {
    await moto?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const client = <T>(Client: new (config: object) => T, region: string): T =>
    new Client(emulatorClientConfig(moto.endpoint, region));

  const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  const commandEnv = (env: Record<string, string>) => ({ ...isolatedEnv(), ...EMULATOR_ENV, ROOT_MONITOR_AWS_ENDPOINT: moto.endpoint, ROOT_MONITOR_STATE_BUCKET: BUCKET, ...env });

  /** Runs `npm run <script>` the way the package script does, with the emulator as awsEndpoint, through pipes: no terminal. */
  const run = (script: string, args: string[] = [], env: Record<string, string> = {}) =>
    promisify(execFile)(TSX, [`scripts/${script}.ts`, ...args], {
      cwd: PROJECT_ROOT,
      env: commandEnv(env),
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  // Issue 21, items 2 and 6: plans only, in a stack folder and under a state key of their own, so that
  // nothing here touches the deployment the later tests make.
  describe("npm run plan on a changed backend, and outside an organization", () => {
    const MOVED_BUCKET = "operator-test-state-moved";
    const KEY = "backend-change/terraform.tfstate";
    const planIn = (folder: string, env: Record<string, string>, args: string[] = []) =>
      run("plan", args, { ROOT_MONITOR_REGIONS: "us-east-1", ROOT_MONITOR_STATE_KEY: KEY, HOME: workDir, CDKTF_OUTDIR: path.join(workDir, folder), ...env });
    /** What plan prints after its progress lines (`[  1.2s] …`). */
    const told = (stderr: string) => stderr.split("\n").filter((line) => !/^\[\s*[\d.]+s\] /.test(line)).join("\n").trim();

    it("refuses a changed state bucket, naming old and new and that the old state stays; with --reconfigure it plans on the new one", async () => {
      await client(S3Client, "us-east-1").send(new CreateBucketCommand({ Bucket: MOVED_BUCKET }));
      const first = await planIn("backend-change", {});
      expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: expect.any(String) });

      const moved = await planIn("backend-change", { ROOT_MONITOR_STATE_BUCKET: MOVED_BUCKET });
      expect(moved.code).toBe(2);
      expect(told(moved.stderr)).toBe(
        [
          "The state backend changed since Terraform last initialised this stack folder:",
          `  stateBucket (ROOT_MONITOR_STATE_BUCKET): "${BUCKET}" → "${MOVED_BUCKET}"`,
          `The old state stays where it is (s3://${BUCKET}/${KEY} in us-east-1, at the endpoint ${moto.endpoint}), untouched, and what it records stays deployed; nothing was initialised, planned or changed.`,
          `New backend: s3://${MOVED_BUCKET}/${KEY} in us-east-1, at the endpoint ${moto.endpoint}. Run this again with one of:`,
          "  npm run plan -- --reconfigure     use the new backend as it is (for example: the emulator was tried, and AWS is now the target); the old state is left untouched.",
          "  npm run plan -- --migrate-state   copy the old state to the new backend (terraform init -migrate-state -force-copy); only while the old backend is still reachable.",
        ].join("\n"),
      );
      expect(existsSync(path.join(workDir, "backend-change", "stacks", STACK_NAME, "plan.tfplan"))).toBe(false);

      const reconfigured = await planIn("backend-change", { ROOT_MONITOR_STATE_BUCKET: MOVED_BUCKET }, ["--reconfigure"]);
      expect({ code: reconfigured.code, stderr: reconfigured.stderr }).toEqual({ code: 0, stderr: expect.stringContaining(`--reconfigure: using the new backend, s3://${MOVED_BUCKET}/${KEY}`) });
      expect(reconfigured.stdout).toMatch(/^\| us-east-1 \| [1-9]\d* \| 0 \| 0 \| 0 \|$/m);

      // deploy settles the backend as plan does, before its own init: back to the first bucket is refused the same way.
      const deploy = await run("deploy", ["--auto-approve", "--output", path.join(workDir, "backend-change")], { ROOT_MONITOR_REGIONS: "us-east-1", ROOT_MONITOR_STATE_KEY: KEY, HOME: workDir });
      expect(deploy.code).toBe(2);
      expect(deploy.stderr).toContain(`  stateBucket (ROOT_MONITOR_STATE_BUCKET): "${MOVED_BUCKET}" → "${BUCKET}"\n`);
      expect(deploy.stderr).toContain("\n  npm run deploy -- --reconfigure     use the new backend as it is");

      // destroy too: a mistyped stateKey is a changed backend, never "Nothing to remove" about a state nobody meant.
      const typo = "backend-chnage/terraform.tfstate";
      const destroy = await run("destroy", ["--auto-approve", "--output", path.join(workDir, "backend-change")], {
        ROOT_MONITOR_REGIONS: "us-east-1",
        ROOT_MONITOR_STATE_BUCKET: MOVED_BUCKET,
        ROOT_MONITOR_STATE_KEY: typo,
        HOME: workDir,
      });
      expect({ code: destroy.code, stdout: destroy.stdout }).toEqual({ code: 2, stdout: "" });
      expect(destroy.stderr).toContain(`  stateKey (ROOT_MONITOR_STATE_KEY): "${KEY}" → "${typo}"\n`);
      expect(destroy.stderr).toContain("\n  npm run destroy -- --reconfigure     use the new backend as it is");
    }, 240_000);

    // Issue 21, item 3: the plan file Terraform writes becomes plan.tfplan, which the README's step 3
    // applies, only once its summary has passed; a failure on the way leaves no plan file at all.
    it("leaves no plan file to apply when a step after terraform plan fails", async () => {
      const fakeBin = path.join(workDir, "failing-state-pull");
      mkdirSync(fakeBin, { recursive: true });
      const real = (await promisify(execFile)("sh", ["-c", "command -v terraform"])).stdout.trim();
      writeFileSync(
        path.join(fakeBin, "terraform"),
        `#!/bin/sh\nif [ "$1" = state ] && [ "$2" = pull ]; then echo "state pull refused by the test" >&2; exit 1; fi\nexec ${real} "$@"\n`,
        { mode: 0o755 },
      );
      const plan = await planIn("backend-change", { ROOT_MONITOR_STATE_BUCKET: MOVED_BUCKET, PATH: `${fakeBin}:${process.env.PATH ?? ""}` });
      expect({ code: plan.code, told: told(plan.stderr) }).toEqual({ code: 1, told: "plan failed: terraform state pull exited with 1:\nstate pull refused by the test" });
      const stackDir = path.join(workDir, "backend-change", "stacks", STACK_NAME);
      expect(readdirSync(stackDir).filter((file) => file.endsWith(".tfplan"))).toEqual([]);
    }, 180_000);

    it("tells organization scope in an account of no organization in its own words, not Terraform's", async () => {
      const plan = await planIn("no-organization", { ROOT_MONITOR_SCOPE: "organization", ROOT_MONITOR_STATE_KEY: "no-organization/terraform.tfstate" });
      expect(plan.code).toBe(1);
      expect(told(plan.stderr)).toBe(
        "plan failed: scope is organization, but this account is in no AWS Organization (Organizations answered that none is in use for it). " +
          "To monitor this account alone, set scope back to account (scope in cdktf.json, or ROOT_MONITOR_SCOPE=account); " +
          "to monitor an organization, run this with credentials of its management account.",
      );
      // deploy runs the same plan, and tells it the same way, where cdktf showed Terraform's text.
      const deploy = await run("deploy", ["--auto-approve", "--output", path.join(workDir, "no-organization")], {
        ROOT_MONITOR_REGIONS: "us-east-1",
        ROOT_MONITOR_SCOPE: "organization",
        ROOT_MONITOR_STATE_KEY: "no-organization/terraform.tfstate",
        HOME: workDir,
      });
      expect({ code: deploy.code, told: told(deploy.stderr) }).toEqual({
        code: 1,
        told: told(plan.stderr).replace(/^plan failed: /, "deploy failed: "),
      });
    }, 240_000);
  });

  describe("test-alert", () => {
    // A delivery's buffer, table and topic made by hand in eu-west-1, with the default names, and the
    // built function driven with the buffer's batches as the event source mapping would: the test
    // message goes the monitor's own path, buffer, function, publish second, topic.
    const home = "eu-west-1";
    let delivery: EmulatedDelivery;
    beforeAll(async () => {
      delivery = await createEmulatedDelivery(moto.endpoint, SETTING_DEFAULTS.namePrefix, home);
    });
    const driveFunction = () => driveBuffer({ sqs: client(SQSClient, home), queueUrl: delivery.bufferQueueUrl, queueArn: delivery.bufferQueueArn, region: home, env: delivery.env, maxMs: 60_000 });

    it("puts a test message on the Region's buffer, which the function tells as a clearly marked test through its topic", async () => {
      const result = await run("test-alert", ["--region", home], { ROOT_MONITOR_REGIONS: "us-east-1,eu-west-1" });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^eu-west-1: test message \S+ put on root-activity-monitor-buffer in eu-west-1; the monitor's function publishes it to its topic within a minute$/m);
      const driven = await driveFunction();
      expect(driven.failedRecords).toBe(0);
      const envelopes = await delivery.delivered();
      expect(envelopes.map((envelope) => envelope.Subject)).toEqual(["[TEST] Root activity monitor in eu-west-1"]);
      expect(envelopes[0].Message).toContain("THIS IS A TEST. No root activity happened.");
      expect(envelopes[0].Message).toMatch(/Sent by \(SQS SenderId\): [A-Za-z0-9:+=,.@_-]+\n/);
    });

    it("with central delivery, puts one test on the home Region's buffer for every Region", async () => {
      const result = await run("test-alert", ["--region", "all"], { ROOT_MONITOR_REGIONS: "us-east-1,ap-south-1", ROOT_MONITOR_DELIVERY: "central", ROOT_MONITOR_HOME_REGION: home });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^us-east-1, ap-south-1, eu-west-1: test message \S+ put on root-activity-monitor-buffer in eu-west-1;/);
      await driveFunction();
      const envelopes = await delivery.delivered();
      expect(envelopes.map((envelope) => envelope.Subject)).toEqual(["[TEST] Root activity monitor in eu-west-1"]);
      expect(envelopes[0].Message).toContain("that notifications for us-east-1, ap-south-1, eu-west-1 reach you");
    });

    it("says so when a Region has no deployed buffer", async () => {
      const result = await run("test-alert", ["--region", "us-east-1"], { ROOT_MONITOR_REGIONS: "us-east-1" });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("us-east-1: no buffer queue named root-activity-monitor-buffer; is the monitor deployed there?");
    });

    it("refuses a Region that is not monitored", async () => {
      const result = await run("test-alert", ["--region", "mars-north-1"], { ROOT_MONITOR_REGIONS: "us-east-1" });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--region mars-north-1: not monitored");
    });
  });
});
