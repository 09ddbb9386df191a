// Delivery of group membership to Shopify: each member's customer carries the tag of every group
// the person is in (docs/decisions/0005-groups.md).
//
// Membership events live on the member's own key, "User:<id>" (app/directory/group-events.ts), so
// the engine hands them to the "User" handler together with the person's other pending changes,
// in order. `withGroupTags(userHandler)` is that handler: it lets the user delivery do its work
// (create, link, update, deactivate) and then puts the person's group tags on the customer, or,
// when only membership changed, does just the tags — one request:
//   - tagsRemove the tags the events say may be left behind (a group left, renamed or deleted)
//     and that none of the person's groups has now;
//   - tagsAdd the tags of the person's groups as the directory says NOW.
// So late, repeated or coalesced events converge, and a person added to three groups in a row
// costs one visit. Only tags a group gave are ever removed: the merchant's own tags, and the
// engine's scim / scim:deactivated marks, are never touched.
//
// When the person has no customer yet (not created, no match), nothing is tagged; the user
// delivery that later creates or links the customer applies the tags then ("created", "linked",
// "recreated" below), so group pushes that arrive before the people are delivered still land.
import type { ProvisioningEvent } from "@prisma/client";
import { isMembershipEvent, removeTagsOf } from "~/directory/group-events";
import { personForTags } from "~/directory/groups.server";
import { TAGS_CHANGE, tagsChange, type TagsChangeResult, type UserError } from "~/shopify-admin/customer-documents";
import { planCustomerTags } from "./customer-tags";
import { FULL_DELIVERY_OPERATIONS, type DeliveryAction } from "./outbox";
import { PermanentDeliveryError, type DeliveryContext, type DeliveryResult, type HandlerEntry } from "./worker.server";

/** User delivery outcomes after which no customer stands for the person any more. */
const NO_CUSTOMER_ACTIONS: ReadonlySet<DeliveryAction> = new Set<DeliveryAction>(["deleted", "no_match", "reported", "skipped", "erasure_requested", "unlinked"]);
/** Outcomes that gave the person a customer it did not have: their tags go on now. */
const LINKING_ACTIONS: ReadonlySet<DeliveryAction> = new Set<DeliveryAction>(["created", "linked", "recreated"]);

const describeErrors = (errors: UserError[]) => errors.map((error) => (error.field?.length ? `${error.field.join(".")}: ${error.message}` : error.message)).join("; ");
const customerGone = (errors: UserError[]) => errors.some((error) => /not found|does not exist|can't be found/i.test(error.message));

interface TagResult {
  /** The request's changes, for the outcome sentence ("+group:Sales", "-group:Old"). */
  marks: string[];
  /** Shopify no longer has the customer. */
  gone: boolean;
}

/** One request that makes the customer's group tags (`current`, from the directory) match. */
async function applyGroupTags(context: DeliveryContext, current: readonly string[], customerId: string, candidates: readonly string[], attributeTags: readonly string[]): Promise<TagResult> {
  const { add, remove } = planCustomerTags({ groups: { current, candidates, attributeTags } });
  if (add.length === 0 && remove.length === 0) return { marks: [], gone: false };
  const result = await context.shopify.call<TagsChangeResult>(TAGS_CHANGE, tagsChange(customerId, add, remove));
  const errors = [...(result.tagsRemove?.userErrors ?? []), ...(result.tagsAdd?.userErrors ?? [])];
  if (errors.length > 0) {
    if (customerGone(errors)) return { marks: [], gone: true };
    if (errors.some((error) => /more than 250/i.test(error.message))) {
      throw new PermanentDeliveryError(
        `Customer ${customerId} cannot carry the tags of all ${current.length} of this person's groups: Shopify allows 250 tags per customer (${describeErrors(errors)}).`,
        customerId,
      );
    }
    throw new PermanentDeliveryError(`Shopify refused the group tags for customer ${customerId}: ${describeErrors(errors)}`, customerId);
  }
  return { marks: [...remove.map((tag) => `-${tag}`), ...add.map((tag) => `+${tag}`)], gone: false };
}

function tagSentence(marks: string[]): string {
  return marks.length > 0 ? ` Group tags: ${marks.join(" ")}.` : "";
}

/** Tags the events say a group may have left behind. */
function candidatesOf(events: readonly ProvisioningEvent[]): string[] {
  return events.flatMap((event) => removeTagsOf(event));
}

/** Only membership events for this person: tag their customer, if they have one. */
async function deliverTagsOnly(context: DeliveryContext, events: readonly ProvisioningEvent[]): Promise<DeliveryResult> {
  const row = await personForTags(context.prisma, context.shop.id, context.group.resourceId);
  if (!row) return { action: "skipped", customerId: null, outcome: "The person is no longer in the directory; group tags left as they are." };
  if (!row.customerId || row.syncState === "unlinked") {
    return {
      action: "skipped",
      customerId: row.customerId,
      outcome: "No Shopify customer stands for this person yet; their group tags are applied when one is created or linked.",
    };
  }
  const tags = await applyGroupTags(context, row.tags, row.customerId, candidatesOf(events), row.attributeTags);
  if (tags.gone) {
    return { action: "skipped", customerId: row.customerId, outcome: `Customer ${row.customerId} no longer exists in Shopify; group tags are applied when the person is linked again.` };
  }
  if (tags.marks.length === 0) return { action: "skipped", customerId: row.customerId, outcome: "Group membership changed nothing on the customer." };
  return { action: "tagged", customerId: row.customerId, outcome: `Updated the group tags of customer ${row.customerId}.${tagSentence(tags.marks)}` };
}

/**
 * The "User" handler with group tags: membership-only groups of events are tag deliveries; any
 * other group runs the user delivery first (without the membership events, which it does not
 * understand), then tags the customer it leaves behind when membership changed or the customer
 * is new to the person.
 */
export function withGroupTags(user: HandlerEntry): HandlerEntry {
  return {
    ...user,
    // A failure of tags alone says so on the person (lastError) but leaves syncState alone: the
    // person's own data is still in sync, and a later tag success must not hide a profile failure.
    reportFailure: async (context, failure) => {
      if (!context.group.events.every(isMembershipEvent)) return user.reportFailure?.(context, failure);
      await context.prisma.scimUser.updateMany({
        where: { id: context.group.resourceId, shopId: context.shop.id },
        data: { lastError: `Group tags: ${failure.reason}` },
      });
    },
    deliver: async (context) => {
      const events = context.group.events;
      const membership = events.filter(isMembershipEvent);
      if (membership.length === events.length) return deliverTagsOnly(context, membership);
      const own = membership.length === 0 ? context : { ...context, group: { ...context.group, events: events.filter((event) => !isMembershipEvent(event)) } };
      const result = await user.deliver(own);
      if (!result.customerId || NO_CUSTOMER_ACTIONS.has(result.action)) return result;
      const full = LINKING_ACTIONS.has(result.action) || own.group.events.some((event) => FULL_DELIVERY_OPERATIONS.has(event.operation));
      if (membership.length === 0 && !full) return result;
      const person = await personForTags(context.prisma, context.shop.id, context.group.resourceId);
      const tags = await applyGroupTags(context, person?.tags ?? [], result.customerId, candidatesOf(membership), result.attributeTags ?? person?.attributeTags ?? []);
      return tags.marks.length > 0 ? { ...result, outcome: `${result.outcome}${tagSentence(tags.marks)}` } : result;
    },
  };
}
