import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest"; // types of the cdktf Jest matchers
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { DEFAULT_REGIONS } from "../../src/contract/regions";
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/contract/event-pattern";
import { PROVIDER_SERVICES } from "../../src/terraform/aws-endpoint";
import { RootActivityMonitorStack } from "../../src/stack";
import { readCdktfJsonContext } from "../../src/settings/cdktf-context";
import { EXAMPLE_STATE_BUCKET } from "../../src/settings/backend-settings";
import { HANDLER_CONTRACT, REGIONAL_OUTPUT_KINDS, outputName, type RegionalOutputKind } from "../../src/contract/names";
import { addressIn, onlyResourceIn, resourcesIn, synthStack, testSettings, type TerraformJson } from "../helpers/synth";

Testing.setupJest();

const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const EMAILS = ["security@example.com", "oncall@example.com"];
/** Each regional resource type, and how many of it one Region has (besides email subscriptions). */
const REGIONAL_TYPES: Record<string, number> = {
  aws_sns_topic: 1,
  aws_sns_topic_policy: 1,
  aws_kms_key: 1,
  aws_kms_alias: 1,
  aws_cloudwatch_log_group: 1,
  aws_iam_role: 1,
  aws_iam_role_policy: 1,
  aws_lambda_function: 1,
  aws_lambda_event_source_mapping: 1,
  aws_dynamodb_table: 1,
  aws_dynamodb_resource_policy: 1,
  // The root activity rule, the tamper rule and the self-check's schedule, each with its target.
  aws_cloudwatch_event_rule: 3,
  // The tamper rule has two: the buffer, and the topic directly (beside the function).
  aws_cloudwatch_event_target: 4,
  // The buffer, its unprocessed queue, and the rule's dead-letter queue.
  aws_sqs_queue: 3,
  // Three for the rule, six for the delivery (its two dead man's switches included).
  aws_cloudwatch_metric_alarm: 9,
};

/** Each output kind: the resource it reads (by type and, where a Region has several, by name) and the attribute. */
const OUTPUT_SOURCES: Record<RegionalOutputKind, { type: string; name?: string; attribute: string }> = {
  topic_arn: { type: "aws_sns_topic", attribute: "arn" },
  rule_arn: { type: "aws_cloudwatch_event_rule", name: "root-activity-monitor", attribute: "arn" },
  function_name: { type: "aws_lambda_function", attribute: "function_name" },
  log_group_name: { type: "aws_cloudwatch_log_group", attribute: "name" },
  dead_letter_queue_url: { type: "aws_sqs_queue", name: "root-activity-monitor-undeliverable", attribute: "url" },
  buffer_queue_url: { type: "aws_sqs_queue", name: "root-activity-monitor-buffer", attribute: "url" },
  buffer_dead_letter_queue_url: { type: "aws_sqs_queue", name: "root-activity-monitor-unprocessed", attribute: "url" },
  session_table_name: { type: "aws_dynamodb_table", attribute: "name" },
  self_check_schedule_arn: { type: "aws_cloudwatch_event_rule", name: "root-activity-monitor-self-check", attribute: "arn" },
};

