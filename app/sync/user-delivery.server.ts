// Delivery of SCIM Users to Shopify customers: create or link, map, mark/unmark, and the
// deactivation and DELETE policies. Reads the CURRENT ScimUser row (never the event), so a
// group of coalesced events becomes one Shopify write of the person as they are now.
//
// Shopify facts this relies on (docs/decisions/0004-provisioning-engine.md):
// - customerCreate/customerUpdate take metafields (customerSet does not) and tags; tags in
//   customerUpdate would replace the merchant's, so existing customers get tagsAdd/tagsRemove.
// - The SCIM id lives in the unique metafield $app:scim.scim_id, so customerByIdentifier(customId)
//   finds a customer we created even if we crashed before recording its id: no duplicates.
import type { PrismaClient, ProvisioningEvent, ScimUser } from "@prisma/client";
import markers from "../../extensions/deprovisioning-markers.json";
import { personForTags } from "~/directory/groups.server";
import {
  ACTIVE_KEY,
  CUSTOMER_ADDRESSES,
  CUSTOMER_BY_ID,
  CUSTOMER_CREATE,
  CUSTOMER_DELETE,
  CUSTOMER_REQUEST_ERASURE,
  CUSTOMER_UPDATE,
  EMAIL_MARKETING_UNSUBSCRIBE,
  LOOKUP_BY_SCIM_ID,
  LOOKUP_BY_SCIM_ID_AND_EMAIL,
  METAFIELD_DEFINITION_CREATE,
  METAFIELDS_DELETE,
  METAFIELDS_SET,
  SCIM_ID_KEY,
  SCIM_NAMESPACE,
  TAGS_CHANGE,
  tagsChange,
  type AddressesResult,
  type ConsentResult,
  type CustomerWriteResult,
  type DefinitionResult,
  type DeleteResult,
  type ErasureResult,
  type LookupResult,
  type MetafieldsDeleteResult,
  type MetafieldsSetResult,
  type ScimCustomer,
  type TagsChangeResult,
  type UserError,
} from "~/shopify-admin/customer-documents";
import { ShopifyRequestError } from "~/shopify-admin/admin-client.server";
import { ERASURE_SCOPE, scopeListIncludes, sessionScopes } from "~/shopify-admin/access-scopes.server";
import { DEACTIVATED_TAG, PROVISIONED_TAG, planCustomerTags, staleAttributeTags, storedTags } from "./customer-tags";
import { FULL_DELIVERY_OPERATIONS } from "./outbox";
import { DEFAULT_ATTRIBUTE_MAPPING, mapTags, mapUser, resolveMapping, type MailingAddressInput, type MappedCustomer } from "./mapping";
import { DEACTIVATION_POLICIES, DELETED_CUSTOMER_POLICIES, DELETE_POLICIES, type DeactivationPolicy, type DeletePolicy } from "./policies";
import { PermanentDeliveryError, type DeliveryContext, type DeliveryResult, type FailureReporter, type HandlerEntry } from "./worker.server";

export { DEACTIVATION_POLICIES, DELETED_CUSTOMER_POLICIES, DELETE_POLICIES };

/** Bump when the definitions below change: shops below it get them (re)ensured once. */
export const METAFIELD_DEFINITIONS_VERSION = 1;

interface DefinitionSpec {
  key: string;
  name: string;
  type: string;
  description: string;
  unique?: boolean;
  storefront?: "PUBLIC_READ" | "NONE";
}

export const METAFIELD_DEFINITIONS: DefinitionSpec[] = [
  { key: SCIM_ID_KEY, name: "SCIM id", type: "single_line_text_field", unique: true, description: "The identity provider's SCIM id for this person (set by the SCIM provisioning app)." },
  {
    key: ACTIVE_KEY,
    name: "SCIM active",
    type: markers.activeMetafield.type,
    storefront: markers.activeMetafield.storefrontAccess as "PUBLIC_READ",
    description: "False when the identity provider deactivated this person; checkout and the storefront read it.",
  },
  ...Object.keys(DEFAULT_ATTRIBUTE_MAPPING.metafields).map((key) => ({
    key,
    name: `SCIM ${key.replace(/_/g, " ")}`,
    type: "single_line_text_field",
    description: `From the identity provider (${key.replace(/_/g, " ")}).`,
  })),
];

