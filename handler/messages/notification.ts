/**
 * Builds the SNS Publish request for one root activity: the subject, the email text, one JSON copy
 * for machine subscribers and filterable message attributes, within SNS's size limit (envelope.ts),
 * showing as much of the event as fits. Pure.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { visibleJson } from "./clean-text";
import { cloudTrailEventHistoryLink } from "./console-link";
import { UNKNOWN, displayText, truncate } from "./display-text";
import { accountDisplay, formatEmailBody } from "./email-body";
import { fittedEnvelope, stringAttribute, utf8Bytes, type MessageAttributes } from "./envelope";
import { storyOf, type Story } from "./event-story";
import type { RootActivity } from "../events/root-activity";
import { firstSeenField, type ShownSession } from "../events/root-session";
import { assessSeverity, type SeverityAssessment } from "../events/severity";
import { postureFields } from "../posture/posture-words";
import { NOT_READ, type RootPosture } from "../posture/root-posture";
import { raiseSeverity, type RaisedSeverity } from "../posture/severity-raise";
import { MAX_JSON_DEPTH, shrinkJson, type Shrunk } from "./shrink-json";
import { formatSubject } from "./subject";

/** Identifies the shape of the JSON copy so that consumers can evolve with it. */
export const MACHINE_MESSAGE_SCHEMA = "root-activity-monitor/notification/v2";

/** Ever shorter limits on strings inside the event, tried in turn until the message fits. */
const STRING_LIMITS = [Number.POSITIVE_INFINITY, 16_384, 2_048, 256, 64];

interface NotificationInput {
  readonly topicArn: string;
  readonly activity: RootActivity;
  readonly accountAlias?: string;
  /** With scope = organization: the organization the account belongs to, for the JSON copy. */
  readonly organizationId?: string;
  /** The event as received, shown in full when it fits. */
  readonly event: unknown;
  /** The root session the event opens or belongs to, when the delivery groups events into sessions. */
  readonly session?: ShownSession;
  /** The root posture of the account (posture/): shown, and a finding raises the severity one step. @default not read */
  readonly posture?: RootPosture;
}

/** One way to show the event: as it came, shortened, or left out. */
export interface EventView {
  /** The event as pretty JSON with hidden characters escaped, for the email; undefined when left out. */
  readonly text?: string;
  /** The event as a value, for the JSON copy; undefined when left out. */
  readonly value?: unknown;
  /** What the reader is told above the JSON when it is not the whole event. */
  readonly note?: string;
  readonly shortened: boolean;
}

/**
 * The ways to show an event, largest first: whole (bounded in depth, which no CloudTrail record
 * reaches), then with ever shorter strings, and last left out. Iterative all the way: no input,
 * however deep, makes this throw. A batch of events can try them the same way.
 */
export function* eventViews(event: unknown): Generator<EventView> {
  const whole = shrinkJson(event, { maxStringLength: Number.POSITIVE_INFINITY, maxDepth: MAX_JSON_DEPTH });
  const compact = safeStringify(whole.value);
  const size = compact === undefined ? "" : ` (${utf8Bytes(compact)} bytes)`;
  if (compact === undefined) {
    // Not JSON at all (undefined, a BigInt): nothing to show, but the summary still goes out.
    yield { note: "The event is not JSON that can be shown here. The full record is in CloudTrail (link above).", shortened: true };
    return;
  }
  for (const limit of STRING_LIMITS) {
    const view = limit === Number.POSITIVE_INFINITY ? whole : shrinkJson(event, { maxStringLength: limit, maxDepth: MAX_JSON_DEPTH });
    const pretty = JSON.stringify(view.value, null, 2);
    const note = shortenedNote(view, limit, size);
    yield { text: visibleJson(pretty), value: view.value, note, shortened: note !== undefined };
  }
  // Even with every string shortened the event is too large (a huge array, thousands of keys): the
  // summary is bounded, so send it and say where the rest is.
  yield { note: `The event${size} is too large for one SNS message and was left out. The full record is in CloudTrail (link above).`, shortened: true };
}

function shortenedNote(view: Shrunk, limit: number, size: string): string | undefined {
  const notes = [];
  if (view.stringsCut > 0) {
    notes.push(`The event${size} is larger than one SNS message allows: strings longer than ${limit} characters were shortened below.`);
  }
  if (view.partsLeftOut > 0) notes.push(`Parts of the event nested deeper than ${MAX_JSON_DEPTH} levels were left out below.`);
  return notes.length === 0 ? undefined : `${notes.join(" ")} The full record is in CloudTrail (link above).`;
}

