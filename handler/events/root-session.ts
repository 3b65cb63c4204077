/**
 * Which root session an action belongs to. Every console sign-in and every CLI or SDK session has
 * an access key id of its own (a temporary `ASIA…` key for a console session), so actions with the
 * same key in the same account are one session. Where the record names no key (a failed sign-in, a
 * password recovery), the same source IP and user agent in the same account stand in for it.
 *
 * Failed console sign-ins are the exception: they are one story per account, whatever the address
 * or client. A password spray from 100 addresses is one attack, told in one alert and digests that
 * count the attempts by address, not 100 sessions and 100 emails. A failed sign-in names no key
 * anyway (it opened nothing); a successful one opens a console session and is not part of it. Pure.
 */
import { createHash } from "node:crypto";
import { UNKNOWN } from "../messages/display-text";
import { CONSOLE_LOGIN } from "./root-activity";

export interface RootSession {
  /** Stable for the session; safe in a DynamoDB key and a message attribute. */
  readonly key: string;
  readonly accountId: string;
  /** The session's access key id, when the records name one. */
  readonly accessKeyId?: string;
  /** How a reader recognises the session: its key, or where it comes from. */
  readonly label: string;
}

/**
 * A session as a message shows it: `firstSeen` (epoch milliseconds, from the session's record) tells
 * one session of these credentials from a later one with the same key, once the first was quiet.
 */
export type ShownSession = Pick<RootSession, "key" | "label" | "accessKeyId"> & { readonly firstSeen?: number };

/** `firstSeen` for a message's JSON copy (ISO 8601, UTC), when the session's record gave it. */
export const firstSeenField = (session: { readonly firstSeen?: number }): { firstSeen?: string } =>
  session.firstSeen === undefined || !Number.isFinite(session.firstSeen) ? {} : { firstSeen: new Date(session.firstSeen).toISOString() };

const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

/** What a session is recognised by: the account, and the access key, else where the calls come from. */
interface SessionFacts {
  readonly accountId: string;
  readonly accessKeyId?: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** With `failed`: a console sign-in that failed belongs to the account's failed sign-ins. */
  readonly eventName?: string;
  readonly failed?: boolean;
}

/** Whether the action is a failed console sign-in: part of the account's one story of failed sign-ins. */
const isFailedSignIn = (facts: Pick<SessionFacts, "eventName" | "failed">): boolean => facts.eventName === CONSOLE_LOGIN && facts.failed === true;

export function sessionOf(activity: SessionFacts): RootSession {
  const { accountId, accessKeyId } = activity;
  if (isFailedSignIn(activity)) return { key: `${accountId}:failed-sign-ins`, accountId, label: `failed sign-ins to ${accountId}` };
  if (accessKeyId !== undefined && accessKeyId !== UNKNOWN && accessKeyId !== "") {
    return { key: `${accountId}:key:${shortHash(accessKeyId)}`, accountId, accessKeyId, label: `access key ${accessKeyId}` };
  }
  return {
    key: `${accountId}:client:${shortHash(`${activity.sourceIp}\n${activity.userAgent}`)}`,
    accountId,
    label: `${activity.sourceIp} (${activity.userAgent})`,
  };
}

/**
 * The session of a root action. An `sts:AssumeRoot` call (centralized root access, recorded in the
 * management account) belongs to the session it opens in the member account: that account, and the
 * access key the call handed out, which the member account's records of the session carry. So the
 * call and what was done with it are one story, whichever arrives first. Where the call names no
 * key or no account, it is a session of the caller's own, as any other action.
 */
export function sessionOfActivity(
  activity: SessionFacts & { readonly assumeRoot?: { readonly targetPrincipal: string; readonly sessionAccessKeyId?: string } },
): RootSession {
  const target = activity.assumeRoot && /^(?:\d{12}$|arn:[^:]+:iam::(\d{12}):root$)/.exec(activity.assumeRoot.targetPrincipal);
  const targetAccount = target ? (target[1] ?? activity.assumeRoot?.targetPrincipal) : undefined;
  if (targetAccount !== undefined && activity.assumeRoot?.sessionAccessKeyId) {
    return sessionOf({ ...activity, accountId: targetAccount, accessKeyId: activity.assumeRoot.sessionAccessKeyId });
  }
  return sessionOf(activity);
}
