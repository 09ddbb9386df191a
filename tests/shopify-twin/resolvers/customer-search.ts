import type { CustomerRecord } from "../state";
import { normalizePhone } from "./customer-input";
import { compareNumber, compareTime, compileSearch, idMatcher, matchesText, matchesTokenized, tokensOf, type CompiledSearch, type SearchFields, type Term } from "./search-syntax";

// The customers query's search fields (shopify.dev/api/usage/search-syntax; syntax in search-syntax.ts).

function tagList(value: string): string[] {
  return value
    .split(",")
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
}

function matchesFreeText(customer: CustomerRecord, term: Term): boolean {
  const fullName = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  const haystack = [fullName, customer.email, customer.phone, ...customer.tags];
  const value = term.value.toLowerCase().replace(/\*$/, "");
  if (!value) return true;
  if (term.quoted) return haystack.some((text) => text?.toLowerCase().includes(value));
  return haystack.some((text) => tokensOf(text).some((token) => token.startsWith(value)) || text?.toLowerCase().startsWith(value));
}

const CUSTOMER_SEARCH: SearchFields<CustomerRecord> = {
  fields: {
    email: (customer, term) => matchesTokenized(customer.email, term),
    first_name: (customer, term) => matchesText(customer.firstName, term),
    last_name: (customer, term) => matchesText(customer.lastName, term),
    phone: (customer, term) => (term.value === "*" ? customer.phone !== null : customer.phone !== null && customer.phone === (normalizePhone(term.value) ?? term.value)),
    tag: (customer, term) => {
      const wanted = tagList(term.value);
      return customer.tags.some((tag) => wanted.includes(tag.toLowerCase()));
    },
    tag_not: (customer, term) => {
      const unwanted = tagList(term.value);
      return !customer.tags.some((tag) => unwanted.includes(tag.toLowerCase()));
    },
    state: (customer, term) => customer.state === term.value.toUpperCase(),
    id: idMatcher((customer) => customer.id),
    orders_count: (customer, term) => compareNumber(customer.numberOfOrders, term),
    accepts_marketing: (customer, term) => (customer.emailMarketing.state === "SUBSCRIBED") === (term.value.toLowerCase() === "true"),
    country: (customer, term) =>
      customer.addresses.some((address) => [address.countryCode, address.country].some((value) => value?.toLowerCase() === term.value.toLowerCase())),
    created_at: (customer, term, nowMs) => compareTime(customer.createdAt, term, nowMs),
    customer_date: (customer, term, nowMs) => compareTime(customer.createdAt, term, nowMs),
    updated_at: (customer, term, nowMs) => compareTime(customer.updatedAt, term, nowMs),
  },
  freeText: matchesFreeText,
};

export function compileCustomerSearch(query: string | null | undefined, nowMs: number): CompiledSearch<CustomerRecord> {
  return compileSearch(query, CUSTOMER_SEARCH, nowMs);
}
