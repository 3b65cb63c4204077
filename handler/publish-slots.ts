/**
 * One publish per second per topic, whatever number of invocations are running. SNS turns an email
 * subscription back to "pending confirmation" when it gets more than 10 messages in a second (and
 * deletes it two days later): a burst of root activity must never do that to the security team.
 * Each publish first claims a second of its own with a conditional write to the delivery's table;
 * a second already claimed by any invocation is taken, and the next one is tried. A publish starts
 * early in its second or not at all (a claim that comes back late is dropped for a later second),
 * so that it reaches SNS within that second rather than in the next one's. So no second holds more
 * than one publish, and a burst averages at most one a second.
 */
import { PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { SESSION_TABLE_KEYS } from "../src/names";
import { conditionalWrite } from "./conditional-write";

const { partitionKey: PK, sortKey: SK, expiresAt: EXPIRES_AT } = SESSION_TABLE_KEYS;

/** Publishes allowed in one second: well under SNS's 10, and at most one a second over a burst. */
export const PUBLISHES_PER_SECOND = 1;

/**
 * How late into its second a publish may still start. The rest of the second is left for the
 * publish to reach SNS: one that started near the end of its second would land in the next, beside
 * that second's own.
 */
export const PUBLISH_START_WINDOW_MS = 250;

/** The first second whose start is no more than the window behind `nowMs`. */
const earliestSecond = (nowMs: number) => Math.ceil((nowMs - PUBLISH_START_WINDOW_MS) / 1000);

export class PublishSlotUnavailableError extends Error {
  constructor(topicArn: string) {
    super(`no free publish second for ${topicArn} before the invocation's deadline; the message is retried`);
    this.name = "PublishSlotUnavailableError";
  }
}

export interface PublishSlotsOptions {
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class PublishSlots {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly topicArn: string,
    options: PublishSlotsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Waits until this invocation holds a second of its own to publish in, and returns when that
   * second has begun. Throws PublishSlotUnavailableError when none is free before `deadlineMs`.
   */
  async acquire(deadlineMs: number): Promise<number> {
    let second = earliestSecond(this.now());
    while (second * 1000 < deadlineMs) {
      const claimed = await conditionalWrite(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { [PK]: `publish-slot#${this.topicArn}`, [SK]: String(second), [EXPIRES_AT]: second + 3_600 },
            ConditionExpression: "attribute_not_exists(#pk)",
            ExpressionAttributeNames: { "#pk": PK },
          }),
        ),
      );
      if (claimed) {
        const wait = second * 1000 - this.now();
        if (wait > 0) await this.sleep(wait);
        // The claim itself came back too late in its second: that second stays unused, the publish takes a later one.
        if (this.now() - second * 1000 <= PUBLISH_START_WINDOW_MS) return second;
      }
      // Taken, or too late: try the next second, or the first still open if time moved on.
      second = Math.max(second + 1, earliestSecond(this.now()));
    }
    throw new PublishSlotUnavailableError(this.topicArn);
  }
}