const isTaken = (errors: UserError[]) => errors.length > 0 && errors.every((error) => error.code === "TAKEN" || /in use|already/i.test(error.message));

/** Creates the app's $app:scim metafield definitions in a shop, once (TAKEN = already there). */
export async function ensureMetafieldDefinitions(context: DeliveryContext): Promise<void> {
  const { shop, prisma, shopify } = context;
  const fresh = await prisma.shop.findUnique({ where: { id: shop.id }, select: { metafieldDefinitionsVersion: true } });
  if ((fresh?.metafieldDefinitionsVersion ?? 0) >= METAFIELD_DEFINITIONS_VERSION) return;
  for (const spec of METAFIELD_DEFINITIONS) {
    const result = await shopify.call<{ metafieldDefinitionCreate: DefinitionResult }>(METAFIELD_DEFINITION_CREATE, {
      definition: {
        name: spec.name,
        namespace: SCIM_NAMESPACE,
        key: spec.key,
        type: spec.type,
        ownerType: "CUSTOMER",
        description: spec.description,
        access: { admin: "MERCHANT_READ", storefront: spec.storefront ?? "NONE" },
        ...(spec.unique ? { capabilities: { uniqueValues: { enabled: true } } } : {}),
      },
    });
    const errors = result.metafieldDefinitionCreate.userErrors;
    if (errors.length > 0 && !isTaken(errors)) {
      throw new PermanentDeliveryError(`Could not create the metafield definition $app:scim.${spec.key}: ${describeErrors(errors)}`);
    }
  }
  await prisma.shop.update({ where: { id: shop.id }, data: { metafieldDefinitionsVersion: METAFIELD_DEFINITIONS_VERSION } });
}

function describeErrors(errors: UserError[]): string {
  return errors.map((error) => (error.field?.length ? `${error.field.join(".")}: ${error.message}` : error.message)).join("; ");
}

function payloadOf(event: ProvisioningEvent): { changed?: unknown; active?: unknown; customerId?: unknown } {
  return event.payload && typeof event.payload === "object" && !Array.isArray(event.payload) ? (event.payload as Record<string, unknown>) : {};
}

/** Union of the changed paths of the group, or "all" when the whole person must be written. */
function changedOf(events: ProvisioningEvent[], row: ScimUser): ReadonlySet<string> | "all" {
  if (row.syncedVersion === null || !row.customerId) return "all";
  const changed = new Set<string>();
  for (const event of events) {
    if (FULL_DELIVERY_OPERATIONS.has(event.operation)) return "all";
    const paths = payloadOf(event).changed;
    if (Array.isArray(paths)) for (const path of paths) if (typeof path === "string") changed.add(path);
  }
  return changed;
}

function customId(scimId: string) {
  return { namespace: SCIM_NAMESPACE, key: SCIM_ID_KEY, value: scimId };
}


interface SyncState {
  customerId: string | null;
  syncState: "synced" | "unlinked" | "failed";
  lastError: string | null;
  /** The attribute tags now on the customer; undefined leaves the stored list alone. */
  attributeTags?: string[];
}

function userWrite(row: ScimUser, state: SyncState, now: Date) {
  return (prisma: PrismaClient) => [
    prisma.scimUser.updateMany({
      where: { id: row.id, shopId: row.shopId },
      data: {
        customerId: state.customerId,
        syncState: state.syncState,
        lastError: state.lastError,
        lastSyncedAt: now,
        syncedVersion: row.version,
        ...(state.attributeTags !== undefined ? { attributeTags: state.attributeTags } : {}),
      },
    }),
  ];
}

/** The attribute tags to put on the customer now, and the ones it was given before. */
interface AttributeTagPlan {
  wanted: string[];
  previous: string[];
}

/**
 * Tag changes for a customer that exists, in one request: the engine's marks, and the attribute
 * tags (when given). Never touches a tag the engine does not own: an attribute tag is taken off
 * only if this person's mapping gave it before and none of their groups gives it now.
 */
