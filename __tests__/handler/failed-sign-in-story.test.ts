/**
 * A password spray through the delivery handler: failed root sign-ins from many addresses are one
 * story of the account (one alert, then a digest that counts them by address), and a successful
 * sign-in is not part of it.
 */
import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { digestTriggerBody } from "../../handler/delivery/buffered-message";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { loadFixture } from "../helpers/fixtures";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const snsMock = mockClient(SNSClient);
const iamMock = mockClient(IAMClient);
const ADDRESSES = ["203.0.113.5", "203.0.113.5", "192.0.2.9", "198.51.100.44", "203.0.113.5"];

function newHandler() {
  const sessions = new InMemorySessionStore();
  const scheduled: Array<{ sessionKey: string; chain?: string }> = [];
  const handle = createDeliveryHandler({
    topicArn: TOPIC,
    sns: new SNSClient({}),
    sessions,
    slots: freeSlots(),
    scheduleDigest: async (sessionKey, _delay, chain) => void scheduled.push({ sessionKey, chain }),
    lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
    logger: recordingLogger(),
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once: inMemoryOnce(),
  });
  let n = 0;
  const handler = (body: string) => handle({ messageId: `sqs-${(n += 1)}`, body }, 30_000);
  return { handler, scheduled };
}

/** Failed sign-ins, one per address, each its own browser. */
const attempts = () =>
  ADDRESSES.map((address, index) => {
    const event = loadFixture("root-console-sign-in-failure");
    Object.assign(event.detail, { eventID: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`, sourceIPAddress: address, userAgent: `browser ${index}` });
    return event;
  });

const published = () => snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
const jsonOf = (index: number) => JSON.parse(JSON.parse(published()[index].Message ?? "{}").default);
const emailOf = (index: number) => JSON.parse(published()[index].Message ?? "{}").email as string;

describe("failed root sign-ins from many addresses", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "msg-1" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  it("are one story of the account: one alert, then one digest counting the others by address", async () => {
    const { handler, scheduled } = newHandler();
    for (const event of attempts()) await handler(JSON.stringify(event));
    expect(published()).toHaveLength(1);
    expect(jsonOf(0).session).toMatchObject({ key: "111122223333:failed-sign-ins", label: "failed sign-ins to 111122223333" });
    expect(scheduled).toHaveLength(1);
    await handler(digestTriggerBody(scheduled[0].sessionKey, scheduled[0].chain));
    expect(published()).toHaveLength(2);
    expect(jsonOf(1)).toMatchObject({ kind: "digest", eventIds: expect.arrayContaining([expect.any(String)]), counts: { bySourceAddress: { "203.0.113.5": 2, "192.0.2.9": 1, "198.51.100.44": 1 } } });
    expect(emailOf(1)).toContain("BY SOURCE ADDRESS (3 addresses)");
  });

  it("leave a successful sign-in out of that story: it opens a session of its own", async () => {
    const { handler } = newHandler();
    for (const event of attempts()) await handler(JSON.stringify(event));
    const success = loadFixture("root-console-sign-in-success");
    success.detail.sourceIPAddress = ADDRESSES[0];
    await handler(JSON.stringify(success));
    expect(published()).toHaveLength(2);
    expect(jsonOf(1).session.key).not.toBe("111122223333:failed-sign-ins");
  });
});
