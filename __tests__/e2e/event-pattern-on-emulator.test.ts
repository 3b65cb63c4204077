/** The rule's pattern, run through a real EventBridge matcher (the emulator's routing) against recorded CloudTrail events. */
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/contract/event-pattern";
import { loadFixture, NOT_ROOT_FIXTURES, ROOT_FIXTURES, type FixtureName } from "../helpers/fixtures";
import { startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { createPatternProbe, type PatternProbe } from "../../emulator/pattern-probe";

describe("the root activity pattern", () => {
  let moto: MotoServer;
  let probe: PatternProbe;

  beforeAll(async () => {
    moto = await startMotoServer();
    probe = await createPatternProbe(moto.endpoint, "us-east-1", JSON.stringify(ROOT_ACTIVITY_EVENT_PATTERN));
  });

  afterAll(async () => {
    await probe?.remove();
    await moto?.stop();
  });

  /** Routes the fixtures ten at a time, the most one PutEvents call takes. */
  const route = async (names: readonly FixtureName[]) => {
    const routed: boolean[] = [];
    for (let start = 0; start < names.length; start += 10) {
      const fixtures = names.slice(start, start + 10).map((name) => loadFixture(name));
      routed.push(...(await probe.route(fixtures.map((event) => ({ source: event.source, "detail-type": event["detail-type"], detail: event.detail })))));
    }
    return routed;
  };

  it("lets through root API calls, sign-ins and console actions, root actions the console made, and the AssumeRoot call", async () => {
    expect(Object.fromEntries(ROOT_FIXTURES.map((name, index) => [name, index]))).toMatchObject({ "root-invoked-by-signin": expect.any(Number), "assume-root-call": expect.any(Number) });
    expect(await route(ROOT_FIXTURES)).toEqual(ROOT_FIXTURES.map(() => true));
  });

  it("stops invokedBy, IAM-user and assumed-role events", async () => {
    expect(await route(NOT_ROOT_FIXTURES)).toEqual(NOT_ROOT_FIXTURES.map(() => false));
  });

  it("stops a root event invoked by any service but signin.amazonaws.com", async () => {
    const invokedBy = ["cloudtrail.amazonaws.com", "SIGNIN.amazonaws.com", "signin.amazonaws.com.example", "backup.amazonaws.com"];
    const events = invokedBy.map((value) => {
      const event = loadFixture("root-invoked-by-signin");
      event.detail.userIdentity.invokedBy = value;
      return { source: event.source, "detail-type": event["detail-type"], detail: event.detail };
    });
    expect(await probe.route(events)).toEqual(invokedBy.map(() => false));
  });

  it("stops an STS call other than AssumeRoot by a non-root caller, and AssumeRoot from another service", async () => {
    const assumeRole = loadFixture("assume-root-call");
    assumeRole.detail.eventName = "AssumeRole";
    const elsewhere = loadFixture("assume-root-call");
    elsewhere.detail.eventSource = "signin.amazonaws.com";
    expect(await probe.route([assumeRole, elsewhere].map((event) => ({ source: event.source, "detail-type": event["detail-type"], detail: event.detail })))).toEqual([false, false]);
  });

  it("lets through the management account's change to a member's root email, contacts or centralized root management, by a principal other than root", async () => {
    const email = loadFixture("member-primary-email-update");
    const accept = loadFixture("member-primary-email-update");
    accept.detail.eventName = "AcceptPrimaryEmailUpdate";
    const contact = loadFixture("member-primary-email-update");
    Object.assign(contact.detail, { eventName: "PutAlternateContact", requestParameters: { accountId: "111122223333", alternateContactType: "SECURITY" } });
    const sessions = loadFixture("member-primary-email-update");
    Object.assign(sessions.detail, { eventSource: "iam.amazonaws.com", eventName: "EnableOrganizationsRootSessions", requestParameters: null });
    const events = [email, accept, contact, sessions].map((event) => ({ source: event.source, "detail-type": event["detail-type"], detail: event.detail }));
    expect(await probe.route(events)).toEqual([true, true, true, true]);
  });

  it("stops a non-root principal's change to its own account's contacts (no member account named)", async () => {
    const own = loadFixture("member-primary-email-update");
    Object.assign(own.detail, { eventName: "PutAlternateContact", requestParameters: { alternateContactType: "SECURITY" } });
    expect(await probe.route([{ source: own.source, "detail-type": own["detail-type"], detail: own.detail }])).toEqual([false]);
  });

  it("stops root events of other detail-types", async () => {
    const event = loadFixture("root-api-call-create-volume");
    expect(await probe.route([{ source: event.source, "detail-type": "AWS Service Event via CloudTrail", detail: event.detail }])).toEqual([false]);
  });

  it("stops a root event that AWS did not write: any source without the aws. prefix, which anyone's PutEvents may use", async () => {
    const signIn = loadFixture("root-console-sign-in-success");
    const made = (source: string) => ({ source, "detail-type": signIn["detail-type"], detail: signIn.detail });
    expect(await probe.route([made("custom.forged"), made("signin.amazonaws.com"), made(signIn.source)])).toEqual([false, false, true]);
  });
});
