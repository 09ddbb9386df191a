// SCIM User → Shopify customer mapping. Pure: the worker reads the current ScimUser row and the
// shop's mapping (Shop.attributeMapping, null = DEFAULT_ATTRIBUTE_MAPPING) and gets the customer
// fields, the primary address, the app-owned metafields and warnings (an invalid phone is
// dropped with a warning; it never fails the person).
//
// Source paths: `name.givenName`, `emails[primary].value` (the primary entry, else the first),
// `phoneNumbers[type=work].value`, extension attributes by URN
// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`), alternatives with
// `|` (the first that has a value wins). Tag rules turn attribute values into customer tags
// (prefix + value, every value of a multi-valued attribute such as roles.value); the engine owns
// the marker and status tags, and group tags come from Groups.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { isEngineMark } from "./customer-tags";

export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export interface AttributeMapping {
  /** Shopify customer field ← SCIM source path; null = not mapped (Shopify keeps its value). */
  fields: {
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    phone: string | null;
    locale: string | null;
    /** A SCIM address (complex); becomes the customer's default address. */
    address: string | null;
  };
  /** App-owned metafield key (namespace $app:scim, single_line_text_field) ← SCIM source path. */
  metafields: Record<string, string>;
  /** Customer tags: prefix + each value the source path yields ("department:" + "Sales"). */
  tags: TagRule[];
}

export interface TagRule {
  path: string;
  prefix: string;
}

export const DEFAULT_ATTRIBUTE_MAPPING: AttributeMapping = {
  fields: {
    email: "emails[primary].value|userName",
    firstName: "name.givenName",
    lastName: "name.familyName",
    phone: "phoneNumbers[primary].value",
    locale: "preferredLanguage|locale",
    address: "addresses[primary]",
  },
  metafields: {
    external_id: "externalId",
    employee_number: `${ENTERPRISE}:employeeNumber`,
    department: `${ENTERPRISE}:department`,
    cost_center: `${ENTERPRISE}:costCenter`,
    organization: `${ENTERPRISE}:organization`,
    division: `${ENTERPRISE}:division`,
    manager: `${ENTERPRISE}:manager.displayName|${ENTERPRISE}:manager.value`,
  },
  // None by default: tags are visible to the merchant's staff and other apps, so they are opt-in.
  tags: [],
};

const METAFIELD_KEY = /^[a-z0-9_-]{2,64}$/i;

/** A stored mapping (Json) merged over the defaults; unknown or malformed entries are ignored. */
export function resolveMapping(stored: unknown): AttributeMapping {
  const mapping: AttributeMapping = {
    fields: { ...DEFAULT_ATTRIBUTE_MAPPING.fields },
    metafields: { ...DEFAULT_ATTRIBUTE_MAPPING.metafields },
    tags: [...DEFAULT_ATTRIBUTE_MAPPING.tags],
  };
  if (!stored || typeof stored !== "object") return mapping;
  const { fields, metafields, tags } = stored as { fields?: Record<string, unknown>; metafields?: Record<string, unknown>; tags?: unknown };
  if (fields && typeof fields === "object") {
    for (const name of Object.keys(mapping.fields) as Array<keyof AttributeMapping["fields"]>) {
      const value = fields[name];
      if (value === null || (typeof value === "string" && value.trim())) mapping.fields[name] = value === null ? null : value.trim();
    }
  }
  if (metafields && typeof metafields === "object") {
    for (const [key, value] of Object.entries(metafields)) {
      if (!METAFIELD_KEY.test(key) || key === "scim_id" || key === "active") continue;
      if (value === null) delete mapping.metafields[key];
      else if (typeof value === "string" && value.trim()) mapping.metafields[key] = value.trim();
    }
  }
  if (Array.isArray(tags)) {
    mapping.tags = tags
      .filter((rule): rule is TagRule => !!rule && typeof rule === "object" && typeof rule.path === "string" && rule.path.trim() !== "")
      .map((rule) => ({ path: rule.path.trim(), prefix: typeof rule.prefix === "string" ? rule.prefix : "" }));
  }
  return mapping;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function selectEntry(list: Json[], selector: string | null): Json | undefined {
  const objects = list.filter((entry): entry is { [key: string]: Json } => !!entry && typeof entry === "object" && !Array.isArray(entry));
  if (selector === "primary") return objects.find((entry) => entry["primary"] === true) ?? list[0];
  if (selector) {
    const [attribute, wanted] = selector.split("=").map((part) => part.trim().replace(/^"|"$/g, ""));
    return objects.find((entry) => String(entry[attribute!] ?? "").toLowerCase() === (wanted ?? "").toLowerCase());
  }
  return list[0];
}

/**
 * Every value one source path (no alternatives) yields from the stored SCIM attributes, in order:
 * a multi-valued attribute without a selector gives all its entries (roles.value → every role,
 * for tags); a field takes the first. SCIM attribute names, URNs included, are case-insensitive.
 */
export function resolveAllValues(attributes: Record<string, Json>, path: string): Json[] {
  let bases: Json[] = [attributes];
  let rest = path;
  if (path.toLowerCase().startsWith("urn:")) {
    const cut = path.lastIndexOf(":");
    const key = Object.keys(attributes).find((candidate) => candidate.toLowerCase() === path.slice(0, cut).toLowerCase());
    bases = key === undefined ? [] : [attributes[key]!];
    rest = path.slice(cut + 1);
  }
  for (const segment of rest.split(".")) {
    const match = /^([^[\]]+)(?:\[([^\]]*)\])?$/.exec(segment);
    if (!match) return [];
    const [, name, selector] = match;
    const next: Json[] = [];
    for (const base of bases) {
      if (!base || typeof base !== "object" || Array.isArray(base)) continue;
      const key = Object.keys(base).find((candidate) => candidate.toLowerCase() === name!.toLowerCase());
      const value = key === undefined ? undefined : (base as Record<string, Json>)[key];
      if (value === undefined || value === null) continue;
      if (!Array.isArray(value)) next.push(value);
      else if (selector) {
        const chosen = selectEntry(value, selector);
        if (chosen !== undefined) next.push(chosen);
      } else next.push(...value);
    }
    bases = next;
  }
  return bases;
}

