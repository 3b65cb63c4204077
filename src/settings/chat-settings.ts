/**
 * The settings of chat delivery: the Slack channels and Microsoft Teams channels that Amazon Q
 * Developer in chat applications (formerly AWS Chatbot) posts every message to. Each id is checked
 * exactly as the service checks it (the Chatbot API model, chatbot 2017-10-11: SlackTeamId
 * `[0-9A-Z]{1,255}`, SlackChannelId `[A-Za-z0-9]+` of 1 to 255, Teams TeamId and TenantId UUIDs of
 * 36 characters, Teams ChannelId URL-encoded with `%3a` and `%40`, 1 to 255), so that a mistyped id
 * fails at synth with one line rather than at apply with a 400.
 */
import { z } from "zod";
import { commaList } from "./environment-text";
import { setting } from "./setting-spec";
import { listOf } from "./value-schemas";

/**
 * Where the chat service's API answers (API reference, Welcome), and so where CloudTrail logs a change
 * to a channel configuration: "in whatever Region you call from". The tamper rule tells such a change
 * only in a monitored Region, so with chat channels these must be monitored.
 */
export const CHAT_API_REGIONS = ["us-east-2", "us-west-2", "eu-west-1", "ap-southeast-1"] as const;

/** Whether any chat channel is set: then every delivery has a chat topic, and the chat API's Regions must be watched. */
export const hasChatChannels = (settings: { readonly slackChannels: readonly unknown[]; readonly teamsChannels: readonly unknown[] }): boolean =>
  settings.slackChannels.length + settings.teamsChannels.length > 0;

const SLACK_WORKSPACE_ID = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL_ID = /^[A-Za-z0-9]{1,255}$/;
const GUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
/** The service's TeamsChannelId pattern, its hyphen written as the literal it is there. */
const TEAMS_CHANNEL_ID = /^[a-zA-Z0-9\-_=+/.,]*%3[aA][a-zA-Z0-9\-_=+/.,]*%40[a-zA-Z0-9\-_=+/.,]*$/;
const MAX_TEAMS_CHANNEL_ID = 255;

const shown = (value: unknown) => JSON.stringify(value);
const text = (what: string, pattern: RegExp, example: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `the ${what} is missing` : `expected the ${what} as text`) }).regex(pattern, { error: (issue) => `${shown(issue.input)} is not a ${what} (such as ${example})` });

/** One Slack channel, as the service names it. */
const slackChannel = z.strictObject(
  { workspaceId: text("Slack workspace id", SLACK_WORKSPACE_ID, "T07ABCDEF12"), channelId: text("Slack channel id", SLACK_CHANNEL_ID, "C07ABCDEF34") },
  { error: (issue) => `${shown(issue.input)} is not WORKSPACE_ID/CHANNEL_ID or { workspaceId, channelId }` },
);

/** One Microsoft Teams channel, as the service names it. */
const teamsChannel = z.strictObject(
  {
    teamId: text("Microsoft Teams team id", GUID, "a GUID like 5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b"),
    channelId: text("Microsoft Teams channel id as the service takes it, URL-encoded", TEAMS_CHANNEL_ID, "19%3a0123abcd%40thread.tacv2").refine((id) => id.length <= MAX_TEAMS_CHANNEL_ID, {
      error: `longer than ${MAX_TEAMS_CHANNEL_ID} characters`,
    }),
    tenantId: text("Microsoft Entra tenant id", GUID, "a GUID like 0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"),
  },
  { error: (issue) => `${shown(issue.input)} is not TEAM_ID/CHANNEL_ID/TENANT_ID or { teamId, channelId, tenantId }` },
);

export type SlackChannel = z.output<typeof slackChannel>;
export type TeamsChannel = z.output<typeof teamsChannel>;

/** `T07ABCDEF12/C07ABCDEF34` as an object; anything else stays as written, for the schema to refuse. */
function slackFromText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const parts = value.split("/").map((part) => part.trim());
  return parts.length === 2 ? { workspaceId: parts[0], channelId: parts[1] } : value;
}

/**
 * `TEAM_ID/CHANNEL_ID/TENANT_ID` as an object. The service lets a channel id hold `/`, a team or
 * tenant id never: the team is what comes before the first `/`, the tenant what follows the last.
 */
function teamsFromText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const first = value.indexOf("/");
  const last = value.lastIndexOf("/");
  if (first < 0 || last === first) return value;
  return { teamId: value.slice(0, first).trim(), channelId: value.slice(first + 1, last).trim(), tenantId: value.slice(last + 1).trim() };
}

/** The first key listed twice, if any. */
function firstRepeated(keys: readonly string[]): string | undefined {
  return keys.find((key, index) => keys.indexOf(key) !== index);
}

export const CHAT_SETTINGS = {
  slackChannels: setting({
    env: "ROOT_MONITOR_SLACK_CHANNELS",
    type: "list of `WORKSPACE_ID/CHANNEL_ID`",
    defaultText: "none",
    description:
      "Slack channels that get every message, through Amazon Q Developer in chat applications (formerly AWS Chatbot); in cdktf.json also `{ workspaceId, channelId }`. Authorize the workspace once in its console first. See Chat.",
    allowed: "WORKSPACE_ID/CHANNEL_ID such as T07ABCDEF12/C07ABCDEF34 (workspace: capital letters and digits; channel: letters and digits), each channel once",
    fromEnv: commaList,
    schema: z.preprocess(
      (value) => value ?? [],
      listOf(z.preprocess(slackFromText, slackChannel)).superRefine((channels, context) => {
        const repeated = firstRepeated((channels as SlackChannel[]).map((c) => `${c.workspaceId}/${c.channelId}`));
        if (repeated !== undefined) context.addIssue({ code: "custom", message: `${shown(repeated)} is listed twice` });
      }),
    ),
  }),
  teamsChannels: setting({
    env: "ROOT_MONITOR_TEAMS_CHANNELS",
    type: "list of `TEAM_ID/CHANNEL_ID/TENANT_ID`",
    defaultText: "none",
    description:
      "Microsoft Teams channels that get every message, through Amazon Q Developer in chat applications; in cdktf.json also `{ teamId, channelId, tenantId }`. The channel id is URL-encoded, as in the channel's link (`19%3a…%40thread.tacv2`). Authorize the team once in its console first. See Chat.",
    allowed:
      "TEAM_ID/CHANNEL_ID/TENANT_ID such as 5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b/19%3a0123abcd%40thread.tacv2/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9 (team and tenant: GUIDs; channel: URL-encoded), one channel per team",
    fromEnv: commaList,
    schema: z.preprocess(
      (value) => value ?? [],
      listOf(z.preprocess(teamsFromText, teamsChannel)).superRefine((channels, context) => {
        // The AWS provider (5.100) finds a Teams channel configuration by its team id alone, so a
        // second channel of the same team breaks its reads: one channel per team.
        const repeated = firstRepeated((channels as TeamsChannel[]).map((c) => c.teamId.toLowerCase()));
        if (repeated !== undefined) context.addIssue({ code: "custom", message: `team ${shown(repeated)} is listed twice (the AWS provider supports one channel per team)` });
      }),
    ),
  }),
};