describe("the stack", () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = synthStack(testSettings({ regions: REGIONS, notificationEmails: EMAILS }));
  });

  it("has one aliased provider per Region, with the Region and default tags", () => {
    expect(json.provider.aws).toEqual(
      REGIONS.map((region) => ({ alias: region, region, default_tags: [{ tags: { app: "root-activity-monitor" } }] })),
    );
  });

  it.each(REGIONS)("creates every regional resource in %s through that Region's provider", (region) => {
    for (const [type, count] of Object.entries(REGIONAL_TYPES)) expect(resourcesIn(json, type, region)).toHaveLength(count);
    // One of each per Region (its context), read by the rule and the delivery alike.
    for (const type of ["aws_caller_identity", "aws_partition"]) {
      expect(Object.values(json.data[type]).filter((d: any) => d.provider === `aws.${region}`)).toHaveLength(1);
    }
  });

  it("sets a provider on every resource: none relies on the default provider", () => {
    const all = Object.values(json.resource).flatMap((byName) => Object.values(byName));
    const perRegion = Object.values(REGIONAL_TYPES).reduce((sum, count) => sum + count, 0) + EMAILS.length;
    expect(all.length).toBe(REGIONS.length * perRegion);
    for (const resource of all) expect(REGIONS.map((region) => `aws.${region}`)).toContain(resource.provider);
  });

  it("keeps state in S3, encrypted, with S3-native locking", () => {
    expect(json.terraform.backend.s3).toEqual({
      bucket: "test-state-bucket",
      key: "root-activity-monitor/terraform.tfstate",
      region: "us-east-1",
      encrypt: true,
      use_lockfile: true,
    });
  });

  it("adds the DynamoDB lock table when one is set, for Terraform before 1.10", () => {
    const withTable = synthStack(testSettings({ regions: ["us-east-1"], stateLockTable: "terraform-locks" }));
    expect(withTable.terraform.backend.s3).toMatchObject({ dynamodb_table: "terraform-locks", use_lockfile: true });
  });

  it.each(REGIONAL_OUTPUT_KINDS)("outputs %s for each Region, read from that Region's resource, so that tools read names rather than rebuild them", (kind) => {
    const { type, name, attribute } = OUTPUT_SOURCES[kind];
    for (const region of REGIONS) {
      expect(json.output[outputName(kind, region)].value).toBe(`\${${addressIn(json, type, region, name)}.${attribute}}`);
    }
  });

  it("has no output beyond one of each kind per Region", () => {
    expect(Object.keys(json.output).sort()).toEqual(REGIONAL_OUTPUT_KINDS.flatMap((kind) => REGIONS.map((region) => outputName(kind, region))).sort());
  });

  it.each(REGIONS)("feeds the rule in %s to the buffer queue of the same Region", (region) => {
    expect(onlyResourceIn(json, "aws_cloudwatch_event_target", region, { target_id: "notify" }).arn).toBe(`\${${addressIn(json, "aws_sqs_queue", region, "root-activity-monitor-buffer")}.arn}`);
  });

  it("subscribes every address to every Region's topic", () => {
    for (const region of REGIONS) {
      const topic = addressIn(json, "aws_sns_topic", region);
      const subscriptions = resourcesIn(json, "aws_sns_topic_subscription", region);
      expect(subscriptions.map((s) => ({ protocol: s.protocol, endpoint: s.endpoint, topic_arn: s.topic_arn }))).toEqual(
        EMAILS.map((endpoint) => ({ protocol: "email", endpoint, topic_arn: `\${${topic}.arn}` })),
      );
    }
  });

  it("names the topic from the settings", () => {
    expect(JSON.stringify(json)).toHaveResourceWithProperties(SnsTopic, { name: "root-activity-monitor", provider: "aws.eu-west-1" });
  });

  it("gives IAM roles Region-specific names, since IAM is global", () => {
    const names = REGIONS.map((region) => onlyResourceIn(json, "aws_iam_role", region).name);
    expect(names).toEqual(REGIONS.map((region) => `root-activity-monitor-${region}`));
  });

  it("covers all 17 default Regions by default", () => {
    const everywhere = synthStack(testSettings());
    expect(everywhere.provider.aws.map((provider) => provider.alias)).toEqual([...DEFAULT_REGIONS]);
    expect(Object.values(everywhere.resource.aws_cloudwatch_event_rule).filter((rule) => rule.name === "root-activity-monitor")).toHaveLength(17);
  });

  it("puts the shared pattern on every rule", () => {
    for (const region of REGIONS) {
      expect(JSON.parse(onlyResourceIn(json, "aws_cloudwatch_event_rule", region, "root-activity-monitor").event_pattern)).toEqual(ROOT_ACTIVITY_EVENT_PATTERN);
    }
  });

  it.each(REGIONS)("lets the delivery in %s check its own Region's rule, and no other Region's", (region) => {
    const plan = JSON.parse(onlyResourceIn(json, "aws_lambda_function", region).environment.variables[HANDLER_CONTRACT.env.selfCheck]);
    expect(plan).toMatchObject({ regions: [region], rule: { name: "root-activity-monitor", target: `\${${addressIn(json, "aws_sqs_queue", region, "root-activity-monitor-buffer")}.arn}` }, delivery: { region } });
    expect(plan.central).toBeUndefined();
  });

  it("watches every Region's self-check with an alarm of that Region, on that Region's function, publishing to that Region's topic", () => {
    for (const region of REGIONS) {
      const alarm = onlyResourceIn(json, "aws_cloudwatch_metric_alarm", region, { alarm_name: "root-activity-monitor-self-check-missing" });
      const topic = `\${${addressIn(json, "aws_sns_topic", region)}.arn}`;
      expect(alarm).toMatchObject({
        namespace: "root-activity-monitor",
        metric_name: "SelfCheckRuns",
        dimensions: { FunctionName: `\${${addressIn(json, "aws_lambda_function", region)}.function_name}` },
        treat_missing_data: "breaching",
        alarm_actions: [topic],
        ok_actions: [topic],
      });
    }
  });

  it("passes the heartbeat setting to every delivery", () => {
    const daily = synthStack(testSettings({ regions: REGIONS, heartbeat: "daily" }));
    const heartbeats = Object.values(daily.resource.aws_lambda_function).map((fn) => JSON.parse(fn.environment.variables[HANDLER_CONTRACT.env.selfCheck]).heartbeat);
    expect(heartbeats).toEqual(REGIONS.map(() => "daily"));
  });

  it("ships one handler archive that every Region's function uses", () => {
    const functions = REGIONS.map((region) => onlyResourceIn(json, "aws_lambda_function", region));
    expect(new Set(functions.map((fn) => fn.filename)).size).toBe(1);
    expect(new Set(functions.map((fn) => fn.source_code_hash)).size).toBe(1);
    expect(functions[0].filename).toMatch(/^assets\/HandlerAsset\/[0-9A-F]+\/archive\.zip$/);
  });

  it("warns at synth that nobody will be told when no address is set", () => {
    const warningsOf = (emails: string[]) => {
      const stack = new RootActivityMonitorStack(Testing.app(), "s", testSettings({ regions: ["us-east-1"], notificationEmails: emails }));
      return stack.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
    };
    expect(warningsOf([])).toEqual([expect.stringContaining("nobody will be told of root activity")]);
    expect(warningsOf(["a@example.com"])).toEqual([]);
  });

  it("warns at synth while the state bucket is still the shipped example", () => {
    const warningsOf = (stateBucket: string) => {
      const settings = testSettings({ regions: ["us-east-1"], notificationEmails: ["a@example.com"], stateBucket });
      const stack = new RootActivityMonitorStack(Testing.app(), "s", settings);
      return stack.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
    };
    expect(warningsOf(EXAMPLE_STATE_BUCKET)).toEqual([expect.stringContaining(`stateBucket is still the example "${EXAMPLE_STATE_BUCKET}"`)]);
    expect(warningsOf("acme-terraform-state")).toEqual([]);
  });

  it("ships cdktf.json with the example state bucket that synth warns about", () => {
    expect(readCdktfJsonContext().stateBucket).toBe(EXAMPLE_STATE_BUCKET);
  });
});

