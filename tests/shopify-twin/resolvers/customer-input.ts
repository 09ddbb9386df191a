import type { TwinState, CustomerRecord, MailingAddressRecord, ShopState, EmailMarketingState, MarketingOptInLevel } from "../state";
import { idOf } from "./gid";

// Normalization and validation shared by customerCreate, customerUpdate and customerSet.
// Problems carry customerSet's error code; customerCreate/customerUpdate drop it (their
// UserError type has none) and customerSet prefixes the field path with "input".

export type CustomerSetErrorCode =
  | "BLANK"
  | "ID_NOT_ALLOWED"
  | "INCLUSION"
  | "INPUT_MISMATCH"
  | "INVALID"
  | "METAFIELD_MISMATCH"
  | "MISSING_FIELD_REQUIRED"
  | "NOT_FOUND"
  | "PRESENT"
  | "TAKEN"
  | "TOO_LONG"
  | "TOO_SHORT";

export interface InputProblem {
  field: string[];
  message: string;
  code: CustomerSetErrorCode;
}

export const MAX_TAGS_PER_CUSTOMER = 250;
export const MAX_TAG_LENGTH = 255;
const MAX_NAME_LENGTH = 255;

const EMAIL = /^[^\s@"(),:;<>[\]\\]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;
const E164 = /^\+[1-9]\d{6,14}$/;
const LOCALE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isValidEmail(email: string): boolean {
  return EMAIL.test(email);
}

/** "+1 (613) 555-1111" → "+16135551111"; null when it is not an international number. */
export function normalizePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s().-]/g, "");
  return E164.test(compact) ? compact : null;
}

/** Tags arrive as a list, each entry possibly "a, b"; trimmed, empty dropped, deduped ignoring case. */
export function normalizeTags(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const tag of raw.flatMap((entry) => entry.split(","))) {
    const trimmed = tag.trim();
    if (!trimmed || seen.has(trimmed.toLowerCase())) continue;
    seen.add(trimmed.toLowerCase());
    tags.push(trimmed);
  }
  return tags;
}

export function sortTags(tags: string[]): string[] {
  return [...tags].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
}

export function tagProblems(tags: string[], field: string[]): InputProblem[] {
  const problems: InputProblem[] = [];
  if (tags.some((tag) => tag.length > MAX_TAG_LENGTH)) {
    problems.push({ field, message: `Tags is too long (maximum is ${MAX_TAG_LENGTH} characters)`, code: "TOO_LONG" });
  }
  if (tags.length > MAX_TAGS_PER_CUSTOMER) {
    problems.push({ field, message: `Tags cannot be more than ${MAX_TAGS_PER_CUSTOMER}`, code: "TOO_LONG" });
  }
  return problems;
}

export interface MailingAddressInput {
  id?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  company?: string | null;
  country?: string | null;
  countryCode?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
}

/** The customer fields CustomerInput and CustomerSetInput have in common, as GraphQL delivers them. */
export interface CustomerFieldsInput {
  id?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  locale?: string | null;
  note?: string | null;
  tags?: string[] | null;
  taxExempt?: boolean | null;
  taxExemptions?: string[] | null;
  multipassIdentifier?: string | null;
  addresses?: MailingAddressInput[] | null;
  emailMarketingConsent?: {
    marketingState: EmailMarketingState;
    marketingOptInLevel?: MarketingOptInLevel | null;
    consentUpdatedAt?: string | null;
  } | null;
}

/** Normalized changes: a key is present only when the caller sent that field (absent = unchanged). */
export type CustomerChanges = Omit<CustomerFieldsInput, "id" | "emailMarketingConsent" | "tags"> & {
  tags?: string[];
  emailMarketingConsent?: CustomerFieldsInput["emailMarketingConsent"];
};

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function normalizeChanges(input: CustomerFieldsInput): { changes: CustomerChanges; problems: InputProblem[] } {
  const changes: CustomerChanges = {};
  const problems: InputProblem[] = [];
  for (const name of ["firstName", "lastName"] as const) {
    if (!(name in input)) continue;
    const value = blankToNull(input[name]);
    if (value && value.length > MAX_NAME_LENGTH) {
      const label = name === "firstName" ? "First name" : "Last name";
      problems.push({ field: [name], message: `${label} is too long (maximum is ${MAX_NAME_LENGTH} characters)`, code: "TOO_LONG" });
    }
    changes[name] = value;
  }
  if ("email" in input) {
    const email = input.email ? normalizeEmail(input.email) : "";
    if (email && !isValidEmail(email)) problems.push({ field: ["email"], message: "Email is invalid", code: "INVALID" });
    changes.email = email || null;
  }
  if ("phone" in input) {
    const raw = blankToNull(input.phone);
    const phone = raw === null ? null : normalizePhone(raw);
    if (raw !== null && phone === null) problems.push({ field: ["phone"], message: "Phone is invalid", code: "INVALID" });
    // An invalid phone still counts as given (for the presence rule); the change is rejected anyway.
    changes.phone = phone ?? raw;
  }
  if ("locale" in input) {
    const locale = blankToNull(input.locale);
    if (locale && !LOCALE.test(locale)) problems.push({ field: ["locale"], message: "Locale is invalid", code: "INVALID" });
    changes.locale = locale;
  }
  if ("note" in input) changes.note = input.note ?? null;
  if ("tags" in input) {
    changes.tags = normalizeTags(input.tags ?? []);
    problems.push(...tagProblems(changes.tags, ["tags"]));
  }
  if ("taxExempt" in input) changes.taxExempt = input.taxExempt ?? false;
  if ("taxExemptions" in input) changes.taxExemptions = input.taxExemptions ?? [];
  if ("multipassIdentifier" in input) changes.multipassIdentifier = blankToNull(input.multipassIdentifier);
  if ("addresses" in input) changes.addresses = input.addresses ?? [];
  if ("emailMarketingConsent" in input) changes.emailMarketingConsent = input.emailMarketingConsent ?? null;
  return { changes, problems };
}

