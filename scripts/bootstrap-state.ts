/**
 * `npm run bootstrap-state`: creates the S3 bucket that holds the Terraform state, as the backend
 * needs it: versioned, encrypted by default, all public access blocked, TLS-only. Idempotent: run it
 * again and it only makes sure each of those holds. Uses the standard AWS configuration and the
 * stateBucket, stateRegion and awsEndpoint settings. Refuses the example bucket of the shipped
 * cdktf.json, as plan and deploy do.
 */
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketLocationConstraint,
} from "@aws-sdk/client-s3";
import { awsClientConfig, commandSettings } from "./lib/commands";
import { refuseExampleStateBucket } from "./lib/own-state-bucket";
import { runCommand } from "./lib/run-command";
import { stateBucketPolicy } from "./lib/state-bucket-policy";

async function main(): Promise<void> {
  const settings = commandSettings();
  // Creating the example bucket would only lead to plan and deploy refusing it (and anyone could own it first).
  refuseExampleStateBucket(settings);
  const bucket = settings.stateBucket;
  const s3 = new S3Client(awsClientConfig(settings, settings.stateRegion));
  const exists = await s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
      if (error.name === "NotFound" || error.$metadata?.httpStatusCode === 404) return false;
      throw error;
    },
  );
  if (exists) {
    console.log(`bucket ${bucket} exists; making sure its settings hold`);
  } else {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(settings.stateRegion === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: settings.stateRegion as BucketLocationConstraint } }),
      }),
    );
    console.log(`created bucket ${bucket} in ${settings.stateRegion}`);
  }
  await s3.send(new PutPublicAccessBlockCommand({
    Bucket: bucket,
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  }));
  console.log("  public access: all blocked");
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  console.log("  versioning: enabled (a bad apply can be rolled back)");
  await s3.send(new PutBucketEncryptionCommand({
    Bucket: bucket,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: true }] },
  }));
  console.log("  default encryption: SSE-S3");
  const policy = stateBucketPolicy(bucket, settings.awsEndpoint);
  if (policy) {
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    console.log("  policy: requests without TLS denied");
  } else {
    console.log(`  policy: none, since awsEndpoint ${settings.awsEndpoint} is plain HTTP and a TLS-only policy would deny every request through it`);
  }
  console.log(`state bucket ${bucket} is ready for the S3 backend (key ${settings.stateKey})`);
}

runCommand("bootstrap-state", main);