async function applyMarks(context: DeliveryContext, customer: ScimCustomer, active: boolean, attributeTags?: AttributeTagPlan): Promise<string[]> {
  // The person's group tags matter only when an attribute tag may go (one query, then).
  const groupTags =
    attributeTags && staleAttributeTags(customer, attributeTags).length > 0
      ? ((await personForTags(context.prisma, context.shop.id, context.group.resourceId))?.tags ?? [])
      : [];
  const { add, remove } = planCustomerTags({ customer, active, ...(attributeTags ? { attributes: { ...attributeTags, groupTags } } : {}) });
  if (add.length === 0 && remove.length === 0) return [];
  const result = await context.shopify.call<TagsChangeResult>(TAGS_CHANGE, tagsChange(customer.id, add, remove));
  const errors = [...(result.tagsRemove?.userErrors ?? []), ...(result.tagsAdd?.userErrors ?? [])];
  if (errors.length > 0) throw new PermanentDeliveryError(`Could not change the tags of customer ${customer.id}: ${describeErrors(errors)}`, customer.id);
  return [...add.map((tag) => `+${tag}`), ...remove.map((tag) => `-${tag}`)];
}

function metafieldInputs(mapped: MappedCustomer, active: boolean, scimId: string | null) {
  return [
    ...(scimId ? [{ namespace: SCIM_NAMESPACE, key: SCIM_ID_KEY, type: "single_line_text_field", value: scimId }] : []),
    { namespace: SCIM_NAMESPACE, key: ACTIVE_KEY, type: "boolean", value: active ? markers.activeMetafield.activeValue : markers.activeMetafield.deactivatedValue },
    ...mapped.metafields.map((field) => ({ namespace: SCIM_NAMESPACE, key: field.key, type: "single_line_text_field", value: field.value })),
  ];
}

function withoutNulls<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>;
}

