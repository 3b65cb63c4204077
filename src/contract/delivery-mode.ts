/**
 * Where root events are turned into messages. `regional`: every monitored Region has its own rule,
 * delivery and topic (N subscription confirmations, N keys and N sets of alarms; a Region's outage
 * touches only that Region). `central`: every Region's rule forwards to one event bus in the home
 * Region, which holds the one delivery (one confirmation per address, one story per root session
 * across Regions; while the home Region is down, alerts wait in the rules' retries and dead-letter
 * queues).
 */
export const DELIVERY_MODES = ["regional", "central"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** The Region whose delivery (topic, function, buffer) tells root activity in `region`. */
export function deliveryRegionOf(settings: { readonly delivery: DeliveryMode; readonly homeRegion: string }, region: string): string {
  return settings.delivery === "central" ? settings.homeRegion : region;
}
