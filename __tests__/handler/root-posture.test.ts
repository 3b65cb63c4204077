import { postureFields, postureLine } from "../../handler/posture/posture-words";
import { organizationFeaturesOf, postureOf, type HubPosture } from "../../handler/posture/root-posture";
import { raiseSeverity } from "../../handler/posture/severity-raise";

const HUB = "111122223333";
const MEMBER = "444455556666";
const READ_AT = "2026-12-06T10:00:00.000Z";
const good = { mfaEnabled: true, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: READ_AT };
const organization = { rootCredentialsManagementCentralized: true, rootSessionsCentralized: false };

describe("the root posture of one message's account", () => {
  it("is the hub's own summary for the hub's account", () => {
    expect(postureOf({ accountId: HUB, summary: good }, HUB)).toEqual(good);
  });

  it("is not read for a member account, whose root the monitor holds no role in; the organization's features still show", () => {
    const hub: HubPosture = { accountId: HUB, summary: good, organization };
    expect(postureOf(hub, MEMBER)).toEqual({ unknown: "member account: posture not read (no cross-account role)", organization });
    expect(postureLine(postureOf(hub, MEMBER))).toBe(
      "Root posture: member account: posture not read (no cross-account role); organization: root credentials management centralized, root sessions not centralized",
    );
  });

  it("is not read for another account outside an organization (no rule of the monitor's delivers one)", () => {
    expect(postureLine(postureOf({ accountId: HUB, summary: good }, MEMBER))).toBe("Root posture: not the monitor's own account: posture not read");
  });

  it("reads only the two features the API names", () => {
    expect(organizationFeaturesOf(["RootSessions", "SomethingNew"])).toEqual({ rootCredentialsManagementCentralized: false, rootSessionsCentralized: true });
    expect(organizationFeaturesOf(undefined)).toEqual({ rootCredentialsManagementCentralized: false, rootSessionsCentralized: false });
  });
});

describe("the posture line", () => {
  it.each([
    [good, "Root posture: MFA on, no access keys"],
    [{ ...good, mfaEnabled: false, accessKeysPresent: 1 }, "Root posture: MFA OFF, 1 access key present"],
    [{ ...good, accessKeysPresent: 2, signingCertificatesPresent: 1 }, "Root posture: MFA on, 2 access keys present, 1 signing certificate present"],
    [{ unknown: "timed out after 1500 ms" }, "Root posture: unknown (not read: timed out after 1500 ms)"],
    [{ ...good, organization: { unknown: "AccessDenied" } }, "Root posture: MFA on, no access keys; organization's root access features unknown (not read: AccessDenied)"],
  ])("says %j as %s", (posture, line) => {
    expect(postureLine(posture)).toBe(line);
  });
});

describe("the posture fields of the JSON copy", () => {
  it("carry the read values, the organization's features and when it was read", () => {
    expect(postureFields({ ...good, organization })).toEqual({
      mfaEnabled: true,
      accessKeysPresent: 0,
      signingCertificatesPresent: 0,
      rootCredentialsManagementCentralized: true,
      rootSessionsCentralized: false,
      readAt: READ_AT,
    });
  });

  it("carry the reason when it is unknown", () => {
    expect(postureFields({ unknown: "AccessDenied" })).toEqual({ unknown: "AccessDenied" });
    expect(postureFields({ unknown: "AccessDenied", organization: { unknown: "OrganizationNotFoundException" } })).toEqual({
      unknown: "AccessDenied",
      organizationFeatures: { unknown: "OrganizationNotFoundException" },
    });
  });
});

describe("the severity raise", () => {
  it.each([
    ["low", "medium"],
    ["medium", "high"],
    ["high", "critical"],
  ] as const)("raises %s to %s when the root user has no MFA", (from, to) => {
    expect(raiseSeverity(from, { ...good, mfaEnabled: false })).toEqual({ severity: to, raised: { from, reason: "the root user has no MFA" } });
  });

  it("raises one step, not two, for two findings, and names both", () => {
    expect(raiseSeverity("medium", { ...good, mfaEnabled: false, accessKeysPresent: 2 })).toEqual({
      severity: "high",
      raised: { from: "medium", reason: "the root user has no MFA and 2 access keys" },
    });
  });

  it("keeps critical critical", () => {
    expect(raiseSeverity("critical", { ...good, accessKeysPresent: 1 })).toEqual({ severity: "critical" });
  });

  it.each([
    ["a good posture", good],
    ["a signing certificate alone", { ...good, signingCertificatesPresent: 1 }],
    ["an unknown posture", { unknown: "AccessDenied" }],
    ["a member account", { unknown: "member account: posture not read (no cross-account role)", organization }],
  ])("raises nothing for %s", (_name, posture) => {
    expect(raiseSeverity("medium", posture)).toEqual({ severity: "medium" });
  });
});
