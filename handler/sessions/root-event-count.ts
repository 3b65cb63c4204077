/**
 * How many root events the delivery received, day by day, for the heartbeat's "M root events this
 * week": one counter item per UTC day in the delivery's table, added to once per new event (an
 * alert sent, or an action kept for its session's digest; never a duplicate), expiring after the
 * week it is counted in.
 */
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { SESSION_TABLE_KEYS } from "../../src/contract/names";

const { partitionKey: PK, sortKey: SK, expiresAt: EXPIRES_AT } = SESSION_TABLE_KEYS;

const COUNTER_KEY = "root-event-count";
const DAY_MS = 86_400_000;
/** A day's counter outlives the 7 days it is counted in. */
const KEEP_SECONDS = 9 * 86_400;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class RootEventCounts {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Counts one new root event, on the day of `nowMs`. */
  async add(nowMs: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [PK]: COUNTER_KEY, [SK]: dayOf(nowMs) },
        UpdateExpression: "ADD #count :one SET #exp = :exp",
        ExpressionAttributeNames: { "#count": "count", "#exp": EXPIRES_AT },
        ExpressionAttributeValues: { ":one": 1, ":exp": Math.floor(nowMs / 1000) + KEEP_SECONDS },
      }),
    );
  }

  /** The root events of the last 7 days, today included. */
  async lastWeek(nowMs: number): Promise<number> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "#pk = :pk AND #sk >= :from",
        ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
        ExpressionAttributeValues: { ":pk": COUNTER_KEY, ":from": dayOf(nowMs - 6 * DAY_MS) },
        ConsistentRead: true,
      }),
    );
    return Items.reduce((sum, item) => sum + Number(item.count ?? 0), 0);
  }
}
