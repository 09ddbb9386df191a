import { createHash } from "node:crypto";
import { isoSeconds } from "../clock";
import { accessDenied, asEntity, notImplemented, typeResolvers, type ResolverContext } from "../graphql/execute";
import type { CustomerRecord, MetafieldDefinitionRecord, MetafieldRecord, ShopState, ValidationRecord } from "../state";
import { idOrdering, paginate, type PageArgs } from "./connection";
import { parseGid, toGid } from "./gid";
import { compareDigestOf, METAFIELD_TYPES } from "./metafield-types";

// metafieldsSet, metafieldsDelete, metafieldDefinitionCreate and the Metafield/MetafieldDefinition
// types, for the owners the twin models: customers and validations (definitions: customers only).

export const MAX_METAFIELDS_PER_SET = 25;

/** Shopify app ids are numeric; derive a stable one per app so `$app` namespaces look real. */
export function appNamespaceFor(appKey: string): string {
  const hash = Number.parseInt(createHash("sha256").update(appKey).digest("hex").slice(0, 12), 16);
  return `app--${1_000_000 + (hash % 9_000_000)}`;
}

/** Omitted namespace and `$app` mean the calling app's reserved namespace; `$app:x` a sub-namespace. */
export function resolveNamespace(namespace: string | null | undefined, appNamespace: string): string {
  if (namespace === null || namespace === undefined || namespace === "$app") return appNamespace;
  if (namespace.startsWith("$app:")) return `${appNamespace}--${namespace.slice("$app:".length)}`;
  return namespace;
}

export type MetafieldOwnerType = "CUSTOMER" | "VALIDATION";

/** Anything that holds metafields. */
export interface MetafieldOwner {
  id: number;
  metafields: MetafieldRecord[];
}

export interface MetafieldView {
  metafield: MetafieldRecord;
  owner: CustomerRecord | ValidationRecord;
  /** Absent means CUSTOMER. */
  ownerType?: MetafieldOwnerType;
}

const OWNER_TYPENAMES: Record<MetafieldOwnerType, string> = { CUSTOMER: "Customer", VALIDATION: "Validation" };

export function findDefinition(shop: ShopState, ownerType: string, namespace: string, key: string): MetafieldDefinitionRecord | undefined {
  return shop.record.metafieldDefinitions.find((definition) => definition.ownerType === ownerType && definition.namespace === namespace && definition.key === key);
}

/** The customer holding a value of a unique-values metafield, if any. */
export function findCustomerByUniqueValue(shop: ShopState, namespace: string, key: string, value: string): CustomerRecord | undefined {
  for (const customer of shop.customers.values()) {
    if (customer.metafields.some((field) => field.namespace === namespace && field.key === key && field.value === value)) return customer;
  }
  return undefined;
}

export interface MetafieldEntry {
  namespace?: string | null;
  key?: string | null;
  type?: string | null;
  value?: string | null;
  compareDigest?: string | null;
}

export interface MetafieldProblem {
  index: number;
  field: string;
  message: string;
  code: string;
}

