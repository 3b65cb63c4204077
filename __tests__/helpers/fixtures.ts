import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";

export const FIXTURES_DIR = path.join(__dirname, "..", "fixtures");

export type FixtureName =
  | "root-console-sign-in-success"
  | "root-console-sign-in-failure"
  | "root-api-call-create-volume"
  | "root-api-call-get-caller-identity"
  | "root-api-call-access-denied"
  | "root-console-action"
  | "root-invoked-by-service"
  | "iam-user-api-call"
  | "assumed-role-api-call"
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

/** Fixtures of root activity that a person must hear about. */
export const ROOT_FIXTURES: FixtureName[] = [
  "root-console-sign-in-success",
  "root-console-sign-in-failure",
  "root-api-call-create-volume",
  "root-api-call-get-caller-identity",
  "root-api-call-access-denied",
  "root-console-action",
];

/** Fixtures that must never notify. */
export const NOT_ROOT_FIXTURES: FixtureName[] = ["root-invoked-by-service", "iam-user-api-call", "assumed-role-api-call"];
