/**
 * The Terraform address that an earlier version of the app gave a resource, so that a construct
 * that moved can carry a `moved` block from there: Terraform then takes the resource over instead
 * of destroying it and creating another (a topic re-created asks every subscriber to confirm
 * again; an alarm re-created under the same name can be deleted by the old one's removal).
 * Logical ids are computed by the scheme cdktf's stacks use (logical-id.ts).
 */
import type { TerraformResource } from "cdktf";
import { logicalId } from "./logical-id";

/** `type.logicalId` of a resource that sat at construct path `ids` (below the stack). */
export const legacyAddress = (type: string, ids: readonly string[]): string => `${type}.${logicalId(ids)}`;

/** Declares that `resource` was at construct path `ids` (below the stack) in earlier versions. */
export function movedFrom(resource: TerraformResource, ids: readonly string[]): void {
  resource.moveFromId(legacyAddress(resource.terraformResourceType, ids));
}
