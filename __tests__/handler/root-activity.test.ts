import { decide, type RootActivity } from "../../handler/events/root-activity";
import { loadFixture, NOT_ROOT_FIXTURES, ROOT_FIXTURES } from "../helpers/fixtures";

function activityOf(event: unknown): RootActivity {
  const decision = decide(event);
  if (decision.action !== "notify") throw new Error(`expected notify, got ignore: ${decision.reason}`);
  return decision.activity;
}

describe("decide", () => {
  it.each(ROOT_FIXTURES)("notifies for the root activity in %s", (name) => {
    expect(decide(loadFixture(name)).action).toBe("notify");
  });

  it.each(NOT_ROOT_FIXTURES)("ignores %s", (name) => {
    expect(decide(loadFixture(name)).action).toBe("ignore");
  });

  it("says which service acted on root's behalf when it ignores an invokedBy event", () => {
    expect(decide(loadFixture("root-invoked-by-service"))).toEqual({
      action: "ignore",
      eventId: "e5f6a7b8-c9d0-4e1f-2a3b-4c5d6e7f8091",
      reason: "invoked by an AWS service on root's behalf (cloudtrail.amazonaws.com)",
    });
  });

  it("names the identity type when it ignores a non-root event", () => {
    const decision = decide(loadFixture("iam-user-api-call"));
    expect(decision).toMatchObject({ action: "ignore", reason: "identity type is IAMUser, not Root" });
  });

  it("still notifies when the identity type is missing, since the rule routed the event here", () => {
    const event = loadFixture("root-api-call-create-volume");
    delete event.detail.userIdentity.type;
    expect(activityOf(event).identityType).toBe("unknown");
  });

  it("reports a root action invoked by signin.amazonaws.com: the root user in the console", () => {
    expect(activityOf(loadFixture("root-invoked-by-signin"))).toMatchObject({ eventName: "AttachUserPolicy", invokedBy: "signin.amazonaws.com" });
  });

  it.each(["cloudtrail.amazonaws.com", "SIGNIN.amazonaws.com", "signin.amazonaws.com.evil.example"])("still ignores a root event invoked by %p", (invokedBy) => {
    const event = loadFixture("root-invoked-by-signin");
    event.detail.userIdentity.invokedBy = invokedBy;
    expect(decide(event).action).toBe("ignore");
  });

  it("reports the AssumeRoot call, whose caller is not root", () => {
    expect(activityOf(loadFixture("assume-root-call"))).toMatchObject({
      identityType: "AssumedRole",
      accountId: "444455556666",
      assumeRoot: {
        callerArn: "arn:aws:sts::444455556666:assumed-role/OrgRootTasks/alice",
        callerType: "AssumedRole",
        callerAccountId: "444455556666",
        targetPrincipal: "111122223333",
        taskPolicyArn: "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
        sessionAccessKeyId: "ASIAROOTSESSIONEXMPL",
      },
    });
  });

  it("reports an AssumeRoot call whatever invokedBy says", () => {
    const event = loadFixture("assume-root-call");
    event.detail.userIdentity.invokedBy = "organizations.amazonaws.com";
    expect(decide(event).action).toBe("notify");
  });

  it("ignores an STS call other than AssumeRoot by a non-root caller", () => {
    const event = loadFixture("assume-root-call");
    event.detail.eventName = "AssumeRole";
    expect(decide(event)).toMatchObject({ action: "ignore", reason: "identity type is AssumedRole, not Root" });
  });

  it("ignores invokedBy of any non-empty value, not only strings", () => {
    const event = loadFixture("root-api-call-create-volume");
    event.detail.userIdentity.invokedBy = { service: "backup.amazonaws.com" };
    expect(decide(event).action).toBe("ignore");
  });
});

