import fc from "fast-check";
import { decide, type RootActivity } from "../../handler/events/root-activity";
import { assessSeverity, rowMatches, SEVERITIES, SEVERITY_CONDITIONS, SEVERITY_TABLE, type Severity } from "../../handler/events/severity";
import { loadFixture, type FixtureName } from "../helpers/fixtures";

function activityOf(event: unknown): RootActivity {
  const decision = decide(event);
  if (decision.action !== "notify") throw new Error(`expected notify, got ignore: ${decision.reason}`);
  return decision.activity;
}

/** A root write call from a console session, made into `eventSource`:`eventName`. */
function rootCall(eventSource: string, eventName: string, requestParameters: unknown = null): RootActivity {
  const event = loadFixture("root-cloudtrail-stop-logging");
  Object.assign(event.detail, { eventSource, eventName, requestParameters });
  return activityOf(event);
}

describe("assessSeverity", () => {
  it.each<[FixtureName, Severity]>([
    ["root-create-access-key", "critical"],
    ["root-update-access-key-active", "critical"],
    ["root-create-access-key-for-iam-user", "critical"],
    ["root-update-access-key-active-for-iam-user", "critical"],
    ["root-deactivate-mfa-device", "critical"],
    ["root-delete-virtual-mfa-device", "critical"],
    ["root-password-recovery-requested", "critical"],
    ["root-password-recovery-completed", "critical"],
    ["root-password-updated", "critical"],
    ["root-console-action", "critical"],
    ["root-email-updated", "critical"],
    ["root-console-sign-in-without-mfa", "critical"],
    ["root-cloudtrail-stop-logging", "critical"],
    ["root-delete-monitor-rule", "critical"],
    ["root-api-call-access-denied", "critical"],
    ["assume-root-call", "critical"],
    ["root-console-sign-in-failure", "high"],
    ["root-sign-in-forged-user-agent", "high"],
    ["root-api-call-create-volume", "high"],
    ["root-api-call-get-caller-identity", "high"],
    ["root-invoked-by-signin", "critical"],
    ["root-console-sign-in-success", "medium"],
    ["root-centralized-root-session", "medium"],
    ["root-sparse", "medium"],
  ])("rates %s %s", (fixture, severity) => {
    expect(assessSeverity(activityOf(loadFixture(fixture))).severity).toBe(severity);
  });

  it.each([
    ["iam.amazonaws.com", "CreateAccessKey"],
    ["iam.amazonaws.com", "DeactivateMFADevice"],
    ["iam.amazonaws.com", "DeleteVirtualMFADevice"],
    ["signin.amazonaws.com", "PasswordRecoveryRequested"],
    ["signin.amazonaws.com", "PasswordRecoveryCompleted"],
    ["signin.amazonaws.com", "PasswordUpdated"],
    ["signin.amazonaws.com", "EmailUpdated"],
    ["cloudtrail.amazonaws.com", "StopLogging"],
    ["cloudtrail.amazonaws.com", "DeleteTrail"],
    ["cloudtrail.amazonaws.com", "UpdateTrail"],
    ["cloudtrail.amazonaws.com", "PutEventSelectors"],
    ["events.amazonaws.com", "DeleteRule"],
    ["events.amazonaws.com", "DisableRule"],
    ["events.amazonaws.com", "RemoveTargets"],
    ["events.amazonaws.com", "PutRule"],
    ["events.amazonaws.com", "PutTargets"],
    ["lambda.amazonaws.com", "DeleteFunction20150331"],
    ["lambda.amazonaws.com", "UpdateFunctionCode20150331v2"],
    ["lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2"],
    ["sns.amazonaws.com", "DeleteTopic"],
    ["sns.amazonaws.com", "Unsubscribe"],
    ["sns.amazonaws.com", "SetTopicAttributes"],
    ["sqs.amazonaws.com", "DeleteQueue"],
    ["sqs.amazonaws.com", "PurgeQueue"],
    ["sqs.amazonaws.com", "SetQueueAttributes"],
    ["dynamodb.amazonaws.com", "DeleteTable"],
    ["organizations.amazonaws.com", "LeaveOrganization"],
    ["account.amazonaws.com", "CloseAccount"],
    ["organizations.amazonaws.com", "CloseAccount"],
    ["sts.amazonaws.com", "AssumeRoot"],
  ])("rates %s %s critical, as the issue asks", (eventSource, eventName) => {
    expect(assessSeverity(rootCall(eventSource, eventName)).severity).toBe("critical");
  });

  it("rates turning a root access key off as high, not critical", () => {
    expect(assessSeverity(rootCall("iam.amazonaws.com", "UpdateAccessKey", { accessKeyId: "AKIAIOSFODNN7EXAMPLE", status: "Inactive" })).severity).toBe("high");
  });

  it("rates a read-only call from a console session low", () => {
    const event = loadFixture("root-api-call-get-caller-identity");
    event.detail.userIdentity.accessKeyId = "ASIAQRSTUVWXEXAMPLE1";
    event.detail.sessionCredentialFromConsole = "true";
    expect(assessSeverity(activityOf(event))).toEqual({ severity: "low", reason: "a read-only root call", atOnce: false });
  });

  it("rates a failed attempt at a critical action critical too", () => {
    const event = loadFixture("root-create-access-key");
    Object.assign(event.detail, { errorCode: "LimitExceededException", errorMessage: "Cannot exceed quota for AccessKeysPerUser: 2", responseElements: null });
    expect(assessSeverity(activityOf(event)).severity).toBe("critical");
  });

  it("gives the reason of the row that decided", () => {
    expect(assessSeverity(activityOf(loadFixture("root-create-access-key")))).toEqual({
      severity: "critical",
      reason: "a new root access key: long-lived credentials that work without the password or MFA",
      atOnce: true,
    });
  });

  it("answers one of the four severities for any facts", () => {
    const facts = fc.record({
      kind: fc.constantFrom("api-call" as const, "console-sign-in" as const, "console-action" as const),
      eventName: fc.oneof(fc.string(), fc.constantFrom(...SEVERITY_TABLE.flatMap((row) => row.eventNames ?? []))),
      eventSource: fc.oneof(fc.string(), fc.constantFrom(...SEVERITY_TABLE.flatMap((row) => (row.eventSource ? [row.eventSource] : [])))),
      readOnly: fc.constantFrom("yes", "no", "unknown"),
      signIn: fc.option(fc.record({ result: fc.constantFrom("Success", "Failure", "unknown"), mfaUsed: fc.constantFrom("Yes", "No", "unknown") }), { nil: undefined }),
      credentials: fc.record({ kind: fc.constantFrom("none" as const, "root-access-key" as const, "console-session" as const, "temporary-session" as const) }),
      updatedAccessKey: fc.option(fc.record({ accessKeyId: fc.string(), status: fc.constantFrom("Active", "Inactive") }), { nil: undefined }),
      accessKeyUser: fc.option(fc.string(), { nil: undefined }),
    });
    fc.assert(
      fc.property(facts, (generated) => {
        const { severity, reason } = assessSeverity(generated);
        expect(SEVERITIES).toContain(severity);
        expect(reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("an intrusion's key moves (issue 20, item 7)", () => {
  const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
  it.each(["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy"])("rates %s of AdministratorAccess critical, told at once", (eventName) => {
    expect(assessSeverity(rootCall("iam.amazonaws.com", eventName, { userName: "backup-admin", policyArn: ADMIN }))).toMatchObject({ severity: "critical", atOnce: true });
  });

  it("rates attaching a narrower policy high, told at once", () => {
    expect(assessSeverity(rootCall("iam.amazonaws.com", "AttachUserPolicy", { userName: "backup-admin", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }))).toMatchObject({ severity: "high", atOnce: true });
  });

  it("rates a role that trusts another account critical, and one that trusts only its own account high", () => {
    const trusting = (principal: string) => ({ roleName: "support", assumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }] }) });
    expect(assessSeverity(rootCall("iam.amazonaws.com", "CreateRole", trusting("arn:aws:iam::444455556666:root"))).severity).toBe("critical");
    expect(assessSeverity(rootCall("iam.amazonaws.com", "UpdateAssumeRolePolicy", trusting("*"))).severity).toBe("critical");
    expect(assessSeverity(rootCall("iam.amazonaws.com", "CreateRole", trusting("arn:aws:iam::111122223333:root")))).toMatchObject({ severity: "high", atOnce: true });
  });

  it.each([
    ["iam.amazonaws.com", "CreateUser"],
    ["iam.amazonaws.com", "CreateLoginProfile"],
    ["iam.amazonaws.com", "UpdateLoginProfile"],
    ["iam.amazonaws.com", "PutUserPolicy"],
    ["s3.amazonaws.com", "PutBucketPolicy"],
    ["s3.amazonaws.com", "PutBucketAcl"],
    ["s3.amazonaws.com", "DeleteBucketPublicAccessBlock"],
    ["s3.amazonaws.com", "PutPublicAccessBlock"],
    ["s3.amazonaws.com", "DeletePublicAccessBlock"],
    ["s3.amazonaws.com", "PutAccountPublicAccessBlock"],
    ["s3.amazonaws.com", "DeleteAccountPublicAccessBlock"],
    ["guardduty.amazonaws.com", "DeleteDetector"],
    ["guardduty.amazonaws.com", "CreateFilter"],
    ["securityhub.amazonaws.com", "DisableSecurityHub"],
    ["config.amazonaws.com", "StopConfigurationRecorder"],
    ["organizations.amazonaws.com", "AttachPolicy"],
    ["organizations.amazonaws.com", "DetachPolicy"],
    ["organizations.amazonaws.com", "DisablePolicyType"],
  ])("rates %s %s high, told at once", (eventSource, eventName) => {
    expect(assessSeverity(rootCall(eventSource, eventName))).toMatchObject({ severity: "high", atOnce: true });
  });

  it("rates an administrator backdoor made with a long-lived key by what it does, told at once, not by the key", () => {
    const event = loadFixture("root-api-call-create-volume");
    Object.assign(event.detail, { eventSource: "iam.amazonaws.com", eventName: "CreateUser", readOnly: false, requestParameters: { userName: "backup-admin" } });
    expect(assessSeverity(activityOf(event))).toMatchObject({ severity: "high", atOnce: true, reason: expect.stringContaining("IAM user") });
  });

  it("tells a failed sign-in and a long-lived key's other calls with their session, and a sign-in with MFA at once", () => {
    expect(assessSeverity(activityOf(loadFixture("root-console-sign-in-failure")))).toMatchObject({ severity: "high", atOnce: false });
    expect(assessSeverity(activityOf(loadFixture("root-api-call-create-volume")))).toMatchObject({ severity: "high", atOnce: false });
    expect(assessSeverity(activityOf(loadFixture("root-console-sign-in-success")))).toMatchObject({ severity: "medium", atOnce: true });
  });
});

describe("the severity table", () => {
  it("ends with a row that matches everything, so every event has a severity from the table", () => {
    const last = SEVERITY_TABLE[SEVERITY_TABLE.length - 1];
    expect(last).toEqual({ severity: "medium", reason: expect.any(String) });
  });

  it("gives every row a reason and only known conditions", () => {
    for (const row of SEVERITY_TABLE) {
      expect(row.reason).toMatch(/^[A-Za-z].*[^.]$/); // a phrase that follows "CRITICAL: "
      if (row.condition) expect(Object.keys(SEVERITY_CONDITIONS)).toContain(row.condition);
    }
  });

  it("lets every row decide for some event: no row is hidden behind the ones above it", () => {
    const sample = (row: (typeof SEVERITY_TABLE)[number]) => {
      const event = loadFixture(row.eventNames?.includes("ConsoleLogin") ? "root-console-sign-in-success" : "root-cloudtrail-stop-logging");
      Object.assign(event.detail, { eventSource: row.eventSource ?? "example.amazonaws.com", eventName: row.eventNames?.[0] ?? `${row.eventNamePrefixes?.[0] ?? "DoSomething"}20150331` });
      if (row.condition === "key-set-active") event.detail.requestParameters = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", status: "Active" };
      if (row.condition === "key-for-iam-user") event.detail.requestParameters = { userName: "backup-admin" };
      if (row.condition === "user-key-set-active") event.detail.requestParameters = { userName: "backup-admin", accessKeyId: "AKIAIOSFODNN7EXAMPLE", status: "Active" };
      if (row.condition === "signed-in-without-mfa") event.detail.additionalEventData.MFAUsed = "No";
      if (row.condition === "sign-in-failed") event.detail.responseElements.ConsoleLogin = "Failure";
      if (row.condition === "long-lived-key") event.detail.userIdentity.accessKeyId = "AKIAIOSFODNN7EXAMPLE";
      if (row.condition === "console-action") event.detail.eventType = "AwsConsoleAction";
      if (row.condition === "read-only") event.detail.readOnly = true;
      if (row.condition === "member-root-change") {
        const eventName = row.eventSource === "iam.amazonaws.com" ? "EnableOrganizationsRootSessions" : "StartPrimaryEmailUpdate";
        Object.assign(event.detail, { eventName, userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::444455556666:assumed-role/OrgAdmin/alice" }, requestParameters: { accountId: "111122223333" } });
      }
      if (row.condition === "administrator-policy") event.detail.requestParameters = { userName: "backup-admin", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" };
      if (row.condition === "trusts-outside") event.detail.requestParameters = { roleName: "support", assumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole" }] }) };
      return activityOf(event);
    };
    for (const row of SEVERITY_TABLE) {
      const facts = sample(row);
      expect({ row: row.reason, decidedBy: SEVERITY_TABLE.find((candidate) => rowMatches(candidate, facts))?.reason }).toEqual({ row: row.reason, decidedBy: row.reason });
    }
  });
});
