/**
 * The chat channels: one Amazon Q Developer in chat applications channel configuration per Slack or
 * Microsoft Teams channel of the settings, each subscribed to every chat topic, all naming one role
 * that holds no permissions, behind the AWSDenyAll guardrail (chat-policies.ts).
 *
 * Where they are made: the service is global. A configuration's ARN has no Region
 * (`arn:aws:chatbot::<account>:chat-configuration/…`), its SnsTopicArns take topics of any Region
 * (the service subscribes its global SNS endpoint to each), and its API answers in four Regions only
 * (us-east-2, us-west-2, eu-west-1, ap-southeast-1: API reference, Welcome), where the AWS provider
 * sends it whatever the provider's Region (us-west-2 otherwise). So one configuration per channel,
 * with every Region's chat topic, made through the provider the topology passes (the home Region's).
 */
import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { ChatbotTeamsChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-teams-channel-configuration";
import { Construct } from "constructs";
import { chatGuardrailArn } from "../policies/chat-policies";
import type { SlackChannel, TeamsChannel } from "../settings/chat-settings";
import { checkSettingProps } from "../terraform/construct-props-check";
import type { RegionContext } from "../terraform/region-context";
import { channelKey } from "./channel-key";
import { ChatRole } from "./chat-role";

export interface ChatChannelsProps {
  /** The Region whose provider makes the configurations and the role. */
  readonly context: RegionContext;
  /** Every chat topic: one per Region with regional delivery, the hub's one otherwise. */
  readonly topicArns: readonly string[];
  /** @default [] */
  readonly slackChannels?: readonly SlackChannel[];
  /** @default [] */
  readonly teamsChannels?: readonly TeamsChannel[];
}

/**
 * ERROR: the service logs to CloudWatch Logs in this account only what failed to post; INFO would
 * copy every root alert's text into a log group this monitor does not manage or expire.
 */
export const CHAT_LOGGING_LEVEL = "ERROR";

/**
 * Required: whoever runs a command in the channel must pick their own IAM role; nobody acts with
 * the channel role (which can do nothing anyway). The monitor only posts, and posting needs no user.
 */
export const CHAT_USER_AUTHORIZATION_REQUIRED = true;

export class ChatChannels extends Construct {
  public readonly role: ChatRole;
  public readonly slack: readonly ChatbotSlackChannelConfiguration[];
  public readonly teams: readonly ChatbotTeamsChannelConfiguration[];

  constructor(scope: Construct, id: string, props: ChatChannelsProps) {
    super(scope, id);
    // The stack passes validated settings; a construct used on its own fails with the settings' message.
    checkSettingProps(`ChatChannels ${id} props`, { slackChannels: props.slackChannels, teamsChannels: props.teamsChannels });
    const { context } = props;
    const { provider, names } = context;
    this.role = new ChatRole(this, "Role", { context });
    const common = {
      provider,
      iamRoleArn: this.role.role.arn,
      snsTopicArns: [...props.topicArns],
      guardrailPolicyArns: [chatGuardrailArn(context.partition)],
      loggingLevel: CHAT_LOGGING_LEVEL,
      userAuthorizationRequired: CHAT_USER_AUTHORIZATION_REQUIRED,
    };
    // Each configuration is identified by its channel (never by its place in the list): its id and
    // name come from the channel's ids, so removing one channel leaves the others in place.
    this.slack = (props.slackChannels ?? []).map((channel) => {
      const key = channelKey("slack", `${channel.workspaceId}/${channel.channelId}`);
      return new ChatbotSlackChannelConfiguration(this, key, {
        ...common,
        configurationName: `${names.chatConfigurationPrefix}${key}`,
        slackTeamId: channel.workspaceId,
        slackChannelId: channel.channelId,
      });
    });
    this.teams = (props.teamsChannels ?? []).map((channel) => {
      const key = channelKey("teams", `${channel.teamId}/${channel.channelId}/${channel.tenantId}`.toLowerCase());
      return new ChatbotTeamsChannelConfiguration(this, key, {
        ...common,
        configurationName: `${names.chatConfigurationPrefix}${key}`,
        teamId: channel.teamId,
        channelId: channel.channelId,
        tenantId: channel.tenantId,
      });
    });
  }
}
