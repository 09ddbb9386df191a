import { responsePathAsArray, type GraphQLResolveInfo } from "graphql";
import { notImplemented, typeResolvers, type Args, type ResolverContext } from "../graphql/execute";
import type { CompanyContactRecord, CompanyContactRoleRecord, CompanyLocationRecord, CompanyRecord, RoleAssignmentRecord } from "../b2b-state";
import type { ShopState } from "../state";
import { idOrdering, paginateSorted, valueOrdering, type PageArgs } from "./connection";
import { customerDisplayName } from "./customer-type";
import { idOf, toGid } from "./gid";
import { defaultRoleOf } from "./b2b-mutations";
import { compareTime, compileSearch, idMatcher, matchesTokenized, tokensOf, type SearchFields, type Term } from "./search-syntax";

// B2B reads: QueryRoot.companies / company / companiesCount / companyLocations / companyLocation /
// companyContact / companyContactRole, the Company, CompanyLocation, CompanyContact,
// CompanyContactRole and CompanyContactRoleAssignment types, and Customer.companyContactProfiles.
// Searches use the fields the 2026-10 schema documents for each `query` argument.

const exact = (count: number) => ({ count, precision: "EXACT" });

function byName(text: string | null, term: Term): boolean {
  if (!text) return false;
  const value = term.value.toLowerCase().replace(/\*$/, "");
  return !value || tokensOf(text).some((token) => token.startsWith(value));
}

function warnOn(context: ResolverContext, info: GraphQLResolveInfo, query: unknown, warnings: Array<{ field: string; message: string }>) {
  if (warnings.length > 0) context.searchWarnings.push({ path: responsePathAsArray(info.path), query: String(query), warnings });
}

function search<T>(items: T[], fields: SearchFields<T>, args: Args, context: ResolverContext, info: GraphQLResolveInfo): T[] {
  const compiled = compileSearch(typeof args.query === "string" ? args.query : null, fields, context.clock.now());
  warnOn(context, info, args.query, compiled.warnings);
  return items.filter((item) => compiled.matches(item));
}

function sortKeyValue<T extends { id: number }>(
  sortKey: unknown,
  values: Record<string, ((item: T) => string | number) | null>,
  where: string,
): ((item: T) => string | number) | null {
  const key = (sortKey as string | undefined) ?? "ID";
  if (!(key in values)) throw notImplemented(`${where}(sortKey: ${key})`);
  return values[key]!;
}

// ---- companies ------------------------------------------------------------------------------

const COMPANY_SEARCH: SearchFields<CompanyRecord> = {
  fields: {
    name: (company, term) => matchesTokenized(company.name, term),
    external_id: (company, term) => company.externalId !== null && company.externalId.toLowerCase() === term.value.toLowerCase(),
    id: idMatcher((company) => company.id),
    created_at: (company, term, nowMs) => compareTime(company.createdAt, term, nowMs),
    updated_at: (company, term, nowMs) => compareTime(company.updatedAt, term, nowMs),
    since_date: (company, term, nowMs) => compareTime(company.customerSince, term, nowMs),
  },
  freeText: (company, term) => byName(company.name, term) || byName(company.externalId, term),
  unmodelled: ["active_customers_count", "ordering_status"],
};

const COMPANY_SORT: Record<string, ((company: CompanyRecord) => string | number) | null> = {
  ID: null,
  NAME: (company) => company.name.toLowerCase(),
  CREATED_AT: (company) => company.createdAt,
  UPDATED_AT: (company) => company.updatedAt,
  SINCE_DATE: (company) => company.customerSince,
};

export function companies(_root: unknown, args: Args, context: ResolverContext, info: GraphQLResolveInfo) {
  const matched = search([...context.shop.b2b.companies.values()], COMPANY_SEARCH, args, context, info);
  const ordering = valueOrdering(sortKeyValue(args.sortKey, COMPANY_SORT, "companies"), args.reverse === true);
  return paginateSorted(matched, args as PageArgs, ordering, (company) => company);
}

