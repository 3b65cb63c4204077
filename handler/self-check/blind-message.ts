/**
 * What the self-check sends when the monitor cannot see or tell root activity in a Region: one
 * critical message per such Region, `[CRITICAL] root activity monitor is blind in <Region>: <why>`,
 * listing every problem found there and what to do. Pure.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { displayText } from "../messages/display-text";
import { accountDisplay } from "../messages/email-body";
import { envelope, stringAttribute } from "../messages/envelope";
import { MACHINE_MESSAGE_SCHEMA } from "../messages/notification";
import { CRITICAL_SUBJECT_PREFIX, MAX_SUBJECT_LENGTH, toSubjectText } from "../messages/subject";
import type { Finding } from "./finding";

interface BlindMessageInput {
  readonly topicArn: string;
  /** The Region that is blind. */
  readonly region: string;
  /** Its problems: the failed findings, in the order they were checked (at least one). */
  readonly problems: readonly Finding[];
  readonly accountId: string;
  /** Display-safe, when there is one. */
  readonly accountAlias?: string;
  /** When the check ran, epoch milliseconds. */
  readonly checkedAt: number;
  /** The Region of the delivery that checked. */
  readonly checkedFrom: string;
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;

/** `[CRITICAL] root activity monitor is blind in <Region>: <why>`, the first problem's few words shortened until SNS takes it. */
export function blindSubject(region: string, problems: readonly Finding[]): string {
  const head = `${CRITICAL_SUBJECT_PREFIX}root activity monitor is blind in ${toSubjectText(region)}: `;
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : "";
  const why = toSubjectText(problems[0]?.summary ?? problems[0]?.check ?? "unknown") || "unknown";
  const room = MAX_SUBJECT_LENGTH - head.length - more.length;
  return `${head}${why.length <= room ? why : `${why.slice(0, Math.max(0, room - 3))}...`}${more}`;
}

export function buildBlindMessage(input: BlindMessageInput): PublishCommandInput {
  const subject = blindSubject(input.region, input.problems);
  const account = displayText(accountDisplay(input.accountId, input.accountAlias), 300);
  const text = [
    `The root activity monitor's daily self-check found that it cannot see or tell root activity in ${input.region} (account ${account}).`,
    "Until this is fixed, root activity there may go unreported.",
    "",
    "WHAT IS WRONG",
    ...input.problems.map((problem) => `- ${problem.check}: ${displayText(problem.message, 2_000)}`),
    "",
    "WHAT TO DO",
    "Fix each problem above (each says how), or apply the monitor again (npm run deploy). Then run npm run doctor, which checks the same and more.",
    "",
    `Checked at ${utc(input.checkedAt)} by the delivery in ${input.checkedFrom}.`,
  ].join("\n");
  const json = {
    schema: MACHINE_MESSAGE_SCHEMA,
    kind: "self-check",
    severity: "critical",
    blind: true,
    region: input.region,
    account: { id: input.accountId, alias: input.accountAlias ?? null, display: accountDisplay(input.accountId, input.accountAlias) },
    problems: input.problems.map((problem) => ({ check: problem.check, summary: problem.summary ?? null, message: problem.message })),
    checkedAt: new Date(input.checkedAt).toISOString(),
    checkedFrom: input.checkedFrom,
  };
  const attributes = {
    messageKind: stringAttribute("self-check"),
    severity: stringAttribute("critical"),
    accountId: stringAttribute(input.accountId),
    region: stringAttribute(input.region),
  };
  return envelope({ topicArn: input.topicArn, subject, attributes, email: text, machineCopy: json });
}
