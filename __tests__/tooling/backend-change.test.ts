/**
 * A changed state backend, found by comparing what Terraform last initialised a stack folder with
 * (`.terraform/terraform.tfstate`, a real one from Terraform 1.11 on the emulator, bucket msg-one)
 * with the backend just synthesized; and the words that refuse it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { backendChange, backendChangeRefusal } from "../../scripts/lib/backend-change";

const FIXTURES = path.join(__dirname, "..", "fixtures", "terraform-errors");
const initialised = JSON.parse(readFileSync(path.join(FIXTURES, "initialised-backend.json"), "utf8")) as unknown;
const ENDPOINT = "http://127.0.0.1:54123";

/** The cdk.tf.json backend block as the stack synthesizes it for the emulator, as that folder was initialised with. */
const emulatorBackend = () => ({
  bucket: "msg-one",
  encrypt: true,
  endpoints: { dynamodb: ENDPOINT, iam: ENDPOINT, s3: ENDPOINT, sts: ENDPOINT },
  key: "root-activity-monitor/terraform.tfstate",
  region: "us-east-1",
  skip_credentials_validation: true,
  skip_metadata_api_check: true,
  skip_requesting_account_id: true,
  use_lockfile: true,
  use_path_style: true,
});
const stackWith = (s3: object) => ({ terraform: { backend: { s3 } } });
/** The same stack pointed at AWS: no endpoints, no emulator allowances. */
const awsBackend = { bucket: "acme-terraform-state", encrypt: true, key: "root-activity-monitor/terraform.tfstate", region: "eu-west-1", use_lockfile: true };

describe("backendChange", () => {
  it("finds no change when the folder was initialised with the backend just synthesized (Terraform's nulls aside)", () => {
    expect(backendChange(initialised, stackWith(emulatorBackend()))).toBeUndefined();
  });

  it("finds no change in a folder Terraform never initialised", () => {
    expect(backendChange(undefined, stackWith(emulatorBackend()))).toBeUndefined();
  });

  it("finds a changed bucket, and that the state would move", () => {
    expect(backendChange(initialised, stackWith({ ...emulatorBackend(), bucket: "msg-two" }))).toEqual({
      from: { bucket: "msg-one", key: "root-activity-monitor/terraform.tfstate", region: "us-east-1", endpoint: ENDPOINT },
      to: { bucket: "msg-two", key: "root-activity-monitor/terraform.tfstate", region: "us-east-1", endpoint: ENDPOINT },
      sameState: false,
    });
  });

  it("finds the move from the emulator to AWS: bucket, Region and endpoint at once", () => {
    expect(backendChange(initialised, stackWith(awsBackend))).toMatchObject({
      to: { bucket: "acme-terraform-state", key: "root-activity-monitor/terraform.tfstate", region: "eu-west-1" },
      sameState: false,
    });
    expect(backendChange(initialised, stackWith(awsBackend))?.to).not.toHaveProperty("endpoint");
  });

  it("finds a changed key", () => {
    expect(backendChange(initialised, stackWith({ ...emulatorBackend(), key: "other/terraform.tfstate" }))).toMatchObject({ sameState: false });
  });

  it("finds no change in what the stack does not write: backend settings given by hand to terraform init", () => {
    const byHand = JSON.parse(JSON.stringify(initialised)) as { backend: { config: Record<string, unknown> } };
    byHand.backend.config.profile = "deployer";
    expect(backendChange(byHand, stackWith(emulatorBackend()))).toBeUndefined();
  });

  it("finds a change that leaves the state where it is (a lock table added): nothing to move", () => {
    expect(backendChange(initialised, stackWith({ ...emulatorBackend(), dynamodb_table: "locks" }))).toMatchObject({ sameState: true });
  });
});

describe("backendChangeRefusal", () => {
  it("names old and new, the settings that changed, that the old state stays, and the two ways on", () => {
    const change = backendChange(initialised, stackWith({ ...awsBackend, bucket: "acme-terraform-state" }));
    expect(change).toBeDefined();
    expect(backendChangeRefusal(change!, "npm run plan")).toBe(
      [
        "The state backend changed since Terraform last initialised this stack folder:",
        '  stateBucket (ROOT_MONITOR_STATE_BUCKET): "msg-one" → "acme-terraform-state"',
        '  stateRegion (ROOT_MONITOR_STATE_REGION): "us-east-1" → "eu-west-1"',
        `  awsEndpoint (ROOT_MONITOR_AWS_ENDPOINT): "${ENDPOINT}" → none (AWS)`,
        `The old state stays where it is (s3://msg-one/root-activity-monitor/terraform.tfstate in us-east-1, at the endpoint ${ENDPOINT}), untouched, and what it records stays deployed; nothing was initialised, planned or changed.`,
        "New backend: s3://acme-terraform-state/root-activity-monitor/terraform.tfstate in eu-west-1, on AWS. Run this again with one of:",
        "  npm run plan -- --reconfigure     use the new backend as it is (for example: the emulator was tried, and AWS is now the target); the old state is left untouched.",
        "  npm run plan -- --migrate-state   copy the old state to the new backend (terraform init -migrate-state -force-copy); only while the old backend is still reachable.",
      ].join("\n"),
    );
  });
});
