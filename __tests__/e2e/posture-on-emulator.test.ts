/**
 * The root posture beside an alert, end to end: the built bundle (as handler-on-emulator.test.ts runs
 * it) reads GetAccountSummary from the emulator through a recording proxy, which can make IAM slow or
 * refuse it. The alert carries what IAM answered; a slow or refused posture call still lets the alert
 * out on time, saying the posture is unknown and why.
 */
import { CreateAccountAliasCommand, IAMClient } from "@aws-sdk/client-iam";
import { invokeBundle } from "../../emulator/invoke-bundle";
import { emulatorClientConfig, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { createEmulatedDelivery, inFlightEventOf, type EmulatedDelivery } from "../../emulator/emulated-delivery";
import { startRecordingProxy } from "../../emulator/recording-proxy";
import { loadFixture } from "../helpers/fixtures";

/** IAM held this long: far beyond the reader's 1.5 s deadline, and beyond what an alert may wait. */
const SLOW_IAM_MS = 20_000;

describe("the root posture in alerts, on the emulator", () => {
  let moto: MotoServer;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let deliveryNumber = 0;

  beforeAll(async () => {
    moto = await startMotoServer();
    await new IAMClient(emulatorClientConfig(moto.endpoint, "us-east-1")).send(new CreateAccountAliasCommand({ AccountAlias: "emulated-prod" }));
    proxy = await startRecordingProxy(moto.endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });
  beforeEach(() => proxy.faults.clear());

  /**
   * A failed root sign-in (high) in the emulator's own account, handled by a fresh execution
   * environment through the proxy; each in a delivery of its own, so that each opens a session (and is alerted).
   */
  async function alertOnSignIn() {
    const delivery: EmulatedDelivery = await createEmulatedDelivery(moto.endpoint, `posture-e2e-${(deliveryNumber += 1)}`);
    const account = delivery.bufferQueueArn.split(":")[4];
    const event = loadFixture("root-console-sign-in-failure");
    Object.assign(event, { account });
    Object.assign(event.detail, { recipientAccountId: account, userIdentity: { ...event.detail.userIdentity, accountId: account, arn: `arn:aws:iam::${account}:root` } });
    proxy.publishes.length = 0;
    const started = Date.now();
    const invocation = await invokeBundle(await inFlightEventOf(delivery, [JSON.stringify(event)]), { ...delivery.env, AWS_ENDPOINT_URL: proxy.endpoint });
    const tookMs = Date.now() - started;
    const delivered = await delivery.delivered();
    const emails = proxy.publishes.map((publish) => JSON.parse(publish.message ?? "{}").email as string);
    return { invocation, tookMs, delivered, emails };
  }

  it("puts GetAccountSummary's answer in the published alert: the email's line and the JSON copy's fields", async () => {
    const { invocation, delivered, emails } = await alertOnSignIn();
    expect(invocation).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    expect(proxy.calls.get("GetAccountSummary")).toBeGreaterThanOrEqual(1);
    expect(delivered).toHaveLength(1);
    // The emulated root user has MFA and no keys (faithful-moto-server.py): nothing to raise.
    expect(delivered[0].Subject).toBe('[HIGH] Root console sign-in FAILED-"ConsoleLogin" detected in Account-"emulated-prod"');
    expect(JSON.parse(delivered[0].Message).rootPosture).toEqual({ mfaEnabled: true, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(emails).toEqual([expect.stringContaining("\nRoot posture: MFA on, no access keys\n")]);
  });

  it("publishes the alert on time when IAM is slow, with the posture unknown (timed out)", async () => {
    proxy.faults.set("GetAccountSummary", { delayMs: SLOW_IAM_MS });
    const { invocation, tookMs, delivered, emails } = await alertOnSignIn();
    expect(invocation).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    // A cold start and the 1.5 s deadline, not IAM's 20 s.
    expect(tookMs).toBeLessThan(12_000);
    expect(delivered.map((envelope) => envelope.Subject)).toEqual(['[HIGH] Root console sign-in FAILED-"ConsoleLogin" detected in Account-"emulated-prod"']);
    expect(JSON.parse(delivered[0].Message).rootPosture).toEqual({ unknown: "timed out after 1500 ms" });
    expect(emails).toEqual([expect.stringContaining("\nRoot posture: unknown (not read: timed out after 1500 ms)\n")]);
  });

  it("publishes the alert when IAM refuses the posture call, with the posture unknown (the error's name)", async () => {
    proxy.faults.set("GetAccountSummary", { refuseWith: "AccessDenied" });
    const { invocation, delivered, emails } = await alertOnSignIn();
    expect(invocation).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    expect(delivered).toHaveLength(1);
    expect(JSON.parse(delivered[0].Message).rootPosture).toEqual({ unknown: "AccessDenied" });
    expect(emails).toEqual([expect.stringContaining("\nRoot posture: unknown (not read: AccessDenied)\n")]);
  });
});
