/**
 * What one deployment watches. `account`: the account it is deployed to. `organization`: every
 * account of the AWS Organization, from its management account: the hub (central delivery) in the home Region, and a CloudFormation stack set
 * that puts a spoke (rule, forwarding role, dead-letter queue) in every member account and Region.
 */
export const MONITOR_SCOPES = ["account", "organization"] as const;

/**
 * Why a plan with scope = organization stops in an account that is not its organization's management
 * account (a postcondition on the organization Terraform reads: stack.ts). A member account may
 * describe its organization but sees no root and cannot deploy the spokes' stack set.
 */
export const NOT_MANAGEMENT_ACCOUNT =
  "scope is organization, but this account is not its organization's management account: only the management account can deploy the spokes' stack set to member accounts. Run with credentials of the management account, or set scope to account to monitor this account alone.";

/** An organization's id, as Organizations writes it. */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** Where stack instances go: an organizational unit's id, or the organization's root. */
export const ORGANIZATIONAL_UNIT_OR_ROOT_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

/**
 * Centralized root access (`sts:AssumeRoot`) sessions. `report`: told like any root session, an
 * alert when one starts. `digest-only`: for teams that use it daily, such a session is told in
 * digests only; its critical moves still page at once.
 */
export const CENTRALIZED_ROOT_ACCESS_CHOICES = ["report", "digest-only"] as const;
export type CentralizedRootAccess = (typeof CENTRALIZED_ROOT_ACCESS_CHOICES)[number];
export const DEFAULT_CENTRALIZED_ROOT_ACCESS: CentralizedRootAccess = "report";
