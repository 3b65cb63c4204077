/**
 * Tells a change to the monitor's own resources at once, as a critical message of its own, whoever
 * made it: never held for a digest, never grouped into a session. Root's own change also reaches
 * the function through the root rule and keeps its place in root's session; this message is extra,
 * told once per event (`tamper#<eventId>`) across every delivery of it.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import type { AccountNameLookup } from "../messages/account-name";
import { UNKNOWN } from "../messages/display-text";
import type { Logger } from "../logger";
import { readTamperEvent } from "../events/tamper-event";
import { buildTamperNotification } from "../messages/tamper-notification";

interface TamperAlertDeps {
  readonly topicArn: string;
  readonly lookupAccountName: AccountNameLookup;
  readonly organizationId?: string;
  readonly logger: Logger;
  readonly once: <R extends Record<string, unknown>>(key: string, work: () => Promise<R>) => Promise<R>;
  /** Publishes in a second of its own (publish-slots.ts), answering the message id. */
  readonly publish: (request: PublishCommandInput, deadlineMs: number) => Promise<string>;
}

export function createTamperAlert(deps: TamperAlertDeps) {
  return async (event: unknown, sqsMessageId: string, deadlineMs: number) => {
    const tamper = readTamperEvent(event);
    // Without an event id, the buffer message stands in: a redelivery of it is still told once.
    const key = tamper.eventId === UNKNOWN ? `tamper#message#${sqsMessageId}` : `tamper#${tamper.eventId}`;
    return deps.once(key, async () => {
      const accountAlias = await deps.lookupAccountName(tamper.accountId);
      const messageId = await deps.publish(buildTamperNotification({ topicArn: deps.topicArn, tamper, accountAlias, organizationId: deps.organizationId, event }), deadlineMs);
      deps.logger.warn("tampering told", { eventId: tamper.eventId, eventName: tamper.eventName, resource: tamper.resource, principal: tamper.principalArn, messageId });
      return { status: "tamper told", eventId: tamper.eventId, severity: "critical", messageId };
    });
  };
}
