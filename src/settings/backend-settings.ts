/** The settings of where Terraform keeps its state and how it reaches AWS, and the tags on every resource. */
import { z } from "zod";
import { DEFAULTS } from "./defaults";
import { setting } from "./setting-spec";
import { regionCode } from "./value-schemas";

/**
 * The state bucket named in the shipped cdktf.json: a placeholder. Synth warns while it is in use;
 * `npm run plan` and `npm run deploy` refuse it, since nobody should keep state in a bucket whose
 * name anyone can guess and claim.
 */
export const EXAMPLE_STATE_BUCKET = "example-org-terraform-state";

const S3_BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const BACKEND_SETTINGS = {
  stateBucket: setting({
    env: "ROOT_MONITOR_STATE_BUCKET",
    type: "string",
    defaultText: "the example in the shipped `cdktf.json`",
    description: "S3 bucket that holds the Terraform state. It must exist (versioned, private, encrypted) before the first deploy (`npm run bootstrap-state` makes it).",
    allowed: "an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
    schema: z.string({ error: "required: set it in cdktf.json or the environment" }).regex(S3_BUCKET_NAME, { error: "not an S3 bucket name" }),
  }),
  stateKey: setting({
    env: "ROOT_MONITOR_STATE_KEY",
    type: "string",
    defaultText: "`root-activity-monitor/terraform.tfstate`",
    description: "Object key of the state file in the bucket.",
    allowed: "an S3 object key: 1 to 1024 characters, not starting or ending with /",
    schema: z
      .string({ error: "expected text" })
      .regex(/^(?!\/)[^\u0000-\u001f]{1,1024}(?<!\/)$/, { error: "not a usable S3 object key" })
      .default(DEFAULTS.stateKey),
  }),
  stateRegion: setting({
    env: "ROOT_MONITOR_STATE_REGION",
    type: "string",
    defaultText: "`us-east-1`",
    description: "Region of the state bucket.",
    allowed: "a region code such as us-east-1",
    schema: regionCode.default(DEFAULTS.stateRegion),
  }),
  stateLockTable: setting({
    env: "ROOT_MONITOR_STATE_LOCK_TABLE",
    type: "string",
    defaultText: "none (S3-native locking, `use_lockfile`)",
    description: "DynamoDB table for state locking, for Terraform older than 1.10, which cannot lock in S3 itself.",
    allowed: "a DynamoDB table name: 3 to 255 letters, digits, underscores, hyphens and dots",
    schema: z
      .string({ error: "expected text" })
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: "not a DynamoDB table name" })
      .optional(),
  }),
  tags: setting({
    type: "map of string to string",
    defaultText: '`{ "app": "root-activity-monitor" }`',
    description: "Tags applied to every resource, as provider default tags. Context only (cdktf.json).",
    allowed: "an object of tag keys (1 to 128 characters) to string values (at most 256 characters)",
    schema: z
      .record(
        z.string().min(1, { error: "empty tag key" }).max(128, { error: "tag key over 128 characters" }),
        z.string({ error: "tag values must be text" }).max(256, { error: "tag value over 256 characters" }),
        { error: "expected an object of tag keys to values" },
      )
      .default(() => ({ ...DEFAULTS.tags })),
  }),
  awsEndpoint: setting({
    env: "ROOT_MONITOR_AWS_ENDPOINT",
    type: "URL",
    defaultText: "none (the real AWS endpoints)",
    description:
      "Send every AWS call of the providers and the state backend to this endpoint, such as a local emulator; skips credential validation and the account-id lookup, and uses path-style S3.",
    allowed: "an http:// or https:// URL such as http://127.0.0.1:5000",
    schema: z
      .string({ error: "expected text" })
      .refine((text) => /^https?:\/\/[^\s/]+(\/\S*)?$/.test(text) && URL.canParse(text), { error: "not an http(s) URL" })
      .transform((text) => text.replace(/\/+$/, ""))
      .optional(),
  }),};
