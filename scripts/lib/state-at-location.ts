/**
 * What a state backend location already holds, read before `--migrate-state` copies a state there:
 * `terraform init -migrate-state -force-copy` overwrites a state it finds at the new location without
 * asking (Terraform 1.11), so a deployment recorded there would be forgotten, its resources left
 * running with nothing tracking them. Read with the S3 API, as the backend itself reads it (the
 * location's Region, and its endpoint when it is the emulator's).
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { awsClientConfig } from "./commands";
import { describeLocation, type StateLocation } from "./backend-change";

/** The number of resources (data sources apart) a Terraform state's text records; 0 for an empty text. */
export function managedResourceCount(stateText: string): number {
  if (stateText.trim() === "") return 0;
  const { resources = [] } = JSON.parse(stateText) as { resources?: Array<{ mode?: string }> };
  return resources.filter((resource) => resource.mode !== "data").length;
}

/** The resources the state at `location` records: 0 when there is no state file there. */
export async function resourcesAt(location: StateLocation): Promise<number> {
  const s3 = new S3Client(awsClientConfig({ awsEndpoint: location.endpoint }, location.region));
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    return managedResourceCount((await object.Body?.transformToString()) ?? "");
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return 0;
    const text = error instanceof Error ? error.message : String(error);
    // Not knowing is no answer: the copy could overwrite a deployment's state.
    throw new Error(`could not read the state at ${describeLocation(location)} to make sure --migrate-state would overwrite no other state: ${text}`);
  } finally {
    s3.destroy();
  }
}
