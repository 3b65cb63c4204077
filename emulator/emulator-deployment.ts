/**
 * The monitor deployed with real Terraform into the local AWS emulator: synth with the emulator as
 * `awsEndpoint`, `terraform init` (providers from the mirror when one is set), apply, and later
 * destroy. Shared by the end-to-end test and `npm run demo`.
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { terraformEnvironment } from "../scripts/lib/terraform-cli-config";
import { EMULATOR_ENV, emulatorClientConfig } from "./moto-server";
import { synthesizeStack } from "../scripts/lib/synth";
import { terraformOk, type TerraformRun } from "../scripts/lib/terraform";

export interface EmulatorDeploymentOptions {
  readonly endpoint: string;
  /** A fresh folder for the synthesized stack and Terraform's files; the caller removes it. */
  readonly workDir: string;
  readonly regions: readonly string[];
  readonly emails: readonly string[];
  readonly stateBucket?: string;
  /** Further settings, as `ROOT_MONITOR_*` environment variables (such as `ROOT_MONITOR_DELIVERY`). @default none */
  readonly settings?: Readonly<Record<string, string>>;
  /** Progress, one line at a time. */
  readonly log?: (line: string) => void;
}

export interface EmulatorDeployment {
  readonly stackDir: string;
  readonly regions: readonly string[];
  /** The environment Terraform runs with: dummy credentials, the CLI config, no AWS settings of the caller. */
  readonly terraformEnv: NodeJS.ProcessEnv;
  readonly run: TerraformRun;
  readonly stateBucket: string;
  readonly stateKey: string;
  /** Terraform's outputs after apply. */
  outputs(): Promise<Record<string, string>>;
  destroy(): Promise<void>;
}

/** The caller's environment without AWS or monitor settings, so that nothing real is reached by accident. */
export function isolatedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith("AWS_") && (!name.startsWith("ROOT_MONITOR_") || name === "ROOT_MONITOR_PROVIDER_MIRROR")),
  );
}

/** Synthesizes the stack for the emulator, in `workDir`. */
export async function synthForEmulator(options: EmulatorDeploymentOptions): Promise<string> {
  const stateBucket = options.stateBucket ?? "root-monitor-e2e-state";
  return synthesizeStack(path.join(options.workDir, "cdktf.out"), {
    ...isolatedEnv(),
    ROOT_MONITOR_AWS_ENDPOINT: options.endpoint,
    ROOT_MONITOR_STATE_BUCKET: stateBucket,
    ROOT_MONITOR_REGIONS: options.regions.join(","),
    ROOT_MONITOR_EMAILS: options.emails.join(","),
    ...options.settings,
  });
}

export async function deployToEmulator(options: EmulatorDeploymentOptions): Promise<EmulatorDeployment> {
  const log = options.log ?? (() => undefined);
  mkdirSync(options.workDir, { recursive: true });
  const stateBucket = options.stateBucket ?? "root-monitor-e2e-state";
  log(`creating the state bucket ${stateBucket} in the emulator`);
  await new S3Client(emulatorClientConfig(options.endpoint, "us-east-1")).send(new CreateBucketCommand({ Bucket: stateBucket }));

  log(`synthesizing the stack for ${options.regions.join(", ")}`);
  const stackDir = await synthForEmulator({ ...options, stateBucket });
  const stack = JSON.parse(readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  const stateKey: string = stack.terraform.backend.s3.key;

  const terraformEnv = { ...terraformEnvironment(path.join(options.workDir, "terraform-cli"), isolatedEnv()), ...EMULATOR_ENV };
  const run: TerraformRun = { cwd: stackDir, env: terraformEnv, onLine: options.log ? (line) => log(`  ${line}`) : undefined };
  log("terraform init");
  await terraformOk(["init", "-input=false"], { ...run, onLine: undefined });
  log("terraform apply");
  await terraformOk(["apply", "-auto-approve", "-input=false"], run);

  return {
    stackDir,
    regions: options.regions,
    terraformEnv,
    run,
    stateBucket,
    stateKey,
    async outputs() {
      const { stdout } = await terraformOk(["output", "-json"], { ...run, onLine: undefined });
      const parsed = JSON.parse(stdout) as Record<string, { value: string }>;
      return Object.fromEntries(Object.entries(parsed).map(([name, output]) => [name, output.value]));
    },
    async destroy() {
      log("terraform destroy");
      await terraformOk(["destroy", "-auto-approve", "-input=false"], run);
    },
  };
}
