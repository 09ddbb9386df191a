import { GraphQLError } from "graphql";
import { notImplemented, type Args, type ResolverContext } from "../graphql/execute";
import type { CustomerRecord, ShopState } from "../state";
import { compareValues, paginate, type Ordering, type PageArgs } from "./connection";
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
  const valueOf: Record<Exclude<SortKey, "LOCATION">, (customer: CustomerRecord) => string | number> = {
    ID: (customer) => String(customer.id),
    // Without a relevance model the twin ranks by id, which is also Shopify's order for a blank query.
    RELEVANCE: (customer) => String(customer.id),
    CREATED_AT: (customer) => customer.createdAt,
    UPDATED_AT: (customer) => customer.updatedAt,
    NAME: (customer) => customerDisplayName(customer).toLowerCase(),
  };
  if (sortKey === "LOCATION") throw notImplemented("customers(sortKey: LOCATION)");
  const value = valueOf[sortKey];
  const numericId = sortKey === "ID" || sortKey === "RELEVANCE";
  return {
    keyOf: (customer) => ({ id: customer.id, value: value(customer) }),
    compare: (a, b) => {
      const order = numericId ? a.id - b.id : compareValues(a.value, b.value) || a.id - b.id;
      return reverse ? -order : order;
    },
  };
}

function searchCustomers(context: ResolverContext, query: unknown, path: ReadonlyArray<string | number>): CustomerRecord[] {
  const search = compileCustomerSearch(typeof query === "string" ? query : null, context.clock.now());
  if (search.warnings.length > 0) context.searchWarnings.push({ path, query: String(query), warnings: search.warnings });
  return [...context.shop.customers.values()].filter((candidate) => search.matches(candidate));
}

export function customers(_root: unknown, args: Args, context: ResolverContext, info: { path: { key: string | number } }) {
  const ordering = orderingFor((args.sortKey as SortKey | undefined) ?? "ID", args.reverse === true);
  const matched = searchCustomers(context, args.query, [info.path.key]);
  const ordered = matched.sort((a, b) => ordering.compare(ordering.keyOf(a), ordering.keyOf(b)));
  return paginate(ordered, args as PageArgs, ordering, (record) => record);
}

export function customersCount(_root: unknown, args: Args, context: ResolverContext, info: { path: { key: string | number } }) {
  const count = searchCustomers(context, args.query, [info.path.key]).length;
  const limit = args.limit as number | null;
  if (limit !== null && count > limit) return { count: limit, precision: "AT_LEAST" };
  return { count, precision: "EXACT" };
}
