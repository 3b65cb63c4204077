/**
 * What is deployed, as the Terraform state's outputs say: the operator commands read the names of
 * what they check from there (topic, rule, function, log group, dead-letter queue per Region), not
 * from names rebuilt out of the settings. The state is read straight from the S3 backend, so no
 * synth, `terraform init` or provider download is needed to run `doctor`.
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Settings } from "../../src/settings/settings-schema";
import { outputName, type OutputKind } from "../../src/contract/names";
import { awsClientConfig, stateAddress } from "./commands";

export type DeployedOutputs = Readonly<Record<string, string>>;

/** Terraform state: only the part we read. */
interface StateJson {
  readonly outputs?: Record<string, { readonly value?: unknown }>;
}

/** The string outputs of a state document. */
function outputsOfState(state: StateJson): DeployedOutputs {
  return Object.fromEntries(
    Object.entries(state.outputs ?? {}).flatMap(([name, output]) => (typeof output.value === "string" ? [[name, output.value]] : [])),
  );
}

/** Reads the outputs of the deployed stack from its state in S3, or throws saying where it looked. */
export async function readDeployedOutputs(settings: Pick<Settings, "stateBucket" | "stateKey" | "stateRegion" | "awsEndpoint">): Promise<DeployedOutputs> {
  const s3 = new S3Client(awsClientConfig(settings, settings.stateRegion));
  const where = stateAddress(settings);
  const body = await s3.send(new GetObjectCommand({ Bucket: settings.stateBucket, Key: settings.stateKey })).then(
    (object) => object.Body?.transformToString() ?? "",
    (error: { name?: string }) => {
      if (error.name === "NoSuchKey" || error.name === "NoSuchBucket") {
        throw new Error(`no Terraform state at ${where}: is the monitor deployed with these settings (stateBucket, stateKey)?`);
      }
      throw new Error(`cannot read the Terraform state at ${where}: ${error.name ?? "error"}: ${(error as Error).message}`);
    },
  );
  return outputsOfState(JSON.parse(body) as StateJson);
}

/** One output of one Region, or undefined when the deployment has none by that name. */
export const deployedOutput = (outputs: DeployedOutputs, kind: OutputKind, region: string): string | undefined => outputs[outputName(kind, region)];
