/** The state bucket's TLS-only policy, and the one case it is left out: a plain-HTTP endpoint. */
import { stateBucketPolicy } from "../../scripts/lib/state-bucket-policy";

const BUCKET = "acme-terraform-state";
const denyInsecureTransport = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

describe("stateBucketPolicy", () => {
  it("denies every request without TLS on AWS itself", () => {
    expect(JSON.parse(stateBucketPolicy(BUCKET, undefined) as string).Statement).toEqual([denyInsecureTransport]);
  });

  it("denies every request without TLS through an https endpoint", () => {
    expect(JSON.parse(stateBucketPolicy(BUCKET, "https://s3.internal.example.com") as string).Statement).toEqual([denyInsecureTransport]);
  });

  it("has no policy for a plain-HTTP endpoint such as the emulator, which the statement would lock out", () => {
    expect(stateBucketPolicy(BUCKET, "http://127.0.0.1:5000")).toBeUndefined();
    expect(stateBucketPolicy(BUCKET, "HTTP://localhost:4566")).toBeUndefined();
  });
});
