import { GraphQLError } from "graphql";
import { notImplemented, type Args, type ResolverContext } from "../graphql/execute";
import type { CustomerRecord, ShopState } from "../state";
import { paginateSorted, valueOrdering, type Ordering, type PageArgs } from "./connection";
import { customerDisplayName } from "./customer-type";
import { normalizeEmail, normalizePhone } from "./customer-input";
import { compileCustomerSearch } from "./customer-search";
import { idOf } from "./gid";
import { findCustomerByUniqueValue, findDefinition, resolveNamespace } from "./metafields";

// QueryRoot.customer, customerByIdentifier, customers and customersCount.

interface UniqueMetafieldValue {
  namespace?: string | null;
  key: string;
  value: string;
}

export function findCustomerByCustomId(shop: ShopState, customId: UniqueMetafieldValue, appNamespace: string): CustomerRecord | undefined {
  const namespace = resolveNamespace(customId.namespace, appNamespace);
  return findCustomerByUniqueValue(shop, namespace, customId.key, customId.value);
}

export function customIdDefinitionExists(shop: ShopState, customId: UniqueMetafieldValue, appNamespace: string): boolean {
  const namespace = resolveNamespace(customId.namespace, appNamespace);
  return findDefinition(shop, "CUSTOMER", namespace, customId.key)?.uniqueValues === true;
}

export function customer(_root: unknown, args: Args, context: ResolverContext): CustomerRecord | null {
  const id = idOf(args.id, "Customer");
  return id === null ? null : context.shop.getCustomer(id) ?? null;
}

export function customerByIdentifier(_root: unknown, args: Args, context: ResolverContext): CustomerRecord | null {
  const identifier = args.identifier as { id?: string; emailAddress?: string; phoneNumber?: string; customId?: UniqueMetafieldValue };
  const shop = context.shop;
  if (identifier.id !== undefined) return customer(null, { id: identifier.id }, context);
  if (identifier.emailAddress !== undefined) return shop.findCustomerByEmail(normalizeEmail(identifier.emailAddress)) ?? null;
  if (identifier.phoneNumber !== undefined) {
    const phone = normalizePhone(identifier.phoneNumber);
    return phone === null ? null : shop.findCustomerByPhone(phone) ?? null;
  }
  if (identifier.customId) {
    if (!customIdDefinitionExists(shop, identifier.customId, context.appNamespace)) {
      throw new GraphQLError("Metafield definition of type 'id' or with unique values enabled is required to use as a custom id.");
    }
    return findCustomerByCustomId(shop, identifier.customId, context.appNamespace) ?? null;
  }
  return null;
}

type SortKey = "CREATED_AT" | "ID" | "LOCATION" | "NAME" | "RELEVANCE" | "UPDATED_AT";

function orderingFor(sortKey: SortKey, reverse: boolean): Ordering<CustomerRecord> {
  // Without a relevance model the twin ranks by id, which is also Shopify's order for a blank query.
  const valueOf: Record<Exclude<SortKey, "LOCATION">, ((customer: CustomerRecord) => string) | null> = {
    ID: null,
    RELEVANCE: null,
    CREATED_AT: (customer) => customer.createdAt,
    UPDATED_AT: (customer) => customer.updatedAt,
    NAME: (customer) => customerDisplayName(customer).toLowerCase(),
  };
  if (sortKey === "LOCATION") throw notImplemented("customers(sortKey: LOCATION)");
  return valueOrdering(valueOf[sortKey], reverse);
}

function searchCustomers(context: ResolverContext, query: unknown, path: ReadonlyArray<string | number>): CustomerRecord[] {
  const search = compileCustomerSearch(typeof query === "string" ? query : null, context.clock.now());
  if (search.warnings.length > 0) context.searchWarnings.push({ path, query: String(query), warnings: search.warnings });
  return [...context.shop.customers.values()].filter((candidate) => search.matches(candidate));
}

export function customers(_root: unknown, args: Args, context: ResolverContext, info: { path: { key: string | number } }) {
  const ordering = orderingFor((args.sortKey as SortKey | undefined) ?? "ID", args.reverse === true);
  return paginateSorted(searchCustomers(context, args.query, [info.path.key]), args as PageArgs, ordering, (record) => record);
}

export function customersCount(_root: unknown, args: Args, context: ResolverContext, info: { path: { key: string | number } }) {
  const count = searchCustomers(context, args.query, [info.path.key]).length;
  const limit = args.limit as number | null;
  if (limit !== null && count > limit) return { count: limit, precision: "AT_LEAST" };
  return { count, precision: "EXACT" };
}
