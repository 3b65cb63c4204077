import { sessionOf, sessionOfActivity } from "../../handler/events/root-session";

const base = { accountId: "111122223333", sourceIp: "198.51.100.7", userAgent: "aws-cli/2.15.0" };

describe("sessionOf", () => {
  it("makes one session of the actions made with one access key in one account", () => {
    const a = sessionOf({ ...base, accessKeyId: "ASIAEXAMPLE1" });
    const b = sessionOf({ ...base, sourceIp: "203.0.113.9", accessKeyId: "ASIAEXAMPLE1" });
    expect(a.key).toBe(b.key);
    expect(a).toMatchObject({ accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1", label: "access key ASIAEXAMPLE1" });
  });

  it("tells sessions with different keys, or in different accounts, apart", () => {
    const a = sessionOf({ ...base, accessKeyId: "ASIAEXAMPLE1" });
    expect(sessionOf({ ...base, accessKeyId: "ASIAEXAMPLE2" }).key).not.toBe(a.key);
    expect(sessionOf({ ...base, accountId: "444455556666", accessKeyId: "ASIAEXAMPLE1" }).key).not.toBe(a.key);
  });

  it("falls back to source IP and user agent when the record names no key", () => {
    const a = sessionOf({ ...base, accessKeyId: "" });
    expect(sessionOf({ ...base, accessKeyId: undefined }).key).toBe(a.key);
    expect(sessionOf({ ...base, userAgent: "Mozilla/5.0" }).key).not.toBe(a.key);
    expect(a.label).toBe("198.51.100.7 (aws-cli/2.15.0)");
  });

  it("keeps the key safe for a table key and a message attribute, whatever the record holds", () => {
    expect(sessionOf({ ...base, accessKeyId: "A\u2028#\n\u0000" }).key).toMatch(/^111122223333:key:[0-9a-f]{16}$/);
  });
});

describe("sessionOfActivity", () => {
  const caller = { accountId: "444455556666", accessKeyId: "ASIAORGADMINEXAMPLE1", sourceIp: "192.0.2.44", userAgent: "aws-cli/2.22.4" };
  const member = sessionOf({ accountId: "111122223333", accessKeyId: "ASIAROOTSESSIONEXMPL", sourceIp: "198.51.100.9", userAgent: "console" });

  it.each([
    ["an account id", "111122223333"],
    ["the member account's root ARN", "arn:aws:iam::111122223333:root"],
  ])("puts an sts:AssumeRoot call whose target is %s in the session it hands out, in the member account", (_what, targetPrincipal) => {
    const session = sessionOfActivity({ ...caller, assumeRoot: { targetPrincipal, sessionAccessKeyId: "ASIAROOTSESSIONEXMPL" } });
    expect(session).toEqual({ ...member, label: "access key ASIAROOTSESSIONEXMPL" });
  });

  it.each([
    ["no key", { targetPrincipal: "111122223333" }],
    ["a target that is no account", { targetPrincipal: "arn:aws:iam::111122223333:user/x", sessionAccessKeyId: "ASIAROOTSESSIONEXMPL" }],
  ])("keeps a call with %s in the caller's own session", (_what, assumeRoot) => {
    expect(sessionOfActivity({ ...caller, assumeRoot })).toEqual(sessionOf(caller));
  });

  it("is sessionOf for every other action", () => {
    expect(sessionOfActivity(caller)).toEqual(sessionOf(caller));
  });
});

describe("failed sign-ins", () => {
  const failure = { ...base, accessKeyId: "", eventName: "ConsoleLogin", failed: true };

  it("makes one story of an account's failed console sign-ins, whatever the address or client", () => {
    const a = sessionOf(failure);
    const b = sessionOf({ ...failure, sourceIp: "203.0.113.200", userAgent: "python-requests/2.31" });
    expect(b.key).toBe(a.key);
    expect(a).toEqual({ key: "111122223333:failed-sign-ins", accountId: "111122223333", label: "failed sign-ins to 111122223333" });
    expect(sessionOf({ ...failure, accountId: "444455556666" }).key).toBe("444455556666:failed-sign-ins");
  });

  it("leaves a successful sign-in, and a failed call that is not a sign-in, out of that story", () => {
    expect(sessionOf({ ...failure, failed: false }).key).toBe(sessionOf({ ...base, accessKeyId: "" }).key);
    expect(sessionOf({ ...failure, eventName: "CreateAccessKey" }).key).toBe(sessionOf({ ...base, accessKeyId: "" }).key);
  });
});