/** Uniqueness and presence rules, checked against the shop as it would be after the change. */
export function shopProblems(shop: ShopState, changes: CustomerChanges, existing: CustomerRecord | null): InputProblem[] {
  const problems: InputProblem[] = [];
  if (changes.email) {
    const owner = shop.findCustomerByEmail(changes.email);
    if (owner && owner.id !== existing?.id) problems.push({ field: ["email"], message: "Email has already been taken", code: "TAKEN" });
  }
  if (changes.phone) {
    const owner = shop.findCustomerByPhone(changes.phone);
    if (owner && owner.id !== existing?.id) problems.push({ field: ["phone"], message: "Phone has already been taken", code: "TAKEN" });
  }
  const resulting = (name: "firstName" | "lastName" | "email" | "phone") => (name in changes ? changes[name] : existing?.[name] ?? null);
  if (!resulting("firstName") && !resulting("lastName") && !resulting("email") && !resulting("phone")) {
    problems.push({ field: [], message: "Customer must have a name, phone number or email address", code: "BLANK" });
  }
  return problems;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

function countryName(code: string | null): string | null {
  if (!code) return null;
  try {
    return regionNames.of(code) ?? null;
  } catch {
    return null;
  }
}

function addressFromInput(input: MailingAddressInput, id: number): MailingAddressRecord {
  const countryCode = input.countryCode ?? null;
  return {
    id,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    company: input.company ?? null,
    address1: input.address1 ?? null,
    address2: input.address2 ?? null,
    city: input.city ?? null,
    province: input.province ?? null,
    provinceCode: input.provinceCode ?? null,
    country: input.country ?? countryName(countryCode),
    countryCode,
    zip: input.zip ?? null,
    phone: input.phone ? normalizePhone(input.phone) ?? input.phone : null,
  };
}

function sameAddress(a: MailingAddressRecord, b: MailingAddressRecord): boolean {
  const { id: _a, ...left } = a;
  const { id: _b, ...right } = b;
  return JSON.stringify(left) === JSON.stringify(right);
}

/**
 * List semantics of customerSet: entries matching an existing address (by id, else by content)
 * keep its id, new ones get an id, existing addresses not listed are deleted.
 */
function replaceAddresses(state: TwinState, current: MailingAddressRecord[], inputs: MailingAddressInput[]): MailingAddressRecord[] {
  const unclaimed = [...current];
  return inputs.map((input) => {
    const requestedId = idOf(input.id, "MailingAddress");
    const candidate = addressFromInput(input, 0);
    const matchIndex = unclaimed.findIndex((address) => address.id === requestedId || sameAddress(address, { ...candidate, id: address.id }));
    const matched = matchIndex >= 0 ? unclaimed.splice(matchIndex, 1)[0]! : null;
    return { ...candidate, id: matched?.id ?? state.nextId("mailingAddress") };
  });
}

export function applyChanges(state: TwinState, customer: CustomerRecord, changes: CustomerChanges, now: string): void {
  if ("firstName" in changes) customer.firstName = changes.firstName ?? null;
  if ("lastName" in changes) customer.lastName = changes.lastName ?? null;
  if ("email" in changes) customer.email = changes.email ?? null;
  if ("phone" in changes) customer.phone = changes.phone ?? null;
  if ("locale" in changes) customer.locale = changes.locale ?? "en";
  if ("note" in changes) customer.note = changes.note ?? null;
  if (changes.tags) customer.tags = sortTags(changes.tags);
  if ("taxExempt" in changes) customer.taxExempt = changes.taxExempt ?? false;
  if ("taxExemptions" in changes) customer.taxExemptions = changes.taxExemptions ?? [];
  if ("multipassIdentifier" in changes) customer.multipassIdentifier = changes.multipassIdentifier ?? null;
  if (changes.addresses) {
    customer.addresses = replaceAddresses(state, customer.addresses, changes.addresses);
    const keepsDefault = customer.addresses.some((address) => address.id === customer.defaultAddressId);
    if (!keepsDefault) customer.defaultAddressId = customer.addresses[0]?.id ?? null;
  }
  if (changes.emailMarketingConsent) {
    customer.emailMarketing = {
      state: changes.emailMarketingConsent.marketingState,
      optInLevel: changes.emailMarketingConsent.marketingOptInLevel ?? customer.emailMarketing.optInLevel,
      consentUpdatedAt: changes.emailMarketingConsent.consentUpdatedAt ?? now,
    };
  }
  customer.updatedAt = now;
}

export function newCustomerRecord(state: TwinState, now: string): CustomerRecord {
  return {
    id: state.nextId("customer"),
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    locale: "en",
    note: null,
    tags: [],
    // API-created customers without an invite have a disabled (classic) account.
    state: "DISABLED",
    numberOfOrders: 0,
    taxExempt: false,
    taxExemptions: [],
    verifiedEmail: true,
    multipassIdentifier: null,
    emailMarketing: { state: "NOT_SUBSCRIBED", optInLevel: null, consentUpdatedAt: null },
    addresses: [],
    defaultAddressId: null,
    metafields: [],
    createdAt: now,
    updatedAt: now,
  };
}
