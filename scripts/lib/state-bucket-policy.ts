/**
 * The state bucket's policy: deny every request that does not use TLS. An `http://` awsEndpoint
 * (the local emulator) reaches S3 only without TLS, so there the statement would deny the backend,
 * plan and deploy every request (403): for such an endpoint the bucket gets no policy at all.
 */

/** Whether `awsEndpoint` takes requests over plain HTTP, as the local emulator does. */
function isPlainHttpEndpoint(awsEndpoint: string | undefined): boolean {
  return awsEndpoint?.toLowerCase().startsWith("http://") ?? false;
}

/** The policy for the state bucket, or undefined when the endpoint is plain HTTP and TLS cannot be required. */
export function stateBucketPolicy(bucket: string, awsEndpoint: string | undefined): string | undefined {
  if (isPlainHttpEndpoint(awsEndpoint)) return undefined;
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}
