import { credentialsOf } from "../../handler/events/credentials";
import { loadFixture, type FixtureName } from "../helpers/fixtures";

const credentialsIn = (name: FixtureName) => credentialsOf(loadFixture(name).detail);

describe("credentialsOf", () => {
  it("names an AKIA key a long-lived root access key", () => {
    expect(credentialsIn("root-api-call-create-volume")).toEqual({ kind: "root-access-key", accessKeyId: "AKIAIOSFODNN7EXAMPLE" });
  });

  it("names an ASIA key of a console session (sessionCredentialFromConsole) a console session key, with the session's facts", () => {
    expect(credentialsIn("root-api-call-access-denied")).toEqual({
      kind: "console-session",
      accessKeyId: "ASIAIOSFODNN7EXAMPLE",
      sessionCreated: "2026-11-20T07:41:12Z",
      mfaAuthenticated: "true",
    });
  });

  it("names the key of a call the console made for root (invokedBy signin.amazonaws.com) a console session key", () => {
    expect(credentialsIn("root-invoked-by-signin").kind).toBe("console-session");
  });

  it("names an ASIA key that nothing marks a temporary session key, claiming no more than that", () => {
    expect(credentialsIn("root-centralized-root-session")).toMatchObject({ kind: "temporary-session", accessKeyId: "ASIAROOTSESSIONEXMPL" });
  });

  it("names a root session marked assumedRoot a centralized root access session", () => {
    const record = loadFixture("root-centralized-root-session").detail;
    record.userIdentity.sessionContext.assumedRoot = "true";
    expect(credentialsOf(record).kind).toBe("centralized-root-session");
  });

  it("does not call the AssumeRoot caller's own session a root session, although CloudTrail marks it assumedRoot", () => {
    expect(credentialsIn("assume-root-call").kind).toBe("temporary-session");
  });

  it("says nothing about a key of no known shape", () => {
    const record = loadFixture("root-api-call-create-volume").detail;
    record.userIdentity.accessKeyId = "XYZ123";
    expect(credentialsOf(record)).toEqual({ kind: "unknown-key", accessKeyId: "XYZ123" });
  });

  it.each(["", null, 42, undefined])("finds no credentials in the access key %p", (accessKeyId) => {
    const record = loadFixture("root-console-sign-in-success").detail;
    record.userIdentity.accessKeyId = accessKeyId;
    expect(credentialsOf(record)).toEqual(accessKeyId === 42 ? { kind: "unknown-key", accessKeyId: "42" } : { kind: "none" });
  });
});
