/**
 * Central delivery: one delivery in the home Region, behind a central event bus. Every monitored
 * Region's rule and tamper rule forward to the bus with a forwarding role of their own; on the bus a
 * rule and a tamper rule put what arrives on the delivery's buffer. The home Region's daily
 * self-check checks every Region, the central bus's rule included. With scope = organization
 * (organization.ts) the bus also admits the organization's accounts, whose spokes forward to it.
 */
import { CentralEventBus } from "../central/central-event-bus";
import { ForwardingRole } from "../central/forwarding-role";
import { resourceNames } from "../contract/names";
import type { NotificationDelivery } from "../delivery/notification-delivery";
import { RootActivityRule } from "../rule/root-activity-rule";
import { TamperRule } from "../rule/tamper-rule";
import { chatChannels, deliveryWithOutputs, output, ruleConstructId, ruleOutputs, tamperPattern, tamperRuleConstructId, type RegionalMonitor, type TopologyWiring } from "./wiring";

/** The construct ids of the central bus, of the rule and the tamper rule on it. */
const CENTRAL_BUS_ID = "central-bus";
const CENTRAL_RULE_ID = "central-rule";
const CENTRAL_TAMPER_RULE_ID = "central-tamper-rule";

/** With scope = organization: the organization the hub tells of, where its spokes go, and what it adds once the bus exists. */
interface OrganizationHub {
  readonly id: string;
  /** The organizational units the spokes go to (or the organization's root). */
  readonly units: readonly string[];
  /** Builds the spokes, which forward to the bus. */
  readonly addSpokes: (bus: CentralEventBus) => void;
}

/** The home Region's part: the delivery, the central bus, and the rules on the bus. */
interface Hub {
  readonly delivery: NotificationDelivery;
  readonly bus: CentralEventBus;
}

export function centralTopology(wiring: TopologyWiring, organization?: OrganizationHub): ReadonlyMap<string, RegionalMonitor> {
  const hub = centralHub(wiring, organization);
  return new Map(wiring.settings.regions.map((region) => [region, forwardingRegion(wiring, hub, region)] as const));
}

function centralHub(wiring: TopologyWiring, organization: OrganizationHub | undefined): Hub {
  const { stack, settings } = wiring;
  const home = settings.homeRegion;
  const context = wiring.contextOf(home);
  const homeNames = context.names;
  // The central rule listens on the central bus: its ARN (and so the buffer's policy) names the bus.
  const delivery = deliveryWithOutputs(wiring, home, {
    ruleNames: [`${homeNames.eventBus}/${homeNames.rule}`, `${homeNames.eventBus}/${homeNames.tamperRule}`],
    centralEventBusName: homeNames.eventBus,
    organization: organization === undefined ? undefined : { id: organization.id, stackSet: homeNames.spokeStackSet, units: organization.units },
  });
  const bus = new CentralEventBus(stack, CENTRAL_BUS_ID, {
    context,
    name: homeNames.eventBus,
    forwardingRoleNames: settings.regions.map((region) => wiring.contextOf(region).names.forwardingRole),
    ...(organization !== undefined
      ? { organization: { organizationId: organization.id, forwardingRoleNamePattern: resourceNames(settings, "*").forwardingRole } }
      : {}),
  });
  organization?.addSpokes(bus);
  chatChannels(wiring, home, [delivery]);
  const centralRule = new RootActivityRule(stack, CENTRAL_RULE_ID, {
    context,
    names: { rule: homeNames.rule, deadLetterQueue: homeNames.centralDeadLetterQueue },
    eventBusName: bus.bus.name,
    targetArn: delivery.buffer.queue.arn,
    // Forwarded events keep what they are: read-only management events need the same state here.
    includeReadOnlyEvents: settings.includeReadOnlyEvents,
    alarms: { topicArn: delivery.alarmTopic.arn, alarmNamePrefix: delivery.names.alarmPrefix, idPrefix: "central-" },
    tamperRuleName: homeNames.tamperRule,
  });
  // Tampering forwarded from every Region (and, with scope = organization, root's own in member accounts) goes on the buffer from here.
  new TamperRule(stack, CENTRAL_TAMPER_RULE_ID, {
    context,
    name: homeNames.tamperRule,
    eventBusName: bus.bus.name,
    pattern: tamperPattern(settings, delivery),
    target: { kind: "buffer", arn: delivery.buffer.queue.arn },
    directTopicArn: delivery.alarmTopic.arn,
    deadLetterQueueArn: centralRule.deadLetterQueue.queue.arn,
  });
  output(wiring, "event_bus_arn", home, bus.bus.arn, `The central event bus in ${home}, where every Region's rule forwards root activity`);
  output(wiring, "central_rule_arn", home, centralRule.rule.arn, `The rule on the central bus that puts root activity on the buffer queue in ${home}`);
  output(wiring, "central_dead_letter_queue_url", home, centralRule.deadLetterQueue.queue.url, `Where the central rule puts root events it could not deliver in ${home}`);
  return { delivery, bus };
}

/** A monitored Region's part: its rule and tamper rule, which forward to the central bus with the Region's forwarding role. */
function forwardingRegion(wiring: TopologyWiring, hub: Hub, region: string): RegionalMonitor {
  const { stack, settings } = wiring;
  const { delivery, bus } = hub;
  const context = wiring.contextOf(region);
  const { names } = context;
  const isHome = region === settings.homeRegion;
  const forwarder = new ForwardingRole(stack, `${region}-forwarding-role`, {
    context,
    name: names.forwardingRole,
    // ARNs built from names: the role exists before the rules.
    ruleArn: [names.rule, names.tamperRule].map((rule) => context.arn("events", `rule/${rule}`)),
    eventBusArn: bus.bus.arn,
  });
  const rule = new RootActivityRule(stack, ruleConstructId(region), {
    context,
    names,
    targetArn: bus.bus.arn,
    targetRoleArn: forwarder.role.arn,
    includeReadOnlyEvents: settings.includeReadOnlyEvents,
    // Alarms publish only to a topic in their own Region: the home Region's rule has them; the
    // others' failures end in their dead-letter queues, which the self-check reads.
    ...(isHome ? { alarms: { topicArn: delivery.alarmTopic.arn, alarmNamePrefix: delivery.names.alarmPrefix } } : {}),
    tamperRuleName: names.tamperRule,
    legacyPath: [region],
  });
  ruleOutputs(wiring, region, rule);
  const tamperRule = new TamperRule(stack, tamperRuleConstructId(region), {
    context,
    name: names.tamperRule,
    // The topic key lives in the home Region: calls on it are recorded there.
    pattern: tamperPattern(settings, isHome ? delivery : undefined),
    target: { kind: "bus", arn: bus.bus.arn, roleArn: forwarder.role.arn },
    deadLetterQueueArn: rule.deadLetterQueue.queue.arn,
  });
  return { delivery, rule, tamperRule };
}