export function companiesCount(_root: unknown, args: Args, context: ResolverContext) {
  const count = context.shop.b2b.companies.size;
  const limit = args.limit as number | null;
  return limit !== null && count > limit ? { count: limit, precision: "AT_LEAST" } : exact(count);
}

function lookup<T>(map: Map<number, T>, id: unknown, typeName: string): T | null {
  const numeric = idOf(id, typeName);
  return numeric === null ? null : map.get(numeric) ?? null;
}

export function company(_root: unknown, args: Args, context: ResolverContext) {
  return lookup(context.shop.b2b.companies, args.id, "Company");
}

export function companyLocation(_root: unknown, args: Args, context: ResolverContext) {
  return lookup(context.shop.b2b.locations, args.id, "CompanyLocation");
}

export function companyContact(_root: unknown, args: Args, context: ResolverContext) {
  return lookup(context.shop.b2b.contacts, args.id, "CompanyContact");
}

export function companyContactRole(_root: unknown, args: Args, context: ResolverContext) {
  return lookup(context.shop.b2b.roles, args.id, "CompanyContactRole");
}

// ---- locations ------------------------------------------------------------------------------

function locationSearch(shop: ShopState): SearchFields<CompanyLocationRecord> {
  return {
    fields: {
      name: (location, term) => matchesTokenized(location.name, term),
      external_id: (location, term) => location.externalId !== null && location.externalId.toLowerCase() === term.value.toLowerCase(),
      id: idMatcher((location) => location.id),
      company_id: idMatcher((location) => location.companyId),
      created_at: (location, term, nowMs) => compareTime(location.createdAt, term, nowMs),
      updated_at: (location, term, nowMs) => compareTime(location.updatedAt, term, nowMs),
    },
    freeText: (location, term) => byName(location.name, term) || byName(shop.b2b.companies.get(location.companyId)?.name ?? null, term),
    unmodelled: ["ids"],
  };
}

function locationSort(shop: ShopState): Record<string, ((location: CompanyLocationRecord) => string | number) | null> {
  return {
    ID: null,
    RELEVANCE: null,
    NAME: (location) => location.name.toLowerCase(),
    CREATED_AT: (location) => location.createdAt,
    UPDATED_AT: (location) => location.updatedAt,
    COMPANY_ID: (location) => location.companyId,
    COMPANY_AND_LOCATION_NAME: (location) => `${shop.b2b.companies.get(location.companyId)?.name ?? ""} ${location.name}`.toLowerCase(),
  };
}

function locationConnection(locations: CompanyLocationRecord[], args: Args, context: ResolverContext, info: GraphQLResolveInfo) {
  const matched = search(locations, locationSearch(context.shop), args, context, info);
  const ordering = valueOrdering(sortKeyValue(args.sortKey, locationSort(context.shop), "companyLocations"), args.reverse === true);
  return paginateSorted(matched, args as PageArgs, ordering, (location) => location);
}

export function companyLocations(_root: unknown, args: Args, context: ResolverContext, info: GraphQLResolveInfo) {
  return locationConnection([...context.shop.b2b.locations.values()], args, context, info);
}

// ---- contacts and role assignments -----------------------------------------------------------

function contactSearch(shop: ShopState): SearchFields<CompanyContactRecord> {
  const customerOf = (contact: CompanyContactRecord) => shop.getCustomer(contact.customerId);
  const assignments = (contact: CompanyContactRecord) => shop.b2b.assignmentsOfContact(contact.id);
  return {
    fields: {
      email: (contact, term) => matchesTokenized(customerOf(contact)?.email ?? null, term),
      name: (contact, term) => {
        const customer = customerOf(contact);
        return customer ? matchesTokenized(customerDisplayName(customer), term) : false;
      },
      id: idMatcher((contact) => contact.id),
      company_id: idMatcher((contact) => contact.companyId),
      company_location_id: (contact, term) => assignments(contact).some((assignment) => idMatcher<RoleAssignmentRecord>((a) => a.locationId)(assignment, term, 0)),
      role_name: (contact, term) => assignments(contact).some((assignment) => matchesTokenized(shop.b2b.roles.get(assignment.roleId)?.name ?? null, term)),
      created_at: (contact, term, nowMs) => compareTime(contact.createdAt, term, nowMs),
      updated_at: (contact, term, nowMs) => compareTime(contact.updatedAt, term, nowMs),
    },
    freeText: (contact, term) => {
      const customer = customerOf(contact);
      return !!customer && (byName(customerDisplayName(customer), term) || byName(customer.email, term));
    },
    unmodelled: ["location_name", "status"],
  };
}

