/**
 * What NotificationDelivery checks of its props before it builds anything. The stack passes values
 * loadSettings has validated already; these checks guard the construct's other users (a test, another
 * stack), and tests pin their exact messages.
 */
import { checkSettingProps } from "../terraform/construct-props-check";
import { isKnownRegion } from "../contract/regions";
import { DELIVERY_DEFAULTS, type DeliverySettings } from "../terraform/construct-defaults";

/** Throws when a given setting breaks its schema (the settings' message), or when `watchedRegions` names no Region or an unknown one. */
export function checkDeliveryProps(owner: string, props: Partial<DeliverySettings> & { readonly watchedRegions?: readonly string[] }): void {
  const { watchedRegions } = props;
  checkSettingProps(owner, Object.fromEntries(Object.keys(DELIVERY_DEFAULTS).map((key) => [key, props[key as keyof DeliverySettings]])));
  if (watchedRegions === undefined) return;
  const unknownRegions = watchedRegions.filter((watched) => !isKnownRegion(watched));
  if (watchedRegions.length === 0 || unknownRegions.length > 0) {
    throw new Error(
      `${owner}: watchedRegions has the value ${JSON.stringify(watchedRegions)}: ${unknownRegions.length > 0 ? `${unknownRegions.map((r) => JSON.stringify(r)).join(", ")} is not a known region code` : "no Region"}. Allowed: one or more region codes such as us-east-1.`,
    );
  }
}
