/**
 * The publish seconds' timing rules, with a mocked table and a fake clock (their concurrency is
 * tested against the emulator's DynamoDB in session-store-on-emulator.test.ts).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { PUBLISH_START_WINDOW_MS, PublishSlots } from "../../handler/publish-slots";

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
const tableMock = mockClient(DynamoDBDocumentClient);
const S = 1_795_000_000; // a second, in epoch seconds
const claimedSeconds = () => tableMock.commandCalls(PutCommand).map((call) => Number(call.args[0].input.Item?.sk));

describe("publish seconds", () => {
  beforeEach(() => tableMock.reset());

  it("claims the current second while it is young, and starts the publish at once", async () => {
    tableMock.on(PutCommand).resolves({});
    const clock = { now: S * 1000 + PUBLISH_START_WINDOW_MS - 1 };
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async () => undefined });
    expect(await slots.acquire(S * 1000 + 60_000)).toBe(S);
  });

  it("leaves a second that is mostly over for the next one: a publish started late would land in the next second beside its owner", async () => {
    tableMock.on(PutCommand).resolves({});
    const clock = { now: S * 1000 + 800 };
    const slept: number[] = [];
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async (ms) => void (slept.push(ms), (clock.now += ms)) });
    expect(await slots.acquire(S * 1000 + 60_000)).toBe(S + 1);
    expect(claimedSeconds()).toEqual([S + 1]);
    expect(slept).toEqual([200]);
  });

  it("gives up a claim that came back too late in its second, and publishes in a later one", async () => {
    const clock = { now: S * 1000 };
    // The first claim takes 600 ms to come back (a slow table, a loaded host).
    tableMock.on(PutCommand).callsFakeOnce(async () => ((clock.now += 600), {})).resolves({});
    const slots = new PublishSlots(documents, "table", "topic", { now: () => clock.now, sleep: async (ms) => void (clock.now += ms) });
    expect(await slots.acquire(S * 1000 + 60_000)).toBe(S + 1);
    expect(claimedSeconds()).toEqual([S, S + 1]);
    expect(clock.now - (S + 1) * 1000).toBeLessThanOrEqual(PUBLISH_START_WINDOW_MS);
  });
});
