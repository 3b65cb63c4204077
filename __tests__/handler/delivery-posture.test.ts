import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import type { RootPostureReader } from "../../handler/posture/posture-reader";
import type { HubPosture } from "../../handler/posture/root-posture";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { loadFixture } from "../helpers/fixtures";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const snsMock = mockClient(SNSClient);
const iamMock = mockClient(IAMClient);
const NO_MFA: HubPosture = { accountId: "111122223333", summary: { mfaEnabled: false, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: "2026-11-20T08:00:00.000Z" } };

/** A fake reader: answers `hub`, and records whether each read asked for a fresh answer. */
function fakeReader(hub: HubPosture) {
  const asked: boolean[] = [];
  const read: RootPostureReader = async (options) => {
    asked.push(options?.fresh === true);
    return hub;
  };
  return { read, asked };
}

function newHandler(readRootPosture?: RootPostureReader) {
  const handle = createDeliveryHandler({
    topicArn: TOPIC,
    sns: new SNSClient({}),
    sessions: new InMemorySessionStore(),
    slots: freeSlots(),
    scheduleDigest: async () => undefined,
    lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
    ...(readRootPosture ? { readRootPosture } : {}),
    logger: recordingLogger(),
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once: inMemoryOnce(),
    now: () => Date.parse("2026-11-20T08:00:00Z"),
  });
  let n = 0;
  return (event: unknown) => handle({ messageId: `sqs-${(n += 1)}`, body: JSON.stringify(event) }, 30_000);
}

const published = () => snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
const emailOf = (index = 0) => JSON.parse(published()[index].Message ?? "{}")[MESSAGE_KEYS.email] as string;

/** A second call of the CreateVolume session's long-lived key: high, told with the session (severity.ts). */
function secondCall() {
  const event = loadFixture("root-api-call-create-volume");
  event.detail.eventID = "00000000-0000-4000-8000-000000000002";
  return event;
}

describe("the delivery handler and the root posture", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "msg-1" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  it("puts the reader's posture in the alert, raised for the hub's own account", async () => {
    await newHandler(fakeReader(NO_MFA).read)(loadFixture("root-console-sign-in-failure"));
    expect(published()[0].Subject).toMatch(/^\[CRITICAL\] Root console sign-in FAILED/);
    expect(emailOf()).toContain("\nRoot posture: MFA OFF, no access keys\n");
  });

  it("says a member account's posture is not read, and raises nothing, when the hub's posture is a finding", async () => {
    const event = loadFixture("root-console-sign-in-failure");
    event.account = "444455556666";
    event.detail.recipientAccountId = "444455556666";
    const inOrganization: HubPosture = { ...NO_MFA, organization: { rootCredentialsManagementCentralized: true, rootSessionsCentralized: false } };
    await newHandler(fakeReader(inOrganization).read)(event);
    expect(published()[0].Subject).toMatch(/^\[HIGH\] /);
    expect(emailOf()).toContain(
      "\nRoot posture: member account: posture not read (no cross-account role); organization: root credentials management centralized, root sessions not centralized\n",
    );
  });

  it("routes by the event's own severity: a raised action told with the session still waits for the digest", async () => {
    const handle = newHandler(fakeReader(NO_MFA).read);
    await handle(loadFixture("root-api-call-create-volume"));
    const outcome = await handle(secondCall());
    expect(outcome).toMatchObject({ status: "kept for the digest", severity: "high" });
    expect(published()).toHaveLength(1);
  });

  it("asks for a fresh posture after an event that changes root credentials, and the cached one otherwise", async () => {
    const reader = fakeReader(NO_MFA);
    const handle = newHandler(reader.read);
    await handle(loadFixture("root-console-sign-in-failure"));
    await handle(loadFixture("root-create-access-key"));
    expect(reader.asked).toEqual([false, true]);
  });

  it("sends the alert, posture unknown, when a reader given to it rejects", async () => {
    await newHandler(() => Promise.reject(new Error("boom")))(loadFixture("root-console-sign-in-failure"));
    expect(emailOf()).toContain("\nRoot posture: unknown (not read: the posture reader failed)\n");
  });

  it("without a reader, says the posture was not read, and the alert goes out", async () => {
    await newHandler()(loadFixture("root-console-sign-in-failure"));
    expect(emailOf()).toContain("\nRoot posture: unknown (not read: no reader configured)\n");
  });
});