const phoneTaken = (errors: UserError[]) => errors.some((error) => error.field?.includes("phone") && /taken/i.test(error.message));
const emailTaken = (errors: UserError[]) => errors.some((error) => error.field?.includes("email") && /taken/i.test(error.message));
const metafieldTaken = (errors: UserError[]) => errors.some((error) => error.field?.includes("metafields") && /taken/i.test(error.message));
const notFound = (errors: UserError[]) => errors.some((error) => /does not exist|not found|can't be found/i.test(error.message));

async function createCustomer(context: DeliveryContext, row: ScimUser, mapped: MappedCustomer, attributeTags: string[], warnings: string[]): Promise<CustomerWriteResult> {
  let fields = withoutNulls(mapped.fields);
  for (let round = 0; round < 2; round++) {
    const input = {
      ...fields,
      ...(mapped.address ? { addresses: [mapped.address] } : {}),
      tags: [PROVISIONED_TAG, ...attributeTags],
      metafields: metafieldInputs(mapped, true, row.id),
    };
    const { customerCreate } = await context.shopify.call<{ customerCreate: CustomerWriteResult }>(CUSTOMER_CREATE, { input });
    if (customerCreate.userErrors.length > 0 && phoneTaken(customerCreate.userErrors) && fields.phone) {
      warnings.push(`Phone number ${fields.phone} belongs to another Shopify customer; left out.`);
      const { phone: _dropped, ...rest } = fields;
      fields = rest;
      continue;
    }
    return customerCreate;
  }
  throw new PermanentDeliveryError("Could not create the customer.");
}

/** Keeps every address the customer has and replaces the default one with the IdP's. */
async function addressesFor(context: DeliveryContext, customerId: string, address: MailingAddressInput): Promise<Array<Record<string, unknown>>> {
  const { customer } = await context.shopify.call<AddressesResult>(CUSTOMER_ADDRESSES, { id: customerId });
  if (!customer) return [address as Record<string, unknown>];
  const defaultId = customer.defaultAddress?.id ?? null;
  const kept = customer.addresses.filter((existing) => existing.id !== defaultId).map((existing) => ({ ...existing }));
  return [{ ...(address as Record<string, unknown>), ...(defaultId ? { id: defaultId } : {}) }, ...kept];
}

/** Deletes the app metafields whose attribute the IdP removed (one request for all of them). */
async function clearMetafields(context: DeliveryContext, customerId: string, keys: string[]): Promise<void> {
  const { metafieldsDelete } = await context.shopify.call<{ metafieldsDelete: MetafieldsDeleteResult }>(METAFIELDS_DELETE, {
    metafields: keys.map((key) => ({ ownerId: customerId, namespace: SCIM_NAMESPACE, key })),
  });
  if (metafieldsDelete.userErrors.length > 0) {
    throw new PermanentDeliveryError(`Could not remove the metafields ${keys.join(", ")} of customer ${customerId}: ${describeErrors(metafieldsDelete.userErrors)}`, customerId);
  }
}

type UpdateOutcome = { kind: "ok"; customer: ScimCustomer } | { kind: "gone" };

async function updateCustomer(context: DeliveryContext, row: ScimUser, customerId: string, mapped: MappedCustomer, linking: boolean, warnings: string[]): Promise<UpdateOutcome> {
  let fields: MappedCustomer["fields"] = { ...mapped.fields };
  const addresses = mapped.address ? await addressesFor(context, customerId, mapped.address) : undefined;
  for (let round = 0; round < 2; round++) {
    const input = {
      id: customerId,
      ...fields,
      ...(addresses ? { addresses } : {}),
      metafields: metafieldInputs(mapped, row.active, linking ? row.id : null),
    };
    const { customerUpdate } = await context.shopify.call<{ customerUpdate: CustomerWriteResult }>(CUSTOMER_UPDATE, { input });
    const errors = customerUpdate.userErrors;
    if (errors.length === 0 && customerUpdate.customer) {
      if (mapped.clearedMetafields.length > 0) await clearMetafields(context, customerId, mapped.clearedMetafields);
      return { kind: "ok", customer: customerUpdate.customer };
    }
    if (errors.some((error) => error.field?.includes("id")) && notFound(errors)) return { kind: "gone" };
    if (phoneTaken(errors) && fields.phone) {
      warnings.push(`Phone number ${fields.phone} belongs to another Shopify customer; left out.`);
      const { phone: _dropped, ...rest } = fields;
      fields = rest;
      continue;
    }
    if (emailTaken(errors)) {
      throw new PermanentDeliveryError(`The email ${fields.email ?? ""} already belongs to another Shopify customer, so customer ${customerId} keeps its old email. Merge or remove the other customer in Shopify, then retry.`, customerId);
    }
    if (metafieldTaken(errors)) {
      throw new PermanentDeliveryError(`Customer ${customerId} cannot be linked: another customer already holds this person's SCIM id.`, customerId);
    }
    throw new PermanentDeliveryError(`Shopify refused the customer update: ${describeErrors(errors)}`, customerId);
  }
  throw new PermanentDeliveryError("Could not update the customer.", customerId);
}

async function lookup(context: DeliveryContext, scimId: string, email: string | null | undefined): Promise<LookupResult> {
  if (email) return context.shopify.call<LookupResult>(LOOKUP_BY_SCIM_ID_AND_EMAIL, { customId: customId(scimId), email });
  return context.shopify.call<LookupResult>(LOOKUP_BY_SCIM_ID, { customId: customId(scimId) });
}

/** A customer found by email may already be another SCIM user's: never link one customer twice. */
async function linkConflict(context: DeliveryContext, row: ScimUser, candidate: ScimCustomer): Promise<string | null> {
  const other = await context.prisma.scimUser.findFirst({
    where: {
      shopId: row.shopId,
      id: { not: row.id },
      OR: [{ customerId: candidate.id }, ...(candidate.scimId?.value ? [{ id: candidate.scimId.value }] : [])],
    },
    select: { userName: true },
  });
  return other ? other.userName : null;
}

function summary(verb: string, customerId: string, marks: string[], warnings: string[]): string {
  const tagText = marks.length > 0 ? ` (tags ${marks.join(" ")})` : "";
  const warningText = warnings.length > 0 ? ` ${warnings.length} warning(s).` : "";
  return `${verb} customer ${customerId}${tagText}.${warningText}`;
}

/** Deactivation (active=false) and the shop's policy for it, on a customer that exists. */
async function applyDeactivation(context: DeliveryContext, customer: ScimCustomer, policy: DeactivationPolicy, notes: string[]): Promise<"deleted" | "marked"> {
  if (policy === "delete_if_possible") {
    if (customer.numberOfOrders === "0") {
      const { customerDelete } = await context.shopify.call<{ customerDelete: DeleteResult }>(CUSTOMER_DELETE, { id: customer.id });
      if (customerDelete.userErrors.length === 0) return "deleted";
      notes.push(`Shopify refused deletion (${describeErrors(customerDelete.userErrors)}); marked instead.`);
    } else {
      notes.push(`Customer has ${customer.numberOfOrders} order(s) and cannot be deleted; marked instead.`);
    }
  }
  if (policy === "mark_and_unsubscribe") {
    const state = customer.defaultEmailAddress?.marketingState;
    if (state === "SUBSCRIBED" || state === "PENDING") {
      const { customerEmailMarketingConsentUpdate: result } = await context.shopify.call<{ customerEmailMarketingConsentUpdate: ConsentResult }>(EMAIL_MARKETING_UNSUBSCRIBE, {
        input: { customerId: customer.id, emailMarketingConsent: { marketingState: "UNSUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" } },
      });
      if (result.userErrors.length > 0) notes.push(`Could not unsubscribe from email marketing: ${describeErrors(result.userErrors)}.`);
      else notes.push("Unsubscribed from email marketing.");
    }
  }
  return "marked";
}

/** The person exists in the directory: make Shopify match them. */
async function deliverPresentUser(context: DeliveryContext, row: ScimUser): Promise<DeliveryResult> {
  const { shop } = context;
  const now = new Date(context.now());
  const mapping = resolveMapping(shop.attributeMapping);
  // Prisma returns Json columns parsed, on SQLite and PostgreSQL alike.
  const attributes = row.attributes as Record<string, never>;
  const deletedInShopify = row.syncState === "unlinked" && row.customerId !== null;
  let customerId = deletedInShopify ? null : row.customerId;
  let changed = changedOf(context.group.events, row);
  const warnings: string[] = [];
  let mapped = mapUser(attributes, mapping, changed);
  warnings.push(...mapped.warnings);
  const tagging = mapTags(attributes, mapping);
  warnings.push(...tagging.warnings);
  const attributeTags = tagging.tags;

  if (deletedInShopify && shop.deletedCustomerPolicy === "report") {
    const message = `The linked customer ${row.customerId} was deleted in Shopify; not re-created (setting: report). Change the setting to re-create it.`;
    return { action: "reported", customerId: row.customerId, outcome: message, warnings, writes: userWrite(row, { customerId: row.customerId, syncState: "unlinked", lastError: message }, now) };
  }

  for (let round = 0; round < 3; round++) {
    let linking = false;
    let verb = "Updated";
    if (!customerId) {
      // Unlinked: our own SCIM id first (a customer we created before a crash), then the email.
      mapped = mapUser(attributes, mapping, "all");
      changed = "all";
      const found = await lookup(context, row.id, mapped.fields.email);
      if (found.byScimId) {
        customerId = found.byScimId.id;
        verb = deletedInShopify ? "Re-linked" : "Linked";
      } else if (found.byEmail) {
        const conflict = await linkConflict(context, row, found.byEmail);
        if (conflict) {
          throw new PermanentDeliveryError(`The customer with email ${mapped.fields.email} (${found.byEmail.id}) is already linked to SCIM user "${conflict}". One customer cannot stand for two people.`);
        }
        // Claim the customer in Shopify with a compare-and-set on its SCIM id, so two people
        // (or two workers) can never link the same customer at once.
        const { metafieldsSet } = await context.shopify.call<{ metafieldsSet: MetafieldsSetResult }>(METAFIELDS_SET, {
          metafields: [
            { ownerId: found.byEmail.id, namespace: SCIM_NAMESPACE, key: SCIM_ID_KEY, type: "single_line_text_field", value: row.id, compareDigest: found.byEmail.scimId?.compareDigest ?? null },
          ],
        });
        if (metafieldsSet.userErrors.length > 0) {
          if (round < 2) continue; // someone else claimed it meanwhile: look again
          throw new PermanentDeliveryError(`Could not link customer ${found.byEmail.id}: ${describeErrors(metafieldsSet.userErrors)}`);
        }
        customerId = found.byEmail.id;
        linking = true;
        verb = "Linked existing";
      } else if (!row.active) {
        const message = "Not created: the person is deactivated and no customer matches them.";
        return { action: "skipped", customerId: null, outcome: message, warnings, writes: userWrite(row, { customerId: null, syncState: "unlinked", lastError: null }, now) };
      } else if (!shop.allowCustomerCreation) {
        const message = `No matching customer${mapped.fields.email ? ` with email ${mapped.fields.email}` : ""}: this store only links existing customers (creating customers is off).`;
        return { action: "no_match", customerId: null, outcome: message, warnings, writes: userWrite(row, { customerId: null, syncState: "unlinked", lastError: message }, now) };
      } else {
        const created = await createCustomer(context, row, mapped, attributeTags, warnings);
        if (created.userErrors.length > 0 || !created.customer) {
          // Someone took the email or our SCIM id between lookup and create: look again and link.
          if ((emailTaken(created.userErrors) || metafieldTaken(created.userErrors)) && round < 2) continue;
          throw new PermanentDeliveryError(`Shopify refused to create the customer: ${describeErrors(created.userErrors)}`);
        }
        const customer = created.customer;
        const action = deletedInShopify ? "recreated" : "created";
        return {
          action,
          customerId: customer.id,
          outcome: summary(deletedInShopify ? "Re-created deleted" : "Created", customer.id, [PROVISIONED_TAG, ...attributeTags].map((tag) => `+${tag}`), warnings),
          warnings,
          attributeTags,
          writes: userWrite(row, { customerId: customer.id, syncState: "synced", lastError: null, attributeTags }, now),
        };
      }
      if (linking || verb !== "Updated") mapped = mapUser(attributes, mapping, "all");
    }

    const updated = await updateCustomer(context, row, customerId, mapped, linking || verb !== "Updated", warnings);
    if (updated.kind === "gone") {
      // Deleted in Shopify without the webhook reaching us (or before it did).
      if (shop.deletedCustomerPolicy === "report") {
        const message = `The linked customer ${customerId} was deleted in Shopify; not re-created (setting: report).`;
        return { action: "reported", customerId, outcome: message, warnings, writes: userWrite(row, { customerId, syncState: "unlinked", lastError: message }, now) };
      }
      customerId = null;
      continue;
    }
    const customer = updated.customer;
    // A customer new to this person carries no attribute tags of theirs yet: take nothing off it.
    const previous = linking || verb !== "Updated" ? [] : storedTags(row.attributeTags);
    const marks = await applyMarks(context, customer, row.active, { wanted: attributeTags, previous });
    const notes: string[] = [];
    if (!row.active) {
      const result = await applyDeactivation(context, customer, shop.deactivationPolicy as DeactivationPolicy, notes);
      if (result === "deleted") {
        return {
          action: "deleted",
          customerId: customer.id,
          outcome: `Deleted customer ${customer.id} on deactivation (no orders; policy delete_if_possible).`,
          warnings,
          writes: userWrite(row, { customerId: null, syncState: "synced", lastError: null, attributeTags: [] }, now),
        };
      }
    }
    const action = verb.startsWith("Linked") || verb === "Re-linked" ? "linked" : !row.active ? "marked" : marks.includes(`-${DEACTIVATED_TAG}`) ? "unmarked" : "updated";
    const text = summary(row.active ? verb : `${verb} and marked deactivated`, customer.id, marks, warnings) + (notes.length ? ` ${notes.join(" ")}` : "");
    return {
      action,
      customerId: customer.id,
      outcome: text,
      warnings,
      attributeTags,
      writes: userWrite(row, { customerId: customer.id, syncState: "synced", lastError: null, attributeTags }, now),
    };
  }
  throw new PermanentDeliveryError("The customer kept disappearing while it was being linked; retry.");
}

/** SCIM DELETE: the row is gone; the shop's DELETE policy decides what happens to the customer. */
async function deliverDeletedUser(context: DeliveryContext, scimId: string): Promise<DeliveryResult> {
  const { shop } = context;
  const deleteEvent = [...context.group.events].reverse().find((event) => event.operation === "delete");
  let customerId = typeof payloadOf(deleteEvent ?? context.group.events[0]!).customerId === "string" ? (payloadOf(deleteEvent!).customerId as string) : null;
  let customer: ScimCustomer | null = null;
  if (customerId) {
    customer = (await context.shopify.call<{ customer: ScimCustomer | null }>(CUSTOMER_BY_ID, { id: customerId })).customer;
  } else {
    // Deleted before its link was recorded: a customer we created carries the SCIM id.
    customer = (await lookup(context, scimId, null)).byScimId;
    customerId = customer?.id ?? null;
  }
  if (!customer) {
    return { action: "skipped", customerId, outcome: customerId ? `Customer ${customerId} no longer exists in Shopify; nothing to do.` : "Deleted before a customer was linked; nothing to do in Shopify." };
  }
  const policy = shop.deletePolicy as DeletePolicy;
  if (policy === "unlink") {
    return { action: "unlinked", customerId: customer.id, outcome: `Unlinked customer ${customer.id}; left unchanged in Shopify (DELETE policy: unlink).` };
  }
  if (policy === "delete_if_possible" && customer.numberOfOrders === "0") {
    const { customerDelete } = await context.shopify.call<{ customerDelete: DeleteResult }>(CUSTOMER_DELETE, { id: customer.id });
    if (customerDelete.userErrors.length === 0) return { action: "deleted", customerId: customer.id, outcome: `Deleted customer ${customer.id} (DELETE policy: delete_if_possible; no orders).` };
  }
  // mark, request_erasure, and delete_if_possible for a customer with orders: mark first.
  const { customerUpdate } = await context.shopify.call<{ customerUpdate: CustomerWriteResult }>(CUSTOMER_UPDATE, {
    input: { id: customer.id, metafields: [{ namespace: SCIM_NAMESPACE, key: ACTIVE_KEY, type: "boolean", value: markers.activeMetafield.deactivatedValue }] },
  });
  if (customerUpdate.userErrors.length > 0) {
    if (notFound(customerUpdate.userErrors)) return { action: "skipped", customerId: customer.id, outcome: `Customer ${customer.id} no longer exists in Shopify; nothing to do.` };
    throw new PermanentDeliveryError(`Could not mark customer ${customer.id}: ${describeErrors(customerUpdate.userErrors)}`);
  }
  const marks = await applyMarks(context, customerUpdate.customer ?? customer, false);
  if (policy === "request_erasure") {
    // write_customer_data_erasure is an optional scope: use it only where the merchant granted it
    // (the offline session's scopes, kept current by app/scopes_update and the admin).
    if (!scopeListIncludes(await sessionScopes(context.prisma, shop.shopDomain), ERASURE_SCOPE)) {
      throw new PermanentDeliveryError(
        `Marked customer ${customer.id}, but did not request data erasure: this store has not granted the app the optional ${ERASURE_SCOPE} permission. Grant it under Storefront & checkout protection > Permissions (or choose another DELETE policy), then retry.`,
      );
    }
    let result: ErasureResult;
    try {
      result = (await context.shopify.call<{ customerRequestDataErasure: ErasureResult }>(CUSTOMER_REQUEST_ERASURE, { id: customer.id })).customerRequestDataErasure;
    } catch (error) {
      if (error instanceof ShopifyRequestError && !error.retryable && /access denied|write_customer_data_erasure/i.test(error.message)) {
        throw new PermanentDeliveryError(`Marked customer ${customer.id}, but could not request data erasure: the app lacks the write_customer_data_erasure scope. Add it to the app's scopes (or choose another DELETE policy), then retry.`);
      }
      throw error;
    }
    if (result.userErrors.length > 0) throw new PermanentDeliveryError(`Marked customer ${customer.id}, but Shopify refused data erasure: ${describeErrors(result.userErrors)}`);
    return { action: "erasure_requested", customerId: customer.id, outcome: `Marked customer ${customer.id} and requested erasure of their data (DELETE policy: request_erasure).` };
  }
  const why = policy === "delete_if_possible" ? ` (has ${customer.numberOfOrders} order(s), cannot be deleted)` : "";
  return { action: "marked", customerId: customer.id, outcome: `Marked customer ${customer.id} as deactivated after SCIM DELETE${why}${marks.length ? ` (tags ${marks.join(" ")})` : ""}.` };
}

async function deliverUser(context: DeliveryContext): Promise<DeliveryResult> {
  const scimId = context.group.resourceId;
  const row = await context.prisma.scimUser.findFirst({ where: { id: scimId, shopId: context.shop.id } });
  if (!row) return deliverDeletedUser(context, scimId);
  return deliverPresentUser(context, row);
}

const reportUserFailure: FailureReporter = async ({ prisma, shop, group }, failure) => {
  await prisma.scimUser.updateMany({
    where: { id: group.resourceId, shopId: shop.id },
    data: failure.permanent ? { syncState: "failed", lastError: failure.reason } : { lastError: failure.reason },
  });
};

export const userHandler: HandlerEntry = {
  deliver: deliverUser,
  prepare: ensureMetafieldDefinitions,
  reportFailure: reportUserFailure,
  initialCost: 30,
};

