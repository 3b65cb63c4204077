import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { decide, type RootActivity } from "../../handler/events/root-activity";
import { sessionOfActivity } from "../../handler/events/root-session";
import { buildDigest } from "../../handler/messages/digest";
import { buildNewPlaceAlert } from "../../handler/messages/new-place-alert";
import { buildNotification } from "../../handler/messages/notification";
import { buildAtOnceMessage } from "../../handler/publishing/at-once";
import { publishPriorityOf } from "../../handler/publishing/publish-priority";
import type { RootPosture } from "../../handler/posture/root-posture";
import type { PendingAction } from "../../handler/sessions/session-record";
import { loadFixture, type FixtureName } from "../helpers/fixtures";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const READ_AT = "2026-11-20T08:00:00.000Z";
const GOOD: RootPosture = { mfaEnabled: true, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: READ_AT };
const NO_MFA: RootPosture = { ...GOOD, mfaEnabled: false };

const activityOf = (name: FixtureName): RootActivity => {
  const decision = decide(loadFixture(name));
  if (decision.action !== "notify") throw new Error("fixture should notify");
  return decision.activity;
};
const documentOf = (request: PublishCommandInput) => JSON.parse(request.Message ?? "{}") as { default: string; email: string };
const emailOf = (request: PublishCommandInput) => documentOf(request).email;
const jsonOf = (request: PublishCommandInput) => JSON.parse(documentOf(request).default);
const alertWith = (name: FixtureName, posture?: RootPosture) => buildNotification({ topicArn: TOPIC, activity: activityOf(name), accountAlias: "prod-payments", event: loadFixture(name), ...(posture ? { posture } : {}) });

