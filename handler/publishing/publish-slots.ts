/**
 * Publish seconds: how many messages the topic gets in one second, and who goes first. SNS turns an
 * email subscription back to "pending confirmation" when it gets more than 10 messages in a second
 * (and deletes it two days later): a burst of root activity must never do that to the security team.
 * Nor may a burst of routine messages (digests, a spray's openers, the heartbeat) hold a critical
 * alert back.
 *
 * Each second has SLOTS_PER_SECOND slots, each claimed by one conditional write to the delivery's
 * table (item `publish-slot#<topic>` / `<second>`, or `<second>#<slot>` for slot 1 and up), whatever
 * number of invocations are running. Which slots a message may claim depends on its priority
 * (publish-priority.ts):
 *
 *   slot:      0   1   2   3
 *   routine    x                  digests, medium and low alerts, the heartbeat: one a second at most
 *   high       x   x   x
 *   critical   x   x   x   x      slot 3 is critical's alone
 *
 * So routine traffic takes at most one slot a second and can never stand in front of a critical or
 * high message: those try their own slots of the same second first (the highest first, leaving the
 * low ones to the others), and only wait behind other critical and high messages. High messages
 * leave slot 3 of every second to critical ones. No second holds more than 4 publishes; a publish
 * starts early in its second or not at all (a claim that comes back late is dropped for a later
 * second), so that it reaches SNS within that second; even if every publish of a second were slow
 * enough to land in the next, two seconds' worth is 8, under SNS's 10.
 *
 * A message claims no further ahead than its priority's horizon (CLAIM_AHEAD_SECONDS): one that
 * finds nothing free by then throws PublishSlotUnavailableError, and its record is put back on the
 * buffer with a delay (deferral.ts) rather than failed, so that waiting for a second never costs a
 * receive count, nor holds the invocation (and the critical messages behind it in the queue) for
 * long. Slot 0 keeps the key of the earlier one-a-second design, so that an older function running
 * beside this one during a deployment shares it rather than doubling it.
 *
 * Because no honest claim is more than the longest horizon (plus clock skew) ahead, a claim further
 * ahead was written by someone else: claimsBeyondHonestHorizon finds them, and slot-tampering.ts
 * tells them as critical. Such claims hold nothing back (nothing claims that far ahead); forged
 * claims within the horizon can take slots, but only until the table's resource policy lets no one
 * but the function write it.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { SESSION_TABLE_KEYS } from "../../src/contract/names";
import { conditionalWrite } from "../sessions/conditional-write";

const { partitionKey: PK, sortKey: SK, expiresAt: EXPIRES_AT } = SESSION_TABLE_KEYS;

const PUBLISH_PRIORITIES = ["critical", "high", "routine"] as const;
export type PublishPriority = (typeof PUBLISH_PRIORITIES)[number];

/**
 * The highest slot each priority may claim; it may claim every slot below it too. Slots 0 to 3: at
 * most 4 publishes in one second, well under the 10 at which SNS deactivates an email subscription.
 */
const TOP_SLOT: Readonly<Record<PublishPriority, number>> = { routine: 0, high: 2, critical: 3 };

/**
 * How far ahead of now each priority claims a second before giving up (and deferring). Short for
 * routine messages, so that they never hold an invocation long; within the 30 s a critical alert has.
 */
const CLAIM_AHEAD_SECONDS: Readonly<Record<PublishPriority, number>> = { routine: 5, high: 20, critical: 25 };

/** How far apart two execution environments' clocks may be (Lambda's are NTP-synchronised; generous). */
export const CLOCK_SKEW_SECONDS = 5;

/** No claim the function makes is further ahead of now than this. */
export const HONEST_HORIZON_SECONDS = Math.max(...Object.values(CLAIM_AHEAD_SECONDS)) + CLOCK_SKEW_SECONDS;

/**
 * How late into its second a publish may still start. The rest of the second is left for the
 * publish to reach SNS: one that started near the end of its second would land in the next, beside
 * that second's own.
 */
export const PUBLISH_START_WINDOW_MS = 250;

/** The first second whose start is no more than the window behind `nowMs`. */
const earliestSecond = (nowMs: number) => Math.ceil((nowMs - PUBLISH_START_WINDOW_MS) / 1000);

/** The sort key of a slot: slot 0 as the one-a-second design kept it; seconds have 10 digits until 2286, so keys sort as seconds do. */
const slotSortKey = (second: number, slot: number): string => (slot === 0 ? String(second) : `${second}#${slot}`);

export const slotPartitionKey = (topicArn: string): string => `publish-slot#${topicArn}`;

export class PublishSlotUnavailableError extends Error {
  constructor(
    topicArn: string,
    readonly priority: PublishPriority,
  ) {
    super(`no free ${priority} publish second for ${topicArn} within ${CLAIM_AHEAD_SECONDS[priority]} s or before the invocation's deadline; the message is deferred`);
    this.name = "PublishSlotUnavailableError";
  }
}

/** Whether the error is a publish second not found in time (by name too: it passes through the idempotency utility). */
export const isPublishSlotUnavailable = (error: unknown): error is PublishSlotUnavailableError =>
  error instanceof PublishSlotUnavailableError || (error as { name?: string } | undefined)?.name === "PublishSlotUnavailableError";

interface PublishSlotsOptions {
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
   * Waits until this invocation holds a slot of its own, open to `priority`, and returns the second
   * once it has begun. Throws PublishSlotUnavailableError when none is free within the priority's
   * horizon or before `deadlineMs`.
   */
  async acquire(deadlineMs: number, priority: PublishPriority): Promise<number> {
    const limitMs = Math.min(deadlineMs, this.now() + CLAIM_AHEAD_SECONDS[priority] * 1000);
    let second = earliestSecond(this.now());
    while (second * 1000 < limitMs) {
      for (let slot = TOP_SLOT[priority]; slot >= 0; slot -= 1) {
        if (!(await this.claim(second, slot, priority))) continue;
        const wait = second * 1000 - this.now();
        if (wait > 0) await this.sleep(wait);
        // The claim itself came back too late in its second: that slot stays unused, the publish takes a later second.
        if (this.now() - second * 1000 <= PUBLISH_START_WINDOW_MS) return second;
        break;
      }
      // Every open slot taken, or too late: try the next second, or the first still open if time moved on.
      second = Math.max(second + 1, earliestSecond(this.now()));
    }
    throw new PublishSlotUnavailableError(this.topicArn, priority);
  }

  /** How many claims (up to `limit`) are for seconds further ahead of `nowMs` than any claim this function makes. */
  async claimsBeyondHonestHorizon(nowMs: number, limit = 1_000): Promise<number> {
    const beyond = Math.floor(nowMs / 1000) + HONEST_HORIZON_SECONDS + 1;
    const { Count = 0 } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "#pk = :pk AND #sk >= :beyond",
        ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
        ExpressionAttributeValues: { ":pk": slotPartitionKey(this.topicArn), ":beyond": String(beyond) },
        Select: "COUNT",
        Limit: limit,
      }),
    );
    return Count;
  }

  private async claim(second: number, slot: number, priority: PublishPriority): Promise<boolean> {
    const claimed = await conditionalWrite(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { [PK]: slotPartitionKey(this.topicArn), [SK]: slotSortKey(second, slot), priority, [EXPIRES_AT]: second + 3_600 },
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": PK },
        }),
      ),
    );
    return claimed !== undefined;
  }
}
