/**
 * The session rules' contract, part two: the actions waiting for a digest, their claims by at-once
 * messages, and the places of a live session. Run by session-rules-contract.ts.
 */
import type { PendingAction } from "../../handler/sessions/session-record";
import { placeOf } from "../../handler/events/client-place";
import type { ContractStore } from "./session-contract-fixtures";
import { at, OWNER, QUIET_MS, SESSION, T0, THIEF, pendingAction } from "./session-contract-fixtures";

/** Pending actions: kept once, told once, claimed by one at-once message. */
export function pendingActionsContract(current: () => ContractStore): void {
  describe("pending actions", () => {
    it("keeps a pending action once, however often it is added, and never again once a digest covered it", async () => {
      expect(await current().store.addPending("pending", pendingAction("e1"), T0)).toBe(true);
      expect(await current().store.addPending("pending", pendingAction("e1"), T0)).toBe(false);
      expect(await current().store.addPending("pending", pendingAction("e2"), T0)).toBe(true);
      const pending = await current().store.pending("pending");
      expect(pending.map((action) => action.eventId)).toEqual(["e1", "e2"]);
      await current().store.markSent("pending", pending, "digest-message-1", T0);
      expect(await current().store.pending("pending")).toEqual([]);
      expect(await current().store.addPending("pending", pendingAction("e1"), T0)).toBe(false);
      expect(await current().store.pending("pending")).toEqual([]);
      expect(await current().store.pending("no-such-session")).toEqual([]);
    });

    it("answers pending actions by time, then by the bytes of their ids, with their own fields and sort key only", async () => {
      await current().store.addPending("order", pendingAction("b-later", "2026-11-20T07:42:00Z"), T0);
      await current().store.addPending("order", { ...pendingAction("a-lower"), errorCode: "AccessDenied", extra: "not an action field" } as PendingAction, T0);
      await current().store.addPending("order", pendingAction("Z-upper"), T0);
      expect(await current().store.pending("order")).toEqual([
        { ...pendingAction("Z-upper"), sortKey: "2026-11-20T07:41:00Z#Z-upper" },
        { ...pendingAction("a-lower"), errorCode: "AccessDenied", sortKey: "2026-11-20T07:41:00Z#a-lower" },
        { ...pendingAction("b-later", "2026-11-20T07:42:00Z"), sortKey: "2026-11-20T07:42:00Z#b-later" },
      ]);
    });

    it("knows an action kept before, pending or told, and one told without being kept", async () => {
      expect(await current().store.isKept("kept", pendingAction("e1"))).toBe(false);
      await current().store.addPending("kept", pendingAction("e1"), T0);
      expect(await current().store.isKept("kept", pendingAction("e1"))).toBe(true);
      expect(await current().store.isKept("kept", pendingAction("e1", "2026-11-20T07:49:00Z"))).toBe(false);
      // An alert marks its own action as told (the handler's keepAsTold): a repeat is not kept for a digest.
      await current().store.markSent("kept", [{ ...pendingAction("alerted"), sortKey: "2026-11-20T07:41:00Z#alerted" }], "alert-message", T0);
      expect(await current().store.isKept("kept", pendingAction("alerted"))).toBe(true);
      expect(await current().store.addPending("kept", pendingAction("alerted"), T0)).toBe(false);
      expect((await current().store.pending("kept")).map((action) => action.eventId)).toEqual(["e1"]);
    });

    it("claims a kept action for one at-once message only, and lets the same claimer claim it again", async () => {
      const key = "claims";
      for (const id of ["h1", "h2"]) await current().store.addPending(key, { ...pendingAction(id), severity: "high", atOnce: true }, T0);
      const waiting = await current().store.pending(key);
      const [first, second] = await Promise.all([current().store.claimPending(key, waiting, "h1"), current().store.claimPending(key, waiting, "h2")]);
      expect(first.length + second.length).toBe(2);
      expect(new Set([...first, ...second].map((action) => action.eventId))).toEqual(new Set(["h1", "h2"]));
      // A retry of a claimer claims what it claimed before, and nothing of the other's.
      expect((await current().store.claimPending(key, waiting, "h1")).map((action) => action.eventId)).toEqual(first.map((action) => action.eventId));
      // A claimed action stays pending until a message tells it.
      expect((await current().store.pending(key)).map((action) => action.eventId)).toEqual(["h1", "h2"]);
      await current().store.markSent(key, waiting, "at-once-message", T0);
      expect(await current().store.claimPending(key, waiting, "h1")).toEqual([]);
      expect(await current().store.claimPending(key, [{ sortKey: "2026-11-20T07:41:00Z#never-kept" }], "h1")).toEqual([]);
    });
  });
}

