/**
 * The README's synth command on this checkout, with no AWS credentials at all, then the real
 * `terraform validate` on what it wrote (providers from the local mirror when
 * ROOT_MONITOR_PROVIDER_MIRROR is set, else from the registry).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DEFAULT_REGIONS } from "../../src/contract/regions";
import { STACK_NAME } from "../../src/contract/names";
import { terraformEnvironment } from "../../scripts/lib/terraform-cli-config";
import { isolatedEnv as withoutAws } from "../../emulator/emulator-deployment";

const ROOT = path.join(__dirname, "..", "..");


describe("cdktf synth and terraform validate", () => {
  let workDir: string;
  let stackDir: string;

  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-synth-"));
    const outDir = path.join(workDir, "cdktf.out");
    execFileSync(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", outDir], {
      cwd: ROOT,
      // createTrail on and a Slack and a Teams channel, so that validate covers the optional trail and chat resources too.
      env: {
        ...withoutAws(process.env),
        CHECKPOINT_DISABLE: "1",
        CI: "1",
        HOME: workDir,
        ROOT_MONITOR_CREATE_TRAIL: "true",
        ROOT_MONITOR_SLACK_CHANNELS: "T07ABCDEF12/C07ABCDEF34",
        ROOT_MONITOR_TEAMS_CHANNELS: "5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b/19%3a0123abcd%40thread.tacv2/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
      },
      stdio: "pipe",
    });
    stackDir = path.join(outDir, "stacks", STACK_NAME);
  }, 120_000);

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("writes the stack for all 17 default Regions without AWS credentials, the trail and the chat channels included", () => {
    const json = JSON.parse(readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    expect(json.provider.aws.map((provider: { alias: string }) => provider.alias)).toEqual([...DEFAULT_REGIONS]);
    expect(Object.keys(json.resource.aws_lambda_function)).toHaveLength(17);
    expect(Object.keys(json.resource.aws_cloudtrail)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_chatbot_slack_channel_configuration)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_chatbot_teams_channel_configuration)).toHaveLength(1);
    expect(existsSync(path.join(stackDir, json.resource.aws_lambda_function[Object.keys(json.resource.aws_lambda_function)[0]].filename))).toBe(true);
  });

  it("is valid Terraform", () => {
    const env = terraformEnvironment(path.join(workDir, "terraform-cli"), withoutAws(process.env));
    execFileSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: stackDir, env, stdio: "pipe" });
    const output = execFileSync("terraform", ["validate", "-json", "-no-color"], { cwd: stackDir, env, encoding: "utf8" });
    const result = JSON.parse(output);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  }, 120_000);
});
