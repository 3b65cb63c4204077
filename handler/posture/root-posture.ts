/**
 * The root user's posture: what GetAccountSummary says of the root user's own credentials (an MFA
 * device, access keys, signing certificates) and, in an organization, what ListOrganizationsFeatures
 * says of centralized root access. Read in the hub's account (posture-reader.ts) and shown beside
 * every alert and digest (posture-words.ts); a posture that is itself a finding raises the message's
 * severity one step (severity-raise.ts). Pure: turning AWS's answers into the posture of one alert's account.
 *
 * What is and is not known: GetAccountSummary answers for the calling account only. The function runs
 * in the hub's account (the management account in organization scope) and holds no role in member
 * accounts, so a member account's own root credentials are never read; the organization's features
 * (whether members' root credentials and root sessions are managed centrally) are the organization's,
 * and are shown for every account of it.
 */

/** Whether the organization manages its members' root users centrally (IAM FeatureType). */
export interface OrganizationRootFeatures {
  /** `RootCredentialsManagement`: the management account can delete members' root passwords, keys, certificates and MFA. */
  readonly rootCredentialsManagementCentralized: boolean;
  /** `RootSessions`: the management account can take short-term root sessions in members (sts:AssumeRoot). */
  readonly rootSessionsCentralized: boolean;
}

/** The hub's own root credentials, as GetAccountSummary counts them. */
export interface RootCredentialsSummary {
  readonly mfaEnabled: boolean;
  readonly accessKeysPresent: number;
  readonly signingCertificatesPresent: number;
  /** When it was read (ISO 8601, UTC): the answer may come from the cache (posture-reader.ts). */
  readonly readAt: string;
}

/** Why something was not read, in our words (a short reason, never AWS's error text). */
export interface NotRead {
  readonly unknown: string;
}

/** What one read of the hub's account found (posture-reader.ts). */
export interface HubPosture {
  /** The hub's account: the one GetAccountSummary answers for. */
  readonly accountId: string;
  readonly summary: RootCredentialsSummary | NotRead;
  /** With scope = organization; absent outside one. */
  readonly organization?: OrganizationRootFeatures | NotRead;
}

/** The posture one message shows: of its account's root user, as far as it is known. */
export type RootPosture = (RootCredentialsSummary | NotRead) & { readonly organization?: OrganizationRootFeatures | NotRead };

/** Said of a member account: reading its root user would need a role in it, which the monitor does not hold. */
export const MEMBER_NOT_READ = "member account: posture not read (no cross-account role)";

/** Said of another account outside an organization: no rule of the monitor's delivers one, so a forgery is likelier than a second account. */
export const OTHER_ACCOUNT_NOT_READ = "not the monitor's own account: posture not read";

/** Said when nothing read a posture (a caller without a reader). */
export const NOT_READ: RootPosture = { unknown: "no reader configured" };

export const isNotRead = (value: object): value is NotRead => "unknown" in value;

/** The posture of the account `accountId`'s root user, from what the hub read. */
export function postureOf(hub: HubPosture, accountId: string): RootPosture {
  const organization = hub.organization === undefined ? {} : { organization: hub.organization };
  if (accountId !== hub.accountId) return { unknown: hub.organization === undefined ? OTHER_ACCOUNT_NOT_READ : MEMBER_NOT_READ, ...organization };
  return { ...hub.summary, ...organization };
}

/** A count from the SummaryMap: a whole number, 0 when absent or not a number. */
const countOf = (value: unknown): number => (typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 0);

/** GetAccountSummary's SummaryMap, turned into the root user's credentials; `readAt` is when. */
export function summaryOf(summaryMap: Readonly<Record<string, number | undefined>> | undefined, readAt: Date): RootCredentialsSummary | NotRead {
  // A SummaryMap without AccountMFAEnabled is not an answer about the root user: say so rather than guess "MFA off".
  if (summaryMap === undefined || typeof summaryMap.AccountMFAEnabled !== "number") return { unknown: "the account summary had no root MFA field" };
  return {
    mfaEnabled: summaryMap.AccountMFAEnabled === 1,
    accessKeysPresent: countOf(summaryMap.AccountAccessKeysPresent),
    signingCertificatesPresent: countOf(summaryMap.AccountSigningCertificatesPresent),
    readAt: readAt.toISOString(),
  };
}

/** ListOrganizationsFeatures' EnabledFeatures, turned into what is centralized. */
export function organizationFeaturesOf(enabledFeatures: readonly string[] | undefined): OrganizationRootFeatures {
  const enabled = new Set(enabledFeatures ?? []);
  return { rootCredentialsManagementCentralized: enabled.has("RootCredentialsManagement"), rootSessionsCentralized: enabled.has("RootSessions") };
}
