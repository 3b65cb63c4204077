/**
 * The pending actions of the session rules (session-rules.ts) in the delivery's DynamoDB table: one
 * item per action, keyed by its session and pendingSortKey, so that keeping one is safe to repeat. A
 * told action's item stays, marked `sentIn`, until it expires: a repeat of it is never kept again.
 */
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { conditionalWrite } from "./conditional-write";
import { pendingActionFields } from "./pending-action-fields";
import { pendingSortKey, type KeptAction, type PendingAction } from "./session-record";
import type { SessionRules } from "./session-rules";
import { EXPIRES_AT, PK, SK, expiry, pendingItemKey, pendingPartition } from "./session-table-items";

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;

/** BatchWriteItem calls for one batch before its unprocessed items are an error. */
const BATCH_ATTEMPTS = 5;

export class PendingActionTable implements Pick<SessionRules, "addPending" | "isKept" | "pending" | "markSent" | "claimPending"> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addPending(key: string, action: PendingAction, nowMs: number): Promise<boolean> {
    const added = await conditionalWrite(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...pendingItemKey(key, pendingSortKey(action)), ...action, [EXPIRES_AT]: expiry(nowMs) },
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": PK },
        }),
      ),
    );
    return added !== undefined;
  }

  async isKept(key: string, action: Pick<PendingAction, "eventTime" | "eventId">): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: pendingItemKey(key, pendingSortKey(action)), ConsistentRead: true }));
    return Item !== undefined;
  }

  async pending(key: string): Promise<KeptAction[]> {
    const found: KeptAction[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "#pk = :pk",
          FilterExpression: "attribute_not_exists(sentIn)",
          ExpressionAttributeNames: { "#pk": PK },
          ExpressionAttributeValues: { ":pk": pendingPartition(key) },
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

  async markSent(key: string, actions: readonly KeptAction[], messageId: string, nowMs: number): Promise<void> {
    for (let start = 0; start < actions.length; start += BATCH_SIZE) {
      let requests: Record<string, unknown[]> | undefined = {
        [this.tableName]: actions.slice(start, start + BATCH_SIZE).map(({ sortKey, ...action }) => ({
          PutRequest: { Item: { ...pendingItemKey(key, sortKey), ...action, sentIn: messageId, [EXPIRES_AT]: expiry(nowMs) } },
        })),
      };
      for (let attempt = 0; requests && Object.keys(requests).length > 0 && attempt < BATCH_ATTEMPTS; attempt += 1) {
        const result = await this.client.send(new BatchWriteCommand({ RequestItems: requests as never }));
        requests = result.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
      if (requests && Object.keys(requests).length > 0) throw new Error(`session ${key}: could not mark ${Object.values(requests).flat().length} covered action(s)`);
    }
  }

  /** A claimed action stays pending until `markSent`, so that a digest still tells it if its claimer never does (at-once.ts). */
  async claimPending<A extends { readonly sortKey: string }>(key: string, actions: readonly A[], claimer: string): Promise<A[]> {
    const claimed = await Promise.all(
      actions.map((action) =>
        conditionalWrite(() =>
          this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: pendingItemKey(key, action.sortKey),
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
}
