/**
 * `--migrate-state` never overwrites a state already at the new location (issue 21, item 2):
 * `terraform init -migrate-state -force-copy` would, without asking (Terraform 1.11.4), and the
 * deployment that state records would be left running with nothing tracking it. The new location is
 * read with the S3 API (mocked here) before Terraform runs at all.
 */
import { GetObjectCommand, NoSuchKey, S3Client, type GetObjectCommandOutput } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { settleBackend } from "../../scripts/lib/settle-backend";
import { managedResourceCount, resourcesAt } from "../../scripts/lib/state-at-location";

const s3 = mockClient(S3Client);
// No Terraform may run: an endpoint nothing answers on makes any that did fail at once.
const ENDPOINT = "http://127.0.0.1:9";
const state = (resources: Array<{ mode: string; type: string }>) => JSON.stringify({ version: 4, resources });
/** The one method of an S3 object body that the reader uses. */
const body = (text: string) => ({ transformToString: async () => text }) as unknown as GetObjectCommandOutput["Body"];

let stackDir: string;
beforeEach(() => {
  s3.reset();
  stackDir = mkdtempSync(path.join(tmpdir(), "root-monitor-settle-"));
  mkdirSync(path.join(stackDir, ".terraform"));
  const backend = (bucket: string) => ({ bucket, key: "monitor/terraform.tfstate", region: "us-east-1", endpoints: { s3: ENDPOINT }, use_path_style: true });
  writeFileSync(path.join(stackDir, ".terraform", "terraform.tfstate"), JSON.stringify({ version: 3, backend: { type: "s3", config: backend("old-state") } }));
  writeFileSync(path.join(stackDir, "cdk.tf.json"), JSON.stringify({ terraform: { backend: { s3: backend("new-state") } } }));
});
afterEach(() => rmSync(stackDir, { recursive: true, force: true }));

describe("settleBackend --migrate-state", () => {
  it("refuses to copy onto a state that records resources, naming it, and runs no Terraform", async () => {
    s3.on(GetObjectCommand, { Bucket: "new-state", Key: "monitor/terraform.tfstate" }).resolves({
      Body: body(state([{ mode: "managed", type: "aws_sns_topic" }, { mode: "managed", type: "aws_sqs_queue" }, { mode: "data", type: "aws_caller_identity" }])),
    });
    const logged: string[] = [];
    const refusal = await settleBackend(stackDir, ["--migrate-state"], { cwd: stackDir, env: { PATH: "/nonexistent" } }, "npm run plan", (line) => logged.push(line));
    expect(refusal).toBe(
      `--migrate-state: refused: the new backend already holds a state, s3://new-state/monitor/terraform.tfstate in us-east-1, at the endpoint ${ENDPOINT}, recording 2 resource(s); ` +
        `copying the state from s3://old-state/monitor/terraform.tfstate in us-east-1, at the endpoint ${ENDPOINT} would overwrite it, and what it records would stay deployed with nothing tracking it. Nothing was copied or changed. ` +
        "If that state is the one to use, run npm run plan -- --reconfigure; otherwise point stateKey (ROOT_MONITOR_STATE_KEY) or stateBucket (ROOT_MONITOR_STATE_BUCKET) at a location of its own.",
    );
    expect(logged).toEqual([]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });
});

describe("managedResourceCount", () => {
  it("counts resources, not data sources, and an empty state as none", () => {
    expect(managedResourceCount(state([{ mode: "data", type: "aws_region" }]))).toBe(0);
    expect(managedResourceCount(state([{ mode: "managed", type: "aws_sns_topic" }]))).toBe(1);
    expect(managedResourceCount(JSON.stringify({ version: 4 }))).toBe(0);
    expect(managedResourceCount("")).toBe(0);
  });
});

describe("resourcesAt", () => {
  const location = { bucket: "new-state", key: "monitor/terraform.tfstate", region: "us-east-1", endpoint: ENDPOINT };

  it("finds none where there is no state file yet", async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} }));
    await expect(resourcesAt(location)).resolves.toBe(0);
  });

  it("stops, naming the location, when it cannot read it: not knowing is no leave to overwrite", async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
    await expect(resourcesAt(location)).rejects.toThrow(
      `could not read the state at s3://new-state/monitor/terraform.tfstate in us-east-1, at the endpoint ${ENDPOINT} to make sure --migrate-state would overwrite no other state: Access Denied`,
    );
  });
});
