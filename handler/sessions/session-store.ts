/**
 * Open root sessions and the actions waiting for their next digest, in the delivery's DynamoDB
 * table. Every write is safe to repeat and safe against a concurrent invocation: a session is
 * opened by exactly one action (a conditional write), a pending action is keyed by its event id, and
 * a session has at most one digest trigger on its way (a conditional claim). Every item expires.
 */
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { SESSION_TABLE_KEYS } from "../../src/contract/names";
import type { ClientPlace } from "../events/client-place";
import { conditionalWrite } from "./conditional-write";
import { pendingActionFields } from "./pending-action-fields";
import { CLOCK_SKEW_MS, tamperingOf, type SessionTampering } from "./session-tampering";
import type { KeyParameters } from "../events/key-parameters";
import type { RootSession } from "../events/root-session";
import { claimPlace, initialPlaces, type NewPlace, type SessionPlaces } from "./session-places";

const { partitionKey: PK, sortKey: SK, expiresAt: EXPIRES_AT } = SESSION_TABLE_KEYS;

/** Reads and conditional writes before an action gives up (to be retried with its message): each lost race costs one. */
const TOUCH_ATTEMPTS = 5;

/** Items outlive any session and digest by a day, so that nothing is swept away while in use. */
const KEEP_SECONDS = 86_400;

/** One action waiting for its session's digest: what the digest says of it. */
export interface PendingAction {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTime: string;
  readonly region: string;
  readonly sourceIp: string;
  readonly failed: boolean;
  readonly errorCode?: string;
  readonly severity: string;
  /** Told in a message of its own (severity.ts `Telling`): a kept one waits for its session's next at-once message. */
  readonly atOnce?: boolean;
  /** The allow-listed request parameters (key-parameters.ts) a reader judges it by. */
  readonly parameters?: KeyParameters;
}

export interface SessionRecord extends Partial<Omit<SessionPlaces, "firstEventId">> {
  readonly key: string;
  readonly label: string;
  readonly accountId: string;
  readonly accessKeyId?: string;
  /** The event that opened the session: the one its alert covers. */
  readonly firstEventId: string;
  /** Epoch milliseconds. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Epoch milliseconds at which a digest trigger was put on its way, while one is. */
  readonly digestScheduled?: number;
  /** The id of the session's one trigger chain: a trigger of any other chain stops without telling anything. */
  readonly digestChain?: string;
  /** Set when the session was opened in place of a record that contradicted time (session-tampering.ts): what that record said. */
  readonly tampered?: SessionTampering;
}

/** Where an action is kept in its session's partition: by its time, then its id. */
export const pendingSortKey = (action: Pick<PendingAction, "eventTime" | "eventId">): string => `${action.eventTime}#${action.eventId}`;

/** A session as `touch` answers it: `openedNow` when that very call opened it. */
export type TouchedSession = SessionRecord & { readonly openedNow?: true };

/** When an action reached the buffer queue and when the function handles it (epoch milliseconds). */
export interface ActionTimes {
  readonly arrivedMs: number;
  readonly handledMs: number;
}

const sessionKeyOf = (key: string) => ({ [PK]: `session#${key}`, [SK]: "session" });
const expiry = (nowMs: number) => Math.floor(nowMs / 1000) + KEEP_SECONDS;

