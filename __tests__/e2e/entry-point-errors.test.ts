/**
 * Every entry point a person runs stops on a mistake of theirs with a message that says what to fix,
 * and nothing else: no stack trace, no line of compiled source, and a non-zero exit code. All the
 * processes start at once (the cdktf CLI and the demo take seconds to start); each test reads its own.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EXAMPLE_STATE_BUCKET } from "../../src/settings/backend-settings";
import { STACK_NAME } from "../../src/contract/names";
import { PROJECT_ROOT } from "../../src/project-root";
import { isolatedEnv } from "../../emulator/emulator-deployment";
import { PROVIDER_MIRROR_ENV } from "../../scripts/lib/terraform-cli-config";

const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const CDKTF = path.join(PROJECT_ROOT, "node_modules", ".bin", "cdktf");
const TIMEOUT = 120_000;

interface Outcome {
  readonly code: number;
  /** stdout and stderr together: the cdktf CLI reports the app's stderr on its stdout. */
  readonly output: string;
}

const workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-entry-points-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs `file args` from the project root with only `env` (plus PATH and the like), never rejecting. */
function run(file: string, args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: PROJECT_ROOT,
        // No AWS settings of the caller, a home of our own (the cdktf CLI writes into it), and no
        // instance metadata to wait for.
        env: { ...isolatedEnv(), CHECKPOINT_DISABLE: "1", CI: "1", HOME: workDir, AWS_EC2_METADATA_DISABLED: "true", ...env },
        timeout: TIMEOUT,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

/** What an uncaught exception prints: `file.ts:3` above the offending source line, then `    at ...` frames. */
function expectNoTrace(output: string): void {
  expect(output).not.toMatch(/\n\s+at /);
  expect(output).not.toMatch(/^\s*\S+\.[cm]?[jt]s:\d+\s*$/m);
  expect(output).not.toContain("__defProp");
  expect(output).not.toMatch(/\bvar /);
}

const BAD_TIMEOUT = { ROOT_MONITOR_LAMBDA_TIMEOUT: "abc", ROOT_MONITOR_STATE_BUCKET: "acme-terraform-state" };
const TIMEOUT_LINE = 'Setting "lambdaTimeoutSeconds" (from environment variable ROOT_MONITOR_LAMBDA_TIMEOUT) has the value "abc"';
const outDir = path.join(workDir, "cdktf.out");
const missingMirror = path.join(workDir, "no-such-mirror");

/** No credentials anywhere the AWS SDK or Terraform looks: no variables, no files, no instance metadata (run() disables it). */
const NO_CREDENTIALS = {
  ROOT_MONITOR_REGIONS: "us-east-1",
  AWS_CONFIG_FILE: path.join(workDir, "no-aws-config"),
  AWS_SHARED_CREDENTIALS_FILE: path.join(workDir, "no-aws-credentials"),
};
/** The ways to give credentials, as doctor tells them. */
const CREDENTIALS_HELP = [
  "It needs AWS credentials for the monitored account. Give them in one of the standard ways:",
  "  - a profile: export AWS_PROFILE=<name> (after `aws sso login --profile <name>` for IAM Identity Center)",
  "  - environment variables: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones)",
  "  - a role of the machine it runs on (EC2 instance profile, ECS task role, GitHub OIDC in CI)",
].join("\n");

/** A plan file an earlier run left, in the folder of a run that then fails on a setting. */
const stalePlanDir = path.join(workDir, "stale-plan");
const stalePlan = path.join(stalePlanDir, "stacks", STACK_NAME, "plan.tfplan");
mkdirSync(path.dirname(stalePlan), { recursive: true });
writeFileSync(stalePlan, "an earlier run's plan");

/** Every run this file checks, by name. */
const runs = {
  "the app (tsx main.ts)": () => run(TSX, ["main.ts"], { ...BAD_TIMEOUT, CDKTF_OUTDIR: outDir }),
  "cdktf synth": () => run(CDKTF, ["synth", "--output", outDir], BAD_TIMEOUT),
  "npm run plan": () => run(TSX, ["scripts/plan.ts"], { ...BAD_TIMEOUT, CDKTF_OUTDIR: outDir }),
  "npm run cost": () => run(TSX, ["scripts/cost.ts"], BAD_TIMEOUT),
  "npm run deploy": () => run(TSX, ["scripts/deploy.ts", "--output", outDir], BAD_TIMEOUT),
  "npm run destroy": () => run(TSX, ["scripts/destroy.ts", "--auto-approve"], { ...BAD_TIMEOUT, CDKTF_OUTDIR: outDir }),
  "npm run doctor": () => run(TSX, ["scripts/doctor.ts"], BAD_TIMEOUT),
  "npm run test-alert": () => run(TSX, ["scripts/test-alert.ts", "--region", "us-east-1"], BAD_TIMEOUT),
  "npm run bootstrap-state": () => run(TSX, ["scripts/bootstrap-state.ts"], BAD_TIMEOUT),
  // The demo deploys into an emulator with settings of its own and ignores the monitor's variables,
  // ROOT_MONITOR_PROVIDER_MIRROR apart, so that is the setting it can get wrong.
  "npm run demo": () => run(TSX, ["emulator/demo.ts"], { ...BAD_TIMEOUT, [PROVIDER_MIRROR_ENV]: missingMirror }),
  "npm run bench": () => run(TSX, ["bench/main.ts", "--runs", "2"]),
  "npm run plan with the example bucket": () => run(TSX, ["scripts/plan.ts"], { CDKTF_OUTDIR: outDir }),
  "npm run deploy with the example bucket": () => run(TSX, ["scripts/deploy.ts", "--output", outDir]),
  "npm run bootstrap-state with the example bucket": () => run(TSX, ["scripts/bootstrap-state.ts"]),
  "npm run destroy with the example bucket": () => run(TSX, ["scripts/destroy.ts", "--auto-approve"], { CDKTF_OUTDIR: outDir }),
  "npm run deploy without a terminal": () => run(TSX, ["scripts/deploy.ts", "--output", outDir], { ROOT_MONITOR_STATE_BUCKET: "acme-terraform-state" }),
  "npm run destroy without a terminal": () => run(TSX, ["scripts/destroy.ts"], { ROOT_MONITOR_STATE_BUCKET: "acme-terraform-state", CDKTF_OUTDIR: outDir }),
  "npm run deploy with an option of cdktf deploy": () =>
    run(TSX, ["scripts/deploy.ts", "--auto-approve", "--refresh-only", "--output", outDir], { ROOT_MONITOR_STATE_BUCKET: "acme-terraform-state" }),
  "npm run plan with a bad setting after an earlier plan": () => run(TSX, ["scripts/plan.ts"], { ...BAD_TIMEOUT, CDKTF_OUTDIR: stalePlanDir }),
  "npm run doctor without credentials": () =>
    run(TSX, ["scripts/doctor.ts"], {
      ROOT_MONITOR_REGIONS: "us-east-1",
      AWS_CONFIG_FILE: path.join(workDir, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(workDir, "no-aws-credentials"),
    }),
  "npm run plan without credentials": () =>
    run(TSX, ["scripts/plan.ts"], { ...NO_CREDENTIALS, ROOT_MONITOR_STATE_BUCKET: "acme-terraform-state", CDKTF_OUTDIR: path.join(workDir, "plan-without-credentials") }),
  "npm run deploy without credentials": () =>
    run(TSX, ["scripts/deploy.ts", "--auto-approve", "--output", path.join(workDir, "deploy-without-credentials")], { ...NO_CREDENTIALS, ROOT_MONITOR_STATE_BUCKET: "acme-terraform-state" }),
  "npm run destroy without credentials": () =>
    run(TSX, ["scripts/destroy.ts", "--auto-approve", "--output", path.join(workDir, "destroy-without-credentials")], { ...NO_CREDENTIALS, ROOT_MONITOR_STATE_BUCKET: "acme-terraform-state" }),
};
type RunName = keyof typeof runs;
const outcomes = new Map<RunName, Promise<Outcome>>();
beforeAll(() => {
  for (const [name, start] of Object.entries(runs)) outcomes.set(name as RunName, start());
});
const outcome = (name: RunName) => outcomes.get(name) as Promise<Outcome>;

describe("a bad setting", () => {
  it.each(["the app (tsx main.ts)", "cdktf synth", "npm run plan", "npm run cost", "npm run deploy", "npm run destroy", "npm run doctor", "npm run test-alert", "npm run bootstrap-state"] as const)(
    "stops %s with `Invalid settings:` and the setting's line alone",
    async (name) => {
      const { code, output } = await outcome(name);
      expect(code).not.toBe(0);
      expect(output).toMatch(/^[ \t]*Invalid settings:[ \t]*\n[ \t]*Setting "lambdaTimeoutSeconds"/m);
      expect(output).toContain(TIMEOUT_LINE);
      expectNoTrace(output);
    },
    TIMEOUT,
  );

  it("stops npm run demo with `Invalid settings:` and the mirror's line alone", async () => {
    const { code, output } = await outcome("npm run demo");
    expect(code).not.toBe(0);
    expect(output).toMatch(/^[ \t]*Invalid settings:[ \t]*\n[ \t]*Setting ROOT_MONITOR_PROVIDER_MIRROR has the value/m);
    expect(output).toContain(`has the value ${JSON.stringify(missingMirror)}, which is not a folder`);
    expectNoTrace(output);
  }, TIMEOUT);
});

describe("a bad bench flag", () => {
  it("stops npm run bench with `Invalid settings:` and the flag's line alone, before measuring anything", async () => {
    const { code, output } = await outcome("npm run bench");
    expect(code).not.toBe(0);
    expect(output).toMatch(/^[ \t]*Invalid settings:[ \t]*\n[ \t]*\S/m);
    expect(output).toContain("--runs");
    expect(output).not.toContain("bench: synth");
    expectNoTrace(output);
  }, TIMEOUT);
});

describe("the example state bucket", () => {
  it.each(["npm run plan with the example bucket", "npm run deploy with the example bucket", "npm run destroy with the example bucket", "npm run bootstrap-state with the example bucket"] as const)(
    "is refused by %s before anything is synthesized, with the exit code of a refusal",
    async (name) => {
      const { code, output } = await outcome(name);
      expect(code).toBe(2);
      expect(output).toContain(`the state bucket is still the example "${EXAMPLE_STATE_BUCKET}"`);
      expect(output).toContain("ROOT_MONITOR_STATE_BUCKET");
      expect(output).not.toMatch(/synthesiz/i);
      expectNoTrace(output);
    },
    TIMEOUT,
  );
});

describe("npm run doctor without AWS credentials", () => {
  it("says how to give some, and exits non-zero", async () => {
    const { code, output } = await outcome("npm run doctor without credentials");
    expect(code).toBe(2);
    expect(output).toContain("doctor failed: no AWS credentials");
    expect(output).toContain("export AWS_PROFILE=<name>");
    expect(output).toContain("aws sso login");
    expect(output).toContain("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    expectNoTrace(output);
  }, TIMEOUT);
});

describe("npm run plan, deploy and destroy without AWS credentials (issue 21, item 6)", () => {
  // deploy and destroy run Terraform as plan does, and tell its failed credential lookup the same way.
  it.each([
    ["npm run plan without credentials", "plan"],
    ["npm run deploy without credentials", "deploy"],
    ["npm run destroy without credentials", "destroy"],
  ] as const)("%s tells Terraform's failed credential lookup as the ways to give some, without Terraform's text", async (name, command) => {
    const { code, output } = await outcome(name);
    expect(code).toBe(1);
    expect(output).toContain(
      `${command} failed: no AWS credentials: Terraform found none in the environment, in a profile or from the machine's role (EC2 instance metadata).\n${CREDENTIALS_HELP}\n`,
    );
    expect(output).not.toMatch(/IMDS|No valid credential sources/);
    expectNoTrace(output);
  }, TIMEOUT);
});

describe("npm run deploy without a terminal (issue 21, item 1)", () => {
  it("refuses at once, in one line saying what to pass, before anything runs, so that no lock can be left behind", async () => {
    const { code, output } = await outcome("npm run deploy without a terminal");
    expect(code).toBe(2);
    expect(output.trim().split("\n")).toEqual([
      "npm run deploy needs a terminal to ask for approval, and there is none here (CI, a pipe). Pass --auto-approve (npm run deploy -- --auto-approve), or run npm run plan and apply its plan file (see the README's Deploy step 3).",
    ]);
    expectNoTrace(output);
  }, TIMEOUT);
});

describe("npm run destroy without a terminal (issue 21, item 4)", () => {
  it("refuses at once, in one line saying what to pass, before anything is synthesized", async () => {
    const { code, output } = await outcome("npm run destroy without a terminal");
    expect(code).toBe(2);
    expect(output.trim().split("\n")).toEqual([
      "npm run destroy needs a terminal to ask before it removes the deployment, and there is none here (CI, a pipe). Pass --auto-approve (npm run destroy -- --auto-approve).",
    ]);
  }, TIMEOUT);
});

describe("options and plan files of the commands that run Terraform (issue 21, items 1 and 3)", () => {
  it("refuses an option of cdktf deploy in one line, naming what it takes, before anything runs: --auto-approve --refresh-only is not a full apply", async () => {
    const { code, output } = await outcome("npm run deploy with an option of cdktf deploy");
    expect(code).toBe(2);
    expect(output.trim().split("\n")).toEqual([
      "npm run deploy does not take --refresh-only. Allowed: --auto-approve, --allow-destructive, --output <folder>, --reconfigure, --migrate-state. It runs Terraform itself: options of cdktf are not passed on.",
    ]);
  }, TIMEOUT);

  it("leaves no plan file of an earlier run when a plan stops on a bad setting", async () => {
    const { code, output } = await outcome("npm run plan with a bad setting after an earlier plan");
    expect(code).toBe(1);
    expect(output).toContain(TIMEOUT_LINE);
    expect(existsSync(stalePlan)).toBe(false);
  }, TIMEOUT);
});
