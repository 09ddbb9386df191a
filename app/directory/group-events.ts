// The outbox contract between the group directory (which writes these events) and the
// provisioning engine (which delivers them): a membership change is an event on the MEMBER's own
// key, "User:<scim id>", so every change to one person — profile, deactivation, groups — is
// delivered in order and coalesced into one visit to their customer (docs/decisions/0005-groups.md).
//
//   resourceType "User", resourceId <user id>, key "User:<user id>", operation "groups",
//   payload { group: <group id>, change, removeTags? }
//
// The payload never says which tags to ADD: delivery reads the person's current groups, so late
// or coalesced events converge on the directory as it is. `removeTags` lists the tags this change
// may have left behind on the customer (the group's tag before a removal, rename or delete).

import { MEMBERSHIP_OPERATION } from "~/sync/outbox";

export { MEMBERSHIP_OPERATION };

export type MembershipChange = "added" | "removed" | "renamed" | "deleted";

export interface MembershipPayload {
  group: string;
  change: MembershipChange;
  removeTags?: string[];
}

export function isMembershipEvent(event: { operation: string }): boolean {
  return event.operation === MEMBERSHIP_OPERATION;
}

/** The tags a membership event may have left behind ([] for anything else). */
export function removeTagsOf(event: { payload: unknown }): string[] {
  const payload = event.payload;
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return [];
  const tags = (payload as Record<string, unknown>)["removeTags"];
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === "string" && tag !== "") : [];
}