export class SessionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Records an action of the session and answers the session as it now stands (`openedNow` when this
   * action opened it). An action opens a new session when there is none, or when the last one had
   * been quiet for `quietMs` when the action reached the queue; the session then names it as its
   * first event.
   *
   * Quiet is judged by when the action arrived, not when it is handled: a function that falls behind
   * a burst must not split one session in two. A reopened session keeps the digest trigger that is
   * on its way, so that a session key never has two trigger chains telling the same actions twice.
   */
  async touch(session: RootSession, eventId: string, at: ActionTimes, quietMs: number, place?: ClientPlace): Promise<TouchedSession> {
    // handledMs only moves forward (one clock, later batches): lastSeen needs no max().
    const cutoff = at.arrivedMs - quietMs;
    for (let attempt = 0; attempt < TOUCH_ATTEMPTS; attempt += 1) {
      const updated = await conditionalWrite(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: sessionKeyOf(session.key),
            UpdateExpression: "SET lastSeen = :now, #exp = :exp",
            // A record whose times lie ahead of the clock is not continued: it is read and judged below.
            ConditionExpression: "attribute_exists(#pk) AND lastSeen >= :cutoff AND lastSeen <= :latest AND firstSeen <= :latest",
            ExpressionAttributeNames: { "#pk": PK, "#exp": EXPIRES_AT },
            ExpressionAttributeValues: { ":now": at.handledMs, ":cutoff": cutoff, ":latest": at.handledMs + CLOCK_SKEW_MS, ":exp": expiry(at.handledMs) },
            ReturnValues: "ALL_NEW",
          }),
        ),
      );
      if (updated) return updated.Attributes as SessionRecord;
      // No session, or a quiet one: this action opens a new one. A quiet session's record is replaced
      // only as it was read, so that the digest trigger on its way (digestScheduled) is carried over
      // and never lost nor doubled, even if the trigger's own run changes the record meanwhile.
      const current = await this.get(session.key);
      // A record that contradicts time is tampering: never trusted, and never a reason to stay quiet.
      // The session opens afresh in its place, without its digest claim, and says what was found.
      const tampered = current && tamperingOf(current, at.handledMs);
      if (current && tampered) {
        const put = await this.replaceTampered(session, eventId, at, current, tampered);
        if (put) return put;
        continue;
      }
      if (current && current.lastSeen >= cutoff) continue; // opened a moment ago by another invocation
      const opened: SessionRecord = {
        key: session.key,
        label: session.label,
        accountId: session.accountId,
        ...(session.accessKeyId ? { accessKeyId: session.accessKeyId } : {}),
        firstEventId: eventId,
        firstSeen: at.handledMs,
        lastSeen: at.handledMs,
        ...(current?.digestScheduled !== undefined ? { digestScheduled: current.digestScheduled } : {}),
        ...(current?.digestChain !== undefined ? { digestChain: current.digestChain } : {}),
        // A new session begins with its opening action's place (session-places.ts).
        ...initialPlaces(place),
      };
      // A failed condition means the record changed since it was read (another invocation opened the
      // session, or the trigger's run ended it): read it again.
      const put = await conditionalWrite(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...sessionKeyOf(session.key), ...opened, [EXPIRES_AT]: expiry(at.handledMs) },
            ...(current === undefined
              ? { ConditionExpression: "attribute_not_exists(#pk)", ExpressionAttributeNames: { "#pk": PK } }
              : current.digestScheduled === undefined
                ? { ConditionExpression: "lastSeen = :seen AND attribute_not_exists(digestScheduled)", ExpressionAttributeValues: { ":seen": current.lastSeen } }
                : { ConditionExpression: "lastSeen = :seen AND digestScheduled = :scheduled", ExpressionAttributeValues: { ":seen": current.lastSeen, ":scheduled": current.digestScheduled } }),
          }),
        ),
      );
      if (put) return { ...opened, openedNow: true };
    }
    throw new Error(`session ${session.key}: could not record the action after ${TOUCH_ATTEMPTS} attempts`);
  }

  /** Opens the session in place of a record that contradicts time, if that record is still as it was read; undefined when it changed meanwhile. */
  private async replaceTampered(session: RootSession, eventId: string, at: ActionTimes, current: SessionRecord, tampered: SessionTampering): Promise<TouchedSession | undefined> {
    const opened: SessionRecord = {
      key: session.key,
      label: session.label,
      accountId: session.accountId,
      ...(session.accessKeyId ? { accessKeyId: session.accessKeyId } : {}),
      firstEventId: eventId,
      firstSeen: at.handledMs,
      lastSeen: at.handledMs,
      tampered,
    };
    const seen = (current as { lastSeen?: unknown }).lastSeen;
    const put = await conditionalWrite(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...sessionKeyOf(session.key), ...opened, [EXPIRES_AT]: expiry(at.handledMs) },
          ...(seen === undefined ? { ConditionExpression: "attribute_not_exists(lastSeen)" } : { ConditionExpression: "lastSeen = :seen", ExpressionAttributeValues: { ":seen": seen } }),
        }),
      ),
    );
    return put ? { ...opened, openedNow: true } : undefined;
  }

  /** Records an action's place on its live session; answers the new place it is to tell, if any (session-places.ts). */
  async claimPlace(key: string, record: SessionRecord, eventId: string, place: ClientPlace): Promise<NewPlace | undefined> {
    return claimPlace(this.client, this.tableName, sessionKeyOf(key), record, eventId, place, () => this.get(key));
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: sessionKeyOf(key), ConsistentRead: true }));
    return Item as SessionRecord | undefined;
  }

  /**
   * Puts an action in the session's next digest, once: the same event delivered again, even after
   * its digest went out, is not put back (its item stays, marked as sent, until it expires).
   * Answers false for such a repeat.
   */
  async addPending(key: string, action: PendingAction, nowMs: number): Promise<boolean> {
    const added = await conditionalWrite(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { [PK]: `pending#${key}`, [SK]: pendingSortKey(action), ...action, [EXPIRES_AT]: expiry(nowMs) },
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": PK },
        }),
      ),
    );
    return added !== undefined;
  }

  /** Whether the action was kept for a digest before (and perhaps already sent in one). */
  async isKept(key: string, action: Pick<PendingAction, "eventTime" | "eventId">): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [PK]: `pending#${key}`, [SK]: pendingSortKey(action) }, ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  /**
   * Undoes a session that a repeated event opened just now (`openedAt`: its first delivery was told
   * long ago, and the session it belonged to had ended), so that the next new action opens a session
   * of its own and is alerted on. The record is marked long quiet rather than deleted: a digest
   * trigger it carries over still finds it and tells what is pending. A session the event opened at
   * another time (its first delivery, still live) is left alone.
   */
  async abandon(key: string, eventId: string, openedAt: number): Promise<void> {
    // A failed condition: the session is no longer the one this event opened, and there is nothing to undo.
    await conditionalWrite(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sessionKeyOf(key),
          UpdateExpression: "SET lastSeen = :long",
          ConditionExpression: "firstEventId = :id AND firstSeen = :opened",
          ExpressionAttributeValues: { ":id": eventId, ":opened": openedAt, ":long": 0 },
        }),
      ),
    );
  }

  /** Every action waiting for the session's digest, oldest first. */
  async pending(key: string): Promise<Array<PendingAction & { readonly sortKey: string }>> {
    const found: Array<PendingAction & { sortKey: string }> = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "#pk = :pk",
          FilterExpression: "attribute_not_exists(sentIn)",
          ExpressionAttributeNames: { "#pk": PK },
          ExpressionAttributeValues: { ":pk": `pending#${key}` },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      // Only the action's own fields: the table's keys and bookkeeping stay in the table.
      for (const item of page.Items ?? []) found.push({ ...pendingActionFields(item), sortKey: String(item[SK]) });
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return found;
  }

  /** Marks actions as covered by a digest (by its SNS message id): they are not sent again, nor put back by a repeat. */
  async markSent(key: string, actions: ReadonlyArray<PendingAction & { readonly sortKey: string }>, messageId: string, nowMs: number): Promise<void> {
    for (let start = 0; start < actions.length; start += 25) {
      let requests: Record<string, unknown[]> | undefined = {
        [this.tableName]: actions.slice(start, start + 25).map(({ sortKey, ...action }) => ({
          PutRequest: { Item: { [PK]: `pending#${key}`, [SK]: sortKey, ...action, sentIn: messageId, [EXPIRES_AT]: expiry(nowMs) } },
        })),
      };
      for (let attempt = 0; requests && Object.keys(requests).length > 0 && attempt < 5; attempt += 1) {
        const result = await this.client.send(new BatchWriteCommand({ RequestItems: requests as never }));
        requests = result.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
      if (requests && Object.keys(requests).length > 0) throw new Error(`session ${key}: could not mark ${Object.values(requests).flat().length} covered action(s)`);
    }
  }

  /**
   * Claims kept actions for the at-once message `claimer` (an event id) is about to publish: each is
   * claimed once, by one claimer, and not after a message covered it; the same claimer claims its own
   * again on a retry. Answers the actions claimed. A claimed action stays pending until `markSent`,
   * so that a digest still tells it if its claimer never does.
   */
  async claimPending<A extends { readonly sortKey: string }>(key: string, actions: readonly A[], claimer: string): Promise<A[]> {
    const claimed = await Promise.all(
      actions.map((action) =>
        conditionalWrite(() =>
          this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { [PK]: `pending#${key}`, [SK]: action.sortKey },
              UpdateExpression: "SET claimedBy = :claimer",
              ConditionExpression: "attribute_exists(#pk) AND attribute_not_exists(sentIn) AND (attribute_not_exists(claimedBy) OR claimedBy = :claimer)",
              ExpressionAttributeNames: { "#pk": PK },
              ExpressionAttributeValues: { ":claimer": claimer },
            }),
          ),
        ),
      ),
    );
    return actions.filter((_, index) => claimed[index] !== undefined);
  }

  /** Claims the session's one digest trigger chain, `chain`; false when one is already on its way. */
  async claimDigest(key: string, nowMs: number, chain: string): Promise<boolean> {
    const claimed = await conditionalWrite(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sessionKeyOf(key),
          UpdateExpression: "SET digestScheduled = :now, digestChain = :chain",
          ConditionExpression: "attribute_exists(#pk) AND attribute_not_exists(digestScheduled)",
          ExpressionAttributeNames: { "#pk": PK },
          ExpressionAttributeValues: { ":now": nowMs, ":chain": chain },
        }),
      ),
    );
    return claimed !== undefined;
  }

  /** Lets the next action claim a digest trigger again (the trigger failed to go out). */
  async releaseDigest(key: string): Promise<void> {
    await this.client.send(new UpdateCommand({ TableName: this.tableName, Key: sessionKeyOf(key), UpdateExpression: "REMOVE digestScheduled, digestChain" }));
  }

  /**
   * Ends a session that has been quiet since `cutoffMs`: its digest chain stops. False when an action
   * came in meanwhile. The record stays (until it expires) so that an action that reached the queue
   * while the session was live, but is handled only now (the function fell behind), continues the
   * session rather than opening another with a second alert: `touch` judges by when it arrived.
   */
  async close(key: string, cutoffMs: number): Promise<boolean> {
    const closed = await conditionalWrite(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sessionKeyOf(key),
          UpdateExpression: "REMOVE digestScheduled, digestChain",
          ConditionExpression: "attribute_exists(#pk) AND lastSeen < :cutoff",
          ExpressionAttributeNames: { "#pk": PK },
          ExpressionAttributeValues: { ":cutoff": cutoffMs },
        }),
      ),
    );
    return closed !== undefined;
  }
}
