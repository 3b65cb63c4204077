/**
 * A root posture that is itself a finding raises a message's severity one step (low to medium, medium
 * to high, high to critical; critical stays critical), and the message says why. Pure.
 *
 * Findings: no MFA on the root user (Security Hub IAM.9), a root access key present (IAM.4). Both mean
 * the root user can be used with less than it should need: a password alone, or a key that needs
 * neither password nor MFA. A signing certificate is shown but raises nothing: it signs only SOAP
 * requests, which almost no AWS service still accepts, and AWS's own checks leave it out.
 * Several findings still raise one step: the step says "look sooner", not "count the problems".
 *
 * What the raise drives, and what it does not (decided so that every existing rule stays coherent):
 * - It raises the MESSAGE: its subject prefix ([HIGH]/[CRITICAL], subject.ts), its `severity`
 *   attribute (what subscription filters match, and publish-priority.ts ranks: a raised alert takes
 *   a higher publish slot), and the severity in the email and the JSON copy (with the event's own
 *   severity and the reason beside it).
 * - It does NOT change how an action is routed: whether it is told at once or kept for a digest, the
 *   batch's critical-first order and the severity an action is kept with stay the event's own
 *   (severity.ts). The posture is read with a deadline and may be unknown, or change between two
 *   deliveries of one event: routing on it would let a retry tell an action twice or not at once, and
 *   would turn every medium console action of an account without root MFA into an at-once message.
 * - A digest stays routine in publish priority whatever its severity (publish-priority.ts), raised or not.
 */
import { SEVERITIES, type Severity } from "../events/severity";
import { isNotRead, type RootPosture } from "./root-posture";

/** Why the posture raised a message's severity, in the message's words: "the root user has no MFA". */
export function postureFinding(posture: RootPosture): string | undefined {
  if (isNotRead(posture)) return undefined;
  const findings = [
    ...(posture.mfaEnabled ? [] : ["no MFA"]),
    ...(posture.accessKeysPresent > 0 ? [posture.accessKeysPresent === 1 ? "an access key" : `${posture.accessKeysPresent} access keys`] : []),
  ];
  return findings.length === 0 ? undefined : `the root user has ${findings.join(" and ")}`;
}

export interface RaisedSeverity {
  /** The message's severity: the event's, raised one step when the posture is a finding. */
  readonly severity: Severity;
  /** When raised: the event's own severity, and why. */
  readonly raised?: { readonly from: Severity; readonly reason: string };
}

/** `severity`, one step higher when `posture` is a finding; critical stays critical (and says nothing of a raise). */
export function raiseSeverity(severity: Severity, posture: RootPosture): RaisedSeverity {
  const reason = postureFinding(posture);
  const index = SEVERITIES.indexOf(severity);
  if (reason === undefined || index <= 0) return { severity };
  return { severity: SEVERITIES[index - 1], raised: { from: severity, reason } };
}

/** The sentence a message carries when its severity was raised. */
export const raisedSentence = (raised: NonNullable<RaisedSeverity["raised"]>): string => `severity raised from ${raised.from.toUpperCase()}: ${raised.reason}`;
