// A provisioned customer's tags: the one owner of what the engine may add to or take from them.
// Three sources, one rule set, no I/O:
//   - the engine's marks, "scim" on every provisioned customer and "scim:deactivated" while the
//     person is deactivated (extensions/deprovisioning-markers.json, which checkout and the theme read);
//   - attribute tags, from the shop's tag rules (mapping.ts mapTags);
//   - group tags, one per SCIM group the person is in (app/directory/group-tags.ts names them).
// The planner never takes off a tag the engine did not give: the merchant's own tags stay. An
// attribute tag goes only if this person's rules gave it before and none of their groups gives it
// now; a group tag goes only if a membership event says so and their attribute rules do not give it.
// Shopify compares tags case-insensitively, but a tag whose spelling changed is removed and added in
// its new spelling (exact comparison), so the customer ends with the directory's spelling.
import markers from "../../extensions/deprovisioning-markers.json";

export const PROVISIONED_TAG = markers.provisionedTag; // "scim"
export const DEACTIVATED_TAG = markers.deactivatedTag; // "scim:deactivated"

/** Tags the engine itself owns: no tag rule or group gives or takes them. */
export const ENGINE_MARKS: readonly string[] = [PROVISIONED_TAG, DEACTIVATED_TAG];

/** Shopify compares tags case-insensitively: this is the key two tags collide on. */
export function tagKey(tag: string): string {
  return tag.toLowerCase();
}

const MARK_KEYS = new Set(ENGINE_MARKS.map(tagKey));

export function isEngineMark(tag: string): boolean {
  return MARK_KEYS.has(tagKey(tag));
}

/** Whether the customer carries the tag (Shopify's case-insensitive comparison). */
export function hasTag(customer: { tags: readonly string[] }, tag: string): boolean {
  return customer.tags.some((candidate) => tagKey(candidate) === tagKey(tag));
}

/** ScimUser.attributeTags as stored (a JSON list; raw SQL on SQLite gives its text). */
export function storedTags(value: unknown): string[] {
  let list = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(list) ? list.filter((tag): tag is string => typeof tag === "string") : [];
}

export interface TagPlan {
  add: string[];
  remove: string[];
}

/** Attribute tags this person's rules gave before, no longer give, and the customer still has. */
export function staleAttributeTags(customer: { tags: readonly string[] }, attributes: { wanted: readonly string[]; previous: readonly string[] }): string[] {
  return attributes.previous.filter((tag) => !attributes.wanted.includes(tag) && hasTag(customer, tag));
}

export interface TagPlanInput {
  /** The customer's tags now; needed for marks and attribute tags (only changes are sent). */
  customer?: { tags: readonly string[] };
  /** Marks: the person's active flag. Absent: marks are not touched. */
  active?: boolean;
  /** Attribute tags the rules give now and gave before; `groupTags` (the person's groups' tags now) are kept. */
  attributes?: { wanted: readonly string[]; previous: readonly string[]; groupTags: readonly string[] };
  /**
   * Group tags: every tag of the person's groups now (always sent, so late or repeated events
   * converge), and the tags membership events say may be left behind; `attributeTags` are kept.
   */
  groups?: { current: readonly string[]; candidates: readonly string[]; attributeTags: readonly string[] };
}

/** The one add/remove set for a customer (one tagsRemove + tagsAdd request, remove first). */
export function planCustomerTags(input: TagPlanInput): TagPlan {
  const add: string[] = [];
  const remove: string[] = [];
  const customer = input.customer ?? { tags: [] };
  if (input.active !== undefined) {
    if (!hasTag(customer, PROVISIONED_TAG)) add.push(PROVISIONED_TAG);
    if (!input.active && !hasTag(customer, DEACTIVATED_TAG)) add.push(DEACTIVATED_TAG);
    if (input.active && hasTag(customer, DEACTIVATED_TAG)) remove.push(DEACTIVATED_TAG);
  }
  if (input.attributes) {
    const { wanted, groupTags } = input.attributes;
    add.push(...wanted.filter((tag) => !customer.tags.includes(tag)));
    const kept = new Set(groupTags.map(tagKey));
    remove.push(...staleAttributeTags(customer, input.attributes).filter((tag) => !kept.has(tagKey(tag))));
  }
  if (input.groups) {
    const { current, candidates, attributeTags } = input.groups;
    const kept = new Set(attributeTags.map(tagKey));
    const exact = new Set(current);
    add.push(...current);
    remove.push(...[...new Set(candidates.filter((tag) => !kept.has(tagKey(tag))))].filter((tag) => !exact.has(tag)));
  }
  return { add, remove };
}