function firstValue(attributes: Record<string, Json>, paths: string): Json | undefined {
  for (const path of paths.split("|")) {
    const value = resolveAllValues(attributes, path.trim())[0];
    if (value !== undefined && value !== null && value !== "") return value;
  }
  return undefined;
}

/** The top-level attribute a path reads ("name", "emails", or the URN-qualified attribute). */
function topAttribute(path: string): string {
  if (path.toLowerCase().startsWith("urn:")) {
    const cut = path.lastIndexOf(":");
    return `${path.slice(0, cut)}:${path.slice(cut + 1).split(/[.[]/)[0]}`;
  }
  return path.split(/[.[]/)[0]!;
}

function touched(paths: string, changed: ReadonlySet<string> | "all"): boolean {
  if (changed === "all") return true;
  return paths.split("|").some((path) => {
    const top = topAttribute(path.trim()).toLowerCase();
    for (const entry of changed) {
      const lower = entry.toLowerCase();
      if (lower === top || lower.startsWith(`${top}.`) || top.startsWith(`${lower}.`) || top.startsWith(`${lower}:`) || lower.startsWith(`${top}:`)) return true;
    }
    return false;
  });
}

export interface MailingAddressInput {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  country?: string | null;
  countryCode?: string | null;
  zip?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  phone?: string | null;
}

export interface MappedCustomer {
  /** Fields to send. A key with null clears it; a missing key leaves Shopify's value alone. */
  fields: { email?: string | null; firstName?: string | null; lastName?: string | null; phone?: string | null; locale?: string | null };
  /** undefined: leave addresses alone; null: the IdP removed the address; else the default address. */
  address: MailingAddressInput | null | undefined;
  /** Metafields ($app:scim) with a value; absent values are left as they are. */
  metafields: Array<{ key: string; value: string }>;
  /** Metafield keys whose attribute the IdP changed to nothing: delete them. */
  clearedMetafields: string[];
  warnings: string[];
}

function text(value: Json | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value.trim() || null;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

const LOCALE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export function normaliseLocale(raw: string): string | null {
  const candidate = raw.trim().replace(/_/g, "-");
  const [language, ...rest] = candidate.split("-");
  const tag = [language!.toLowerCase(), ...rest.map((part) => (part.length === 2 ? part.toUpperCase() : part))].join("-");
  return LOCALE.test(tag) ? tag : null;
}

/** E.164, or null when the number cannot be read as a valid international number. */
export function normalisePhone(raw: string, defaultCountry?: string | null): string | null {
  const country = defaultCountry && /^[A-Z]{2}$/i.test(defaultCountry) ? (defaultCountry.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(raw.trim(), country ? { defaultCountry: country } : undefined);
  return parsed && parsed.isValid() ? parsed.number : null;
}

function mapAddress(value: Json | undefined, names: { firstName?: string | null; lastName?: string | null }): MailingAddressInput | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const address = value as Record<string, Json>;
  const street = text(address["streetAddress"]);
  const [line1, ...more] = (street ?? "").split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const country = text(address["country"]);
  const mapped: MailingAddressInput = {
    address1: line1 ?? null,
    address2: more.length > 0 ? more.join(", ") : null,
    city: text(address["locality"]),
    province: text(address["region"]),
    zip: text(address["postalCode"]),
    ...(country && /^[A-Za-z]{2}$/.test(country) ? { countryCode: country.toUpperCase() } : { country }),
    firstName: names.firstName ?? null,
    lastName: names.lastName ?? null,
  };
  const meaningful = [mapped.address1, mapped.city, mapped.zip, mapped.province, mapped.countryCode ?? mapped.country].some(Boolean);
  return meaningful ? mapped : null;
}

/**
 * Maps a SCIM user. `changed` is the union of the event payloads' changed paths ("all" for a
 * first delivery): a mapped attribute that is now empty clears the Shopify field only when the
 * IdP changed it, so a field the merchant or customer filled is never wiped by an unrelated update.
 */
export function mapUser(attributes: Record<string, Json>, mapping: AttributeMapping, changed: ReadonlySet<string> | "all"): MappedCustomer {
  const warnings: string[] = [];
  const fields: MappedCustomer["fields"] = {};
  const put = (name: keyof MappedCustomer["fields"], path: string | null, value: string | null) => {
    if (!path) return;
    if (value !== null) fields[name] = value;
    else if (changed !== "all" && touched(path, changed)) fields[name] = null;
  };

  const emailPath = mapping.fields.email;
  if (emailPath) {
    const email = text(firstValue(attributes, emailPath));
    // Shopify identifies customers by email; a userName that is not one is not an email.
    put("email", emailPath, email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email.toLowerCase() : null);
  }
  put("firstName", mapping.fields.firstName, mapping.fields.firstName ? text(firstValue(attributes, mapping.fields.firstName)) : null);
  put("lastName", mapping.fields.lastName, mapping.fields.lastName ? text(firstValue(attributes, mapping.fields.lastName)) : null);

  let address: MailingAddressInput | null | undefined;
  if (mapping.fields.address && touched(mapping.fields.address, changed)) {
    address = mapAddress(firstValue(attributes, mapping.fields.address), { firstName: fields.firstName, lastName: fields.lastName });
    if (address === null && changed === "all") address = undefined;
  }

  if (mapping.fields.phone) {
    const raw = text(firstValue(attributes, mapping.fields.phone));
    let phone: string | null = null;
    if (raw) {
      phone = normalisePhone(raw, address?.countryCode);
      if (!phone) warnings.push(`Phone number "${raw.slice(0, 40)}" is not a valid international number; left out.`);
    }
    if (phone) fields.phone = phone;
    else if (!raw) put("phone", mapping.fields.phone, null);
  }

  if (mapping.fields.locale) {
    const raw = text(firstValue(attributes, mapping.fields.locale));
    const locale = raw ? normaliseLocale(raw) : null;
    if (raw && !locale) warnings.push(`Locale "${raw.slice(0, 40)}" is not a language tag; left out.`);
    if (locale) fields.locale = locale;
  }

  const metafields: MappedCustomer["metafields"] = [];
  const clearedMetafields: string[] = [];
  for (const [key, path] of Object.entries(mapping.metafields)) {
    const value = text(firstValue(attributes, path));
    if (value !== null) metafields.push({ key, value: value.slice(0, 255) });
    // Same rule as fields: only what the IdP changed is cleared.
    else if (changed !== "all" && touched(path, changed)) clearedMetafields.push(key);
  }
  return { fields, address, metafields, clearedMetafields, warnings };
}

/** Shopify's limit on one tag's length. */
const TAG_MAX = 255;

/**
 * The tags the mapping's tag rules give a person, in rule order, without case-insensitive
 * duplicates (Shopify compares tags that way) and without the engine's own marks. Commas split
 * tags in Shopify, so a value's commas become spaces; a tag over 255 characters is cut with a warning.
 */
export function mapTags(attributes: Record<string, Json>, mapping: AttributeMapping): { tags: string[]; warnings: string[] } {
  const tags: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const rule of mapping.tags) {
    const values = rule.path
      .split("|")
      .map((path) => resolveAllValues(attributes, path.trim()).map(text).filter((value): value is string => value !== null))
      .find((list) => list.length > 0) ?? [];
    for (const value of values) {
      let tag = `${rule.prefix}${value}`.replace(/,/g, " ").replace(/\s+/g, " ").trim();
      if (!tag) continue;
      if (tag.length > TAG_MAX) {
        warnings.push(`Tag "${tag.slice(0, 40)}…" is longer than Shopify's 255 characters; shortened.`);
        tag = tag.slice(0, TAG_MAX).trim();
      }
      if (seen.has(tag.toLowerCase()) || isEngineMark(tag)) continue;
      seen.add(tag.toLowerCase());
      tags.push(tag);
    }
  }
  return { tags, warnings };
}
