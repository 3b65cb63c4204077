import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";

export const FIXTURES_DIR = path.join(__dirname, "..", "fixtures");

/** Fixtures of root activity that a person must hear about, the AssumeRoot call that opens a root session included. */
export const ROOT_FIXTURES = [
  "root-console-sign-in-success",
  "root-console-sign-in-failure",
  "root-console-sign-in-without-mfa",
  "root-api-call-create-volume",
  "root-api-call-get-caller-identity",
  "root-api-call-access-denied",
  "root-console-action",
  "root-password-recovery-requested",
  "root-password-recovery-completed",
  "root-password-updated",
  "root-email-updated",
  "root-create-access-key",
  "root-update-access-key-active",
  "root-create-access-key-for-iam-user",
  "root-update-access-key-active-for-iam-user",
  "root-deactivate-mfa-device",
  "root-delete-virtual-mfa-device",
  "root-cloudtrail-stop-logging",
  "root-delete-monitor-rule",
  "root-centralized-root-session",
  "root-invoked-by-signin",
  "root-sign-in-forged-user-agent",
  "assume-root-call",
] as const;

/** Fixtures that must never notify. */
export const NOT_ROOT_FIXTURES = ["root-invoked-by-service", "iam-user-api-call", "assumed-role-api-call"] as const;

/** Changes to the monitor's own resources by principals other than root (the tamper rule's), and one to another role that is not. */
export const TAMPER_FIXTURES = ["tamper-put-role-policy", "tamper-cloudformation-attach-role-policy"] as const;
export const NOT_TAMPER_FIXTURES = ["other-role-put-role-policy"] as const;

/** The management account's moves on a member account's root credentials or contacts, by a principal other than root. */
export const MEMBER_ROOT_CHANGE_FIXTURES = ["member-primary-email-update"] as const;

export type FixtureName =
  | (typeof ROOT_FIXTURES)[number]
  | (typeof NOT_ROOT_FIXTURES)[number]
  | (typeof TAMPER_FIXTURES)[number]
  | (typeof NOT_TAMPER_FIXTURES)[number]
  | (typeof MEMBER_ROOT_CHANGE_FIXTURES)[number]
  | "root-sparse";

/** A fresh copy of a recorded CloudTrail event, as EventBridge delivers it. */
export function loadFixture(name: FixtureName): Record<string, any> {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, `${name}.json`), "utf8"));
}

export function allFixtureNames(): FixtureName[] {
  return readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.replace(/\.json$/, "") as FixtureName);
}
