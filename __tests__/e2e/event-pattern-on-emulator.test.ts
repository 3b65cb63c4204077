/** The rule's pattern, run through a real EventBridge matcher (the emulator's routing) against recorded CloudTrail events. */
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/event-pattern";
import { loadFixture, NOT_ROOT_FIXTURES, ROOT_FIXTURES, type FixtureName } from "../helpers/fixtures";
import { startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { createPatternProbe, type PatternProbe } from "../../scripts/lib/pattern-probe";

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

  const route = async (names: readonly FixtureName[]) => {
    const fixtures = names.map((name) => loadFixture(name));
    return probe.route(fixtures.map((event) => ({ "detail-type": event["detail-type"], detail: event.detail })));
  };

  it("lets through root API calls, sign-ins and console actions", async () => {
    expect(await route(ROOT_FIXTURES)).toEqual(ROOT_FIXTURES.map(() => true));
  });

  it("stops invokedBy, IAM-user and assumed-role events", async () => {
    expect(await route(NOT_ROOT_FIXTURES)).toEqual(NOT_ROOT_FIXTURES.map(() => false));
  });

  it("stops root events of other detail-types", async () => {
    const event = loadFixture("root-api-call-create-volume");
    expect(await probe.route([{ "detail-type": "AWS Service Event via CloudTrail", detail: event.detail }])).toEqual([false]);
  });
});
