/**
 * "What a thread looks like" (docs/chat-messages.md): one root session as the chat channel gets it,
 * played through the real delivery handler with a chat topic set (in-memory table, SNS recorded), so
 * that the sample is what the code sends: each chat copy's title, text, next steps and thread, and
 * the first one whole, as the chat topic's message body.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { digestTriggerBody } from "../../handler/delivery/buffered-message";
import { playedHandler } from "./played-handler";
import type { ChatNotification } from "../../handler/messages/chat-notification";
import { SETTING_DEFAULTS } from "../../src/settings/settings-schema";
import { PROJECT_ROOT } from "../../src/project-root";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const CHAT_TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor-chat";
const START = Date.parse("2026-11-20T08:00:00Z");

/** A call of one root CLI session `offsetSeconds` in, from the recorded CreateVolume call. */
function rootCall(offsetSeconds: number, eventName: string, eventSource: string, index: number) {
  const event = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-api-call-create-volume.json"), "utf8"));
  const time = new Date(START + offsetSeconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  Object.assign(event.detail, { eventTime: time, eventName, eventSource, readOnly: eventName.startsWith("Describe"), eventID: `5e6f7a8b-9c0d-4e1f-a2b3-${String(index).padStart(12, "0")}` });
  event.time = time;
  return event;
}

/** One chat post as a reader sees its parts. */
function post(chat: ChatNotification, number: number): string {
  return [
    `**${number}. ${chat.content.title}** (thread \`${chat.metadata.threadId ?? "none"}\`)`,
    "",
    "```text",
    chat.content.description,
    ...(chat.content.nextSteps.length > 0 ? ["", "Next steps:", ...chat.content.nextSteps.map((step) => `- ${step}`)] : []),
    "",
    `Keywords: ${chat.content.keywords.join(", ")}`,
    "```",
  ].join("\n");
}

/** The session played through the real handler: its root calls, and the chat copies it published. */
async function chatThreadPosts(): Promise<{ calls: number; chats: ChatNotification[] }> {
  const clock = { now: START };
  const digests: string[] = [];
  const { handle, sent } = playedHandler({
    topicArn: TOPIC,
    chatTopicArn: CHAT_TOPIC,
    clock,
    messageId: (count) => `3f1c6a52-0000-4000-8000-${String(count).padStart(12, "0")}`,
    scheduleDigest: async (sessionKey) => void digests.push(sessionKey),
  });
  const calls = [rootCall(0, "CreateVolume", "ec2.amazonaws.com", 0), rootCall(20, "DescribeInstances", "ec2.amazonaws.com", 1), rootCall(40, "DescribeVolumes", "ec2.amazonaws.com", 2), rootCall(70, "StopLogging", "cloudtrail.amazonaws.com", 3)];
  for (const [index, call] of calls.entries()) {
    clock.now = Date.parse(call.detail.eventTime);
    await handle({ messageId: `event-${index}`, body: JSON.stringify(call) }, 30_000);
  }
  clock.now = START + SETTING_DEFAULTS.digestIntervalSeconds * 1000;
  await handle({ messageId: "trigger-1", body: digestTriggerBody(digests[0]) }, 30_000);

  const chats = sent.filter((input) => input.TopicArn === CHAT_TOPIC).map((input) => JSON.parse(input.Message ?? "{}") as ChatNotification);
  return { calls: calls.length, chats };
}

export async function renderChatThread(): Promise<string> {
  const { calls, chats } = await chatThreadPosts();
  return [
    `${calls} root calls of one session: ${chats.length} chat posts, all in the thread of the session's key. The alert opens the thread; the critical call and the digest follow in it.`,
    "",
    ...chats.flatMap((chat, index) => [post(chat, index + 1), ""]),
    "The first post whole, as the chat topic's message body (what Amazon Q Developer in chat applications reads):",
    "",
    "```json",
    JSON.stringify(chats[0], null, 2),
    "```",
  ].join("\n");
}

/** The README's glimpse of the same thread: its id and each post's title. */
export async function renderChatThreadBrief(): Promise<string> {
  const { calls, chats } = await chatThreadPosts();
  return [
    `${calls} root calls of one session, as the channel shows them: one thread, \`${chats[0]?.metadata.threadId ?? "none"}\`.`,
    "```text",
    ...chats.map((chat, index) => `${index === 0 ? "┌" : index === chats.length - 1 ? "└" : "├"} ${chat.content.title}`),
    "```",
  ].join("\n");
}

if (require.main === module) renderChatThread().then((text) => process.stdout.write(`${text}\n`));