const action: PendingAction = {
  eventId: "00000000-0000-4000-8000-000000000001",
  eventName: "DescribeInstances",
  eventSource: "ec2.amazonaws.com",
  eventTime: "2026-11-20T07:40:01Z",
  region: "us-east-1",
  sourceIp: "198.51.100.7",
  failed: false,
  severity: "medium",
};
const SESSION = { key: "111122223333:key:ASIAEXAMPLE1", label: "access key ASIAEXAMPLE1", accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1" };

describe("the root posture in an alert", () => {
  it("is one line under the headline, and a field of the JSON copy", () => {
    const request = alertWith("root-console-sign-in-failure", GOOD);
    expect(emailOf(request).split("\n").slice(0, 4)).toEqual([
      "Root user activity in AWS account prod-payments (111122223333).",
      expect.any(String),
      "Root posture: MFA on, no access keys",
      "",
    ]);
    expect(jsonOf(request)).toMatchObject({ severity: "high", severityRaised: null, rootPosture: { mfaEnabled: true, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: READ_AT } });
  });

  it("says unknown, and why, when the posture was not read; the severity stays the event's", () => {
    const request = alertWith("root-console-sign-in-failure", { unknown: "timed out after 1500 ms" });
    expect(emailOf(request)).toContain("\nRoot posture: unknown (not read: timed out after 1500 ms)\n");
    expect(request.Subject).toMatch(/^\[HIGH\] /);
    expect(jsonOf(request).rootPosture).toEqual({ unknown: "timed out after 1500 ms" });
  });

  it("raises a high alert to critical when the root user has no MFA: subject, attribute, publish priority, email and JSON say so", () => {
    const request = alertWith("root-console-sign-in-failure", NO_MFA);
    expect(request.Subject).toBe('[CRITICAL] Root console sign-in FAILED-"ConsoleLogin" detected in Account-"prod-payments"');
    expect(request.MessageAttributes?.severity).toEqual({ DataType: "String", StringValue: "critical" });
    expect(publishPriorityOf(request)).toBe("critical");
    expect(emailOf(request)).toContain(
      "\nSeverity:       CRITICAL: a failed root sign-in: someone knows the root email address and is trying to get in; severity raised from HIGH: the root user has no MFA\n",
    );
    expect(emailOf(request)).toContain("\nRoot posture: MFA OFF, no access keys\n");
    expect(jsonOf(request)).toMatchObject({
      severity: "critical",
      severityReason: "a failed root sign-in: someone knows the root email address and is trying to get in",
      severityRaised: { from: "high", reason: "the root user has no MFA" },
    });
  });

  it("raises a medium sign-in to high ([HIGH] and a high publish slot) when a root access key is present", () => {
    const request = alertWith("root-console-sign-in-success", { ...GOOD, accessKeysPresent: 1 });
    expect(request.Subject).toBe('[HIGH] Root console sign-in with MFA-"ConsoleLogin" detected in Account-"prod-payments"');
    expect(publishPriorityOf(request)).toBe("high");
    expect(emailOf(request)).toContain("severity raised from MEDIUM: the root user has an access key");
  });

  it("keeps a critical alert critical, and says no raise", () => {
    const request = alertWith("root-create-access-key", NO_MFA);
    expect(request.Subject).toMatch(/^\[CRITICAL\] /);
    expect(emailOf(request)).not.toContain("severity raised");
    expect(jsonOf(request).severityRaised).toBeNull();
  });
});

describe("the root posture in the other messages of a session", () => {
  it("a digest: the line, and its severity raised one step", () => {
    const request = buildDigest({ topicArn: TOPIC, session: SESSION, actions: [action], accountAlias: "prod-payments", firstSeen: Date.parse("2026-11-20T07:40:00Z"), lastSeen: Date.parse("2026-11-20T07:52:00Z"), posture: NO_MFA });
    const lines = emailOf(request).split("\n");
    expect(lines.slice(2, 4)).toEqual(["Root posture: MFA OFF, no access keys", "Severity: HIGH, severity raised from MEDIUM: the root user has no MFA."]);
    expect(request.Subject).toBe('[HIGH] Root session digest-"1 more action" detected in Account-"prod-payments"');
    // A digest stays routine, raised or not (publish-priority.ts).
    expect(publishPriorityOf(request)).toBe("routine");
    expect(jsonOf(request)).toMatchObject({ kind: "digest", severity: "high", severityRaised: { from: "medium", reason: "the root user has no MFA" }, rootPosture: { mfaEnabled: false } });
  });

  it("an at-once message: the line under the opening", () => {
    const request = buildAtOnceMessage({ topicArn: TOPIC, session: SESSION, actions: [{ ...action, severity: "high" }, { ...action, eventId: "e2", severity: "high" }], accountAlias: "prod-payments", posture: GOOD });
    expect(emailOf(request).split("\n")[1]).toBe("Root posture: MFA on, no access keys");
    expect(request.Subject).toMatch(/^\[HIGH\] /);
    expect(jsonOf(request).rootPosture).toEqual({ mfaEnabled: true, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: READ_AT });
  });

  it("a new-place alert: high, raised to critical by an access key", () => {
    const activity = activityOf("root-api-call-create-volume");
    const session = sessionOfActivity({ ...activity, accessKeyId: activity.credentials.accessKeyId });
    const newPlace = { network: "203.0.113.0/24", knownNetworks: ["198.51.100.0/24"], knownAgents: [] };
    const request = buildNewPlaceAlert({ topicArn: TOPIC, activity, session, newPlace, accountAlias: "prod-payments", posture: { ...GOOD, accessKeysPresent: 1 } });
    expect(request.Subject).toMatch(/^\[CRITICAL\] Root session from a new place/);
    expect(emailOf(request)).toContain("\nRoot posture: MFA on, 1 access key present\nSeverity: CRITICAL, severity raised from HIGH: the root user has an access key.\n");
    expect(request.MessageAttributes?.severity?.StringValue).toBe("critical");
  });

  it("a member account's alert: not read, with the organization's features, and no raise", () => {
    const posture: RootPosture = { unknown: "member account: posture not read (no cross-account role)", organization: { rootCredentialsManagementCentralized: true, rootSessionsCentralized: true } };
    const request = alertWith("root-console-sign-in-failure", posture);
    expect(emailOf(request)).toContain("\nRoot posture: member account: posture not read (no cross-account role); organization: root credentials management centralized, root sessions centralized\n");
    expect(request.Subject).toMatch(/^\[HIGH\] /);
    expect(jsonOf(request).rootPosture).toEqual({ unknown: "member account: posture not read (no cross-account role)", rootCredentialsManagementCentralized: true, rootSessionsCentralized: true });
  });
});
