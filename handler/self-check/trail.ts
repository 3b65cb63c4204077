/**
 * Does a CloudTrail trail log management events in the Region? Without one, EventBridge receives no
 * root API calls there and the monitor is blind, however well the rest works. A trail counts when it
 * covers the Region (multi-Region, or homed there), is logging, and selects management events.
 */
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { Finding } from "./finding";

const CHECK = "CloudTrail";

/** `cloudtrailIn` gives a client in a Region: a trail's status and selectors are asked for in its home Region. */
export async function checkTrail(region: string, cloudtrailIn: (region: string) => CloudTrailClient): Promise<Finding> {
  const { trailList = [] } = await cloudtrailIn(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  const covering = trailList.filter((trail) => trail.IsMultiRegionTrail || trail.HomeRegion === region);
  for (const trail of covering) {
    const name = trail.TrailARN ?? trail.Name;
    const home = cloudtrailIn(trail.HomeRegion ?? region);
    const status = await home.send(new GetTrailStatusCommand({ Name: name }));
    if (!status.IsLogging) continue;
    const selectors = await home.send(new GetEventSelectorsCommand({ TrailName: name }));
    const basic = (selectors.EventSelectors ?? []).some((selector) => selector.IncludeManagementEvents !== false);
    const advanced = (selectors.AdvancedEventSelectors ?? []).some((selector) =>
      selector.FieldSelectors?.some((field) => field.Field === "eventCategory" && field.Equals?.includes("Management")),
    );
    const noSelectors = !selectors.EventSelectors?.length && !selectors.AdvancedEventSelectors?.length;
    if (basic || advanced || noSelectors) return { region, check: CHECK, level: "ok", message: `trail ${trail.Name} logs management events here` };
  }
  return {
    region,
    check: CHECK,
    level: "fail",
    message:
      "NO CloudTrail trail is logging management events in this Region. Without one, EventBridge receives no root API calls here and the monitor is BLIND. Create a multi-Region trail (or set createTrail).",
    summary: "no trail logs management events",
  };
}