describe("the awsEndpoint setting", () => {
  const ENDPOINT = "http://127.0.0.1:5000";

  it("sends every service of every provider to the endpoint and skips what an emulator cannot answer", () => {
    const json = synthStack(testSettings({ regions: ["us-east-1", "eu-west-1"], awsEndpoint: ENDPOINT }));
    for (const provider of json.provider.aws) {
      expect(provider).toMatchObject({
        endpoints: [Object.fromEntries(PROVIDER_SERVICES.map((service) => [service, ENDPOINT]))],
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: "true",
        s3_use_path_style: true,
      });
    }
  });

  it("covers every resource type the stack uses with an endpoint", () => {
    const json = synthStack(testSettings({ regions: ["us-east-1"], awsEndpoint: ENDPOINT, createTrail: true }));
    const serviceOf: Record<string, string> = {
      aws_cloudwatch_event_rule: "events",
      aws_cloudwatch_event_target: "events",
      aws_cloudwatch_log_group: "logs",
      aws_iam_role: "iam",
      aws_iam_role_policy: "iam",
      aws_lambda_function: "lambda",
      aws_lambda_event_source_mapping: "lambda",
      aws_dynamodb_table: "dynamodb",
      aws_sns_topic: "sns",
      aws_sns_topic_subscription: "sns",
      aws_sns_topic_policy: "sns",
      aws_kms_key: "kms",
      aws_kms_alias: "kms",
      aws_sqs_queue: "sqs",
      aws_cloudwatch_metric_alarm: "cloudwatch",
      aws_caller_identity: "sts", // a data source
      aws_cloudtrail: "cloudtrail",
      aws_s3_bucket: "s3",
      aws_s3_bucket_policy: "s3",
      aws_s3_bucket_public_access_block: "s3",
      aws_s3_bucket_server_side_encryption_configuration: "s3",
      aws_s3_bucket_versioning: "s3",
    };
    // aws_partition is a data source that the provider answers itself, without any call.
    for (const type of [...Object.keys(json.resource), ...Object.keys(json.data).filter((type) => type !== "aws_partition")]) {
      expect({ type, service: PROVIDER_SERVICES.find((service) => service === serviceOf[type]) }).toEqual({ type, service: serviceOf[type] });
    }
  });

  it("points the S3 backend at the same endpoint, path-style", () => {
    const json = synthStack(testSettings({ regions: ["us-east-1"], awsEndpoint: `${ENDPOINT}/` }));
    expect(json.terraform.backend.s3).toMatchObject({
      endpoints: { s3: ENDPOINT, sts: ENDPOINT, iam: ENDPOINT, dynamodb: ENDPOINT },
      use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
    });
  });

  it("leaves no trace in the JSON when unset", () => {
    const text = JSON.stringify(synthStack(testSettings({ regions: ["us-east-1", "eu-west-1"] })));
    for (const word of ["endpoints", "skip_", "path_style", "127.0.0.1", "http://"]) expect(text).not.toContain(word);
  });
});

