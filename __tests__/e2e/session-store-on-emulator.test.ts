/**
 * The session table's rules, against the emulator's DynamoDB (real conditional writes): the session
 * rules' contract (contracts/session-rules-contract.ts, which the in-memory store passes too: one
 * action opens a session however many arrive at once, a quiet session is over, pending actions and
 * digest claims are safe to repeat, a new place is told once), once-only work
 * (contracts/run-once-contract.ts, as the in-memory one), and no second holds more publishes than
 * its slots, by priority. One emulator for the whole file.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createSessionTable } from "../../emulator/emulated-delivery";
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { PublishSlots, PublishSlotUnavailableError } from "../../handler/publishing/publish-slots";
import { createTableOnce } from "../../handler/sessions/run-once";
import { SessionStore } from "../../handler/sessions/session-store";
import { emulatorClientConfig, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { runOnceContract } from "../contracts/run-once-contract";
import { sessionRulesContract } from "../contracts/session-rules-contract";

const TABLE = "sessions";
const T0 = Date.parse("2026-11-20T07:40:00Z");

describe("the session table, on the emulator", () => {
  let moto: MotoServer;
  let dynamodb: DynamoDBClient;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    moto = await startMotoServer();
    dynamodb = new DynamoDBClient(emulatorClientConfig(moto.endpoint, "us-east-1"));
    await createSessionTable(dynamodb, TABLE);
    documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  });
  afterAll(async () => moto?.stop());

  describe("the session rules", () => {
    sessionRulesContract(() => ({
      store: new SessionStore(documents, TABLE),
      // As a PutItem by someone with write access to the table: the record's item, keys and all.
      forge: async (key, record) => {
        await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: `session#${key}`, sk: "session", ...record } }));
      },
    }));
  });

  describe("once-only work (Powertools idempotency on the table)", () => {
    runOnceContract(() => createTableOnce(dynamodb, TABLE).once);
  });

  it("gives concurrent routine publishers a second each", async () => {
    const clock = { now: T0 };
    const slots = () => new PublishSlots(documents, TABLE, "arn:aws:sns:us-east-1:111122223333:slots", { now: () => clock.now, sleep: async () => undefined });
    const seconds = await Promise.all(Array.from({ length: 5 }, () => slots().acquire(T0 + 60_000, "routine")));
    expect(new Set(seconds).size).toBe(5);
    expect(Math.min(...seconds)).toBe(T0 / 1000);
    expect(Math.max(...seconds)).toBe(T0 / 1000 + 4);
  });

  it("gives concurrent publishers of every priority at most 4 publishes a second, routine ones slot 0 only, and puts no critical one behind a routine one", async () => {
    const topic = "arn:aws:sns:us-east-1:111122223333:priorities";
    const clock = { now: T0 };
    const slots = () => new PublishSlots(documents, TABLE, topic, { now: () => clock.now, sleep: async () => undefined });
    const asks = [...Array(12).fill("routine"), ...Array(4).fill("high"), ...Array(4).fill("critical")] as const;
    const outcomes = await Promise.all(asks.map((priority) => slots().acquire(T0 + 60_000, priority).then((second) => ({ priority, second }), () => ({ priority, second: undefined }))));
    const { Items = [] } = await documents.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `publish-slot#${topic}` } }));
    const perSecond = new Map<string, number>();
    for (const item of Items) perSecond.set(String(item.sk).split("#")[0], (perSecond.get(String(item.sk).split("#")[0]) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(4);
    expect(Items.filter((item) => item.priority === "routine").every((item) => !String(item.sk).includes("#"))).toBe(true);
    // Routine ones look 5 s ahead: 5 of the 12 get slot 0 of a second, the others are deferred. The 8
    // urgent ones share slots 1-3 (and slot 0 where free): 3 seconds at most, however many routine ones ask.
    expect(outcomes.filter((o) => o.priority === "routine" && o.second !== undefined)).toHaveLength(5);
    expect(outcomes.filter((o) => o.priority !== "routine").every((o) => o.second !== undefined && o.second <= T0 / 1000 + 2)).toBe(true);
    expect(Items.filter((item) => String(item.sk).endsWith("#3")).every((item) => item.priority === "critical")).toBe(true);
  });

  it("gives up, to be deferred, when no second is free within its horizon", async () => {
    const clock = { now: T0 };
    const slots = new PublishSlots(documents, TABLE, "arn:aws:sns:us-east-1:111122223333:deadline", { now: () => clock.now, sleep: async () => undefined });
    await slots.acquire(T0 + 2_000, "routine");
    await slots.acquire(T0 + 2_000, "routine");
    await expect(slots.acquire(T0 + 2_000, "routine")).rejects.toBeInstanceOf(PublishSlotUnavailableError);
  });

  it("finds claims further ahead than any the function makes, and only those", async () => {
    const topic = "arn:aws:sns:us-east-1:111122223333:forged";
    const slots = new PublishSlots(documents, TABLE, topic);
    const claim = (second: number) => documents.send(new PutCommand({ TableName: TABLE, Item: { pk: `publish-slot#${topic}`, sk: String(second) } }));
    await claim(T0 / 1000 + 20);
    await claim(T0 / 1000 + 30);
    expect(await slots.claimsBeyondHonestHorizon(T0)).toBe(0);
    for (let second = 31; second <= 104; second += 1) await claim(T0 / 1000 + second);
    expect(await slots.claimsBeyondHonestHorizon(T0)).toBe(74);
  });
});
