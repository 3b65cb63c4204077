/**
 * The chat settings: what each accepts (text and objects, from cdktf.json and the environment), and
 * the one line each refusal prints. The id patterns are the Chatbot API's (chatbot 2017-10-11).
 */
import { loadSettings } from "../../src/settings/load-settings";

const BUCKET = { stateBucket: "test-state-bucket" };
const TEAM = "5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b";
const TENANT = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
const TEAMS_CHANNEL = "19%3a0123abcd%40thread.tacv2";

const SLACK_ALLOWED =
  "Allowed: WORKSPACE_ID/CHANNEL_ID such as T07ABCDEF12/C07ABCDEF34 (workspace: capital letters and digits; channel: letters and digits), each channel once.";
const TEAMS_ALLOWED =
  "Allowed: TEAM_ID/CHANNEL_ID/TENANT_ID such as 5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b/19%3a0123abcd%40thread.tacv2/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9 (team and tenant: GUIDs; channel: URL-encoded), one channel per team.";

const refusal = (context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string => {
  try {
    loadSettings({ ...BUCKET, ...context }, env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the settings were accepted");
};

describe("slackChannels", () => {
  it("is empty by default", () => {
    expect(loadSettings(BUCKET, {}).slackChannels).toEqual([]);
  });

  it("reads WORKSPACE_ID/CHANNEL_ID from the environment, trimmed", () => {
    expect(loadSettings(BUCKET, { ROOT_MONITOR_SLACK_CHANNELS: " T07ABCDEF12/C07ABCDEF34 , T0AAA/G0PRIVATE1" }).slackChannels).toEqual([
      { workspaceId: "T07ABCDEF12", channelId: "C07ABCDEF34" },
      { workspaceId: "T0AAA", channelId: "G0PRIVATE1" },
    ]);
  });

  it("reads strings and objects from cdktf.json", () => {
    expect(loadSettings({ ...BUCKET, slackChannels: ["T07ABCDEF12/C07ABCDEF34", { workspaceId: "T1", channelId: "c1" }] }, {}).slackChannels).toEqual([
      { workspaceId: "T07ABCDEF12", channelId: "C07ABCDEF34" },
      { workspaceId: "T1", channelId: "c1" },
    ]);
  });

  it.each([
    [
      "a workspace id in lower case (the service takes capital letters and digits only)",
      { ROOT_MONITOR_SLACK_CHANNELS: "t07abcdef12/C07ABCDEF34" },
      'has the value "t07abcdef12/C07ABCDEF34": "t07abcdef12" is not a Slack workspace id (such as T07ABCDEF12).',
    ],
    [
      "a channel id with a hash or a name",
      { ROOT_MONITOR_SLACK_CHANNELS: "T07ABCDEF12/#security" },
      'has the value "T07ABCDEF12/#security": "#security" is not a Slack channel id (such as C07ABCDEF34).',
    ],
    ["a channel without its workspace", { ROOT_MONITOR_SLACK_CHANNELS: "C07ABCDEF34" }, 'has the value "C07ABCDEF34": "C07ABCDEF34" is not WORKSPACE_ID/CHANNEL_ID or { workspaceId, channelId }.'],
  ])("refuses %s, in one line", (_what, env, problem) => {
    expect(refusal({}, env)).toBe(`Invalid settings:\n  Setting "slackChannels" (from environment variable ROOT_MONITOR_SLACK_CHANNELS) ${problem.replace(/\.$/, "")}. ${SLACK_ALLOWED}`);
  });

  it("refuses an object with a key it does not know, and a channel listed twice", () => {
    expect(refusal({ slackChannels: [{ workspaceId: "T1", channel: "C1" }] })).toBe(
      `Invalid settings:\n  Setting "slackChannels" (from cdktf.json context) has the value [{"workspaceId":"T1","channel":"C1"}]: the Slack channel id is missing; {"workspaceId":"T1","channel":"C1"} is not WORKSPACE_ID/CHANNEL_ID or { workspaceId, channelId }. ${SLACK_ALLOWED}`,
    );
    expect(refusal({ slackChannels: ["T1/C1", { workspaceId: "T1", channelId: "C1" }] })).toBe(
      `Invalid settings:\n  Setting "slackChannels" (from cdktf.json context) has the value ["T1/C1",{"workspaceId":"T1","channelId":"C1"}]: "T1/C1" is listed twice. ${SLACK_ALLOWED}`,
    );
  });
});

describe("teamsChannels", () => {
  it("is empty by default", () => {
    expect(loadSettings(BUCKET, {}).teamsChannels).toEqual([]);
  });

  it("reads TEAM_ID/CHANNEL_ID/TENANT_ID from the environment, and objects from cdktf.json", () => {
    const expected = [{ teamId: TEAM, channelId: TEAMS_CHANNEL, tenantId: TENANT }];
    expect(loadSettings(BUCKET, { ROOT_MONITOR_TEAMS_CHANNELS: `${TEAM}/${TEAMS_CHANNEL}/${TENANT}` }).teamsChannels).toEqual(expected);
    expect(loadSettings({ ...BUCKET, teamsChannels: [{ teamId: TEAM, channelId: TEAMS_CHANNEL, tenantId: TENANT }] }, {}).teamsChannels).toEqual(expected);
  });

  it("takes a channel id that holds a slash, which the service allows: the team is before the first, the tenant after the last", () => {
    expect(loadSettings(BUCKET, { ROOT_MONITOR_TEAMS_CHANNELS: `${TEAM}/19%3aab/cd%40thread.tacv2/${TENANT}` }).teamsChannels).toEqual([
      { teamId: TEAM, channelId: "19%3aab/cd%40thread.tacv2", tenantId: TENANT },
    ]);
  });

  it.each([
    [
      "a channel id as Teams shows it, not URL-encoded as the service takes it",
      `${TEAM}/19:0123abcd@thread.tacv2/${TENANT}`,
      '"19:0123abcd@thread.tacv2" is not a Microsoft Teams channel id as the service takes it, URL-encoded (such as 19%3a0123abcd%40thread.tacv2)',
    ],
    ["a team id that is not a GUID", `team-one/${TEAMS_CHANNEL}/${TENANT}`, '"team-one" is not a Microsoft Teams team id (such as a GUID like 5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b)'],
    ["a tenant left out", `${TEAM}/${TEAMS_CHANNEL}`, `"${TEAM}/${TEAMS_CHANNEL}" is not TEAM_ID/CHANNEL_ID/TENANT_ID or { teamId, channelId, tenantId }`],
  ])("refuses %s, in one line", (_what, text, problem) => {
    expect(refusal({}, { ROOT_MONITOR_TEAMS_CHANNELS: text })).toBe(
      `Invalid settings:\n  Setting "teamsChannels" (from environment variable ROOT_MONITOR_TEAMS_CHANNELS) has the value ${JSON.stringify(text)}: ${problem}. ${TEAMS_ALLOWED}`,
    );
  });

  it("refuses a second channel of the same team, which the AWS provider cannot tell apart", () => {
    const other = "19%3a9999%40thread.tacv2";
    const text = `${TEAM}/${TEAMS_CHANNEL}/${TENANT},${TEAM.toUpperCase()}/${other}/${TENANT}`;
    expect(refusal({}, { ROOT_MONITOR_TEAMS_CHANNELS: text })).toBe(
      `Invalid settings:\n  Setting "teamsChannels" (from environment variable ROOT_MONITOR_TEAMS_CHANNELS) has the value ${JSON.stringify(text)}: team "${TEAM}" is listed twice (the AWS provider supports one channel per team). ${TEAMS_ALLOWED}`,
    );
  });

  it("refuses a channel id longer than the service's 255 characters", () => {
    const long = `19%3a${"a".repeat(240)}%40thread.tacv2`;
    expect(refusal({ teamsChannels: [{ teamId: TEAM, channelId: long, tenantId: TENANT }] })).toContain(`: longer than 255 characters. ${TEAMS_ALLOWED}`);
  });
});

// A change to a channel configuration is logged in the Region its API was called from, one of four:
// unwatched, an insider could re-point or delete the channel there and nothing would tell it.
describe("regions, with chat channels", () => {
  it("must include the chat service's API Regions, refused in one line naming those missing", () => {
    expect(refusal({ regions: ["us-east-1", "eu-west-1"], slackChannels: ["T07ABCDEF12/C07ABCDEF34"] })).toBe(
      'Invalid settings:\n  Setting "regions" has the value ["us-east-1","eu-west-1"]: with slackChannels or teamsChannels set, it must include us-east-2, us-west-2, eu-west-1, ap-southeast-1, where the chat service\'s API logs a change to a channel (the tamper rule tells it only in a monitored Region); missing: us-east-2, us-west-2, ap-southeast-1. Allowed: add them to regions, or leave regions at its default (all).',
    );
  });

  it("accepts them with any other Regions, and any Regions without chat channels", () => {
    const regions = ["ap-southeast-1", "eu-west-1", "us-east-2", "us-west-2", "sa-east-1"];
    // us-east-1 is always watched (its global services' events are logged there).
    expect(loadSettings({ ...BUCKET, regions, teamsChannels: [`${TEAM}/${TEAMS_CHANNEL}/${TENANT}`] }, {}).regions).toEqual(["us-east-1", ...regions]);
    expect(loadSettings({ ...BUCKET, regions: ["us-east-1"] }, {}).regions).toEqual(["us-east-1"]);
  });
});
