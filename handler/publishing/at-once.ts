/**
 * High actions told at once (severity.ts `Telling`), several of one session in one publish second
 * sharing one message.
 *
 * Design. An at-once action that does not open its session (that one has its session's alert, and a
 * critical one always has its own) is first kept like any action (`addPending`, marked `atOnce`), so
 * that it is durable, and its session's digest chain is claimed as for any kept action: the digest is
 * the safety net. Then, under the event's idempotency key, the function waits for a publish second
 * of its own and, only then, collects every at-once action of the session still waiting (its own and
 * those that came meanwhile, from this or any other invocation), claims them with one conditional
 * write each (`claimPending`: not sent, and not claimed by another message), and publishes one
 * message for what it claimed: the event's own alert when that is all, else a list of them. The
 * actions are then marked as told (`markSent`, the machinery digests and alerts use). An invocation
 * that finds its own action already claimed or told publishes nothing: another message carries it.
 *
 * Exactly once: two invocations never claim the same action (conditional writes on one item are
 * serialized), a retry of the same event claims its own claims again (the claimer is its event id),
 * and a repeat after success answers the first result (the idempotency key). If the claimer fails
 * for good (its message parked, which an alarm tells), the actions it claimed stay pending and the
 * session's next digest tells them: late, but never lost.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { actionLine } from "../messages/action-line";
import { sessionHistoryLink } from "../messages/digest";
import { displayText } from "../messages/display-text";
import { accountDisplay } from "../messages/email-body";
import { envelope, stringAttribute as attribute } from "../messages/envelope";
import { MACHINE_MESSAGE_SCHEMA } from "../messages/notification";
import { firstSeenField, type RootSession } from "../events/root-session";
import type { PendingAction } from "../sessions/session-record";
import { SEVERITIES } from "../events/severity";
import { formatSubject } from "../messages/subject";
import { postureFields, postureLine } from "../posture/posture-words";
import { NOT_READ, type RootPosture } from "../posture/root-posture";
import { raisedSentence, raiseSeverity } from "../posture/severity-raise";

/** At most this many actions in one at-once message; the rest wait for the next one, or the digest. */
const AT_ONCE_MAX_ACTIONS = 50;

type Kept = PendingAction & { readonly sortKey: string };

interface AtOnceStore {
  pending(key: string): Promise<Kept[]>;
  claimPending<A extends { readonly sortKey: string }>(key: string, actions: readonly A[], claimer: string): Promise<A[]>;
}

/**
 * The actions the at-once message of `eventId` carries, claimed for it; empty when another message
 * carries its action (or already did).
 */
export async function claimAtOnce(store: AtOnceStore, sessionKey: string, eventId: string): Promise<Kept[]> {
  const waiting = (await store.pending(sessionKey)).filter((action) => action.atOnce === true);
  const mine = waiting.find((action) => action.eventId === eventId);
  if (!mine) return [];
  const others = waiting.filter((action) => action !== mine).slice(0, AT_ONCE_MAX_ACTIONS - 1);
  const claimed = await store.claimPending(sessionKey, [mine, ...others], eventId);
  return claimed.some((action) => action.eventId === eventId) ? claimed : [];
}

interface AtOnceMessageInput {
  readonly topicArn: string;
  readonly session: Pick<RootSession, "key" | "label" | "accountId" | "accessKeyId"> & { readonly firstSeen?: number };
  readonly actions: readonly PendingAction[];
  readonly accountAlias?: string;
  readonly organizationId?: string;
  /** The root posture of the account (posture/); a finding raises the message one step. @default not read */
  readonly posture?: RootPosture;
}

/** The worst severity among `actions`. */
function worstSeverity(actions: ReadonlyArray<Pick<PendingAction, "severity">>): (typeof SEVERITIES)[number] {
  const rank = (severity: string) => {
    const index = SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);
    return index < 0 ? SEVERITIES.length : index;
  };
  return actions.reduce<(typeof SEVERITIES)[number]>((worst, action) => (rank(action.severity) < rank(worst) ? (action.severity as (typeof SEVERITIES)[number]) : worst), "low");
}

/** One message for several at-once actions of a session. Pure. */
export function buildAtOnceMessage(input: AtOnceMessageInput): PublishCommandInput {
  const actions = [...input.actions].sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  const posture = input.posture ?? NOT_READ;
  const { severity, raised } = raiseSeverity(worstSeverity(actions), posture);
  const alias = input.accountAlias?.trim() ? displayText(input.accountAlias, 256) : undefined;
  const names = [...new Set(actions.map((action) => action.eventName))].join(", ");
  const subject = formatSubject({ label: "Root session", eventName: `${actions.length} actions: ${names}`, severity }, alias ?? input.session.accountId);
  const text = [
    `Root user activity in AWS account ${accountDisplay(input.session.accountId, alias)}.`,
    postureLine(posture),
    ...(raised ? [`Severity: ${severity.toUpperCase()}, ${raisedSentence(raised)}.`] : []),
    `${actions.length} actions of one root session, each to be told at once, came together (${displayText(input.session.label, 300)}):`,
    "",
    "THE ACTIONS",
    ...actions.map((action) => `  ${actionLine(action, true)}`),
    "",
    "WHAT TO DO",
    "1. Confirm with whoever holds this root session that these changes were intended. If they were not, reset the root password (or deactivate the root access key) at once and undo them.",
    "2. See everything done in this session in CloudTrail:",
    `   ${sessionHistoryLink(actions[0]?.region ?? "us-east-1", input.session.accessKeyId)}`,
  ].join("\n");
  const json = {
    schema: MACHINE_MESSAGE_SCHEMA,
    kind: "at-once",
    severity,
    severityRaised: raised ?? null,
    rootPosture: postureFields(posture),
    account: { id: input.session.accountId, alias: alias ?? null, ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}) },
    session: { key: input.session.key, label: displayText(input.session.label, 300), accessKeyId: input.session.accessKeyId ?? null, ...firstSeenField(input.session) },
    eventIds: actions.map((action) => action.eventId),
    actions: actions.map(({ eventId, eventName, eventSource, eventTime, region, sourceIp, failed, errorCode, severity: actionSeverity, parameters }) => ({ eventId, eventName, eventSource, eventTime, region, sourceIp, failed, errorCode, severity: actionSeverity, parameters })),
  };
  const attributes = { messageKind: attribute("at-once"), severity: attribute(severity), accountId: attribute(input.session.accountId), session: attribute(input.session.key) };
  return envelope({ topicArn: input.topicArn, subject, attributes, email: text, machineCopy: json });
}
