/**
 * The session rules (handler/sessions/session-rules.ts) as one contract, defined once and run against
 * both stores: the in-memory one in a unit test (in-memory-session-store.test.ts) and the DynamoDB
 * table on the emulator (e2e/session-store-on-emulator.test.ts). Expected values are written out
 * here, never taken from the code under test. Each test uses session keys of its own, so that one
 * table can serve every test.
 */
import { placeOf } from "../../handler/events/client-place";
import type { RootSession } from "../../handler/events/root-session";
import type { PendingAction } from "../../handler/sessions/session-record";
import type { SessionRules } from "../../handler/sessions/session-rules";

export interface ContractStore {
  readonly store: SessionRules;
  /** Writes a session record as someone other than the function would: any fields, no checks. */
  readonly forge: (key: string, record: Record<string, unknown>) => Promise<void>;
}

const SESSION: RootSession = { key: "111122223333:key:0123456789abcdef", accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1", label: "access key ASIAEXAMPLE1" };
const QUIET_MS = 600_000;
const T0 = Date.parse("2026-11-20T07:40:00Z");
const FAR_FUTURE = Date.parse("2099-01-01T00:00:00Z");
const OWNER = placeOf("203.0.113.24", "aws-cli/2.22.4 command/s3.ls");
const THIEF = placeOf("198.51.100.7", "python-requests/2.31.0");

/** An action handled as soon as it reached the queue. */
const at = (ms: number) => ({ arrivedMs: ms, handledMs: ms });

const pendingAction = (eventId: string, eventTime = "2026-11-20T07:41:00Z"): PendingAction => ({
  eventId,
  eventName: "ListBuckets",
  eventSource: "s3.amazonaws.com",
  eventTime,
  region: "us-east-1",
  sourceIp: "198.51.100.7",
  failed: false,
  severity: "low",
});

/** Defines the contract's tests for the store `setup` gives (called before each test). */
export function sessionRulesContract(setup: () => Promise<ContractStore> | ContractStore): void {
  let store: SessionRules;
  let forge: ContractStore["forge"];
  beforeEach(async () => ({ store, forge } = await setup()));

  describe("sessions", () => {
    it("opens a session with its first action, and keeps the later ones in it", async () => {
      const session = { ...SESSION, key: "first-and-later" };
      expect(await store.touch(session, "e1", at(T0), QUIET_MS)).toMatchObject({ firstEventId: "e1", firstSeen: T0, lastSeen: T0, openedNow: true });
      const later = await store.touch(session, "e2", at(T0 + 60_000), QUIET_MS);
      expect(later).toMatchObject({ key: "first-and-later", label: "access key ASIAEXAMPLE1", accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1", firstEventId: "e1", firstSeen: T0, lastSeen: T0 + 60_000 });
      expect(later).not.toHaveProperty("openedNow");
    });

    it("sets lastSeen to the handling time of the latest action, even one handled a little earlier than the last", async () => {
      // The table's update is `SET lastSeen = :now`, no max(): handling times come from one clock, in order.
      const session = { ...SESSION, key: "last-seen" };
      await store.touch(session, "e1", at(T0 + 60_000), QUIET_MS);
      expect(await store.touch(session, "e2", at(T0 + 30_000), QUIET_MS)).toMatchObject({ firstEventId: "e1", lastSeen: T0 + 30_000 });
    });

    it("opens a new session after the last one has been quiet", async () => {
      const session = { ...SESSION, key: "quiet" };
      await store.touch(session, "e1", at(T0), QUIET_MS);
      expect(await store.touch(session, "e2", at(T0 + QUIET_MS), QUIET_MS)).toMatchObject({ firstEventId: "e1" });
      expect(await store.touch(session, "e3", at(T0 + 2 * QUIET_MS + 1), QUIET_MS)).toMatchObject({ firstEventId: "e3", firstSeen: T0 + 2 * QUIET_MS + 1, openedNow: true });
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
      expect(reopened).not.toHaveProperty("accessKeyId");
      expect(await store.claimDigest(session.key, T0 + QUIET_MS + 1, "chain-2")).toBe(false);
    });

    it("lets exactly one of many simultaneous actions open the session", async () => {
      const session = { ...SESSION, key: "simultaneous" };
      const records = await Promise.all(Array.from({ length: 10 }, (_, i) => store.touch(session, `e${i}`, at(T0), QUIET_MS)));
      const openers = records.filter((record, i) => record.firstEventId === `e${i}`);
      expect(openers).toHaveLength(1);
      expect(new Set(records.map((record) => record.firstEventId)).size).toBe(1);
    });

    it("begins a session with its opener's place, and reads back what it holds", async () => {
      const session = { ...SESSION, key: "opened-from" };
      expect(await store.get(session.key)).toBeUndefined();
      await store.touch(session, "e1", at(T0), QUIET_MS, OWNER);
      expect(await store.get(session.key)).toMatchObject({ key: "opened-from", firstEventId: "e1", firstSeen: T0, lastSeen: T0, networks: new Set(["203.0.113.0/24"]), agents: new Set(["aws-cli"]) });
    });
  });

  describe("digest triggers and the end of a session", () => {
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
      expect(await store.close("no-such-session", T0)).toBe(false);
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
      await store.abandon("no-such-session", "e1", T0);
      expect(await store.get("no-such-session")).toBeUndefined();
    });

    it("leaves a record without times when a digest is released on a session that is not there, which the next action tells as tampering", async () => {
      // The table's release is an unconditional update: it writes an item of keys only. Not reached by the
      // handler (it releases only a claim it just made), but the two stores answer alike.
      const session = { ...SESSION, key: "release-nothing" };
      await store.releaseDigest(session.key);
      expect(await store.touch(session, "e1", at(T0), QUIET_MS)).toMatchObject({ firstEventId: "e1", openedNow: true, tampered: { lastSeen: "missing", firstSeen: "missing" } });
    });
  });

  describe("records that contradict time", () => {
    it("does not trust a session record forged far into the future: the action opens the session afresh and says what it found", async () => {
      // The red team's attack: one PutItem of a live-looking session, with a digest claim that never goes out.
      const key = "111122223333:key:forged0000000001";
      await forge(key, { key, label: "x", accountId: "111122223333", firstEventId: "x", firstSeen: FAR_FUTURE, lastSeen: FAR_FUTURE, digestScheduled: FAR_FUTURE, digestChain: "forged", networks: new Set(["192.0.2.0/24"]) });
      const forged = { ...SESSION, key, accessKeyId: undefined };
      const touched = await store.touch(forged, "event-after-forgery", at(T0), QUIET_MS, OWNER);
      expect(touched).toMatchObject({ firstEventId: "event-after-forgery", openedNow: true, tampered: { lastSeen: "2099-01-01T00:00:00.000Z", firstSeen: "2099-01-01T00:00:00.000Z" } });
      expect(touched).not.toHaveProperty("accessKeyId");
      const stored = await store.get(key);
      expect(stored).toMatchObject({ firstEventId: "event-after-forgery", firstSeen: T0, lastSeen: T0 });
      expect(stored?.digestScheduled).toBeUndefined(); // the forged claim is gone: the next action can claim a digest
      expect(stored?.networks).toBeUndefined(); // nothing of the forged record is kept, nor the opener's place
      // The opener's retry still sees what was found; the next action continues the fresh session.
      expect(await store.touch(forged, "event-after-forgery", at(T0 + 1_000), QUIET_MS)).toMatchObject({ firstEventId: "event-after-forgery", tampered: { lastSeen: "2099-01-01T00:00:00.000Z" } });
      expect(await store.claimDigest(key, T0 + 1_000, "fresh")).toBe(true);
    });

    it("continues a session whose times are ahead of the clock by no more than 5 minutes of skew", async () => {
      const key = "skew";
      await forge(key, { key, label: "x", accountId: "111122223333", firstEventId: "x", firstSeen: T0 + 300_000, lastSeen: T0 + 300_000 });
      expect(await store.touch({ ...SESSION, key }, "e1", at(T0), QUIET_MS)).toMatchObject({ firstEventId: "x", lastSeen: T0 });
      await forge(key, { key, label: "x", accountId: "111122223333", firstEventId: "x", firstSeen: T0 + 300_001, lastSeen: T0 });
      expect(await store.touch({ ...SESSION, key }, "e2", at(T0), QUIET_MS)).toMatchObject({ firstEventId: "e2", tampered: { firstSeen: "2026-11-20T07:45:00.001Z" } });
    });
  });

  describe("pending actions", () => {
    it("keeps a pending action once, however often it is added, and never again once a digest covered it", async () => {
      expect(await store.addPending("pending", pendingAction("e1"), T0)).toBe(true);
      expect(await store.addPending("pending", pendingAction("e1"), T0)).toBe(false);
      expect(await store.addPending("pending", pendingAction("e2"), T0)).toBe(true);
      const pending = await store.pending("pending");
      expect(pending.map((action) => action.eventId)).toEqual(["e1", "e2"]);
      await store.markSent("pending", pending, "digest-message-1", T0);
      expect(await store.pending("pending")).toEqual([]);
      expect(await store.addPending("pending", pendingAction("e1"), T0)).toBe(false);
      expect(await store.pending("pending")).toEqual([]);
      expect(await store.pending("no-such-session")).toEqual([]);
    });

    it("answers pending actions by time, then by the bytes of their ids, with their own fields and sort key only", async () => {
      await store.addPending("order", pendingAction("b-later", "2026-11-20T07:42:00Z"), T0);
      await store.addPending("order", { ...pendingAction("a-lower"), errorCode: "AccessDenied", extra: "not an action field" } as PendingAction, T0);
      await store.addPending("order", pendingAction("Z-upper"), T0);
      expect(await store.pending("order")).toEqual([
        { ...pendingAction("Z-upper"), sortKey: "2026-11-20T07:41:00Z#Z-upper" },
        { ...pendingAction("a-lower"), errorCode: "AccessDenied", sortKey: "2026-11-20T07:41:00Z#a-lower" },
        { ...pendingAction("b-later", "2026-11-20T07:42:00Z"), sortKey: "2026-11-20T07:42:00Z#b-later" },
      ]);
    });

    it("knows an action kept before, pending or told, and one told without being kept", async () => {
      expect(await store.isKept("kept", pendingAction("e1"))).toBe(false);
      await store.addPending("kept", pendingAction("e1"), T0);
      expect(await store.isKept("kept", pendingAction("e1"))).toBe(true);
      expect(await store.isKept("kept", pendingAction("e1", "2026-11-20T07:49:00Z"))).toBe(false);
      // An alert marks its own action as told (the handler's keepAsTold): a repeat is not kept for a digest.
      await store.markSent("kept", [{ ...pendingAction("alerted"), sortKey: "2026-11-20T07:41:00Z#alerted" }], "alert-message", T0);
      expect(await store.isKept("kept", pendingAction("alerted"))).toBe(true);
      expect(await store.addPending("kept", pendingAction("alerted"), T0)).toBe(false);
      expect((await store.pending("kept")).map((action) => action.eventId)).toEqual(["e1"]);
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
      // A claimed action stays pending until a message tells it.
      expect((await store.pending(key)).map((action) => action.eventId)).toEqual(["h1", "h2"]);
      await store.markSent(key, waiting, "at-once-message", T0);
      expect(await store.claimPending(key, waiting, "h1")).toEqual([]);
      expect(await store.claimPending(key, [{ sortKey: "2026-11-20T07:41:00Z#never-kept" }], "h1")).toEqual([]);
    });
  });

  describe("the places of a live session (issue 20, item 4)", () => {
    it("tells a new place to exactly one of many simultaneous actions from it, and answers a repeat of that one its own claim", async () => {
      const session = { ...SESSION, key: "places-simultaneous" };
      await store.touch(session, "e0", at(T0), QUIET_MS, OWNER);
      const touched = await Promise.all(Array.from({ length: 8 }, (_, i) => store.touch(session, `e${i + 1}`, at(T0 + 1_000), QUIET_MS, THIEF)));
      const claims = await Promise.all(touched.map((record, i) => store.claimPlace(session.key, record, `e${i + 1}`, THIEF)));
      const tellers = claims.flatMap((claim, i) => (claim ? [`e${i + 1}`] : []));
      expect(tellers).toHaveLength(1);
      expect(claims.find(Boolean)).toEqual({ network: "198.51.100.0/24", agent: "python-requests", knownNetworks: ["203.0.113.0/24"], knownAgents: ["aws-cli"] });
      const record = await store.get(session.key);
      expect(record?.networks).toEqual(new Set(["203.0.113.0/24", "198.51.100.0/24"]));
      // The teller's message is retried: it tells the same place again (under the same idempotency key); the others never do.
      const again = await store.touch(session, tellers[0], at(T0 + 2_000), QUIET_MS, THIEF);
      expect(await store.claimPlace(session.key, again, tellers[0], THIEF)).toEqual({ network: "198.51.100.0/24", agent: "python-requests", knownNetworks: ["203.0.113.0/24"], knownAgents: ["aws-cli"] });
      expect(await store.claimPlace(session.key, again, "e-later", THIEF)).toBeUndefined();
    });

    it("tells nothing for the session's own place, and begins an empty set silently", async () => {
      const session = { ...SESSION, key: "places-own" };
      const opened = await store.touch(session, "e0", at(T0), QUIET_MS, placeOf("AWS Internal", "aws-cli/2.22.4"));
      expect(opened.networks).toBeUndefined();
      const later = await store.touch(session, "e1", at(T0 + 1_000), QUIET_MS, OWNER);
      expect(await store.claimPlace(session.key, later, "e1", OWNER)).toBeUndefined();
      expect((await store.get(session.key))?.networks).toEqual(new Set(["203.0.113.0/24"]));
    });

    it("judges a place again on the session as it now stands when another action opened it meanwhile", async () => {
      const session = { ...SESSION, key: "places-reopened" };
      await store.touch(session, "e0", at(T0), QUIET_MS, OWNER);
      const stale = await store.touch(session, "e1", at(T0 + 1_000), QUIET_MS, THIEF);
      // The session goes quiet and e2 opens the next one, from the owner's place, before e1's place is claimed.
      expect(await store.touch(session, "e2", at(T0 + QUIET_MS + 2_000), QUIET_MS, OWNER)).toMatchObject({ firstEventId: "e2" });
      expect(await store.claimPlace(session.key, stale, "e1", THIEF)).toEqual({ network: "198.51.100.0/24", agent: "python-requests", knownNetworks: ["203.0.113.0/24"], knownAgents: ["aws-cli"] });
      expect(await store.get(session.key)).toMatchObject({ firstEventId: "e2", placeClaims: new Set(["e1#network", "e1#agent"]) });
      expect(await store.claimPlace("no-such-session", stale, "e1", THIEF)).toBeUndefined();
    });
  });
}
