/**
 * The session table's rules, against the emulator's DynamoDB (real conditional writes): one action
 * opens a session however many arrive at once, a quiet session is over, pending actions and digest
 * claims are safe to repeat, and no second holds more publishes than its slots, by priority.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createSessionTable } from "../../emulator/emulated-delivery";
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { placeOf } from "../../handler/events/client-place";
import { PublishSlots, PublishSlotUnavailableError } from "../../handler/publishing/publish-slots";
import type { RootSession } from "../../handler/events/root-session";
import { SessionStore, type PendingAction } from "../../handler/sessions/session-store";
import { emulatorClientConfig, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { SESSION_TABLE_KEYS } from "../../src/contract/names";

const TABLE = "sessions";
const SESSION: RootSession = { key: "111122223333:key:0123456789abcdef", accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1", label: "access key ASIAEXAMPLE1" };
const QUIET_MS = 600_000;
const T0 = Date.parse("2026-11-20T07:40:00Z");

/** An action handled as soon as it reached the queue. */
const at = (ms: number) => ({ arrivedMs: ms, handledMs: ms });

const pendingAction = (eventId: string): PendingAction => ({
  eventId,
  eventName: "ListBuckets",
  eventSource: "s3.amazonaws.com",
  eventTime: "2026-11-20T07:41:00Z",
  region: "us-east-1",
  sourceIp: "198.51.100.7",
  failed: false,
  severity: "low",
});

