/**
 * The heartbeat: when the self-check finds nothing wrong, it says so on the heartbeat's day, "all N
 * Regions watched, M root events this week", so that silence can be trusted: a week without it
 * means the check itself did not run. Pure.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import type { Heartbeat } from "../../src/contract/self-check-plan";
import { displayText } from "../messages/display-text";
import { accountDisplay } from "../messages/email-body";
import { envelope, stringAttribute } from "../messages/envelope";
import { MACHINE_MESSAGE_SCHEMA } from "../messages/notification";
import { toSubjectText } from "../messages/subject";
import type { Finding } from "./finding";

/** The day (UTC) of the weekly heartbeat: Monday, the start of a working week. */
const WEEKLY_DAY = 1;

/** Whether a check that finds nothing wrong at `nowMs` sends the heartbeat. */
export function heartbeatDue(heartbeat: Heartbeat, nowMs: number): boolean {
  if (heartbeat === "daily") return true;
  return heartbeat === "weekly" && new Date(nowMs).getUTCDay() === WEEKLY_DAY;
}

/** The heartbeat's day, `YYYY-MM-DD` (UTC): at most one heartbeat a day, however often the check runs. */
export const heartbeatDay = (nowMs: number): string => new Date(nowMs).toISOString().slice(0, 10);

interface HeartbeatInput {
  readonly topicArn: string;
  readonly heartbeat: Heartbeat;
  /** Every Region checked. */
  readonly regions: readonly string[];
  /** Root events the delivery received in the last 7 days. */
  readonly rootEvents: number;
  /** What is worth a look, though nothing is blind. */
  readonly warnings: readonly Finding[];
  readonly accountId: string;
  readonly accountAlias?: string;
  readonly checkedAt: number;
}

/** `all 17 Regions watched`, or with one Region `eu-west-1 watched`. */
const watchedText = (regions: readonly string[]) => (regions.length === 1 ? `${regions[0]} watched` : `all ${regions.length} Regions watched`);

export function buildHeartbeat(input: HeartbeatInput): PublishCommandInput {
  const events = `${input.rootEvents} root event${input.rootEvents === 1 ? "" : "s"} this week`;
  const subject = toSubjectText(`root activity monitor: ${watchedText(input.regions)}, ${events}`);
  const account = displayText(accountDisplay(input.accountId, input.accountAlias), 300);
  const text = [
    `The root activity monitor of account ${account} checked itself and found nothing wrong in ${input.regions.length === 1 ? input.regions[0] : `any of its ${input.regions.length} Regions (${input.regions.join(", ")})`}:`,
    "a trail logs management events, every rule is enabled and targets what it should, no dead-letter queue holds a root event, and the topic has confirmed subscriptions.",
    "",
    `Root events in the last 7 days: ${input.rootEvents} (each was told when it happened).`,
    ...(input.warnings.length > 0 ? ["", "WORTH A LOOK", ...input.warnings.map((warning) => `- ${warning.region} ${warning.check}: ${displayText(warning.message, 2_000)}`)] : []),
    "",
    `You receive this ${input.heartbeat === "daily" ? "every day" : "every Monday (UTC)"} (the heartbeat setting) so that silence can be trusted: if it does not come, run npm run doctor.`,
  ].join("\n");
  const json = {
    schema: MACHINE_MESSAGE_SCHEMA,
    kind: "heartbeat",
    severity: "low",
    regions: input.regions,
    rootEventsLast7Days: input.rootEvents,
    warnings: input.warnings.map((warning) => ({ region: warning.region, check: warning.check, message: warning.message })),
    account: { id: input.accountId, alias: input.accountAlias ?? null, display: accountDisplay(input.accountId, input.accountAlias) },
    checkedAt: new Date(input.checkedAt).toISOString(),
  };
  const attributes = { messageKind: stringAttribute("heartbeat"), severity: stringAttribute("low"), accountId: stringAttribute(input.accountId) };
  return envelope({ topicArn: input.topicArn, subject, attributes, email: text, machineCopy: json });
}