function contactSort(shop: ShopState): Record<string, ((contact: CompanyContactRecord) => string | number) | null> {
  const customerOf = (contact: CompanyContactRecord) => shop.getCustomer(contact.customerId);
  const name = (contact: CompanyContactRecord) => {
    const customer = customerOf(contact);
    return customer ? customerDisplayName(customer).toLowerCase() : "";
  };
  return {
    ID: null,
    RELEVANCE: null,
    CREATED_AT: (contact) => contact.createdAt,
    UPDATED_AT: (contact) => contact.updatedAt,
    COMPANY_ID: (contact) => contact.companyId,
    EMAIL: (contact) => customerOf(contact)?.email ?? "",
    NAME: name,
    NAME_EMAIL: (contact) => `${name(contact)} ${customerOf(contact)?.email ?? ""}`,
    TITLE: (contact) => contact.title?.toLowerCase() ?? "",
  };
}

function assignmentSearch(shop: ShopState): SearchFields<RoleAssignmentRecord> {
  const roleName = (assignment: RoleAssignmentRecord) => shop.b2b.roles.get(assignment.roleId)?.name ?? null;
  const locationName = (assignment: RoleAssignmentRecord) => shop.b2b.locations.get(assignment.locationId)?.name ?? null;
  return {
    fields: {
      id: idMatcher((assignment) => assignment.id),
      company_contact_id: idMatcher((assignment) => assignment.contactId),
      company_contact_role_id: idMatcher((assignment) => assignment.roleId),
      company_id: idMatcher((assignment) => assignment.companyId),
      company_location_id: idMatcher((assignment) => assignment.locationId),
      location_name: (assignment, term) => matchesTokenized(locationName(assignment), term),
      role_name: (assignment, term) => matchesTokenized(roleName(assignment), term),
      created_at: (assignment, term, nowMs) => compareTime(assignment.createdAt, term, nowMs),
      updated_at: (assignment, term, nowMs) => compareTime(assignment.updatedAt, term, nowMs),
    },
    freeText: (assignment, term) => byName(roleName(assignment), term) || byName(locationName(assignment), term),
  };
}

function assignmentConnection(assignments: RoleAssignmentRecord[], args: Args, context: ResolverContext, info: GraphQLResolveInfo) {
  const shop = context.shop;
  const matched = search(assignments, assignmentSearch(shop), args, context, info);
  const sort: Record<string, ((assignment: RoleAssignmentRecord) => string | number) | null> = {
    ID: null,
    CREATED_AT: (assignment) => assignment.createdAt,
    UPDATED_AT: (assignment) => assignment.updatedAt,
    LOCATION_NAME: (assignment) => shop.b2b.locations.get(assignment.locationId)?.name.toLowerCase() ?? "",
  };
  const ordering = valueOrdering(sortKeyValue(args.sortKey, sort, "roleAssignments"), args.reverse === true);
  return paginateSorted(matched, args as PageArgs, ordering, (assignment) => assignment);
}

// ---- types ----------------------------------------------------------------------------------

