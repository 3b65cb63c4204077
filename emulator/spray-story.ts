/**
 * How the messages of a password spray (sign-in-spray.ts) break its story, each said: the spray is
 * one story of the account (one alert, then digests that count the attempts by address, every
 * attempt told once); every critical move has its own [CRITICAL] alert, out within 30 s of reaching
 * the function; nothing else was sent. The end-to-end test expects none; the bench reports them.
 */
import { criticalDelays, criticalMovesTold, type BurstRun } from "./burst-run";

/** The longest a critical alert may take from reaching the function to its publish. */
export const CRITICAL_WITHIN_MS = 30_000;

interface SprayShape {
  readonly account: string;
  readonly attempts: number;
  readonly critical: number;
}

/** The session key of an account's failed sign-ins (handler/events/root-session.ts), as the messages carry it. */
const failedSignInsSession = (account: string) => `${account}:failed-sign-ins`;

export function sprayStoryProblems(run: BurstRun, shape: SprayShape): string[] {
  const problems: string[] = [];
  const spray = failedSignInsSession(shape.account);
  // Told at once: alerts of their own, and at-once messages carrying several of one session's second.
  const alerts = run.messages.filter((m) => m.message.kind === "alert" || m.message.kind === "at-once");
  const critical = criticalMovesTold(run.messages);
  const criticalMessages = new Set(critical.map(({ message }) => message));
  const sprayAlerts = alerts.filter((m) => m.message.session?.key === spray);
  const digests = run.messages.filter((m) => m.message.kind === "digest");
  if (sprayAlerts.length !== 1) problems.push(`${sprayAlerts.length} alerts for the spray, not 1`);
  const stray = alerts.filter((m) => m.message.session?.key !== spray && !criticalMessages.has(m));
  if (stray.length > 0) problems.push(`${stray.length} alerts that are neither the spray's nor a critical move's`);
  if (critical.length !== shape.critical || new Set(critical.map(({ eventId }) => eventId)).size !== shape.critical) problems.push(`${critical.length} critical moves told at once for ${shape.critical} critical moves`);
  if (!critical.every(({ message }) => message.subject.startsWith("[CRITICAL] "))) problems.push("a critical alert's subject does not start with [CRITICAL]");
  const foreign = digests.filter((m) => m.message.session?.key !== spray);
  if (foreign.length > 0) problems.push(`${foreign.length} digests of sessions other than the spray`);
  const told = [...sprayAlerts, ...digests].flatMap((m) => m.message.eventIds);
  if (told.length !== shape.attempts || new Set(told).size !== shape.attempts) problems.push(`the spray's messages tell ${told.length} attempts (${new Set(told).size} distinct), not each of the ${shape.attempts} once`);
  for (const digest of digests) {
    const byAddress = digest.message.counts?.bySourceAddress;
    const counted = Object.values(byAddress ?? {}).reduce((sum, count) => sum + count, 0);
    if (digest.message.eventIds.length > 1 && counted !== digest.message.eventIds.length) problems.push(`a digest of ${digest.message.eventIds.length} attempts counts ${counted} by source address`);
  }
  const late = criticalDelays(run).filter((ms) => !(ms < CRITICAL_WITHIN_MS));
  if (late.length > 0) problems.push(`${late.length} critical alerts took ${CRITICAL_WITHIN_MS / 1000} s or more from reaching the function: ${late.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ")}`);
  const other = run.messages.length - alerts.length - digests.length;
  if (other > 0) problems.push(`${other} messages that are neither alerts nor digests`);
  return problems;
}