/** The places of a live session: a new one told once. */
export function placesContract(current: () => ContractStore): void {
  describe("the places of a live session (issue 20, item 4)", () => {
    it("tells a new place to exactly one of many simultaneous actions from it, and answers a repeat of that one its own claim", async () => {
      const session = { ...SESSION, key: "places-simultaneous" };
      await current().store.touch(session, "e0", at(T0), QUIET_MS, OWNER);
      const touched = await Promise.all(Array.from({ length: 8 }, (_, i) => current().store.touch(session, `e${i + 1}`, at(T0 + 1_000), QUIET_MS, THIEF)));
      const claims = await Promise.all(touched.map((record, i) => current().store.claimPlace(session.key, record, `e${i + 1}`, THIEF)));
      const tellers = claims.flatMap((claim, i) => (claim ? [`e${i + 1}`] : []));
      expect(tellers).toHaveLength(1);
      expect(claims.find(Boolean)).toEqual({ network: "198.51.100.0/24", agent: "python-requests", knownNetworks: ["203.0.113.0/24"], knownAgents: ["aws-cli"] });
      const record = await current().store.get(session.key);
      expect(record?.networks).toEqual(new Set(["203.0.113.0/24", "198.51.100.0/24"]));
      // The teller's message is retried: it tells the same place again (under the same idempotency key); the others never do.
      const again = await current().store.touch(session, tellers[0], at(T0 + 2_000), QUIET_MS, THIEF);
      expect(await current().store.claimPlace(session.key, again, tellers[0], THIEF)).toEqual({ network: "198.51.100.0/24", agent: "python-requests", knownNetworks: ["203.0.113.0/24"], knownAgents: ["aws-cli"] });
      expect(await current().store.claimPlace(session.key, again, "e-later", THIEF)).toBeUndefined();
    });

    it("tells nothing for the session's own place, and begins an empty set silently", async () => {
      const session = { ...SESSION, key: "places-own" };
      const opened = await current().store.touch(session, "e0", at(T0), QUIET_MS, placeOf("AWS Internal", "aws-cli/2.22.4"));
      expect(opened.networks).toBeUndefined();
      const later = await current().store.touch(session, "e1", at(T0 + 1_000), QUIET_MS, OWNER);
      expect(await current().store.claimPlace(session.key, later, "e1", OWNER)).toBeUndefined();
      expect((await current().store.get(session.key))?.networks).toEqual(new Set(["203.0.113.0/24"]));
    });

    it("judges a place again on the session as it now stands when another action opened it meanwhile", async () => {
      const session = { ...SESSION, key: "places-reopened" };
      await current().store.touch(session, "e0", at(T0), QUIET_MS, OWNER);
      const stale = await current().store.touch(session, "e1", at(T0 + 1_000), QUIET_MS, THIEF);
      // The session goes quiet and e2 opens the next one, from the owner's place, before e1's place is claimed.
      expect(await current().store.touch(session, "e2", at(T0 + QUIET_MS + 2_000), QUIET_MS, OWNER)).toMatchObject({ firstEventId: "e2" });
      expect(await current().store.claimPlace(session.key, stale, "e1", THIEF)).toEqual({ network: "198.51.100.0/24", agent: "python-requests", knownNetworks: ["203.0.113.0/24"], knownAgents: ["aws-cli"] });
      expect(await current().store.get(session.key)).toMatchObject({ firstEventId: "e2", placeClaims: new Set(["e1#network", "e1#agent"]) });
      expect(await current().store.claimPlace("no-such-session", stale, "e1", THIEF)).toBeUndefined();
    });
  });
}
