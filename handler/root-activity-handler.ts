/**
 * The Lambda handler, given its collaborators: parse, decide, format, publish. A publish that fails
 * throws, so that Lambda retries and the failure path takes over: no human being told is never an
 * outcome that ends in a log line.
 */
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { AccountAliasLookup } from "./account-alias";
import { errorFields, type Logger } from "./logger";
import { buildNotification } from "./notification";
import type { RecentNotifications } from "./recent-notifications";
import { decide } from "./root-activity";
import { UNKNOWN } from "./display-text";

export interface RootActivityHandlerDeps {
  readonly sns: SNSClient;
  readonly topicArn: string;
  readonly lookupAccountAlias: AccountAliasLookup;
  readonly logger: Logger;
  /** Events already notified about in this execution environment; a repeat is not published again. */
  readonly recentNotifications?: RecentNotifications;
}

export type HandlerResult =
  | { readonly status: "ignored"; readonly eventId: string; readonly reason: string }
  | { readonly status: "notified"; readonly eventId: string; readonly messageId: string }
  | { readonly status: "duplicate"; readonly eventId: string; readonly messageId: string };

export function createRootActivityHandler(deps: RootActivityHandlerDeps): (event: unknown) => Promise<HandlerResult> {
  return async (event) => {
    const decision = decide(event);
    if (decision.action === "ignore") {
      deps.logger.info("ignored", { eventId: decision.eventId, reason: decision.reason });
      return { status: "ignored", eventId: decision.eventId, reason: decision.reason };
    }
    const { activity } = decision;
    const earlier = activity.eventId === UNKNOWN ? undefined : deps.recentNotifications?.messageIdFor(activity.eventId);
    if (earlier !== undefined) {
      deps.logger.info("duplicate", { eventId: activity.eventId, reason: "already notified in this execution environment", messageId: earlier });
      return { status: "duplicate", eventId: activity.eventId, messageId: earlier };
    }
    const accountAlias = await deps.lookupAccountAlias();
    const request = buildNotification({ topicArn: deps.topicArn, activity, accountAlias, event });
    try {
      const response = await deps.sns.send(new PublishCommand(request));
      const messageId = response.MessageId ?? UNKNOWN;
      if (activity.eventId !== UNKNOWN) deps.recentNotifications?.remember(activity.eventId, messageId);
      deps.logger.info("notified", {
        eventId: activity.eventId,
        eventName: activity.eventName,
        accountId: activity.accountId,
        kind: activity.kind,
        failed: activity.failed,
        severity: request.MessageAttributes?.severity?.StringValue,
        messageId,
      });
      return { status: "notified", eventId: activity.eventId, messageId };
    } catch (error) {
      deps.logger.error("publish failed; throwing so that Lambda retries", { eventId: activity.eventId, ...errorFields(error) });
      throw error;
    }
  };
}
