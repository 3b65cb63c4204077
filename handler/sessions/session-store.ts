/**
 * The session rules (session-rules.ts) in the delivery's DynamoDB table, as the deployed function
 * keeps them. Every write is safe to repeat and safe against a concurrent invocation: a session is
 * opened by exactly one action (a conditional write, session-touch.ts), a pending action is keyed by
 * its event id (pending-action-table.ts), and a session has at most one digest trigger on its way (a
 * conditional claim). Every item expires (session-table-items.ts).
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ClientPlace } from "../events/client-place";
import type { RootSession } from "../events/root-session";
import { conditionalWrite } from "./conditional-write";
import { PendingActionTable } from "./pending-action-table";
import { placeClaimUpdate } from "./place-claim-update";
import type { ActionTimes, KeptAction, PendingAction, SessionRecord, TouchedSession } from "./session-record";
import type { SessionRules } from "./session-rules";
import { claimPlaceWith, type NewPlace, type PlaceClaim } from "./session-places";
import { EXPIRES_AT, PK, expiry, sessionItemKey } from "./session-table-items";
import { touchSession, type SessionWrites } from "./session-touch";

export class SessionStore implements SessionRules {
  private readonly actions: PendingActionTable;

  /** The conditional writes `touch` is made of, as the table does them. */
  private readonly writes: SessionWrites = {
    extend: async (key, cutoffMs, latestMs, handledMs) => {
      const updated = await conditionalWrite(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: sessionItemKey(key),
            UpdateExpression: "SET lastSeen = :now, #exp = :exp",
            ConditionExpression: "attribute_exists(#pk) AND lastSeen >= :cutoff AND lastSeen <= :latest AND firstSeen <= :latest",
            ExpressionAttributeNames: { "#pk": PK, "#exp": EXPIRES_AT },
            ExpressionAttributeValues: { ":now": handledMs, ":cutoff": cutoffMs, ":latest": latestMs, ":exp": expiry(handledMs) },
            ReturnValues: "ALL_NEW",
          }),
        ),
      );
      return updated?.Attributes as SessionRecord | undefined;
    },
    read: (key) => this.get(key),
    open: async (record, over, handledMs) =>
      this.put(
        record,
        handledMs,
        over === undefined
          ? { ConditionExpression: "attribute_not_exists(#pk)", ExpressionAttributeNames: { "#pk": PK } }
          : over.digestScheduled === undefined
            ? { ConditionExpression: "lastSeen = :seen AND attribute_not_exists(digestScheduled)", ExpressionAttributeValues: { ":seen": over.lastSeen } }
            : { ConditionExpression: "lastSeen = :seen AND digestScheduled = :scheduled", ExpressionAttributeValues: { ":seen": over.lastSeen, ":scheduled": over.digestScheduled } },
      ),
    replace: async (record, readLastSeen, handledMs) =>
      this.put(record, handledMs, readLastSeen === undefined ? { ConditionExpression: "attribute_not_exists(lastSeen)" } : { ConditionExpression: "lastSeen = :seen", ExpressionAttributeValues: { ":seen": readLastSeen } }),
  };

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.actions = new PendingActionTable(client, tableName);
  }

  /**
   * Quiet is judged by when the action arrived, not when it is handled: a function that falls behind
   * a burst must not split one session in two. A reopened session keeps the digest trigger that is
   * on its way, so that a session key never has two trigger chains telling the same actions twice.
   */
  async touch(session: RootSession, eventId: string, at: ActionTimes, quietMs: number, place?: ClientPlace): Promise<TouchedSession> {
    return touchSession(this.writes, session, eventId, at, quietMs, place);
  }

  async claimPlace(key: string, record: SessionRecord, eventId: string, place: ClientPlace): Promise<NewPlace | undefined> {
    const write = async (claim: PlaceClaim) => (await conditionalWrite(() => this.client.send(new UpdateCommand(placeClaimUpdate(this.tableName, sessionItemKey(key), claim))))) !== undefined;
    return claimPlaceWith(record, eventId, place, write, () => this.get(key));
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: sessionItemKey(key), ConsistentRead: true }));
    return Item as SessionRecord | undefined;
  }

  /**
   * The repeated event's first delivery was told long ago, and the session it belonged to had ended:
   * the next new action must open a session of its own and be alerted on. The record is marked long
   * quiet rather than deleted, so that a digest trigger it carries over still finds it and tells what
   * is pending.
   */
  async abandon(key: string, eventId: string, openedAt: number): Promise<void> {
    // A failed condition: the session is no longer the one this event opened, and there is nothing to undo.
    await conditionalWrite(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sessionItemKey(key),
          UpdateExpression: "SET lastSeen = :long",
          ConditionExpression: "firstEventId = :id AND firstSeen = :opened",
          ExpressionAttributeValues: { ":id": eventId, ":opened": openedAt, ":long": 0 },
        }),
      ),
    );
  }

  addPending(key: string, action: PendingAction, nowMs: number): Promise<boolean> {
    return this.actions.addPending(key, action, nowMs);
  }

  isKept(key: string, action: Pick<PendingAction, "eventTime" | "eventId">): Promise<boolean> {
    return this.actions.isKept(key, action);
  }

  pending(key: string): Promise<KeptAction[]> {
    return this.actions.pending(key);
  }

  markSent(key: string, actions: readonly KeptAction[], messageId: string, nowMs: number): Promise<void> {
    return this.actions.markSent(key, actions, messageId, nowMs);
  }

  claimPending<A extends { readonly sortKey: string }>(key: string, actions: readonly A[], claimer: string): Promise<A[]> {
    return this.actions.claimPending(key, actions, claimer);
  }

  async claimDigest(key: string, nowMs: number, chain: string): Promise<boolean> {
    return this.update(key, {
      UpdateExpression: "SET digestScheduled = :now, digestChain = :chain",
      ConditionExpression: "attribute_exists(#pk) AND attribute_not_exists(digestScheduled)",
      ExpressionAttributeNames: { "#pk": PK },
      ExpressionAttributeValues: { ":now": nowMs, ":chain": chain },
    });
  }

  async releaseDigest(key: string): Promise<void> {
    await this.client.send(new UpdateCommand({ TableName: this.tableName, Key: sessionItemKey(key), UpdateExpression: "REMOVE digestScheduled, digestChain" }));
  }

  /**
   * The record stays (until it expires) so that an action that reached the queue while the session
   * was live, but is handled only now (the function fell behind), continues the session rather than
   * opening another with a second alert: `touch` judges by when it arrived.
   */
  async close(key: string, cutoffMs: number): Promise<boolean> {
    return this.update(key, {
      UpdateExpression: "REMOVE digestScheduled, digestChain",
      ConditionExpression: "attribute_exists(#pk) AND lastSeen < :cutoff",
      ExpressionAttributeNames: { "#pk": PK },
      ExpressionAttributeValues: { ":cutoff": cutoffMs },
    });
  }

  /** One conditional update of the session's record; false when its condition did not hold. */
  private async update(key: string, expression: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> }): Promise<boolean> {
    return (await conditionalWrite(() => this.client.send(new UpdateCommand({ TableName: this.tableName, Key: sessionItemKey(key), ...expression })))) !== undefined;
  }

  /** Puts a session's record under `condition`; false when the condition did not hold. */
  private async put(record: SessionRecord, handledMs: number, condition: { ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }): Promise<boolean> {
    const put = await conditionalWrite(() => this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...sessionItemKey(record.key), ...record, [EXPIRES_AT]: expiry(handledMs) }, ...condition })));
    return put !== undefined;
  }
}
