/**
 * Whether the state backend a stack folder was last initialised with (Terraform keeps it in
 * `.terraform/terraform.tfstate`) differs from the one just synthesized (`cdk.tf.json`'s
 * `terraform.backend.s3`), and the words that tell a person what that means. Terraform itself only
 * says "Backend configuration changed" and names two init flags; it cannot say that the change is
 * from the emulator to AWS, nor what becomes of the old state. Pure: the caller reads the files.
 */
import { SETTINGS } from "../../src/settings/settings-schema";

/** Where a state lives, in the settings' own terms. */
export interface StateLocation {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** The awsEndpoint setting (an emulator), or undefined for AWS itself. */
  readonly endpoint?: string;
}

export interface BackendChange {
  readonly from: StateLocation;
  readonly to: StateLocation;
  /** True when the state stays where it is and only other backend settings (a lock table, say) changed: nothing to move. */
  readonly sameState: boolean;
}

/** The setting behind each part of a location, as a person sets it (its environment variable is SETTINGS[setting].env). */
const PARTS: ReadonlyArray<{ readonly part: keyof StateLocation; readonly setting: "stateBucket" | "stateKey" | "stateRegion" | "awsEndpoint" }> = [
  { part: "bucket", setting: "stateBucket" },
  { part: "key", setting: "stateKey" },
  { part: "region", setting: "stateRegion" },
  { part: "endpoint", setting: "awsEndpoint" },
];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A value with Terraform's nulls (every attribute it did not get) left out, so that the saved
 * configuration compares equal to the synthesized block it came from.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, inner]) => inner !== null && inner !== undefined)
      .map(([name, inner]) => [name, withoutNulls(inner)]),
  );
}

/** Equal as JSON values, whatever the order of object keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameJson(a[key], b[key]));
  }
  return a === b;
}

/**
 * The backend attributes the stack writes (src/stack.ts, src/terraform/aws-endpoint.ts). Others in the saved
 * configuration came from elsewhere (`terraform init -backend-config=…` by hand) and Terraform keeps
 * them on a plain init: they are no change of ours.
 */
const PROJECT_ATTRIBUTES = [
  "bucket",
  "key",
  "region",
  "encrypt",
  "dynamodb_table",
  "use_lockfile",
  "endpoints",
  "use_path_style",
  "skip_credentials_validation",
  "skip_requesting_account_id",
  "skip_metadata_api_check",
];

/** `config`'s values of the attributes the stack writes or `wanted` has, without Terraform's nulls. */
function projectPart(config: Json, wanted: Json): unknown {
  const names = new Set([...PROJECT_ATTRIBUTES, ...Object.keys(wanted)]);
  return withoutNulls(Object.fromEntries([...names].map((name) => [name, config[name]])));
}

function locationOf(config: Json): StateLocation {
  const endpoints = isObject(config.endpoints) ? config.endpoints : {};
  // Before the `endpoints` block, the S3 backend took `endpoint`; a state initialised then may have it.
  const endpoint = endpoints.s3 ?? config.endpoint;
  return {
    bucket: String(config.bucket ?? ""),
    key: String(config.key ?? ""),
    region: String(config.region ?? ""),
    ...(typeof endpoint === "string" && endpoint !== "" ? { endpoint } : {}),
  };
}

/**
 * The change from the backend in `initialised` (the parsed `.terraform/terraform.tfstate`) to the
 * one in `synthesized` (the parsed `cdk.tf.json`), or undefined when Terraform will find none: the
 * folder was never initialised, or with this very configuration.
 */
export function backendChange(initialised: unknown, synthesized: unknown): BackendChange | undefined {
  const saved = isObject(initialised) && isObject(initialised.backend) ? initialised.backend : undefined;
  if (saved === undefined || !isObject(saved.config)) return undefined;
  const terraformBlock = isObject(synthesized) && isObject(synthesized.terraform) ? synthesized.terraform : {};
  const backends = isObject(terraformBlock.backend) ? terraformBlock.backend : {};
  const wanted = isObject(backends.s3) ? backends.s3 : {};
  if (saved.type === "s3" && sameJson(projectPart(saved.config, wanted), projectPart(wanted, wanted))) return undefined;
  const from = locationOf(saved.config);
  const to = locationOf(wanted);
  return { from, to, sameState: saved.type === "s3" && PARTS.every(({ part }) => from[part] === to[part]) };
}

/** `s3://bucket/key in us-east-1` and where: AWS, or the endpoint. */
export function describeLocation(location: StateLocation): string {
  return `s3://${location.bucket}/${location.key} in ${location.region}, ${location.endpoint ? `at the endpoint ${location.endpoint}` : "on AWS"}`;
}

/** One line per setting that moved the state, `stateBucket (ROOT_MONITOR_STATE_BUCKET): "a" → "b"`. */
export function changedSettings(change: BackendChange): string[] {
  const shown = (value: string | undefined) => (value === undefined ? "none (AWS)" : JSON.stringify(value));
  return PARTS.filter(({ part }) => change.from[part] !== change.to[part]).map(
    ({ part, setting }) => `${setting} (${SETTINGS[setting].env}): ${shown(change.from[part])} → ${shown(change.to[part])}`,
  );
}

/**
 * What a command says when it stops on a changed backend: old and new, that nothing moved, and the
 * two ways on, each as `command` takes it (`npm run plan -- --reconfigure`).
 */
export function backendChangeRefusal(change: BackendChange, command: string): string {
  return [
    "The state backend changed since Terraform last initialised this stack folder:",
    ...changedSettings(change).map((line) => `  ${line}`),
    `The old state stays where it is (${describeLocation(change.from)}), untouched, and what it records stays deployed; nothing was initialised, planned or changed.`,
    `New backend: ${describeLocation(change.to)}. Run this again with one of:`,
    `  ${command} -- --reconfigure     use the new backend as it is (for example: the emulator was tried, and AWS is now the target); the old state is left untouched.`,
    `  ${command} -- --migrate-state   copy the old state to the new backend (terraform init -migrate-state -force-copy); only while the old backend is still reachable.`,
  ].join("\n");
}