/** Everything a notification about one activity says, before it is fitted into a message. */
interface Alert {
  readonly activity: RootActivity;
  readonly story: Story;
  /** The message's severity: the event's, raised one step by a posture that is a finding (severity-raise.ts); the reason is the event's. */
  readonly severity: SeverityAssessment;
  /** When the posture raised the severity: from what, and why. */
  readonly raised?: RaisedSeverity["raised"];
  readonly posture: RootPosture;
  /** Display-safe, or undefined without one. */
  readonly accountAlias?: string;
  readonly subject: string;
  readonly session?: ShownSession;
  readonly organizationId?: string;
}

export function alertFor(activity: RootActivity, accountAlias?: string, session?: ShownSession, posture: RootPosture = NOT_READ): Alert {
  const alias = accountAlias === undefined || accountAlias.trim() === "" ? undefined : displayText(accountAlias, 256);
  const story = storyOf(activity);
  const assessed = assessSeverity(activity);
  const { severity: raisedTo, raised } = raiseSeverity(assessed.severity, posture);
  const severity = { ...assessed, severity: raisedTo };
  const subject = formatSubject({ label: story.subjectLabel, eventName: activity.eventName, severity: severity.severity }, alias ?? activity.accountId);
  return { activity, story, severity, ...(raised ? { raised } : {}), posture, accountAlias: alias, subject, ...(session ? { session } : {}) };
}

export function buildNotification(input: NotificationInput): PublishCommandInput {
  const alert = { ...alertFor(input.activity, input.accountAlias, input.session, input.posture), organizationId: input.organizationId };
  return fittedEnvelope({ topicArn: input.topicArn, subject: alert.subject, attributes: messageAttributes(alert) }, eventViews(input.event), (view) => ({
    email: formatEmailBody({ ...alert, eventJson: view.text, eventJsonNote: view.note }),
    machineCopy: machineCopy(alert, view),
  }));
}

/** The JSON copy: the same facts as fields, and the event. */
export function machineCopy(alert: Alert, view: EventView) {
  const { activity, accountAlias, severity, story } = alert;
  return {
    schema: MACHINE_MESSAGE_SCHEMA,
    kind: "alert",
    severity: severity.severity,
    severityReason: severity.reason,
    severityRaised: alert.raised ?? null,
    rootPosture: postureFields(alert.posture),
    eventIds: activity.eventId === UNKNOWN ? [] : [activity.eventId],
    session: alert.session ? { key: alert.session.key, label: displayText(alert.session.label, 300), accessKeyId: alert.session.accessKeyId ?? null, ...firstSeenField(alert.session) } : null,
    story: story.name,
    eventKind: activity.kind,
    failed: activity.failed,
    account: {
      id: activity.accountId,
      alias: accountAlias ?? null,
      display: accountDisplay(activity.accountId, accountAlias),
      ...(alert.organizationId !== undefined ? { organizationId: alert.organizationId } : {}),
    },
    eventId: activity.eventId,
    eventName: activity.eventName,
    eventSource: activity.eventSource,
    eventTime: activity.eventTime,
    region: activity.region,
    sourceIp: activity.sourceIp,
    userAgent: activity.userAgent,
    readOnly: activity.readOnly,
    credentials: {
      kind: activity.credentials.kind,
      accessKeyId: activity.credentials.accessKeyId ?? null,
      sessionCreated: activity.credentials.sessionCreated ?? null,
      mfaAuthenticated: activity.credentials.mfaAuthenticated ?? null,
    },
    invokedBy: activity.invokedBy ?? null,
    newAccessKeyId: activity.newAccessKeyId ?? null,
    updatedAccessKey: activity.updatedAccessKey ?? null,
    /** The IAM user whose key was made or turned on; null when it was root's own. */
    accessKeyUser: activity.accessKeyUser ?? null,
    assumeRoot: activity.assumeRoot ?? null,
    error: activity.errorCode || activity.errorMessage ? { code: activity.errorCode ?? null, message: activity.errorMessage ?? null } : null,
    signIn: activity.signIn ?? null,
    outcome: activity.outcome ?? null,
    cloudTrailLink: cloudTrailEventHistoryLink(activity.region, activity.eventId),
    eventShortened: view.shortened,
    event: view.value ?? null,
  };
}

/** Attributes that subscription filter policies can match on. */
export function messageAttributes(alert: Alert): MessageAttributes {
  const { activity } = alert;
  const text = (value: string) => stringAttribute(truncate(value, 256));
  return {
    eventName: text(activity.eventName),
    accountId: text(activity.accountId),
    kind: text(activity.kind),
    signIn: text(String(activity.signIn !== undefined)),
    failed: text(String(activity.failed)),
    severity: text(alert.severity.severity),
    messageKind: text("alert"),
    ...(alert.session ? { session: text(alert.session.key) } : {}),
  };
}

/** JSON text of any value, or undefined for what JSON cannot hold (BigInt: not from a parsed event, but never a crash). */
function safeStringify(value: unknown, indent?: number): string | undefined {
  try {
    return JSON.stringify(value, null, indent);
  } catch {
    return undefined;
  }
}