describe("the session table, on the emulator", () => {
  let moto: MotoServer;
  let documents: DynamoDBDocumentClient;
  let store: SessionStore;

  beforeAll(async () => {
    moto = await startMotoServer();
    const dynamodb = new DynamoDBClient(emulatorClientConfig(moto.endpoint, "us-east-1"));
    await createSessionTable(dynamodb, TABLE);
    documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
    store = new SessionStore(documents, TABLE);
  });
  afterAll(async () => moto?.stop());

  it("opens a session with its first action, and keeps the later ones in it", async () => {
    const session = { ...SESSION, key: "first-and-later" };
    expect(await store.touch(session, "e1", at(T0), QUIET_MS)).toMatchObject({ firstEventId: "e1", firstSeen: T0, lastSeen: T0 });
    expect(await store.touch(session, "e2", at(T0 + 60_000), QUIET_MS)).toMatchObject({ firstEventId: "e1", firstSeen: T0, lastSeen: T0 + 60_000 });
  });

  it("opens a new session after the last one has been quiet", async () => {
    const session = { ...SESSION, key: "quiet" };
    await store.touch(session, "e1", at(T0), QUIET_MS);
    expect(await store.touch(session, "e2", at(T0 + QUIET_MS + 1), QUIET_MS)).toMatchObject({ firstEventId: "e2", firstSeen: T0 + QUIET_MS + 1 });
  });

  it("keeps a session going when its function fell behind: quiet is judged by when an action reached the queue", async () => {
    const session = { ...SESSION, key: "backlog" };
    await store.touch(session, "e1", at(T0), QUIET_MS);
    const late = await store.touch(session, "e2", { arrivedMs: T0 + 1_000, handledMs: T0 + QUIET_MS + 60_000 }, QUIET_MS);
    expect(late).toMatchObject({ firstEventId: "e1", firstSeen: T0, lastSeen: T0 + QUIET_MS + 60_000 });
  });

  it("keeps the digest trigger on its way when a quiet session is opened again, so that no second trigger is claimed", async () => {
    const session = { ...SESSION, key: "reopen-with-trigger" };
    await store.touch(session, "e1", at(T0), QUIET_MS);
    expect(await store.claimDigest(session.key, T0, "chain-1")).toBe(true);
    const reopened = await store.touch({ ...session, accessKeyId: undefined }, "e2", at(T0 + QUIET_MS + 1), QUIET_MS);
    expect(reopened).toMatchObject({ firstEventId: "e2", firstSeen: T0 + QUIET_MS + 1, digestScheduled: T0, digestChain: "chain-1" });
    expect(reopened.accessKeyId).toBeUndefined();
    expect(await store.claimDigest(session.key, T0 + QUIET_MS + 1, "chain-2")).toBe(false);
  });

  it("lets exactly one of many simultaneous actions open the session", async () => {
    const session = { ...SESSION, key: "simultaneous" };
    const records = await Promise.all(Array.from({ length: 10 }, (_, i) => store.touch(session, `e${i}`, at(T0), QUIET_MS)));
    const openers = records.filter((record, i) => record.firstEventId === `e${i}`);
    expect(openers).toHaveLength(1);
    expect(new Set(records.map((record) => record.firstEventId)).size).toBe(1);
  });

  it("keeps a pending action once, however often it is added, and never again once a digest covered it", async () => {
    expect(await store.addPending("pending", pendingAction("e1"), T0)).toBe(true);
    expect(await store.addPending("pending", pendingAction("e1"), T0)).toBe(false);
    expect(await store.addPending("pending", pendingAction("e2"), T0)).toBe(true);
    const pending = await store.pending("pending");
    expect(pending.map((action) => action.eventId).sort()).toEqual(["e1", "e2"]);
    await store.markSent("pending", pending, "digest-message-1", T0);
    expect(await store.pending("pending")).toEqual([]);
    expect(await store.addPending("pending", pendingAction("e1"), T0)).toBe(false);
    expect(await store.pending("pending")).toEqual([]);
  });

  it("gives a session one digest trigger at a time", async () => {
    const session = { ...SESSION, key: "digest-claim" };
    await store.touch(session, "e1", at(T0), QUIET_MS);
    expect(await store.claimDigest(session.key, T0, "chain-1")).toBe(true);
    expect(await store.claimDigest(session.key, T0, "chain-1")).toBe(false);
    await store.releaseDigest(session.key);
    expect(await store.claimDigest(session.key, T0, "chain-1")).toBe(true);
    expect(await store.claimDigest("no-such-session", T0, "chain-1")).toBe(false);
  });

  it("ends a session only when it has been quiet, and keeps it for an action that arrived while it was live", async () => {
    const session = { ...SESSION, key: "close" };
    await store.touch(session, "e1", at(T0), QUIET_MS);
    expect(await store.claimDigest(session.key, T0, "chain-1")).toBe(true);
    expect(await store.close(session.key, T0)).toBe(false);
    expect(await store.get(session.key)).toMatchObject({ digestScheduled: T0, digestChain: "chain-1" });
    expect(await store.close(session.key, T0 + 1)).toBe(true);
    const closed = await store.get(session.key);
    expect(closed).toMatchObject({ firstEventId: "e1", lastSeen: T0 });
    expect(closed?.digestScheduled).toBeUndefined();
    expect(closed?.digestChain).toBeUndefined();
    // Reached the queue a second after e1, handled only now: the same session, which may claim a new digest trigger.
    expect(await store.touch(session, "e2", { arrivedMs: T0 + 1_000, handledMs: T0 + QUIET_MS * 3 }, QUIET_MS)).toMatchObject({ firstEventId: "e1" });
    expect(await store.claimDigest(session.key, T0 + QUIET_MS * 3, "chain-2")).toBe(true);
    // Reached the queue after a quiet period: a new session.
    expect(await store.close(session.key, T0 + QUIET_MS * 3 + 1)).toBe(true);
    expect(await store.touch(session, "e3", at(T0 + QUIET_MS * 5), QUIET_MS)).toMatchObject({ firstEventId: "e3" });
  });

  it("undoes a session only as the repeat that opened it just now, keeping the digest trigger it carried", async () => {
    const session = { ...SESSION, key: "abandon" };
    const opened = await store.touch(session, "e1", at(T0), QUIET_MS);
    expect(opened).toMatchObject({ firstEventId: "e1", openedNow: true });
    expect(await store.touch(session, "e2", at(T0 + 1_000), QUIET_MS)).not.toHaveProperty("openedNow");
    expect(await store.claimDigest(session.key, T0, "chain-1")).toBe(true);
    // Opened at another time: a live session, left alone.
    await store.abandon(session.key, "e1", T0 + 1);
    expect(await store.get(session.key)).toMatchObject({ lastSeen: T0 + 1_000 });
    await store.abandon(session.key, "e1", T0);
    expect(await store.get(session.key)).toMatchObject({ lastSeen: 0, digestScheduled: T0, digestChain: "chain-1" });
    // The next new action opens a session of its own, with the trigger carried over.
    expect(await store.touch(session, "e3", at(T0 + 2_000), QUIET_MS)).toMatchObject({ firstEventId: "e3", openedNow: true, digestChain: "chain-1" });
  });

  it("does not trust a session record forged far into the future: the action opens the session afresh and says what it found", async () => {
    // The red team's attack: one PutItem of a live-looking session, with a digest claim that never goes out.
    const forged = { ...SESSION, key: "111122223333:key:forged0000000001" };
    const farFuture = Date.parse("2099-01-01T00:00:00Z");
    await documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: { [SESSION_TABLE_KEYS.partitionKey]: `session#${forged.key}`, [SESSION_TABLE_KEYS.sortKey]: "session", key: forged.key, label: "x", accountId: "111122223333", firstEventId: "x", firstSeen: farFuture, lastSeen: farFuture, digestScheduled: farFuture, digestChain: "forged" },
      }),
    );
    const touched = await store.touch(forged, "event-after-forgery", at(T0), QUIET_MS);
    expect(touched).toMatchObject({ firstEventId: "event-after-forgery", openedNow: true, tampered: { lastSeen: "2099-01-01T00:00:00.000Z", firstSeen: "2099-01-01T00:00:00.000Z" } });
    const stored = await store.get(forged.key);
    expect(stored).toMatchObject({ firstEventId: "event-after-forgery", firstSeen: T0, lastSeen: T0 });
    expect(stored?.digestScheduled).toBeUndefined(); // the forged claim is gone: the next action can claim a digest
    // The opener's retry still sees what was found; the next action continues the fresh session.
    expect(await store.touch(forged, "event-after-forgery", at(T0 + 1_000), QUIET_MS)).toMatchObject({ firstEventId: "event-after-forgery", tampered: { lastSeen: "2099-01-01T00:00:00.000Z" } });
    expect(await store.claimDigest(forged.key, T0 + 1_000, "fresh")).toBe(true);
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

describe("the places of a live session, on the emulator (issue 20, item 4)", () => {
  let moto: MotoServer;
  let store: SessionStore;
  const owner = placeOf("203.0.113.24", "aws-cli/2.22.4 command/s3.ls");
  const thief = placeOf("198.51.100.7", "python-requests/2.31.0");

  beforeAll(async () => {
    moto = await startMotoServer();
    const dynamodb = new DynamoDBClient(emulatorClientConfig(moto.endpoint, "us-east-1"));
    await createSessionTable(dynamodb, TABLE);
    store = new SessionStore(DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }), TABLE);
  });
  afterAll(async () => moto?.stop());

  it("tells a new place to exactly one of many simultaneous actions from it, and answers a repeat of that one its own claim", async () => {
    const session = { ...SESSION, key: "places-simultaneous" };
    await store.touch(session, "e0", at(T0), QUIET_MS, owner);
    const touched = await Promise.all(Array.from({ length: 8 }, (_, i) => store.touch(session, `e${i + 1}`, at(T0 + 1_000), QUIET_MS, thief)));
    const claims = await Promise.all(touched.map((record, i) => store.claimPlace(session.key, record, `e${i + 1}`, thief)));
    const tellers = claims.flatMap((claim, i) => (claim ? [`e${i + 1}`] : []));
    expect(tellers).toHaveLength(1);
    expect(claims.find(Boolean)).toEqual({ network: "198.51.100.0/24", agent: "python-requests", knownNetworks: ["203.0.113.0/24"], knownAgents: ["aws-cli"] });
    const record = await store.get(session.key);
    expect(record?.networks).toEqual(new Set(["203.0.113.0/24", "198.51.100.0/24"]));
    // The teller's message is retried: it tells the same place again (under the same idempotency key); the others never do.
    const again = await store.touch(session, tellers[0], at(T0 + 2_000), QUIET_MS, thief);
    expect(await store.claimPlace(session.key, again, tellers[0], thief)).toEqual(claims.find(Boolean));
    expect(await store.claimPlace(session.key, again, "e-later", thief)).toBeUndefined();
  });

  it("tells nothing for the session's own place, and begins an empty set silently", async () => {
    const session = { ...SESSION, key: "places-own" };
    const opened = await store.touch(session, "e0", at(T0), QUIET_MS, placeOf("AWS Internal", "aws-cli/2.22.4"));
    expect(opened.networks).toBeUndefined();
    const later = await store.touch(session, "e1", at(T0 + 1_000), QUIET_MS, owner);
    expect(await store.claimPlace(session.key, later, "e1", owner)).toBeUndefined();
    expect((await store.get(session.key))?.networks).toEqual(new Set(["203.0.113.0/24"]));
  });

  it("claims a kept action for one at-once message only, and lets the same claimer claim it again", async () => {
    const key = "claims";
    for (const id of ["h1", "h2"]) await store.addPending(key, { ...pendingAction(id), severity: "high", atOnce: true }, T0);
    const waiting = await store.pending(key);
    const [first, second] = await Promise.all([store.claimPending(key, waiting, "h1"), store.claimPending(key, waiting, "h2")]);
    expect(first.length + second.length).toBe(2);
    expect(new Set([...first, ...second].map((action) => action.eventId))).toEqual(new Set(["h1", "h2"]));
    // A retry of a claimer claims what it claimed before, and nothing of the other's.
    expect((await store.claimPending(key, waiting, "h1")).map((action) => action.eventId)).toEqual(first.map((action) => action.eventId));
    await store.markSent(key, waiting, "at-once-message", T0);
    expect(await store.claimPending(key, waiting, "h1")).toEqual([]);
  });
});