export const companyResolvers = typeResolvers<CompanyRecord>({
  id: (company) => toGid("Company", company.id),
  name: (company) => company.name,
  note: (company) => company.note,
  externalId: (company) => company.externalId,
  createdAt: (company) => company.createdAt,
  updatedAt: (company) => company.updatedAt,
  customerSince: (company) => company.customerSince,
  mainContact: (company, _args, context) => (company.mainContactId === null ? null : context.shop.b2b.contacts.get(company.mainContactId) ?? null),
  defaultRole: (company, _args, context) => defaultRoleOf(context.shop, company.id),
  contactRoles: (company, args, context) => {
    // Roles have no timestamps of their own here: every sort key orders by id, as they were made.
    return paginateSorted(context.shop.b2b.rolesOf(company.id), args as PageArgs, idOrdering<CompanyContactRoleRecord>(args.reverse === true), (role) => role);
  },
  contacts: (company, args, context, info) => {
    const matched = search(context.shop.b2b.contactsOf(company.id), contactSearch(context.shop), args, context, info);
    const ordering = valueOrdering(sortKeyValue(args.sortKey, contactSort(context.shop), "contacts"), args.reverse === true);
    return paginateSorted(matched, args as PageArgs, ordering, (contact) => contact);
  },
  contactsCount: (company, _args, context) => exact(context.shop.b2b.contactCount(company.id)),
  contactCount: (company, _args, context) => context.shop.b2b.contactCount(company.id),
  locations: (company, args, context, info) => locationConnection(context.shop.b2b.locationsOf(company.id), args, context, info),
  locationsCount: (company, _args, context) => exact(context.shop.b2b.locationCount(company.id)),
  ordersCount: (company) => exact(company.ordersCount),
});

export const companyLocationResolvers = typeResolvers<CompanyLocationRecord>({
  id: (location) => toGid("CompanyLocation", location.id),
  name: (location) => location.name,
  note: (location) => location.note,
  externalId: (location) => location.externalId,
  phone: (location) => location.phone,
  locale: (location) => location.locale,
  createdAt: (location) => location.createdAt,
  updatedAt: (location) => location.updatedAt,
  company: (location, _args, context) => context.shop.b2b.companies.get(location.companyId)!,
  // The twin keeps no addresses (the inputs refuse them), so there are none to show.
  billingAddress: () => null,
  shippingAddress: () => null,
  // Without a shipping address Shopify uses the shop's primary market's currency.
  currency: (_location, _args, context) => context.shop.record.currencyCode,
  roleAssignments: (location, args, context, info) => assignmentConnection(context.shop.b2b.assignmentsAtLocation(location.id), args, context, info),
  ordersCount: (location) => exact(location.ordersCount),
  orderCount: (location) => location.ordersCount,
});

export const companyContactResolvers = typeResolvers<CompanyContactRecord>({
  id: (contact) => toGid("CompanyContact", contact.id),
  company: (contact, _args, context) => context.shop.b2b.companies.get(contact.companyId)!,
  customer: (contact, _args, context) => context.shop.getCustomer(contact.customerId)!,
  isMainContact: (contact, _args, context) => context.shop.b2b.companies.get(contact.companyId)?.mainContactId === contact.id,
  title: (contact) => contact.title,
  locale: (contact) => contact.locale,
  createdAt: (contact) => contact.createdAt,
  updatedAt: (contact) => contact.updatedAt,
  roleAssignments: (contact, args, context, info) => assignmentConnection(context.shop.b2b.assignmentsOfContact(contact.id), args, context, info),
});

export const companyContactRoleResolvers = typeResolvers<CompanyContactRoleRecord>({
  id: (role) => toGid("CompanyContactRole", role.id),
  name: (role) => role.name,
  note: (role) => role.note,
});

export const roleAssignmentResolvers = typeResolvers<RoleAssignmentRecord>({
  id: (assignment) => toGid("CompanyContactRoleAssignment", assignment.id),
  company: (assignment, _args, context) => context.shop.b2b.companies.get(assignment.companyId)!,
  companyContact: (assignment, _args, context) => context.shop.b2b.contacts.get(assignment.contactId)!,
  companyLocation: (assignment, _args, context) => context.shop.b2b.locations.get(assignment.locationId)!,
  role: (assignment, _args, context) => context.shop.b2b.roles.get(assignment.roleId)!,
  createdAt: (assignment) => assignment.createdAt,
  updatedAt: (assignment) => assignment.updatedAt,
});

/** Customer.companyContactProfiles: a customer is a contact of one company at most. */
export function companyContactProfiles(customerId: number, shop: ShopState): CompanyContactRecord[] {
  const contact = shop.b2b.contactOfCustomer(customerId);
  return contact ? [contact] : [];
}
