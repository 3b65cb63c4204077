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
      // createTrail on, so that validate covers the optional trail resources too.
      env: { ...withoutAws(process.env), CHECKPOINT_DISABLE: "1", CI: "1", HOME: workDir, ROOT_MONITOR_CREATE_TRAIL: "true" },
      stdio: "pipe",
    });
    stackDir = path.join(outDir, "stacks", STACK_NAME);
  }, 120_000);

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("writes the stack for all 17 default Regions without AWS credentials", () => {
    const json = JSON.parse(readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    expect(json.provider.aws.map((provider: { alias: string }) => provider.alias)).toEqual([...DEFAULT_REGIONS]);
    expect(Object.keys(json.resource.aws_lambda_function)).toHaveLength(17);
    expect(Object.keys(json.resource.aws_cloudtrail)).toHaveLength(1);
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
