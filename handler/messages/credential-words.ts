/**
 * How a message names the key a root call was made with, and the step about it: only a long-lived
 * key can and should be deleted; a session key expires on its own and leads back to its session.
 * Pure; every value it reads is already display-safe.
 */
import type { Credentials } from "../events/credentials";
import { FIND_KEYS } from "./root-story-parts";

/** The step about the key the call was made with: only a long-lived key can and should be deleted. */
export function credentialAdvice(credentials: Credentials): string {
  const key = credentials.accessKeyId ?? "unknown";
  switch (credentials.kind) {
    case "root-access-key":
      return `This call used the long-lived root access key ${key}. Root access keys should not exist: find what uses it, then delete it (IAM > Security credentials, signed in as root).`;
    case "console-session":
      return `This call used ${key}, the temporary session key of a root console session: it expires on its own and cannot be deleted. Look for the root ConsoleLogin that began the session. ${FIND_KEYS}`;
    case "centralized-root-session":
      return `This call used ${key}, the session key of a centralized root access session (sts:AssumeRoot): it expires within 15 minutes and cannot be deleted. In the organization's management account (or the delegated administrator for IAM), the AssumeRoot event that returned this key names the principal that assumed root and the task policy.`;
    case "temporary-session":
      return `This call used ${key}, a temporary session key: it expires on its own and cannot be deleted. Root session keys come from sts:GetSessionToken called with a root access key, or from a centralized root access session (sts:AssumeRoot) of your organization: look up this key in CloudTrail, here and in the management account, to find which. ${FIND_KEYS}`;
    case "unknown-key":
      return `This call used the access key ${key}. ${FIND_KEYS}`;
    case "none":
      return FIND_KEYS;
  }
}

/** How the summary names the credentials, or undefined when the call used none. */
export function credentialsLine(credentials: Credentials): string | undefined {
  const key = credentials.accessKeyId ?? "unknown";
  switch (credentials.kind) {
    case "root-access-key":
      return `${key} (a long-lived root access key)`;
    case "console-session":
      return `${key} (session key of a root console session)`;
    case "centralized-root-session":
      return `${key} (session key of a centralized root access session)`;
    case "temporary-session":
      return `${key} (temporary session key)`;
    case "unknown-key":
      return key;
    case "none":
      return undefined;
  }
}
