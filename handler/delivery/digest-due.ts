/**
 * A session's digest trigger, come due: the digest of what waits is sent (once per trigger, whatever
 * the retries), and the next trigger is scheduled while the session goes on; a quiet session with
 * nothing waiting is over, and its chain stops.
 */
import type { RecordOutcome } from "./delivery-deps";
import type { DeliveryTools } from "./delivery-tools";
import { buildDigest, selectForDigest } from "../messages/digest";

/** At most this many actions go into one digest; more wait for the next (SNS's 256 KiB). */
const DIGEST_MAX_ACTIONS = 2_000;

export async function onDigestDue(tools: DeliveryTools, sessionKey: string, chain: string | undefined, messageId: string, deadlineMs: number): Promise<RecordOutcome> {
  const { deps, now } = tools;
  return deps.once(`digest#${messageId}`, async () => {
    const session = await deps.sessions.get(sessionKey);
    // A trigger of a chain that is not the session's (two claims that both went through, on a store
    // whose conditional writes are not atomic) stops here: the session's own chain tells its actions.
    if (chain !== undefined && session !== undefined && session.digestChain !== chain) {
      deps.logger.warn("stale digest trigger", { session: sessionKey, chain, sessionChain: session.digestChain });
      return { status: "stale trigger", session: sessionKey };
    }
    // Read beside the pending actions (bounded, never rejects).
    const posture = session ? tools.postureFor(session.accountId) : undefined;
    const pending = selectForDigest(await deps.sessions.pending(sessionKey), DIGEST_MAX_ACTIONS);
    let digestMessageId: string | undefined;
    if (session && pending.length > 0) {
      const accountAlias = await deps.lookupAccountName(session.accountId);
      digestMessageId = await tools.publish(
        buildDigest({ topicArn: deps.topicArn, session, actions: pending, accountAlias, organizationId: deps.organizationId, firstSeen: session.firstSeen, lastSeen: session.lastSeen, posture: await posture }),
        deadlineMs,
      );
      await deps.sessions.markSent(sessionKey, pending, digestMessageId, now());
      deps.logger.info("digest sent", { session: sessionKey, actions: pending.length, eventIds: pending.map((action) => action.eventId), messageId: digestMessageId });
    }
    const quietSince = now() - deps.sessionQuietSeconds * 1000;
    const over = session === undefined || (session.lastSeen < quietSince && (await deps.sessions.pending(sessionKey)).length === 0 && (await deps.sessions.close(sessionKey, quietSince)));
    if (!over) await deps.scheduleDigest(sessionKey, deps.digestIntervalSeconds, chain);
    return { status: over ? "session over" : "digest scheduled", session: sessionKey, actions: pending.length, ...(digestMessageId ? { messageId: digestMessageId } : {}) };
  });
}
