/**
 * The one deployment of account scope (regional delivery) that the end-to-end tests share: made by
 * `npm run deploy -- --auto-approve` into the bucket `npm run bootstrap-state` made, in two Regions,
 * with a trail of its own (createTrail) and three addresses. Each deployment, plan and destroy costs
 * half a minute or more, so every check of this topology reads this one, in the order the test file
 * registers them, and one destroy ends it.
 */
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { isolatedEnv } from "../../../emulator/emulator-deployment";
import { EMULATOR_ENV, emulatorClientConfig, type MotoServer } from "../../../emulator/moto-server";
import { terraformOk, type TerraformRun } from "../../../scripts/lib/terraform";
import { terraformEnvironment } from "../../../scripts/lib/terraform-cli-config";
import { SETTING_DEFAULTS } from "../../../src/settings/settings-schema";
import { resourceNames, STACK_NAME } from "../../../src/contract/names";
import { PROJECT_ROOT } from "../../../src/project-root";

export const BUCKET = "operator-test-state";
/** The state's key with the default settings. */
export const STATE_KEY = "root-activity-monitor/terraform.tfstate";
export const REGIONS = ["us-east-1", "eu-west-1"];
export const EMAILS = ["first@example.com", "second@example.com", "third@example.com"];
/** The trail createTrail makes lives in us-east-1, where root sign-ins are recorded; its bucket's name ends with the account id. */
export const TRAIL = { region: "us-east-1", name: "root-activity-monitor-management-events", bucket: "root-activity-monitor-trail-123456789012" };
/** What each Region's resources are called with the default settings, as the constructs name them. */
export const namesIn = (region: string) => resourceNames(SETTING_DEFAULTS, region);

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The deployment's place and the ways to reach it; filled in by the test file's beforeAll. */
export interface AccountDeployment {
  moto: MotoServer;
  workDir: string;
  /** Terraform's outputs after the deploy. */
  outputs: Record<string, string>;
  /** Terraform run directly in the stack folder npm run deploy used (for plans the commands do not make). */
  terraform: TerraformRun;
}

/** A client of the emulator in a Region. */
export const clientOf = <T>(d: AccountDeployment, Client: new (config: object) => T, region: string): T => new Client(emulatorClientConfig(d.moto.endpoint, region));

/** The settings of the deployment, as the operator commands read them. */
export const settingsOf = (d: AccountDeployment): Record<string, string> => ({
  ROOT_MONITOR_REGIONS: REGIONS.join(","),
  ROOT_MONITOR_EMAILS: EMAILS.join(","),
  ROOT_MONITOR_CREATE_TRAIL: "true",
  HOME: d.workDir,
});

/** The folder npm run deploy, plan and destroy write the stack into. */
export const outDirOf = (d: AccountDeployment) => path.join(d.workDir, "cdktf.out");
export const stackDirOf = (d: AccountDeployment) => path.join(outDirOf(d), "stacks", STACK_NAME);

export const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

/** The environment of an operator command: the emulator as awsEndpoint, the bootstrapped bucket, nothing of the caller's AWS. */
export const commandEnvOf = (d: AccountDeployment, env: Record<string, string>) => ({
  ...isolatedEnv(),
  ...EMULATOR_ENV,
  ROOT_MONITOR_AWS_ENDPOINT: d.moto.endpoint,
  ROOT_MONITOR_STATE_BUCKET: BUCKET,
  ...env,
});

/** Runs `npm run <script>` the way the package script does, through pipes: no terminal. Never rejects. */
export const runCommand = (d: AccountDeployment, script: string, args: string[] = [], env: Record<string, string> = {}): Promise<CommandResult> =>
  promisify(execFile)(TSX, [`scripts/${script}.ts`, ...args], { cwd: PROJECT_ROOT, env: commandEnvOf(d, env), maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

/** Every object in the state bucket: the state file, and `<key>.tflock` while someone holds the lock. */
export const stateObjectsOf = async (d: AccountDeployment) =>
  ((await clientOf(d, S3Client, "us-east-1").send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((object) => object.Key);

/** Terraform in the deploy's stack folder, with a CLI configuration of the test's own, and its outputs. */
export async function readDeployment(d: AccountDeployment): Promise<void> {
  d.terraform = { cwd: stackDirOf(d), env: { ...terraformEnvironment(path.join(d.workDir, "terraform-cli"), isolatedEnv()), ...EMULATOR_ENV } };
  const { stdout } = await terraformOk(["output", "-json"], d.terraform);
  d.outputs = Object.fromEntries(Object.entries(JSON.parse(stdout) as Record<string, { value: string }>).map(([name, output]) => [name, output.value]));
}
