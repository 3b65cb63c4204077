/**
 * Regional delivery (the default): every monitored Region has its own delivery, fed by its own rule
 * and tamper rule on the Region's default bus. Nothing crosses a Region but the chat channels, which
 * take every Region's chat topic.
 */
import { RootActivityRule } from "../rule/root-activity-rule";
import { TamperRule } from "../rule/tamper-rule";
import { ALWAYS_MONITORED_REGION } from "../contract/regions";
import { chatChannels, deliveryWithOutputs, ruleConstructId, ruleOutputs, tamperPattern, tamperRuleConstructId, type RegionalMonitor, type TopologyWiring } from "./wiring";

export function regionalTopology(wiring: TopologyWiring): ReadonlyMap<string, RegionalMonitor> {
  const { stack, settings } = wiring;
  const monitors = new Map<string, RegionalMonitor>();
  for (const region of settings.regions) {
    const context = wiring.contextOf(region);
    const delivery = deliveryWithOutputs(wiring, region);
    const rule = new RootActivityRule(stack, ruleConstructId(region), {
      context,
      names: delivery.names,
      targetArn: delivery.buffer.queue.arn,
      includeReadOnlyEvents: settings.includeReadOnlyEvents,
      alarms: { topicArn: delivery.alarmTopic.arn, alarmNamePrefix: delivery.names.alarmPrefix },
      tamperRuleName: delivery.names.tamperRule,
      // Until this version the rule lived in the Region's monitor, whose construct id was the Region.
      legacyPath: [region],
    });
    ruleOutputs(wiring, region, rule);
    const tamperRule = new TamperRule(stack, tamperRuleConstructId(region), {
      context,
      name: delivery.names.tamperRule,
      pattern: tamperPattern(settings, delivery),
      target: { kind: "buffer", arn: delivery.buffer.queue.arn },
      directTopicArn: delivery.alarmTopic.arn,
      deadLetterQueueArn: rule.deadLetterQueue.queue.arn,
    });
    monitors.set(region, { delivery, rule, tamperRule });
  }
  // The chat service is global (chat-channels.ts): one configuration per channel takes every
  // Region's chat topic, made from the Region that is always monitored.
  chatChannels(wiring, ALWAYS_MONITORED_REGION, [...monitors.values()].map((monitor) => monitor.delivery));
  return monitors;
}