describe("retired Regions", () => {
  it("get an aliased provider but no resources, so that Terraform can destroy what was there", () => {
    const json = synthStack(testSettings({ regions: ["us-east-1"], retiredRegions: ["ap-southeast-2"] }));
    expect(json.provider.aws.map((provider) => provider.alias).sort()).toEqual(["ap-southeast-2", "us-east-1"]);
    expect(resourcesIn(json, "aws_sns_topic", "ap-southeast-2")).toEqual([]);
    expect(resourcesIn(json, "aws_sns_topic", "us-east-1")).toHaveLength(1);
  });
});

describe("the createTrail setting", () => {
  const json = synthStack(testSettings({ regions: ["us-east-1", "eu-west-1"], createTrail: true }));

  it("creates one multi-Region trail of all management events, in us-east-1", () => {
    const trails = Object.values(json.resource.aws_cloudtrail);
    expect(trails).toHaveLength(1);
    expect(trails[0]).toMatchObject({
      provider: "aws.us-east-1",
      name: "root-activity-monitor-management-events",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      event_selector: [{ read_write_type: "All", include_management_events: true }],
    });
  });

  it("keeps the trail's logs in a private, encrypted, versioned, TLS-only bucket that only this trail writes", () => {
    const [bucketName] = Object.keys(json.resource.aws_s3_bucket);
    const bucketId = `\${aws_s3_bucket.${bucketName}.id}`;
    expect(Object.values(json.resource.aws_s3_bucket_public_access_block)[0]).toMatchObject({
      bucket: bucketId,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(Object.values(json.resource.aws_s3_bucket_server_side_encryption_configuration)[0]).toMatchObject({
      bucket: bucketId,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
    });
    expect(Object.values(json.resource.aws_s3_bucket_versioning)[0]).toMatchObject({ versioning_configuration: { status: "Enabled" } });
    const statements = JSON.parse(Object.values(json.resource.aws_s3_bucket_policy)[0].policy).Statement;
    expect(statements.map((s: { Sid: string; Principal: unknown }) => [s.Sid, s.Principal])).toEqual([
      ["CloudTrailChecksAcl", { Service: "cloudtrail.amazonaws.com" }],
      ["CloudTrailWritesLogs", { Service: "cloudtrail.amazonaws.com" }],
      ["DenyInsecureTransport", "*"],
    ]);
    expect(statements[1].Condition.StringEquals["aws:SourceArn"]).toMatch(/:cloudtrail:us-east-1:.*:trail\/root-activity-monitor-management-events$/);
  });

  it("creates no trail by default", () => {
    expect(synthStack(testSettings({ regions: ["us-east-1"] })).resource.aws_cloudtrail).toBeUndefined();
  });
});
