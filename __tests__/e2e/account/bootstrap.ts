/**
 * `npm run bootstrap-state` makes the bucket the account deployment keeps its state in: versioned,
 * encrypted, private, idempotent; without the TLS-only policy on the emulator's plain-HTTP endpoint.
 */
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from "@aws-sdk/client-s3";
import { BUCKET, clientOf, runCommand, type AccountDeployment } from "./deployment";

export function describeBootstrapState(d: AccountDeployment): void {
  describe("bootstrap-state", () => {
    it("creates a versioned, encrypted, private state bucket, and is idempotent", async () => {
      const first = await runCommand(d, "bootstrap-state");
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout).toContain(`created bucket ${BUCKET}`);
      const second = await runCommand(d, "bootstrap-state");
      expect(second).toMatchObject({ code: 0 });
      expect(second.stdout).toContain(`bucket ${BUCKET} exists; making sure its settings hold`);

      const s3 = clientOf(d, S3Client, "us-east-1");
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status).toBe("Enabled");
      const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKET }));
      expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe("AES256");
      expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))).PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
    });

    // The emulator speaks plain HTTP: a TLS-only policy would deny the backend every request (403).
    // That it does not is shown by the deploy and the plans that use this bucket after it.
    it("leaves the TLS-only policy out for the emulator's plain-HTTP endpoint, and says why", async () => {
      const result = await runCommand(d, "bootstrap-state");
      expect(result.stdout).toContain(`policy: none, since awsEndpoint ${d.moto.endpoint} is plain HTTP`);
      const policy = clientOf(d, S3Client, "us-east-1").send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
      await expect(policy).rejects.toMatchObject({ name: "NoSuchBucketPolicy" });
    });

    it("names the setting when the bucket name is bad", async () => {
      const result = await runCommand(d, "bootstrap-state", [], { ROOT_MONITOR_STATE_BUCKET: "Bad_Bucket" });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Setting "stateBucket" (from environment variable ROOT_MONITOR_STATE_BUCKET) has the value "Bad_Bucket"');
    });
  });
}
