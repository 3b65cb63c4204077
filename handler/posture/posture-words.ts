/**
 * The root posture in a message's words: one line of the email ("Root posture: MFA on, no access
 * keys") and one field of the JSON copy (`rootPosture`). Every value is ours or a number read from
 * IAM: nothing from an event reaches these words. Pure.
 */
import { isNotRead, MEMBER_NOT_READ, OTHER_ACCOUNT_NOT_READ, type OrganizationRootFeatures, type NotRead, type RootPosture } from "./root-posture";

/** What starts the posture line of every email. */
export const POSTURE_LINE_LABEL = "Root posture:";

/** Accounts whose root the monitor does not ask about: said as they are, not as a failed read. */
const NOT_ASKED: ReadonlySet<string> = new Set([MEMBER_NOT_READ, OTHER_ACCOUNT_NOT_READ]);

const counted = (count: number, one: string) => (count === 0 ? `no ${one}s` : `${count} ${one}${count === 1 ? "" : "s"} present`);

function organizationWords(organization: OrganizationRootFeatures | NotRead): string {
  if (isNotRead(organization)) return `organization's root access features unknown (not read: ${organization.unknown})`;
  const centralized = (on: boolean) => (on ? "centralized" : "not centralized");
  return `organization: root credentials management ${centralized(organization.rootCredentialsManagementCentralized)}, root sessions ${centralized(organization.rootSessionsCentralized)}`;
}

/** What follows "Root posture:" in the email. */
export function postureWords(posture: RootPosture): string {
  const own = isNotRead(posture)
    ? NOT_ASKED.has(posture.unknown)
      ? posture.unknown
      : `unknown (not read: ${posture.unknown})`
    : [
        posture.mfaEnabled ? "MFA on" : "MFA OFF",
        counted(posture.accessKeysPresent, "access key"),
        // Said only when there is one: a certificate is rare, and "no signing certificates" is noise.
        ...(posture.signingCertificatesPresent > 0 ? [counted(posture.signingCertificatesPresent, "signing certificate")] : []),
      ].join(", ");
  return posture.organization === undefined ? own : `${own}; ${organizationWords(posture.organization)}`;
}

/** The email's posture line. */
export const postureLine = (posture: RootPosture): string => `${POSTURE_LINE_LABEL} ${postureWords(posture)}`;

/** The JSON copy's `rootPosture`: the read values, or `{ unknown: reason }`; the organization's features beside either. */
export function postureFields(posture: RootPosture) {
  const organization =
    posture.organization === undefined
      ? {}
      : isNotRead(posture.organization)
        ? { organizationFeatures: { unknown: posture.organization.unknown } }
        : {
            rootCredentialsManagementCentralized: posture.organization.rootCredentialsManagementCentralized,
            rootSessionsCentralized: posture.organization.rootSessionsCentralized,
          };
  if (isNotRead(posture)) return { unknown: posture.unknown, ...organization };
  return {
    mfaEnabled: posture.mfaEnabled,
    accessKeysPresent: posture.accessKeysPresent,
    signingCertificatesPresent: posture.signingCertificatesPresent,
    ...organization,
    readAt: posture.readAt,
  };
}
