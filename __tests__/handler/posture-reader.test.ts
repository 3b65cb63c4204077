import { GetAccountSummaryCommand, IAMClient, ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { createPostureReader } from "../../handler/posture/posture-reader";

const iamMock = mockClient(IAMClient);
const HUB = "111122223333";
const T0 = Date.parse("2026-12-06T10:00:00.000Z");

/** A clock the test moves. */
function clock() {
  let nowMs = T0;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

const denied = () => Object.assign(new Error("User: arn:aws:sts::111122223333:assumed-role/x is not authorized <b>hostile</b>"), { name: "AccessDenied" });
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("createPostureReader", () => {
  beforeEach(() => iamMock.reset());

  it("maps the SummaryMap: MFA, access keys and signing certificates of the root user, and when it was read", async () => {
    iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1, AccountSigningCertificatesPresent: 2, Users: 40 } });
    const time = clock();
    await expect(createPostureReader(new IAMClient({}), { accountId: HUB, now: time.now })()).resolves.toEqual({
      accountId: HUB,
      summary: { mfaEnabled: false, accessKeysPresent: 1, signingCertificatesPresent: 2, readAt: "2026-12-06T10:00:00.000Z" },
    });
    expect(iamMock.commandCalls(ListOrganizationsFeaturesCommand)).toHaveLength(0);
  });

  it("says unknown, rather than guessing MFA off, when the SummaryMap has no root MFA field", async () => {
    iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { Users: 3 } });
    await expect(createPostureReader(new IAMClient({}), { accountId: HUB })()).resolves.toEqual({ accountId: HUB, summary: { unknown: "the account summary had no root MFA field" } });
  });

  it("reads the organization's root access features in organization scope, both calls at once", async () => {
    iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0 } });
    iamMock.on(ListOrganizationsFeaturesCommand).resolves({ OrganizationId: "o-a1b2c3d4e5", EnabledFeatures: ["RootCredentialsManagement"] });
    const hub = await createPostureReader(new IAMClient({}), { accountId: HUB, organization: true, now: clock().now })();
    expect(hub.organization).toEqual({ rootCredentialsManagementCentralized: true, rootSessionsCentralized: false });
    expect(hub.summary).toEqual({ mfaEnabled: true, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: "2026-12-06T10:00:00.000Z" });
  });

  it("says unknown with the error's name only (never its message), and tells the failure, when a call is denied", async () => {
    iamMock.on(GetAccountSummaryCommand).rejects(denied());
    iamMock.on(ListOrganizationsFeaturesCommand).rejects(Object.assign(new Error("x"), { name: "ServiceAccessNotEnabledException" }));
    const failures: string[][] = [];
    const hub = await createPostureReader(new IAMClient({}), { accountId: HUB, organization: true, onFailure: (call, reason) => failures.push([call, reason]) })();
    expect(hub).toEqual({ accountId: HUB, summary: { unknown: "AccessDenied" }, organization: { unknown: "ServiceAccessNotEnabledException" } });
    expect(failures).toEqual([
      ["iam:GetAccountSummary", "AccessDenied"],
      ["iam:ListOrganizationsFeatures", "ServiceAccessNotEnabledException"],
    ]);
  });

  it("gives up at its deadline: a slow IAM answers unknown in time, and the call is aborted", async () => {
    let signal: AbortSignal | undefined;
    const client = new IAMClient({});
    const send = jest.spyOn(client, "send").mockImplementation(((_command: unknown, options: { abortSignal?: AbortSignal }) => {
      signal = options.abortSignal;
      return later(2_000, { SummaryMap: { AccountMFAEnabled: 1 } });
    }) as never);
    const started = Date.now();
    const hub = await createPostureReader(client, { accountId: HUB, deadlineMs: 100 })();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(hub.summary).toEqual({ unknown: "timed out after 100 ms" });
    expect(signal?.aborted).toBe(true);
    send.mockRestore();
  });

  it("asks IAM once for concurrent records and for five minutes; then again", async () => {
    iamMock.on(GetAccountSummaryCommand).callsFake(() => later(20, { SummaryMap: { AccountMFAEnabled: 1 } }));
    const time = clock();
    const read = createPostureReader(new IAMClient({}), { accountId: HUB, now: time.now });
    await Promise.all([read(), read(), read()]);
    time.advance(299_000);
    await read();
    expect(iamMock.commandCalls(GetAccountSummaryCommand)).toHaveLength(1);
    time.advance(2_000);
    await read();
    expect(iamMock.commandCalls(GetAccountSummaryCommand)).toHaveLength(2);
  });

  it("keeps a failure one minute, not five: IAM is not asked for every record, nor left unasked for long", async () => {
    iamMock.on(GetAccountSummaryCommand).rejectsOnce(denied()).resolves({ SummaryMap: { AccountMFAEnabled: 1 } });
    const time = clock();
    const read = createPostureReader(new IAMClient({}), { accountId: HUB, now: time.now });
    expect((await read()).summary).toEqual({ unknown: "AccessDenied" });
    time.advance(59_000);
    expect((await read()).summary).toEqual({ unknown: "AccessDenied" });
    time.advance(2_000);
    expect((await read()).summary).toEqual(expect.objectContaining({ mfaEnabled: true }));
    expect(iamMock.commandCalls(GetAccountSummaryCommand)).toHaveLength(2);
  });

  it("reads afresh when asked (after an event that changes root credentials), and keeps the fresh answer", async () => {
    iamMock.on(GetAccountSummaryCommand).resolvesOnce({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } }).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 } });
    const read = createPostureReader(new IAMClient({}), { accountId: HUB, now: clock().now });
    await read();
    expect((await read({ fresh: true })).summary).toEqual(expect.objectContaining({ accessKeysPresent: 1 }));
    expect((await read()).summary).toEqual(expect.objectContaining({ accessKeysPresent: 1 }));
    expect(iamMock.commandCalls(GetAccountSummaryCommand)).toHaveLength(2);
  });
});
