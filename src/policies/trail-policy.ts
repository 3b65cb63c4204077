/** The management trail's log bucket policy. */
import { document, type PolicyDocument } from "./policy-document";

interface TrailBucketPolicyInput {
  /** The account whose logs the trail writes. */
  readonly accountId: string;
  readonly bucketArn: string;
  /** The trail, by the ARN built from its name (the bucket policy must exist before the trail). */
  readonly trailArn: string;
}

/** CloudTrail may read the bucket's ACL and write this account's logs, for this trail only; TLS only. */
export function trailBucketPolicy(input: TrailBucketPolicyInput): PolicyDocument {
  const { trailArn } = input;
  return document(
    {
      Sid: "CloudTrailChecksAcl",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: input.bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    },
    {
      Sid: "CloudTrailWritesLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      // CloudTrail names each log object itself, under this prefix.
      Resource: `${input.bucketArn}/AWSLogs/${input.accountId}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [input.bucketArn, `${input.bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": false } },
    },
  );
}
