/**
 * Which credentials a root call was made with, read from the record, so that the notification names
 * them truthfully: a long-lived root access key (`AKIA...`) can and should be deleted; a session key
 * (`ASIA...`) is temporary, expires on its own and cannot be deleted, and says where to look instead.
 * AWS documents the prefixes in STS GetAccessKeyInfo: AKIA is long-term, ASIA temporary. Pure.
 */
import { ROOT_CONSOLE_INVOKED_BY } from "../../src/contract/event-pattern";
import { displayText } from "../messages/display-text";
import { field, nonEmptyTextOf, textOf } from "./lenient";

type CredentialKind =
  /** No access key in the record: a console sign-in or a console page of its own. */
  | "none"
  /** A long-lived root access key. */
  | "root-access-key"
  /** Temporary keys of a root console session (`sessionCredentialFromConsole`, or invoked by signin.amazonaws.com). */
  | "console-session"
  /** Temporary keys of an AWS Organizations centralized root access session (sts:AssumeRoot), marked as such in the record. */
  | "centralized-root-session"
  /** Other temporary keys: sts:GetSessionToken with a root access key, or a centralized root access session that the record does not mark. */
  | "temporary-session"
  /** A key id of no known shape: shown, but nothing is claimed about it. */
  | "unknown-key";

export interface Credentials {
  readonly kind: CredentialKind;
  readonly accessKeyId?: string;
  /** When the session's credentials were issued (`sessionContext.attributes.creationDate`). */
  readonly sessionCreated?: string;
  /** Whether the session was authenticated with MFA (`sessionContext.attributes.mfaAuthenticated`). */
  readonly mfaAuthenticated?: string;
}

const LONG_LIVED_KEY_PREFIX = "AKIA";
const TEMPORARY_KEY_PREFIX = "ASIA";

const isTrue = (value: unknown) => value === true || (typeof value === "string" && value.toLowerCase() === "true");

/** True when the record's session is marked as a centralized root access session (`sessionContext.assumedRoot`). */
function isMarkedAssumedRoot(identity: unknown): boolean {
  return isTrue(field(field(identity, "sessionContext"), "assumedRoot"));
}

export function credentialsOf(record: unknown): Credentials {
  const identity = field(record, "userIdentity");
  const keyText = nonEmptyTextOf(field(identity, "accessKeyId"));
  const attributes = field(field(identity, "sessionContext"), "attributes");
  const sessionCreated = optional(field(attributes, "creationDate"));
  const mfaAuthenticated = optional(field(attributes, "mfaAuthenticated"));
  if (keyText === undefined) return { kind: "none" };
  const accessKeyId = displayText(keyText, 128);
  const session = { accessKeyId, sessionCreated, mfaAuthenticated };
  if (keyText.startsWith(LONG_LIVED_KEY_PREFIX)) return { kind: "root-access-key", accessKeyId };
  if (!keyText.startsWith(TEMPORARY_KEY_PREFIX)) return { kind: "unknown-key", accessKeyId };
  // The AssumeRoot call itself carries the mark on its caller's (non-root) session: only a root identity's session is a root session.
  if (isMarkedAssumedRoot(identity) && field(identity, "type") === "Root") return { kind: "centralized-root-session", ...session };
  // signin.amazonaws.com acting for root is the console (see ROOT_CONSOLE_INVOKED_BY).
  if (isTrue(field(record, "sessionCredentialFromConsole")) || field(identity, "invokedBy") === ROOT_CONSOLE_INVOKED_BY) {
    return { kind: "console-session", ...session };
  }
  return { kind: "temporary-session", ...session };
}

function optional(value: unknown): string | undefined {
  const text = nonEmptyTextOf(textOf(value));
  return text === undefined ? undefined : displayText(text, 128);
}
