/**
 * What every topology is given (the stack, the validated settings, each Region's context and the
 * handler), what it returns (each Region's monitor), and the pieces all of them wire the same way:
 * a delivery with its outputs, a rule's outputs, a tamper rule's pattern.
 */
import { TerraformOutput, type TerraformAsset } from "cdktf";
import type { Construct } from "constructs";
import { ChatChannels } from "../chat/chat-channels";
import { deliverySettings } from "../terraform/construct-defaults";
import { outputName, type OutputKind } from "../contract/names";
import type { TamperPatternInput } from "../contract/tamper-pattern";
import { NotificationDelivery, type NotificationDeliveryProps } from "../delivery/notification-delivery";
import type { RegionContext } from "../terraform/region-context";
import type { RootActivityRule } from "../rule/root-activity-rule";
import type { TamperRule } from "../rule/tamper-rule";
import type { Settings } from "../settings/settings-schema";
import { hasChatChannels } from "../settings/chat-settings";

export interface TopologyWiring {
  /** Where the topology's constructs go: the stack (their ids are addresses: they stay at its top level). */
  readonly stack: Construct;
  readonly settings: Settings;
  /** Every monitored Region's context. */
  readonly contextOf: (region: string) => RegionContext;
  /** The bundled handler, one for every Region. */
  readonly handlerAsset: TerraformAsset;
}

/** One Region's monitor: its rule, and the delivery it feeds (with central delivery, the home Region's, shared by all). */
export interface RegionalMonitor {
  readonly delivery: NotificationDelivery;
  readonly rule: RootActivityRule;
  /** The rule that tells changes to the monitor's own resources, by anyone. */
  readonly tamperRule: TamperRule;
}

/** What a topology builds: each monitored Region's monitor. */
export type Topology = (wiring: TopologyWiring) => ReadonlyMap<string, RegionalMonitor>;

/** The rule's construct id in a Region: beside the delivery, whose id is the Region itself. */
export const ruleConstructId = (region: string) => `${region}-rule`;
/** The tamper rule's construct id in a Region. */
export const tamperRuleConstructId = (region: string) => `${region}-tamper-rule`;

/** One of the outputs people and the operator commands read, under its fixed name. */
export function output(wiring: TopologyWiring, kind: OutputKind, region: string, value: string, description: string): void {
  new TerraformOutput(wiring.stack, outputName(kind, region), { value, description }).overrideLogicalId(outputName(kind, region));
}

/** With central delivery: what the one delivery watches beyond its own Region, and the organization it tells of. */
type CentralFeed = Pick<NotificationDeliveryProps, "ruleNames" | "centralEventBusName" | "organization">;

/** A delivery (its construct id is the Region) and its outputs; with central delivery it watches every Region. */
export function deliveryWithOutputs(wiring: TopologyWiring, region: string, central?: CentralFeed): NotificationDelivery {
  const { settings } = wiring;
  const delivery = new NotificationDelivery(wiring.stack, region, {
    ...deliverySettings(settings),
    ...central,
    context: wiring.contextOf(region),
    handlerAsset: wiring.handlerAsset,
    watchedRegions: central ? settings.regions : [region],
    chat: hasChatChannels(settings),
  });
  const where = central ? `for every Region, in ${region}` : `in ${region}`;
  const out = (kind: OutputKind, value: string, description: string) => output(wiring, kind, region, value, description);
  out("topic_arn", delivery.topic.arn, `SNS topic for root activity ${where}: add subscriptions (SQS, HTTPS, Lambda) here`);
  out("function_name", delivery.function.functionName, `Notification function ${where}`);
  out("log_group_name", delivery.logGroup.name, `Log group of the notification function ${where}`);
  out("buffer_queue_url", delivery.buffer.queue.url, `Where root events wait for the function ${where}`);
  out("buffer_dead_letter_queue_url", delivery.buffer.deadLetterQueue.url, `Where buffered root events go after the function failed on them ${where}`);
  out("session_table_name", delivery.sessions.table.name, `Root sessions and pending digests ${where}`);
  out("self_check_schedule_arn", delivery.selfCheckSchedule.rule.arn, `The schedule rule that starts the daily self-check (and heartbeat) of the delivery ${where}`);
  return delivery;
}


/** The construct id of the chat channels (their role and configurations), at the stack's top level. */
const CHAT_CHANNELS_ID = "chat-channels";

/**
 * With chat channels: their configurations, made through `region`'s provider and subscribed to the
 * chat topic of every delivery given. Without, nothing.
 */
export function chatChannels(wiring: TopologyWiring, region: string, deliveries: readonly NotificationDelivery[]): void {
  const { settings } = wiring;
  if (!hasChatChannels(settings)) return;
  new ChatChannels(wiring.stack, CHAT_CHANNELS_ID, {
    context: wiring.contextOf(region),
    topicArns: deliveries.flatMap((delivery) => (delivery.chatTopic ? [delivery.chatTopic.arn] : [])),
    slackChannels: settings.slackChannels,
    teamsChannels: settings.teamsChannels,
  });
}

/** The outputs of a Region's rule. */
export function ruleOutputs(wiring: TopologyWiring, region: string, rule: RootActivityRule): void {
  output(wiring, "rule_arn", region, rule.rule.arn, `EventBridge rule for root activity in ${region}`);
  output(wiring, "dead_letter_queue_url", region, rule.deadLetterQueue.queue.url, `Where the rule puts root events it could not deliver in ${region}`);
}

/** What a tamper rule's pattern names: the naming settings, and the delivery's topic key where the rule sees its Region's calls. */
const unique = (values: readonly string[]): string[] => [...new Set(values)].sort();

export function tamperPattern(settings: Settings, delivery?: NotificationDelivery): TamperPatternInput {
  const key = delivery?.topicKey?.key;
  const chatWorkspaces = { slackTeamIds: unique(settings.slackChannels.map((channel) => channel.workspaceId)), teamsTeamIds: unique(settings.teamsChannels.map((channel) => channel.teamId)) };
  return { namePrefix: settings.namePrefix, topicName: settings.topicName, ...(key ? { topicKey: { arn: key.arn, id: key.keyId } } : {}), ...(hasChatChannels(settings) ? { chatWorkspaces } : {}) };
}
