/**
 * Which publish slots a message may claim (publish-slots.ts), read from the message itself so that
 * every publisher (alerts, digests, the self-check, the tampering report) is ranked by one rule:
 * critical and high messages go first; digests and the heartbeat are routine whatever their
 * severity attribute says (a digest is the "later" part of a story whose urgent part was told
 * already); everything else ranks by its severity attribute, medium and low being routine. Pure.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import type { PublishPriority } from "./publish-slots";

/** Message kinds that are routine whatever their severity. */
const ROUTINE_KINDS: ReadonlySet<string> = new Set(["digest", "heartbeat"]);

export function publishPriorityOf(request: Pick<PublishCommandInput, "MessageAttributes">): PublishPriority {
  const kind = request.MessageAttributes?.messageKind?.StringValue;
  if (kind !== undefined && ROUTINE_KINDS.has(kind)) return "routine";
  const severity = request.MessageAttributes?.severity?.StringValue;
  return severity === "critical" ? "critical" : severity === "high" ? "high" : "routine";
}
