/**
 * The message for a change to the monitor's own resources: always critical, whoever made it. The
 * subject says what was done to which resource by whom; the text says from where, in what capacity
 * (a service such as CloudFormation acting for someone is named), and what to do; then the event.
 * Same envelope as an alert (envelope.ts): text for email, a JSON copy for every other
 * protocol, the subject for SMS, within SNS's size. Pure.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { cloudTrailEventHistoryLink } from "./console-link";
import { truncate } from "./display-text";
import { accountDisplay } from "./email-body";
import { fittedEnvelope, stringAttribute } from "./envelope";
import { formatEventTimeUtc } from "../events/event-time";
import { eventViews, type EventView } from "./notification";
import { CRITICAL_SUBJECT_PREFIX, MAX_SUBJECT_LENGTH, toSubjectText } from "./subject";
import { principalShortName, resourceShortName, type TamperEvent } from "../events/tamper-event";

const TAMPER_MESSAGE_SCHEMA = "root-activity-monitor/tamper/v1";

/** What the subject starts with: a mail filter on it finds every tampering. */
const TAMPER_SUBJECT_START = `${CRITICAL_SUBJECT_PREFIX}Root activity monitor tampered with: `;

const TAMPER_REASON = "a change to the root activity monitor's own resources: whoever makes it can blind or silence the monitor";

interface TamperNotificationInput {
  readonly topicArn: string;
  readonly tamper: TamperEvent;
  /** Display-safe, or undefined. */
  readonly accountAlias?: string;
  readonly organizationId?: string;
  /** The event as the tamper rule matched it. */
  readonly event: unknown;
}

/** What each part of the subject keeps at least before the next one yields. */
const MIN_PART = 12;

/**
 * `[CRITICAL] Root activity monitor tampered with: <eventName> on <resource> by <principal>`, within
 * SNS's limit: the resource yields first (the text names it in full), then the principal (keeping its
 * end, the session or user name), then the event name.
 */
function tamperSubject(tamper: TamperEvent): string {
  let [eventName, resource, principal] = [tamper.eventName, resourceShortName(tamper.resource), principalShortName(tamper)].map((part) => toSubjectText(part) || "unknown");
  const compose = () => `${TAMPER_SUBJECT_START}${eventName} on ${resource} by ${principal}`;
  const over = () => compose().length - MAX_SUBJECT_LENGTH;
  const keepStart = (text: string, cut: number) => (cut <= 0 || text.length <= MIN_PART ? text : `${text.slice(0, Math.max(MIN_PART, text.length - cut) - 3)}...`);
  const keepEnd = (text: string, cut: number) => (cut <= 0 || text.length <= MIN_PART ? text : `...${text.slice(text.length - Math.max(MIN_PART, text.length - cut) + 3)}`);
  resource = keepStart(resource, over());
  principal = keepEnd(principal, over());
  eventName = keepStart(eventName, over());
  // Parts that were already short and still too long together (never with real names): cut the end.
  return compose().slice(0, MAX_SUBJECT_LENGTH).trimEnd();
}

function rows(input: TamperNotificationInput): Array<[string, string]> {
  const { tamper } = input;
  const out: Array<[string, string]> = [
    ["Severity", `CRITICAL: ${TAMPER_REASON}`],
    ["Event", `${tamper.eventName} (${tamper.eventSource})`],
    ["Resource", tamper.resource],
    ["Changed by", `${tamper.principalArn} (${tamper.principalType}, account ${tamper.principalAccountId})`],
  ];
  if (tamper.sessionIssuer) out.push(["Session of", tamper.sessionIssuer]);
  if (tamper.invokedBy) out.push(["Invoked by", `${tamper.invokedBy} (an AWS service acting for that principal)`]);
  if (tamper.error) out.push(["Error", `${tamper.error} (the call failed: an attempt)`]);
  out.push(
    ["Account", accountDisplay(tamper.accountId, input.accountAlias)],
    ["Time (UTC)", formatEventTimeUtc(tamper.eventTime)],
    ["Region", tamper.region],
    ["Source IP", tamper.sourceIp],
    ["User agent", tamper.userAgent],
    ["Event ID", tamper.eventId],
  );
  return out;
}

function tamperEmailBody(input: TamperNotificationInput, view: EventView): string {
  const { tamper } = input;
  const table = rows(input);
  const width = Math.max(...table.map(([name]) => name.length)) + 2;
  const who = tamper.invokedBy ? `${tamper.principalArn}, through ${tamper.invokedBy}` : tamper.principalArn;
  return [
    `The root activity monitor's own resources were changed in AWS account ${accountDisplay(tamper.accountId, input.accountAlias)}.`,
    // Our words start every line: a value from the event never does.
    `The call ${tamper.eventName} changed ${tamper.resource}; ${who} made it, from ${tamper.sourceIp}. A change like this can stop the monitor from telling anyone, so it is told at once, whoever made it.`,
    "",
    "WHAT HAPPENED",
    ...table.map(([name, value]) => `${`${name}:`.padEnd(width)}${value}`),
    "",
    "SEE IT IN CLOUDTRAIL",
    cloudTrailEventHistoryLink(tamper.region, tamper.eventId),
    "",
    "WHAT TO DO",
    "1. Check the change: was it your team deploying the monitor (npm run deploy) or planned maintenance? If it was, nothing more is needed.",
    `2. If it was not: revert it at once (npm run deploy puts the monitor's resources back as configured), and take the rights that made it away from ${tamper.sessionIssuer ?? tamper.principalArn}.`,
    "3. Run npm run doctor to check that the monitor is whole again: its rules and targets, queues, topic and subscriptions, function and trail.",
    `4. Review CloudTrail in every region for everything else done by ${tamper.principalArn} or from ${tamper.sourceIp}: whoever blinds a monitor usually does so before something else.`,
    "",
    "FULL EVENT",
    ...(view.note ? [view.note] : []),
    ...(view.text !== undefined ? [view.text] : []),
    "",
  ].join("\n");
}

function machineCopy(input: TamperNotificationInput, view: EventView) {
  const { tamper } = input;
  return {
    schema: TAMPER_MESSAGE_SCHEMA,
    kind: "tamper",
    severity: "critical",
    severityReason: TAMPER_REASON,
    ...tamper,
    account: { id: tamper.accountId, alias: input.accountAlias ?? null, ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}) },
    cloudTrailLink: cloudTrailEventHistoryLink(tamper.region, tamper.eventId),
    eventShortened: view.shortened,
    event: view.value ?? null,
  };
}

/** What the tamper message has always reserved for its attributes when fitting the event in (more than they take). */
const TAMPER_ATTRIBUTE_ALLOWANCE = 1_024;

export function buildTamperNotification(input: TamperNotificationInput): PublishCommandInput {
  const text = (value: string) => stringAttribute(truncate(value, 256));
  const attributes = {
    messageKind: text("tamper"),
    severity: text("critical"),
    eventName: text(input.tamper.eventName),
    accountId: text(input.tamper.accountId),
  };
  const head = { topicArn: input.topicArn, subject: tamperSubject(input.tamper), attributes };
  return fittedEnvelope(head, eventViews(input.event), (view) => ({ email: tamperEmailBody(input, view), machineCopy: machineCopy(input, view) }), TAMPER_ATTRIBUTE_ALLOWANCE);
}