export interface PlannedWrite {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

function keyProblem(label: string, value: string, min: number, max: number): { message: string; code: string } | null {
  if (value.length < min) return { message: `${label} is too short (minimum is ${min} characters)`, code: "TOO_SHORT" };
  if (value.length > max) return { message: `${label} is too long (maximum is ${max} characters)`, code: "TOO_LONG" };
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return { message: `${label} contains one or more invalid characters.`, code: "INVALID" };
  return null;
}

/**
 * Validates metafield writes for one owner (null: an owner about to be created) without changing
 * anything, so callers can stay atomic. `claimed` carries unique values taken earlier in the
 * same request.
 */
export function planMetafieldWrite(
  context: ResolverContext,
  owner: MetafieldOwner | null,
  entry: MetafieldEntry,
  index: number,
  claimed: Map<string, number | null>,
  ownerType: MetafieldOwnerType = "CUSTOMER",
): { write: PlannedWrite | null; problems: MetafieldProblem[] } {
  const problems: MetafieldProblem[] = [];
  const fail = (field: string, message: string, code: string) => problems.push({ index, field, message, code });
  const key = entry.key ?? "";
  const namespace = resolveNamespace(entry.namespace, context.appNamespace);
  const keyIssue = keyProblem("Key", key, 2, 64);
  if (keyIssue) fail("key", keyIssue.message, keyIssue.code);
  const namespaceIssue = keyProblem("Namespace", namespace, 3, 255);
  if (namespaceIssue) fail("namespace", namespaceIssue.message, namespaceIssue.code);
  if (namespace.startsWith("app--") && namespace !== context.appNamespace && !namespace.startsWith(`${context.appNamespace}--`)) {
    fail("namespace", "Access to this namespace and key on Metafields for this resource type is not allowed.", "APP_NOT_AUTHORIZED");
  }
  if (problems.length > 0) return { write: null, problems };

  const definition = findDefinition(context.shop, ownerType, namespace, key);
  const existing = owner?.metafields.find((field) => field.namespace === namespace && field.key === key);
  const type = definition?.type ?? entry.type ?? existing?.type;
  if (!type) fail("type", "Type can't be blank", "BLANK");
  else if (definition && entry.type && entry.type !== definition.type) fail("type", `Type must be ${definition.type} to match the definition`, "INVALID_TYPE");
  else if (!METAFIELD_TYPES[type]) fail("type", `Type ${type} is not a supported metafield type`, "INVALID_TYPE");
  const value = entry.value ?? "";
  if (entry.value === null || entry.value === undefined || value === "") fail("value", "Value can't be blank", "BLANK");
  else if (type && METAFIELD_TYPES[type]) {
    const valueIssue = METAFIELD_TYPES[type].problem(value);
    if (valueIssue) fail("value", valueIssue, "INVALID_VALUE");
  }
  if ("compareDigest" in entry) {
    const current = existing ? compareDigestOf(existing.type, existing.value) : null;
    if ((entry.compareDigest ?? null) !== current) {
      fail("compareDigest", "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.", "STALE_OBJECT");
    }
  }
  if (problems.length === 0 && type && definition?.uniqueValues) {
    const claimKey = `${namespace}\u0000${key}\u0000${value}`;
    const holder = findCustomerByUniqueValue(context.shop, namespace, key, value);
    const claimedBy = claimed.get(claimKey);
    const ownerId = owner?.id ?? null;
    if ((holder && holder.id !== ownerId) || (claimed.has(claimKey) && claimedBy !== ownerId)) {
      fail("value", "Value has already been taken", "TAKEN");
    } else {
      claimed.set(claimKey, ownerId);
    }
  }
  return problems.length > 0 || !type ? { write: null, problems } : { write: { namespace, key, type, value }, problems };
}

export function applyMetafieldWrite(context: ResolverContext, owner: MetafieldOwner, write: PlannedWrite): MetafieldRecord {
  const now = isoSeconds(context.clock.now());
  const existing = owner.metafields.find((field) => field.namespace === write.namespace && field.key === write.key);
  if (existing) {
    if (existing.value !== write.value || existing.type !== write.type) existing.updatedAt = now;
    existing.value = write.value;
    existing.type = write.type;
    return existing;
  }
  const created: MetafieldRecord = { id: context.state.nextId("metafield"), ...write, createdAt: now, updatedAt: now };
  owner.metafields.push(created);
  return created;
}

interface MetafieldsSetEntry extends MetafieldEntry {
  ownerId: string;
}

export function metafieldsSet(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  const entries = args.metafields as MetafieldsSetEntry[];
  if (entries.length > MAX_METAFIELDS_PER_SET) {
    return {
      metafields: [],
      userErrors: [{ field: ["metafields"], message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`, code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }],
    };
  }
  const claimed = new Map<string, number | null>();
  const planned: Array<{ owner: CustomerRecord | ValidationRecord; ownerType: MetafieldOwnerType; write: PlannedWrite }> = [];
  const userErrors: Array<{ field: string[]; message: string; code: string; elementIndex: null }> = [];
  entries.forEach((entry, index) => {
    const resolved = resolveOwner(context, "metafieldsSet", entry.ownerId);
    if (!resolved.owner) {
      userErrors.push({ field: ["metafields", String(index), "ownerId"], message: "Owner does not exist", code: "INVALID", elementIndex: null });
      return;
    }
    const { owner, ownerType } = resolved;
    const { write, problems } = planMetafieldWrite(context, owner, entry, index, claimed, ownerType);
    for (const problem of problems) {
      userErrors.push({ field: ["metafields", String(index), problem.field], message: problem.message, code: problem.code, elementIndex: null });
    }
    if (write) planned.push({ owner, ownerType, write });
  });
  if (userErrors.length > 0) return { metafields: [], userErrors };
  const metafields = planned.map(({ owner, ownerType, write }): MetafieldView => ({ metafield: applyMetafieldWrite(context, owner, write), owner, ownerType }));
  context.state.changed();
  return { metafields, userErrors };
}

/**
 * The owner a metafield mutation names, after the owner resource's own scope check (the schema
 * leaves metafield mutations to the resource): customers need write_customers, validations
 * write_validations. Other owner types are not modelled.
 */
function resolveOwner(
  context: ResolverContext,
  fieldName: string,
  ownerId: string,
): { owner: CustomerRecord | ValidationRecord | undefined; ownerType: MetafieldOwnerType } {
  const gid = parseGid(ownerId);
  if (gid && gid.typeName === "Validation") {
    if (!context.granted.has("write_validations")) throw accessDenied(fieldName, "`write_validations` access scope.");
    return { owner: context.shop.record.validations.find((validation) => validation.id === gid.id), ownerType: "VALIDATION" };
  }
  if (gid && gid.typeName !== "Customer") throw notImplemented(`${fieldName} for ${gid.typeName} owners`);
  if (!context.granted.has("write_customers")) throw accessDenied(fieldName, "`write_customers` access scope.");
  return { owner: gid ? context.shop.getCustomer(gid.id) : undefined, ownerType: "CUSTOMER" };
}

interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

/** metafieldsDelete: null for an identifier that matches nothing (Shopify still succeeds). */
export function metafieldsDelete(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  const identifiers = args.metafields as MetafieldIdentifierInput[];
  let changed = false;
  const deletedMetafields = identifiers.map((identifier) => {
    const { owner } = resolveOwner(context, "metafieldsDelete", identifier.ownerId);
    const namespace = resolveNamespace(identifier.namespace, context.appNamespace);
    const index = owner ? owner.metafields.findIndex((field) => field.namespace === namespace && field.key === identifier.key) : -1;
    if (!owner || index < 0) return null;
    owner.metafields.splice(index, 1);
    changed = true;
    return { ownerId: identifier.ownerId, namespace, key: identifier.key };
  });
  if (changed) context.state.changed();
  return { deletedMetafields, userErrors: [] };
}

interface DefinitionInput {
  name: string;
  namespace?: string | null;
  key: string;
  type: string;
  ownerType: string;
  description?: string | null;
  capabilities?: { uniqueValues?: { enabled: boolean } | null } | null;
  access?: { admin?: string | null; storefront?: string | null; customerAccount?: string | null } | null;
}

export function metafieldDefinitionCreate(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  const input = args.definition as DefinitionInput;
  if (input.ownerType !== "CUSTOMER") throw notImplemented(`metafieldDefinitionCreate for ownerType ${input.ownerType}`);
  if (!context.granted.has("write_customers")) throw accessDenied("metafieldDefinitionCreate", "`write_customers` access scope.");
  const namespace = resolveNamespace(input.namespace, context.appNamespace);
  const userErrors: Array<{ field: string[]; message: string; code: string; elementIndex: null; elementKey: null }> = [];
  const fail = (field: string, message: string, code: string) =>
    userErrors.push({ field: ["definition", field], message, code, elementIndex: null, elementKey: null });
  if (!input.name.trim()) fail("name", "Name can't be blank", "BLANK");
  const keyIssue = keyProblem("Key", input.key, 2, 64);
  if (keyIssue) fail("key", keyIssue.message, keyIssue.code);
  const namespaceIssue = keyProblem("Namespace", namespace, 3, 255);
  if (namespaceIssue) fail("namespace", namespaceIssue.message, namespaceIssue.code);
  const typeSpec = METAFIELD_TYPES[input.type];
  if (!typeSpec) fail("type", `Type ${input.type} is not a supported metafield type`, "INCLUSION");
  const uniqueValues = input.capabilities?.uniqueValues?.enabled === true;
  if (uniqueValues && typeSpec && !typeSpec.uniqueValuesEligible) {
    fail("capabilities", `The unique values capability is not supported for the ${input.type} type.`, "INVALID_CAPABILITY");
  }
  const isAppNamespace = namespace.startsWith("app--");
  if (input.access?.admin && !isAppNamespace) fail("access", "Admin access can only be specified for app-reserved namespaces.", "ADMIN_ACCESS_INPUT_NOT_ALLOWED");
  if (findDefinition(context.shop, input.ownerType, namespace, input.key)) {
    fail("key", `Key is in use for Customer metafields on the '${namespace}' namespace.`, "TAKEN");
  }
  if (userErrors.length > 0) return { createdDefinition: null, userErrors };
  const definition: MetafieldDefinitionRecord = {
    id: context.state.nextId("metafieldDefinition"),
    name: input.name.trim(),
    namespace,
    key: input.key,
    type: input.type,
    ownerType: input.ownerType,
    description: input.description ?? null,
    uniqueValues,
    adminAccess: input.access?.admin ?? null,
    storefrontAccess: input.access?.storefront ?? "NONE",
    customerAccountAccess: input.access?.customerAccount ?? "NONE",
    createdAt: isoSeconds(context.clock.now()),
  };
  context.shop.record.metafieldDefinitions.push(definition);
  context.state.changed();
  return { createdDefinition: definition, userErrors };
}

export function customerMetafield(customer: CustomerRecord, args: Record<string, unknown>, context: ResolverContext): MetafieldView | null {
  return ownerMetafield(customer, "CUSTOMER", args, context);
}

export function customerMetafields(customer: CustomerRecord, args: Record<string, unknown>, context: ResolverContext) {
  return ownerMetafields(customer, "CUSTOMER", args, context);
}

/** `metafield(namespace, key)` on any modelled owner. */
export function ownerMetafield(
  owner: CustomerRecord | ValidationRecord,
  ownerType: MetafieldOwnerType,
  args: Record<string, unknown>,
  context: ResolverContext,
): MetafieldView | null {
  const namespace = resolveNamespace(args.namespace as string | null | undefined, context.appNamespace);
  const metafield = owner.metafields.find((field) => field.namespace === namespace && field.key === args.key);
  return metafield ? { metafield, owner, ownerType } : null;
}

/** `metafields(first…, namespace, keys)` on any modelled owner. */
export function ownerMetafields(owner: CustomerRecord | ValidationRecord, ownerType: MetafieldOwnerType, args: Record<string, unknown>, context: ResolverContext) {
  const namespace = args.namespace == null ? null : resolveNamespace(args.namespace as string, context.appNamespace);
  const keys = (args.keys as string[] | null | undefined)?.map((entry) => {
    const separator = entry.lastIndexOf(".");
    return `${resolveNamespace(entry.slice(0, separator), context.appNamespace)}.${entry.slice(separator + 1)}`;
  });
  const selected = owner.metafields
    .filter((field) => namespace === null || field.namespace === namespace)
    .filter((field) => !keys || keys.includes(`${field.namespace}.${field.key}`))
    .sort((a, b) => a.id - b.id);
  const ordered = args.reverse === true ? selected.reverse() : selected;
  return paginate(ordered, args as PageArgs, idOrdering<MetafieldRecord>(args.reverse === true), (metafield): MetafieldView => ({ metafield, owner, ownerType }));
}

export const metafieldResolvers = typeResolvers<MetafieldView>({
  id: ({ metafield }) => toGid("Metafield", metafield.id),
  legacyResourceId: ({ metafield }) => String(metafield.id),
  namespace: ({ metafield }) => metafield.namespace,
  key: ({ metafield }) => metafield.key,
  type: ({ metafield }) => metafield.type,
  value: ({ metafield }) => metafield.value,
  jsonValue: ({ metafield }) => METAFIELD_TYPES[metafield.type]?.json(metafield.value) ?? metafield.value,
  compareDigest: ({ metafield }) => compareDigestOf(metafield.type, metafield.value),
  createdAt: ({ metafield }) => metafield.createdAt,
  updatedAt: ({ metafield }) => metafield.updatedAt,
  ownerType: ({ ownerType }) => ownerType ?? "CUSTOMER",
  owner: ({ owner, ownerType }) => asEntity(OWNER_TYPENAMES[ownerType ?? "CUSTOMER"], owner),
  sizeInBytes: ({ metafield }) => Buffer.byteLength(metafield.value),
  definition: ({ metafield, ownerType }, _args, context) => findDefinition(context.shop, ownerType ?? "CUSTOMER", metafield.namespace, metafield.key) ?? null,
});

function countValues(shop: ShopState, definition: MetafieldDefinitionRecord): number {
  let count = 0;
  for (const customer of shop.customers.values()) {
    if (customer.metafields.some((field) => field.namespace === definition.namespace && field.key === definition.key)) count += 1;
  }
  return count;
}

export const metafieldDefinitionResolvers = typeResolvers<MetafieldDefinitionRecord>({
  id: (definition) => toGid("MetafieldDefinition", definition.id),
  name: (definition) => definition.name,
  namespace: (definition) => definition.namespace,
  key: (definition) => definition.key,
  description: (definition) => definition.description,
  ownerType: (definition) => definition.ownerType,
  type: (definition) => ({ name: definition.type, category: METAFIELD_TYPES[definition.type]?.category ?? "TEXT" }),
  capabilities: (definition) => ({
    uniqueValues: { enabled: definition.uniqueValues, eligible: METAFIELD_TYPES[definition.type]?.uniqueValuesEligible ?? false },
  }),
  access: (definition) => ({
    admin: definition.adminAccess,
    storefront: definition.storefrontAccess,
    customerAccount: definition.customerAccountAccess,
  }),
  metafieldsCount: (definition, _args, context) => countValues(context.shop, definition),
  pinnedPosition: () => null,
  validations: () => [],
  validationStatus: () => "ALL_VALID",
});