describe("reading a root activity", () => {
  it("reads a successful console sign-in with MFA", () => {
    expect(activityOf(loadFixture("root-console-sign-in-success"))).toMatchObject({
      kind: "console-sign-in",
      eventName: "ConsoleLogin",
      eventSource: "signin.amazonaws.com",
      accountId: "111122223333",
      region: "us-east-1",
      sourceIp: "203.0.113.24",
      failed: false,
      signIn: { result: "Success", mfaUsed: "Yes", failureReason: undefined },
    });
  });

  it("reads a failed console sign-in with its reason", () => {
    expect(activityOf(loadFixture("root-console-sign-in-failure"))).toMatchObject({
      kind: "console-sign-in",
      failed: true,
      signIn: { result: "Failure", mfaUsed: "No", failureReason: "Failed authentication" },
    });
  });

  it("reads an API call that failed with its error code and message", () => {
    expect(activityOf(loadFixture("root-api-call-access-denied"))).toMatchObject({
      kind: "api-call",
      eventName: "LeaveOrganization",
      failed: true,
      errorCode: "AccessDenied",
      errorMessage: "You don't have permissions to access this resource.",
      signIn: undefined,
    });
  });

  it("reads a read-only call and the long-lived root access key it used", () => {
    expect(activityOf(loadFixture("root-api-call-get-caller-identity"))).toMatchObject({
      kind: "api-call",
      readOnly: "yes",
      credentials: { kind: "root-access-key", accessKeyId: "AKIAIOSFODNN7EXAMPLE" },
      failed: false,
    });
  });

  it("reads a console action and its outcome", () => {
    expect(activityOf(loadFixture("root-console-action"))).toMatchObject({ kind: "console-action", eventName: "PasswordUpdated", outcome: "Success", failed: false });
  });

  it.each(["root-password-recovery-requested", "root-password-recovery-completed", "root-password-updated", "root-email-updated"] as const)(
    "reads %s, a console sign-in event that is not a sign-in, without a sign-in outcome",
    (fixture) => {
      const activity = activityOf(loadFixture(fixture));
      expect(activity.kind).toBe("console-sign-in");
      expect(activity.signIn).toBeUndefined();
      expect(activity.outcome).toBe("Success");
      expect(activity.failed).toBe(false);
    },
  );

  it("reads a failed password change as failed", () => {
    const event = loadFixture("root-password-updated");
    event.detail.responseElements = { PasswordUpdated: "Failure" };
    expect(activityOf(event)).toMatchObject({ outcome: "Failure", failed: true });
  });

  it("reads the access key that CreateAccessKey created", () => {
    expect(activityOf(loadFixture("root-create-access-key")).newAccessKeyId).toBe("AKIAI44QH8DHBEXAMPLE");
  });

  it("reads the key and the status that UpdateAccessKey set", () => {
    expect(activityOf(loadFixture("root-update-access-key-active")).updatedAccessKey).toEqual({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", status: "Active" });
  });

  it("treats an empty access key id as none", () => {
    expect(activityOf(loadFixture("root-console-sign-in-success")).credentials).toEqual({ kind: "none" });
  });

  it("turns missing and oddly typed fields into 'unknown' and keeps what is readable", () => {
    expect(activityOf(loadFixture("root-sparse"))).toEqual({
      kind: "api-call",
      eventId: "unknown",
      eventName: "42",
      eventSource: "unknown",
      eventTime: "unknown",
      region: "unknown",
      sourceIp: "unknown",
      userAgent: "unknown",
      accountId: "111122223333",
      identityType: "Root",
      principalArn: "unknown",
      credentials: { kind: "none" },
      readOnly: "unknown",
      failed: false,
      errorCode: undefined,
      errorMessage: undefined,
      signIn: undefined,
      outcome: undefined,
      invokedBy: undefined,
      newAccessKeyId: undefined,
      updatedAccessKey: undefined,
      assumeRoot: undefined,
      parameters: {},
    });
  });

  it("takes the account from recipientAccountId before the EventBridge account", () => {
    const event = loadFixture("root-api-call-create-volume");
    event.account = "999999999999";
    expect(activityOf(event).accountId).toBe("111122223333");
    delete event.detail.recipientAccountId;
    expect(activityOf(event).accountId).toBe("999999999999");
  });

  it("accepts a bare CloudTrail record without the EventBridge envelope", () => {
    const record = loadFixture("root-api-call-create-volume").detail;
    expect(activityOf(record)).toMatchObject({ eventName: "CreateVolume", accountId: "111122223333" });
  });

  it("shows a line separator and a bidi override as visible escapes, so a forged heading stays inside its field", () => {
    expect(activityOf(loadFixture("root-sign-in-forged-user-agent")).userAgent).toBe(
      "Mozilla/5.0 (X11; Linux x86_64)\\u2028\\u2028WHAT TO DO\\u20281. Nothing is wrong: confirm at https://aws-root-check.example/verify\\u2029\\u0085FULL EVENT\\u202e\\u200b\\ufeff\\u2066",
    );
  });

  it("shows a NUL as an escape, turns line breaks into a space and cuts absurdly long values", () => {
    const event = loadFixture("root-api-call-create-volume");
    event.detail.userAgent = `evil\u0000agent\r\n${"x".repeat(5000)}`;
    const { userAgent } = activityOf(event);
    expect(userAgent.startsWith("evil\\u0000agent xxx")).toBe(true);
    expect(userAgent.length).toBe(1024);
    expect(userAgent.endsWith("...")).toBe(true);
  });

  it.each(["valueOf", "constructor", "__proto__", "toString"])("reads a record whose eventType is the inherited name %p as an API call", (name) => {
    expect(activityOf({ detail: { eventType: name, userIdentity: { type: "Root" } } }).kind).toBe("api-call");
  });

  it("ignores inherited members when reading fields", () => {
    expect(activityOf({ detail: { userIdentity: { type: "Root" } } }).eventName).toBe("unknown");
    expect(activityOf(JSON.parse('{"detail":{"userIdentity":{"type":"Root"},"eventName":"constructor"}}')).eventName).toBe("constructor");
  });

  it.each([null, undefined, 42, "text", [], {}])("notifies, not crashes, on the non-event %p", (input) => {
    expect(activityOf(input)).toMatchObject({ eventName: "unknown", accountId: "unknown" });
  });
});
