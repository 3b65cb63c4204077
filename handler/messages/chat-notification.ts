/**
 * The chat copy of a message: the same message in Amazon Q Developer in chat applications'
 * custom-notification schema, the only SNS message that service posts to Slack or Microsoft Teams
 * (anything else it drops as unsupported). Pure.
 *
 * Made from the Publish request every message kind already builds (envelope.ts), once, for every
 * kind: so no kind can be forgotten, and the chat copy says what the email says.
 * - `id`: the SNS message id of the main publish, the id HTTPS, SQS and Lambda subscribers see in
 *   their SNS envelope, so that a chat post and its email and JSON copies can be matched.
 * - `content.title`: the subject, its severity in front when the subject does not start with it.
 * - `content.description`: the email text up to its full event (chat-sections.ts), fitted to
 *   CHAT_LIMITS with "… N more lines".
 * - `content.nextSteps`: the email's WHAT TO DO. `content.keywords`: severity, account, Region.
 * - `metadata.threadId`: a root session's key (the `session` attribute that its alert, new-place,
 *   at-once, digest and tampering messages carry), so that one session is one thread. A self-check's
 *   messages (blind Region, heartbeat) thread per Region and UTC day: `self-check:<Region>:<day>`.
 *   Anything else (a tamper alert, a forgery, a test) is a post of its own.
 * - `metadata.eventType`: the message kind (`alert`, `digest`, `heartbeat` ...).
 * - `metadata.relatedResources`: the CloudTrail console links the email gives.
 * Field names and types: docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html (Event
 * schema); `version` must be "1.0", `source` "custom", and "client-markdown" is the only textType.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { CHAT_LIMITS, fitItems, fitLines } from "./chat-limits";
import { chatSections, isConsoleLink } from "./chat-sections";
import { chatText } from "./chat-text";
import { truncate } from "./display-text";
import { MESSAGE_KEYS, utf8Bytes } from "./envelope";

export interface ChatNotification {
  readonly version: "1.0";
  readonly source: "custom";
  readonly id: string;
  readonly content: {
    readonly textType: "client-markdown";
    readonly title: string;
    readonly description: string;
    readonly nextSteps: readonly string[];
    readonly keywords: readonly string[];
  };
  readonly metadata: {
    readonly threadId?: string;
    readonly summary: string;
    readonly eventType: string;
    readonly relatedResources: readonly string[];
  };
}

/** What the chat copy is made of besides the request: the main publish's message id, and when. */
export interface ChatContext {
  readonly messageId: string;
  readonly nowMs: number;
}

/** The kinds of the self-check, threaded per Region and day. */
const SELF_CHECK_KINDS = new Set(["self-check", "heartbeat"]);

const SEVERITY_MARK: Readonly<Record<string, string>> = { critical: "\u{1F534}", high: "\u{1F7E0}", medium: "\u{1F7E1}", low: "\u{1F535}" };

const WHERE_THE_REST_IS = "the email and CloudTrail have them all";

/** The parts of a Publish request the chat copy reads. */
interface ReadRequest {
  readonly subject: string;
  readonly email: string;
  readonly machineCopy: Readonly<Record<string, unknown>>;
  readonly attribute: (name: string) => string | undefined;
  readonly topicRegion?: string;
  readonly topicAccount?: string;
}

