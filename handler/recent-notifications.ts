/**
 * The CloudTrail event ids this execution environment has already notified about, with the SNS
 * message id of each. EventBridge delivers at least once and Lambda retries, so the same event can
 * arrive twice; a person should get one email for it, not two. Bounded, oldest forgotten first.
 */
export class RecentNotifications {
  private readonly messageIds = new Map<string, string>();

  constructor(private readonly capacity = 1_000) {}

  /** The message id of an earlier notification for `eventId`, if this environment sent one. */
  messageIdFor(eventId: string): string | undefined {
    return this.messageIds.get(eventId);
  }

  remember(eventId: string, messageId: string): void {
    this.messageIds.delete(eventId);
    this.messageIds.set(eventId, messageId);
    if (this.messageIds.size > this.capacity) {
      const oldest = this.messageIds.keys().next().value as string;
      this.messageIds.delete(oldest);
    }
  }
}
