/** What `npm run destroy` reads from Terraform's JSON, and says before it asks (scripts/lib/removal-summary.ts). */
import { bucketNotEmptyProblem, nothingToRemove, removalSummary, unconfiguredRegions } from "../../scripts/lib/removal-summary";
import { regionsInState } from "../../scripts/lib/state-regions";

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';
/** `terraform state pull`'s text for a deployment in three Regions (us-east-1 twice). */
const inState = regionsInState(
  JSON.stringify({
    resources: [
      { mode: "managed", type: "aws_sns_topic", name: "us-east-1_Topic_1", provider: `${AWS}.us-east-1`, instances: [{}] },
      { mode: "managed", type: "aws_sns_topic", name: "eu-west-1_Topic_2", provider: `${AWS}.eu-west-1`, instances: [{}] },
      { mode: "managed", type: "aws_iam_role", name: "us-east-1_Role_3", provider: `${AWS}.us-east-1`, instances: [{}] },
      { mode: "managed", type: "aws_sns_topic", name: "ap-south-1_Topic_4", provider: `${AWS}.ap-south-1`, instances: [{}] },
    ],
  }),
);

const deleted = (address: string, provider: string, before: Record<string, unknown> = {}) => ({
  address,
  type: address.split(".")[0],
  change: { actions: ["delete"], before, after: null },
  provider,
});
/** A destroy plan as `terraform show -json` writes it: the changes, and each resource's provider in the configuration. */
function destroyPlan(changes: ReturnType<typeof deleted>[]) {
  return {
    resource_changes: [...changes.map(({ provider: _provider, ...change }) => change), { address: "data.aws_organizations_organization.org", type: "aws_organizations_organization", mode: "data", change: { actions: ["read"] } }],
    configuration: { root_module: { resources: changes.map((change) => ({ address: change.address, provider_config_key: `aws.${change.provider}` })) } },
  };
}
const SETTINGS = { scope: "account", delivery: "regional", homeRegion: "us-east-1", stateBucket: "acme-state", stateKey: "monitor/terraform.tfstate", stateRegion: "eu-central-1" } as const;

describe("the Regions of a deployment's state", () => {
  it("that the settings no longer configure are those neither in regions nor in retiredRegions", () => {
    expect(unconfiguredRegions(inState, { regions: ["us-east-1"], retiredRegions: ["ap-south-1"] })).toEqual(["eu-west-1"]);
    expect(unconfiguredRegions(inState, { regions: ["us-east-1", "eu-west-1", "ap-south-1"], retiredRegions: [] })).toEqual([]);
  });
});

describe("what npm run destroy says before it asks", () => {
  it("names the state, the scope and every Region with its count, and what it keeps", () => {
    const plan = destroyPlan([
      deleted("aws_sns_topic.us-east-1_Topic_1", "us-east-1"),
      deleted("aws_lambda_function.us-east-1_Function_2", "us-east-1"),
      deleted("aws_sns_topic.eu-west-1_Topic_3", "eu-west-1"),
    ]);
    expect(removalSummary(SETTINGS, plan, new Map())).toEqual([
      "npm run destroy removes the root activity monitor whose state is s3://acme-state/monitor/terraform.tfstate (state Region eu-central-1):",
      "  scope: account, regional delivery",
      "  Regions: eu-west-1 (1 resource), us-east-1 (2 resources)",
      "  3 resources in all.",
      "It keeps the state bucket acme-state and its state file (left with no resources), which npm run bootstrap-state made.",
    ]);
  });

  it("with scope = organization, names the stack set and counts its instances, which delete the member accounts' spokes", () => {
    const plan = destroyPlan([
      deleted("aws_cloudformation_stack_set.organization-spokes_StackSet_1", "us-east-1", { name: "root-activity-monitor-spokes" }),
      deleted("aws_cloudformation_stack_set_instance.organization-spokes_Instance-us-east-1-ou_2", "us-east-1"),
      deleted("aws_cloudformation_stack_set_instance.organization-spokes_Instance-eu-west-1-ou_3", "us-east-1"),
    ]);
    const lines = removalSummary({ ...SETTINGS, scope: "organization", delivery: "central" }, plan, new Map());
    expect(lines[1]).toBe("  scope: organization, central delivery from us-east-1");
    expect(lines[3]).toBe(
      "  member accounts: the stack set root-activity-monitor-spokes and its 2 instances (one per Region and organizational unit), which delete the spoke in every member account of those units",
    );
  });

  it("says that the trail's log bucket goes only if it is empty", () => {
    const plan = destroyPlan([deleted("aws_s3_bucket.trail_Bucket_1", "us-east-1", { bucket: "root-activity-monitor-trail-123456789012" })]);
    expect(removalSummary(SETTINGS, plan, new Map())).toContain(
      "  the trail's log bucket root-activity-monitor-trail-123456789012, only if it is empty: Terraform does not delete a bucket that holds objects, so with logs in it the removal stops there",
    );
  });
});

describe("a destroy stopped by the trail's log bucket", () => {
  it("is told in words: the rest is gone, the logs are kept, and how to finish", () => {
    const error =
      "Error: deleting S3 Bucket (root-activity-monitor-trail-123456789012): operation error S3: DeleteBucket, https response error StatusCode: 409, RequestID: 1, api error BucketNotEmpty: The bucket you tried to delete is not empty";
    expect(bucketNotEmptyProblem(error)).toBe(
      "the trail's log bucket root-activity-monitor-trail-123456789012 still holds logs, and Terraform does not delete a bucket that holds objects (the project sets no force_destroy, so that an audit trail is never deleted by accident). " +
        "Everything else Terraform could remove is removed. Keep a copy of the logs you need, empty the bucket (every object version), then run npm run destroy again.",
    );
    expect(bucketNotEmptyProblem("Error: deleting SNS Topic (x): AccessDenied")).toBeUndefined();
  });
});

describe("a state with nothing to remove", () => {
  const STATE = "s3://acme-state/monitr/terraform.tfstate";

  it("is refused when there is no state at all where the settings point (a mistyped stateKey in a fresh folder)", () => {
    // What terraform state pull printed (Terraform 1.11.4, S3 backend on the emulator) where no state object exists.
    const none = '{\n  "version": 4,\n  "terraform_version": "1.11.4",\n  "serial": 0,\n  "lineage": "",\n  "outputs": {},\n  "resources": [],\n  "check_results": null\n}\n';
    expect(nothingToRemove(none, STATE)).toEqual({
      code: 2,
      message:
        "Nothing removed: there is no state at s3://acme-state/monitr/terraform.tfstate. Nothing was ever deployed with these settings, or stateBucket, stateKey or stateRegion names another place than the deployment's: check them (npm run doctor shows what it finds).",
    });
  });

  it("is a finished removal when the state exists and records no resources", () => {
    const emptied = JSON.stringify({ version: 4, serial: 9, lineage: "0f1e2d3c-aaaa-bbbb-cccc-000011112222", resources: [] });
    expect(nothingToRemove(emptied, STATE)).toEqual({ code: 0, message: "Nothing to remove: the state s3://acme-state/monitr/terraform.tfstate holds no resources." });
  });
});
