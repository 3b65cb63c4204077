/**
 * For accounts without one: a multi-Region CloudTrail trail of management events (read and write),
 * the feed the rules depend on, with its log bucket encrypted, versioned, private and TLS-only.
 */
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { trailBucketPolicy } from "../policies/trail-policy";
import type { RegionContext } from "../terraform/region-context";

export interface ManagementTrailProps {
  /** The trail's home Region. */
  readonly context: RegionContext;
  /** The trail's name (names.ts: `<namePrefix>-management-events`). */
  readonly trailName: string;
  /** The log bucket's name is this and the account id (names.ts: `<namePrefix>-trail-`, lower case). */
  readonly bucketNamePrefix: string;
}

export class ManagementTrail extends Construct {
  public readonly trail: Cloudtrail;
  public readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: ManagementTrailProps) {
    super(scope, id);
    const { provider, accountId } = props.context;
    const name = props.trailName;

    this.bucket = new S3Bucket(this, "Bucket", { provider, bucket: `${props.bucketNamePrefix}${accountId}` });
    const publicAccess = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      provider,
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    });
    new S3BucketVersioningA(this, "Versioning", { provider, bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } });
    const policy = new S3BucketPolicy(this, "Policy", {
      provider,
      bucket: this.bucket.id,
      policy: JSON.stringify(trailBucketPolicy({ accountId, bucketArn: this.bucket.arn, trailArn: props.context.arn("cloudtrail", `trail/${name}`) })),
      dependsOn: [publicAccess],
    });

    this.trail = new Cloudtrail(this, "Trail", {
      provider,
      name,
      s3BucketName: this.bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      eventSelector: [{ readWriteType: "All", includeManagementEvents: true }],
      // CloudTrail checks that it may write to the bucket when the trail is created.
      dependsOn: [policy],
    });
  }
}
