import { sessionOf } from "../../handler/root-session";

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
