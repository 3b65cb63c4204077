/**
 * Pointing everything at one AWS endpoint, such as a local emulator (`moto_server`): the provider
 * settings and the S3 backend settings for the `awsEndpoint` setting. With the setting unset none
 * of this reaches the synthesized JSON.
 */
import type { AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import type { S3BackendConfig } from "cdktf";

/** Every service the provider calls for this stack, by its key in the provider's `endpoints` block. */
export const PROVIDER_SERVICES = ["cloudformation", "cloudtrail", "cloudwatch", "dynamodb", "events", "iam", "kms", "lambda", "logs", "organizations", "s3", "sns", "sqs", "sts"] as const;

/**
 * Provider settings that send every service to `endpoint` and skip what an emulator cannot answer:
 * credential validation, the account-id lookup and the EC2 metadata API.
 */
export function providerEndpointConfig(endpoint: string): Partial<AwsProviderConfig> {
  return {
    endpoints: [Object.fromEntries(PROVIDER_SERVICES.map((service) => [service, endpoint]))],
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: "true",
    s3UsePathStyle: true,
  };
}

/** The same for the S3 backend, which has its own AWS client. */
export function backendEndpointConfig(endpoint: string): Partial<S3BackendConfig> {
  return {
    endpoints: { s3: endpoint, sts: endpoint, iam: endpoint, dynamodb: endpoint },
    usePathStyle: true,
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
  };
}
