/**
 * The session rules' contract, part one: sessions opened, continued and ended, their digest
 * triggers, and records that contradict time. Run by session-rules-contract.ts.
 */
import type { ContractStore } from "./session-contract-fixtures";
import { at, FAR_FUTURE, OWNER, QUIET_MS, SESSION, T0 } from "./session-contract-fixtures";

/** Sessions: opened by one action, continued, quiet, reopened with their trigger. */
export function sessionsContract(current: () => ContractStore): void {
  describe("sessions", () => {
    it("opens a session with its first action, and keeps the later ones in it", async () => {
      const session = { ...SESSION, key: "first-and-later" };
      expect(await current().store.touch(session, "e1", at(T0), QUIET_MS)).toMatchObject({ firstEventId: "e1", firstSeen: T0, lastSeen: T0, openedNow: true });
      const later = await current().store.touch(session, "e2", at(T0 + 60_000), QUIET_MS);
      expect(later).toMatchObject({ key: "first-and-later", label: "access key ASIAEXAMPLE1", accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1", firstEventId: "e1", firstSeen: T0, lastSeen: T0 + 60_000 });
      expect(later).not.toHaveProperty("openedNow");
    });

    it("sets lastSeen to the handling time of the latest action, even one handled a little earlier than the last", async () => {
      // The table's update is `SET lastSeen = :now`, no max(): handling times come from one clock, in order.
      const session = { ...SESSION, key: "last-seen" };
      await current().store.touch(session, "e1", at(T0 + 60_000), QUIET_MS);
      expect(await current().store.touch(session, "e2", at(T0 + 30_000), QUIET_MS)).toMatchObject({ firstEventId: "e1", lastSeen: T0 + 30_000 });
    });

    it("opens a new session after the last one has been quiet", async () => {
      const session = { ...SESSION, key: "quiet" };
      await current().store.touch(session, "e1", at(T0), QUIET_MS);
      expect(await current().store.touch(session, "e2", at(T0 + QUIET_MS), QUIET_MS)).toMatchObject({ firstEventId: "e1" });
      expect(await current().store.touch(session, "e3", at(T0 + 2 * QUIET_MS + 1), QUIET_MS)).toMatchObject({ firstEventId: "e3", firstSeen: T0 + 2 * QUIET_MS + 1, openedNow: true });
    });

    it("keeps a session going when its function fell behind: quiet is judged by when an action reached the queue", async () => {
      const session = { ...SESSION, key: "backlog" };
      await current().store.touch(session, "e1", at(T0), QUIET_MS);
      const late = await current().store.touch(session, "e2", { arrivedMs: T0 + 1_000, handledMs: T0 + QUIET_MS + 60_000 }, QUIET_MS);
      expect(late).toMatchObject({ firstEventId: "e1", firstSeen: T0, lastSeen: T0 + QUIET_MS + 60_000 });
    });

    it("keeps the digest trigger on its way when a quiet session is opened again, so that no second trigger is claimed", async () => {
      const session = { ...SESSION, key: "reopen-with-trigger" };
      await current().store.touch(session, "e1", at(T0), QUIET_MS);
      expect(await current().store.claimDigest(session.key, T0, "chain-1")).toBe(true);
      const reopened = await current().store.touch({ ...session, accessKeyId: undefined }, "e2", at(T0 + QUIET_MS + 1), QUIET_MS);
      expect(reopened).toMatchObject({ firstEventId: "e2", firstSeen: T0 + QUIET_MS + 1, digestScheduled: T0, digestChain: "chain-1" });
      expect(reopened).not.toHaveProperty("accessKeyId");
      expect(await current().store.claimDigest(session.key, T0 + QUIET_MS + 1, "chain-2")).toBe(false);
    });

    it("lets exactly one of many simultaneous actions open the session", async () => {
      const session = { ...SESSION, key: "simultaneous" };
      const records = await Promise.all(Array.from({ length: 10 }, (_, i) => current().store.touch(session, `e${i}`, at(T0), QUIET_MS)));
      const openers = records.filter((record, i) => record.firstEventId === `e${i}`);
      expect(openers).toHaveLength(1);
      expect(new Set(records.map((record) => record.firstEventId)).size).toBe(1);
    });

    it("begins a session with its opener's place, and reads back what it holds", async () => {
      const session = { ...SESSION, key: "opened-from" };
      expect(await current().store.get(session.key)).toBeUndefined();
      await current().store.touch(session, "e1", at(T0), QUIET_MS, OWNER);
      expect(await current().store.get(session.key)).toMatchObject({ key: "opened-from", firstEventId: "e1", firstSeen: T0, lastSeen: T0, networks: new Set(["203.0.113.0/24"]), agents: new Set(["aws-cli"]) });
    });
  });
}

/** Digest triggers, and the end of a session. */
export function digestTriggersContract(current: () => ContractStore): void {
  describe("digest triggers and the end of a session", () => {
    it("gives a session one digest trigger at a time", async () => {
      const session = { ...SESSION, key: "digest-claim" };
      await current().store.touch(session, "e1", at(T0), QUIET_MS);
      expect(await current().store.claimDigest(session.key, T0, "chain-1")).toBe(true);
      expect(await current().store.claimDigest(session.key, T0, "chain-1")).toBe(false);
      await current().store.releaseDigest(session.key);
      expect(await current().store.claimDigest(session.key, T0, "chain-1")).toBe(true);
      expect(await current().store.claimDigest("no-such-session", T0, "chain-1")).toBe(false);
    });

    it("ends a session only when it has been quiet, and keeps it for an action that arrived while it was live", async () => {
      const session = { ...SESSION, key: "close" };
      await current().store.touch(session, "e1", at(T0), QUIET_MS);
      expect(await current().store.claimDigest(session.key, T0, "chain-1")).toBe(true);
      expect(await current().store.close(session.key, T0)).toBe(false);
      expect(await current().store.get(session.key)).toMatchObject({ digestScheduled: T0, digestChain: "chain-1" });
      expect(await current().store.close(session.key, T0 + 1)).toBe(true);
      const closed = await current().store.get(session.key);
      expect(closed).toMatchObject({ firstEventId: "e1", lastSeen: T0 });
      expect(closed?.digestScheduled).toBeUndefined();
      expect(closed?.digestChain).toBeUndefined();
      // Reached the queue a second after e1, handled only now: the same session, which may claim a new digest trigger.
      expect(await current().store.touch(session, "e2", { arrivedMs: T0 + 1_000, handledMs: T0 + QUIET_MS * 3 }, QUIET_MS)).toMatchObject({ firstEventId: "e1" });
      expect(await current().store.claimDigest(session.key, T0 + QUIET_MS * 3, "chain-2")).toBe(true);
      // Reached the queue after a quiet period: a new session.
      expect(await current().store.close(session.key, T0 + QUIET_MS * 3 + 1)).toBe(true);
      expect(await current().store.touch(session, "e3", at(T0 + QUIET_MS * 5), QUIET_MS)).toMatchObject({ firstEventId: "e3" });
      expect(await current().store.close("no-such-session", T0)).toBe(false);
    });

    it("undoes a session only as the repeat that opened it just now, keeping the digest trigger it carried", async () => {
      const session = { ...SESSION, key: "abandon" };
      const opened = await current().store.touch(session, "e1", at(T0), QUIET_MS);
      expect(opened).toMatchObject({ firstEventId: "e1", openedNow: true });
      expect(await current().store.touch(session, "e2", at(T0 + 1_000), QUIET_MS)).not.toHaveProperty("openedNow");
      expect(await current().store.claimDigest(session.key, T0, "chain-1")).toBe(true);
      // Opened at another time: a live session, left alone.
      await current().store.abandon(session.key, "e1", T0 + 1);
      expect(await current().store.get(session.key)).toMatchObject({ lastSeen: T0 + 1_000 });
      await current().store.abandon(session.key, "e1", T0);
      expect(await current().store.get(session.key)).toMatchObject({ lastSeen: 0, digestScheduled: T0, digestChain: "chain-1" });
      // The next new action opens a session of its own, with the trigger carried over.
      expect(await current().store.touch(session, "e3", at(T0 + 2_000), QUIET_MS)).toMatchObject({ firstEventId: "e3", openedNow: true, digestChain: "chain-1" });
      await current().store.abandon("no-such-session", "e1", T0);
      expect(await current().store.get("no-such-session")).toBeUndefined();
    });

    it("leaves a record without times when a digest is released on a session that is not there, which the next action tells as tampering", async () => {
      // The table's release is an unconditional update: it writes an item of keys only. Not reached by the
      // handler (it releases only a claim it just made), but the two stores answer alike.
      const session = { ...SESSION, key: "release-nothing" };
      await current().store.releaseDigest(session.key);
      expect(await current().store.touch(session, "e1", at(T0), QUIET_MS)).toMatchObject({ firstEventId: "e1", openedNow: true, tampered: { lastSeen: "missing", firstSeen: "missing" } });
    });
  });
}

/** Records that contradict time are not trusted. */
export function tamperingContract(current: () => ContractStore): void {
  describe("records that contradict time", () => {
    it("does not trust a session record forged far into the future: the action opens the session afresh and says what it found", async () => {
      // The red team's attack: one PutItem of a live-looking session, with a digest claim that never goes out.
      const key = "111122223333:key:forged0000000001";
      await current().forge(key, { key, label: "x", accountId: "111122223333", firstEventId: "x", firstSeen: FAR_FUTURE, lastSeen: FAR_FUTURE, digestScheduled: FAR_FUTURE, digestChain: "forged", networks: new Set(["192.0.2.0/24"]) });
      const forged = { ...SESSION, key, accessKeyId: undefined };
      const touched = await current().store.touch(forged, "event-after-forgery", at(T0), QUIET_MS, OWNER);
      expect(touched).toMatchObject({ firstEventId: "event-after-forgery", openedNow: true, tampered: { lastSeen: "2099-01-01T00:00:00.000Z", firstSeen: "2099-01-01T00:00:00.000Z" } });
      expect(touched).not.toHaveProperty("accessKeyId");
      const stored = await current().store.get(key);
      expect(stored).toMatchObject({ firstEventId: "event-after-forgery", firstSeen: T0, lastSeen: T0 });
      expect(stored?.digestScheduled).toBeUndefined(); // the forged claim is gone: the next action can claim a digest
      expect(stored?.networks).toBeUndefined(); // nothing of the forged record is kept, nor the opener's place
      // The opener's retry still sees what was found; the next action continues the fresh session.
      expect(await current().store.touch(forged, "event-after-forgery", at(T0 + 1_000), QUIET_MS)).toMatchObject({ firstEventId: "event-after-forgery", tampered: { lastSeen: "2099-01-01T00:00:00.000Z" } });
      expect(await current().store.claimDigest(key, T0 + 1_000, "fresh")).toBe(true);
    });

    it("continues a session whose times are ahead of the clock by no more than 5 minutes of skew", async () => {
      const key = "skew";
      await current().forge(key, { key, label: "x", accountId: "111122223333", firstEventId: "x", firstSeen: T0 + 300_000, lastSeen: T0 + 300_000 });
      expect(await current().store.touch({ ...SESSION, key }, "e1", at(T0), QUIET_MS)).toMatchObject({ firstEventId: "x", lastSeen: T0 });
      await current().forge(key, { key, label: "x", accountId: "111122223333", firstEventId: "x", firstSeen: T0 + 300_001, lastSeen: T0 });
      expect(await current().store.touch({ ...SESSION, key }, "e2", at(T0), QUIET_MS)).toMatchObject({ firstEventId: "e2", tampered: { firstSeen: "2026-11-20T07:45:00.001Z" } });
    });
  });
}