function readRequest(request: PublishCommandInput): ReadRequest {
  let email = request.Message ?? "";
  let machineCopy: Record<string, unknown> = {};
  if (request.MessageStructure === "json") {
    const structured = JSON.parse(email) as Record<string, string>;
    email = structured[MESSAGE_KEYS.email] ?? "";
    machineCopy = JSON.parse(structured[MESSAGE_KEYS.json] ?? "{}") as Record<string, unknown>;
  }
  const [, , , topicRegion, topicAccount] = (request.TopicArn ?? "").split(":");
  return {
    subject: request.Subject ?? "",
    email,
    machineCopy: machineCopy && typeof machineCopy === "object" ? machineCopy : {},
    attribute: (name) => request.MessageAttributes?.[name]?.StringValue,
    topicRegion: topicRegion || undefined,
    topicAccount: topicAccount || undefined,
  };
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** An id as the chat service gets it: letters, digits and `.:_#/@+=-` only, bounded. */
const idText = (value: string) => value.replace(/[^A-Za-z0-9.:_#/@+=-]/g, "-").slice(0, CHAT_LIMITS.id);

/** The session's key and, when the JSON copy gives it, when the session began (`20261120T080000Z`). */
function startedThread(key: string, session: unknown): string {
  const firstSeen = session !== null && typeof session === "object" ? (session as { firstSeen?: unknown }).firstSeen : undefined;
  if (typeof firstSeen !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/.test(firstSeen)) return key;
  return `${key}:${firstSeen.replace(/[-:]|\.\d+/g, "")}`;
}

function threadIdOf(read: ReadRequest, kind: string, region: string | undefined, nowMs: number): string | undefined {
  const session = read.attribute("session");
  // One thread per session, not per key: a later session of the same credentials (a long-lived root
  // key used again days later) opens a post of its own instead of a reply buried in an old thread.
  if (session !== undefined) return idText(startedThread(session, read.machineCopy.session));
  if (SELF_CHECK_KINDS.has(kind)) return idText(`self-check:${region ?? "unknown"}:${new Date(nowMs).toISOString().slice(0, 10)}`);
  return undefined;
}

/** The subject with its severity in front, as `[HIGH] ...` subjects already have it. */
function titleOf(subject: string, severity: string): string {
  const marked = subject.startsWith("[") ? subject : `[${severity.toUpperCase()}] ${subject}`;
  const mark = SEVERITY_MARK[severity];
  return truncate(`${mark ? `${mark} ` : ""}${chatText(marked)}`, CHAT_LIMITS.title);
}

export function chatNotificationOf(request: PublishCommandInput, context: ChatContext): ChatNotification {
  const read = readRequest(request);
  const copy = read.machineCopy;
  const account = copy.account as Record<string, unknown> | undefined;
  const kind = read.attribute("messageKind") ?? text(copy.kind) ?? "message";
  const severity = (read.attribute("severity") ?? text(copy.severity) ?? "info").toLowerCase();
  const accountId = read.attribute("accountId") ?? text(account?.id) ?? read.topicAccount;
  const ownRegion = read.attribute("region") ?? text(copy.region);
  const region = ownRegion ?? read.topicRegion;
  // A digest names no one Region: the Regions its actions were in (its JSON copy's counts), else the delivery's.
  const byRegion = (copy.counts as { byRegion?: unknown } | undefined)?.byRegion;
  const regions = ownRegion === undefined && byRegion !== null && typeof byRegion === "object" ? Object.keys(byRegion) : region ? [region] : [];
  const sections = chatSections(read.email);
  const copyLink = text(copy.cloudTrailLink);
  const links = [...sections.links, ...(copyLink && isConsoleLink(copyLink) && !sections.links.includes(copyLink) ? [copyLink] : [])];
  const threadId = threadIdOf(read, kind, region, context.nowMs);
  const title = titleOf(read.subject || `root activity monitor: ${kind}`, severity);
  const assemble = (descriptionMax: number): ChatNotification => ({
    version: "1.0",
    source: "custom",
    id: idText(context.messageId),
    content: {
      textType: "client-markdown",
      title,
      // Never empty: a message without text still says what it is.
      description: fitLines(sections.description, descriptionMax, WHERE_THE_REST_IS) || title,
      nextSteps: fitItems(sections.steps, CHAT_LIMITS.steps, CHAT_LIMITS.step, "see the email"),
      keywords: fitItems([severity.toUpperCase(), ...(accountId ? [accountId] : []), ...regions].map(chatText), CHAT_LIMITS.keywords, CHAT_LIMITS.keyword, "more Regions"),
    },
    metadata: {
      ...(threadId !== undefined ? { threadId } : {}),
      summary: truncate(title, CHAT_LIMITS.summary),
      // The service's notification types are letters, digits and hyphens (API_CustomActionAttachment, NotificationType).
      eventType: kind.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 100),
      relatedResources: links.slice(0, CHAT_LIMITS.resources),
    },
  });
  // Characters are not bytes: a description of wide characters is halved until the whole message fits.
  let notification = assemble(CHAT_LIMITS.description);
  for (let max = CHAT_LIMITS.description / 2; utf8Bytes(JSON.stringify(notification)) > CHAT_LIMITS.messageBytes && max >= 200; max /= 2) {
    notification = assemble(Math.floor(max));
  }
  return notification;
}

/** The Publish request of a chat copy: the notification as the message's body, as the service reads it. */
export function chatPublishRequest(chatTopicArn: string, notification: ChatNotification): PublishCommandInput {
  return { TopicArn: chatTopicArn, Message: JSON.stringify(notification) };
}
