/**
 * An AWS Organization in the local emulator, made as the README's organization quick start asks:
 * all features, trusted access for StackSets, an organizational unit of member accounts, and an
 * organization trail. Shared by the organization end-to-end test and the bench's organization plan.
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  EnableAWSServiceAccessCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { emulatorClientConfig } from "./moto-server";

/** The service principal that StackSets' trusted access is enabled for. */
const STACKSETS_SERVICE_PRINCIPAL = "member.org.stacksets.cloudformation.amazonaws.com";

export interface EmulatedOrganizationOptions {
  readonly endpoint: string;
  /** Where the management account's clients run (the organization trail is made here). */
  readonly region: string;
  /** Names of the member accounts made in the unit. */
  readonly unitAccounts: readonly string[];
  /** Names of member accounts made under the root, outside the unit. @default none */
  readonly rootAccounts?: readonly string[];
}

export interface EmulatedOrganization {
  readonly organizationId: string;
  readonly rootId: string;
  /** The organizational unit the member accounts were moved to. */
  readonly unitId: string;
  /** Account ids by the names given. */
  readonly accounts: Readonly<Record<string, string>>;
  /** Makes a further member account under the root; moved to the unit when `intoUnit`. */
  addAccount(name: string, intoUnit: boolean): Promise<string>;
}

export async function createEmulatedOrganization(options: EmulatedOrganizationOptions): Promise<EmulatedOrganization> {
  const config = emulatorClientConfig(options.endpoint, options.region);
  const organizations = new OrganizationsClient(config);
  const organizationId = (await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }))).Organization?.Id ?? "";
  await organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL }));
  const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? "";
  const unitId = (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "workloads" }))).OrganizationalUnit?.Id ?? "";

  async function addAccount(name: string, intoUnit: boolean): Promise<string> {
    const { CreateAccountStatus } = await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const { CreateAccountStatus: status } = await organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }));
    const accountId = status?.AccountId ?? "";
    if (intoUnit) await organizations.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: unitId }));
    return accountId;
  }

  const accounts: Record<string, string> = {};
  for (const name of options.unitAccounts) accounts[name] = await addAccount(name, true);
  for (const name of options.rootAccounts ?? []) accounts[name] = await addAccount(name, false);

  const trailBucket = "organization-trail-logs";
  await new S3Client(config).send(new CreateBucketCommand({ Bucket: trailBucket }));
  const cloudtrail = new CloudTrailClient(config);
  await cloudtrail.send(new CreateTrailCommand({ Name: "organization-trail", S3BucketName: trailBucket, IsMultiRegionTrail: true, IsOrganizationTrail: true }));
  await cloudtrail.send(new StartLoggingCommand({ Name: "organization-trail" }));

  return { organizationId, rootId, unitId, accounts, addAccount };
}
