/**
 * The Lambda handler, given its collaborators: parse, decide, format, publish. A publish that fails
 * throws, so that Lambda retries and the failure path takes over: no human being told is never an
 * outcome that ends in a log line.
 */
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { AccountAliasLookup } from "./account-alias";
import { errorFields, type Logger } from "./logger";
import { buildNotification } from "./notification";
import { decide } from "./root-activity";

export interface RootActivityHandlerDeps {
  readonly sns: SNSClient;
  readonly topicArn: string;
  readonly lookupAccountAlias: AccountAliasLookup;
  readonly logger: Logger;
}

export type HandlerResult =
  | { readonly status: "ignored"; readonly eventId: string; readonly reason: string }
  | { readonly status: "notified"; readonly eventId: string; readonly messageId: string };

export function createRootActivityHandler(deps: RootActivityHandlerDeps): (event: unknown) => Promise<HandlerResult> {
  return async (event) => {
    const decision = decide(event);
    if (decision.action === "ignore") {
      deps.logger.info("ignored", { eventId: decision.eventId, reason: decision.reason });
      return { status: "ignored", eventId: decision.eventId, reason: decision.reason };
    }
    const { activity } = decision;
    const accountAlias = await deps.lookupAccountAlias();
    const request = buildNotification({ topicArn: deps.topicArn, activity, accountAlias, event });
    try {
      const response = await deps.sns.send(new PublishCommand(request));
      const messageId = response.MessageId ?? "unknown";
      deps.logger.info("notified", {
        eventId: activity.eventId,
        eventName: activity.eventName,
        accountId: activity.accountId,
        kind: activity.kind,
        failed: activity.failed,
        messageId,
      });
      return { status: "notified", eventId: activity.eventId, messageId };
    } catch (error) {
      deps.logger.error("publish failed; throwing so that Lambda retries", { eventId: activity.eventId, ...errorFields(error) });
      throw error;
    }
  };
}
