/**
 * The publish seconds' timing and priority rules, with a table kept in a map behind a mocked client
 * and a fake clock (their concurrency is tested against the emulator's DynamoDB in
 * session-store-on-emulator.test.ts).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { PUBLISH_START_WINDOW_MS, PublishSlots, PublishSlotUnavailableError, type PublishPriority } from "../../handler/publishing/publish-slots";

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
const tableMock = mockClient(DynamoDBDocumentClient);
const S = 1_795_000_000; // a second, in epoch seconds
const claimedSeconds = () => tableMock.commandCalls(PutCommand).map((call) => Number(String(call.args[0].input.Item?.sk).split("#")[0]));

/** A table of claims in a map: a claim of a taken key fails its condition, as DynamoDB's does. */
function claimTable(taken: Iterable<string> = []) {
  const keys = new Set(taken);
  tableMock.on(PutCommand).callsFake(async (input) => {
    const key = String(input.Item.sk);
    if (keys.has(key)) throw Object.assign(new Error("taken"), { name: "ConditionalCheckFailedException" });
    keys.add(key);
    return {};
  });
  return keys;
}

/** Every slot key of seconds `from` to `to`, slots 0 to 3 (slot 0's key is the bare second). */
const slotKeys = (from: number, to: number, slots = [0, 1, 2, 3]) =>
  Array.from({ length: to - from + 1 }, (_, i) => slots.map((slot) => (slot === 0 ? String(from + i) : `${from + i}#${slot}`))).flat();

describe("publish seconds", () => {
  beforeEach(() => tableMock.reset());

  it("claims the current second while it is young, and starts the publish at once", async () => {
    tableMock.on(PutCommand).resolves({});
    const clock = { now: S * 1000 + PUBLISH_START_WINDOW_MS - 1 };
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async () => undefined });
    expect(await slots.acquire(S * 1000 + 60_000, "routine")).toBe(S);
  });

  it("leaves a second that is mostly over for the next one: a publish started late would land in the next second beside its owner", async () => {
    tableMock.on(PutCommand).resolves({});
    const clock = { now: S * 1000 + 800 };
    const slept: number[] = [];
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async (ms) => void (slept.push(ms), (clock.now += ms)) });
    expect(await slots.acquire(S * 1000 + 60_000, "routine")).toBe(S + 1);
    expect(claimedSeconds()).toEqual([S + 1]);
    expect(slept).toEqual([200]);
  });

  it("gives up a claim that came back too late in its second, and publishes in a later one", async () => {
    const clock = { now: S * 1000 };
    // The first claim takes 600 ms to come back (a slow table, a loaded host).
    tableMock.on(PutCommand).callsFakeOnce(async () => ((clock.now += 600), {})).resolves({});
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async (ms) => void (clock.now += ms) });
    expect(await slots.acquire(S * 1000 + 60_000, "routine")).toBe(S + 1);
    expect(claimedSeconds()).toEqual([S, S + 1]);
    expect(clock.now - (S + 1) * 1000).toBeLessThanOrEqual(PUBLISH_START_WINDOW_MS);
  });

  it("keeps routine messages to slot 0, the key a second had when there was one publish a second", async () => {
    const table = claimTable();
    const clock = { now: S * 1000 };
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async (ms) => void (clock.now += ms) });
    for (let i = 0; i < 3; i += 1) await slots.acquire(S * 1000 + 60_000, "routine");
    expect([...table]).toEqual([String(S), String(S + 1), String(S + 2)]);
  });

  it("never lets a critical message wait behind routine ones: with slot 0 taken for a minute ahead, it publishes in the current second", async () => {
    claimTable(slotKeys(S, S + 60, [0]));
    const clock = { now: S * 1000 };
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async (ms) => void (clock.now += ms) });
    expect(await slots.acquire(S * 1000 + 60_000, "critical")).toBe(S);
    expect(await slots.acquire(S * 1000 + 60_000, "high")).toBe(S);
  });

  it("keeps slot 3 for critical messages: high ones leave it free, and a critical one takes it", async () => {
    const table = claimTable();
    const clock = { now: S * 1000 };
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async (ms) => void (clock.now += ms) });
    // Three high messages fill slots 2, 1 and 0 of the second, the highest first; the fourth waits for the next second.
    const high = [];
    for (let i = 0; i < 4; i += 1) high.push(await slots.acquire(S * 1000 + 60_000, "high"));
    expect(high).toEqual([S, S, S, S + 1]);
    expect(table.has(`${S}#3`)).toBe(false);
    clock.now = S * 1000;
    expect(await slots.acquire(S * 1000 + 60_000, "critical")).toBe(S);
    expect(table.has(`${S}#3`)).toBe(true);
  });

  it("never gives one second more than 4 publishes, whatever the mix of priorities", async () => {
    const table = claimTable();
    const clock = { now: S * 1000 };
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async (ms) => void (clock.now += ms) });
    const priorities: PublishPriority[] = ["critical", "high", "critical", "routine", "high"];
    // Five at a time from one moment, as concurrent invocations ask, then the clock moves on.
    for (let round = 0; round < 12; round += 1) {
      const start = clock.now;
      for (const priority of priorities) {
        clock.now = start;
        await slots.acquire(start + 60_000, priority);
      }
      clock.now = start + 1_000;
    }
    const perSecond = new Map<string, number>();
    for (const key of table) perSecond.set(key.split("#")[0], (perSecond.get(key.split("#")[0]) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBe(4);
  });

  it.each([
    ["routine", 5],
    ["high", 20],
    ["critical", 25],
  ] as const)("gives up a %s message (to be deferred) when nothing is free within %p s, however far the deadline", async (priority, seconds) => {
    claimTable(slotKeys(S, S + 600));
    const clock = { now: S * 1000 };
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async (ms) => void (clock.now += ms) });
    const error = await slots.acquire(S * 1000 + 600_000, priority).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PublishSlotUnavailableError);
    expect(error).toMatchObject({ priority });
    expect(Math.max(...claimedSeconds())).toBe(S + seconds - 1);
  });

  it("counts the claims further ahead than any it makes itself, and none nearer", async () => {
    tableMock.on(QueryCommand).resolves({ Count: 3 });
    const slots = new PublishSlots(documents, "table", "arn:aws:sns:us-east-1:111122223333:topic");
    expect(await slots.claimsBeyondHonestHorizon(S * 1000 + 999)).toBe(3);
    const query = tableMock.commandCalls(QueryCommand)[0].args[0].input;
    expect(query.ExpressionAttributeValues).toEqual({ ":pk": "publish-slot#arn:aws:sns:us-east-1:111122223333:topic", ":beyond": String(S + 31) });
    expect(query.KeyConditionExpression).toBe("#pk = :pk AND #sk >= :beyond");
  });
});
