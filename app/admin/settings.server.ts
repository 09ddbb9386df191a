// The Settings page: provisioning policies, group tag prefix and the attribute mapping, read from
// the Shop row and validated before they are saved. The engine reads the same columns
// (app/sync/user-delivery.server.ts) and resolves the mapping over its defaults (mapping.ts).
import type { Prisma, Shop } from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { retagGroups } from "~/directory/groups.server";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA, type AttributeDefinition, type SchemaDefinition } from "~/scim";
import { DEFAULT_ATTRIBUTE_MAPPING, resolveMapping, type AttributeMapping } from "~/sync/mapping";
import { DEACTIVATION_POLICIES, DELETED_CUSTOMER_POLICIES, DELETE_POLICIES } from "~/sync/policies";
import { MAPPED_FIELDS, MAX_GROUP_TAG_PREFIX, MAX_METAFIELDS, MAX_TAG_PREFIX, MAX_TAG_RULES, type MappedFieldName } from "./settings-options";

export interface SettingsForm {
  deactivationPolicy: string;
  deletePolicy: string;
  deletedCustomerPolicy: string;
  groupTagPrefix: string;
  /** Shopify field → SCIM source path; "" = not mapped. */
  fields: Record<MappedFieldName, string>;
  /** Metafield key → SCIM source path, in display order. */
  metafields: Array<{ key: string; path: string }>;
  /** Tag rules: tag = prefix + each value of the SCIM source path. */
  tags: Array<{ prefix: string; path: string }>;
}

type MappingForm = Pick<SettingsForm, "fields" | "metafields" | "tags">;

export function mappingToForm(mapping: AttributeMapping): MappingForm {
  const fields = Object.fromEntries(MAPPED_FIELDS.map(({ name }) => [name, mapping.fields[name] ?? ""])) as Record<MappedFieldName, string>;
  return {
    fields,
    metafields: Object.entries(mapping.metafields).map(([key, path]) => ({ key, path })),
    tags: mapping.tags.map(({ prefix, path }) => ({ prefix, path })),
  };
}

export function settingsOf(shop: Shop): SettingsForm {
  return {
    deactivationPolicy: shop.deactivationPolicy,
    deletePolicy: shop.deletePolicy,
    deletedCustomerPolicy: shop.deletedCustomerPolicy,
    groupTagPrefix: shop.groupTagPrefix,
    ...mappingToForm(resolveMapping(shop.attributeMapping)),
  };
}

export const DEFAULT_MAPPING_FORM = mappingToForm(DEFAULT_ATTRIBUTE_MAPPING);

// ---------------------------------------------------------------- source paths

const CORE: SchemaDefinition = USER_SCHEMA;
const EXTENSIONS: SchemaDefinition[] = [ENTERPRISE_USER_SCHEMA];
/** Attributes the directory never stores (write-only, or kept by the app itself). */
const NOT_MAPPABLE = new Set(["password", "groups", "id", "meta"]);

function findAttribute(list: readonly AttributeDefinition[] | undefined, name: string): AttributeDefinition | undefined {
  return list?.find((attribute) => attribute.name.toLowerCase() === name.toLowerCase());
}

/** What a source path yields: a simple value, or a whole complex value (for the address). */
type PathKind = "simple" | "complex";

const SEGMENT = /^([A-Za-z$][\w$-]*)(?:\[([^\]]*)\])?$/;
const SELECTOR = /^(primary|[A-Za-z]\w*\s*=\s*"?[\w .@-]*"?)$/;

/**
 * Checks one source path (no alternatives) against the SCIM User schemas the directory accepts.
 * Returns what it yields, or an error message.
 */
export function checkSourcePath(path: string): { kind: PathKind } | { error: string } {
  let schemaAttributes: readonly AttributeDefinition[] = CORE.attributes;
  let rest = path;
  if (path.toLowerCase().startsWith("urn:")) {
    const cut = path.lastIndexOf(":");
    const urn = path.slice(0, cut);
    const extension = EXTENSIONS.find((schema) => schema.id.toLowerCase() === urn.toLowerCase());
    if (!extension) return { error: `Unknown schema "${urn}". Use ${EXTENSIONS.map((s) => s.id).join(" or ")}.` };
    schemaAttributes = extension.attributes;
    rest = path.slice(cut + 1);
  }
  const segments = rest.split(".");
  let attributes: readonly AttributeDefinition[] | undefined = schemaAttributes;
  let current: AttributeDefinition | undefined;
  for (const [index, segment] of segments.entries()) {
    const match = SEGMENT.exec(segment.trim());
    if (!match) return { error: `"${segment}" is not an attribute name.` };
    const [, name, selector] = match;
    current = findAttribute(attributes, name!);
    if (!current || (index === 0 && NOT_MAPPABLE.has(current.name))) {
      return { error: `"${name}" is not ${index === 0 ? "a SCIM User attribute" : `part of ${segments[index - 1]}`}.` };
    }
    if (selector !== undefined) {
      if (!current.multiValued) return { error: `"${name}" has a single value; remove [${selector}].` };
      if (!SELECTOR.test(selector.trim())) return { error: `Use [primary] or [type=work] to choose one of the "${name}".` };
    }
    attributes = current.subAttributes;
  }
  return { kind: current!.type === "complex" ? "complex" : "simple" };
}

/** Checks a field's value: alternatives separated by "|", each a source path. */
export function checkSource(value: string, wants: PathKind): string | null {
  const alternatives = value.split("|").map((part) => part.trim());
  if (alternatives.some((part) => part === "")) return "Remove the empty alternative around \"|\".";
  for (const alternative of alternatives) {
    const result = checkSourcePath(alternative);
    if ("error" in result) return result.error;
    if (result.kind !== wants) {
      return wants === "complex"
        ? `"${alternative}" is a single value; the address needs a whole SCIM address such as addresses[primary].`
        : `"${alternative}" has several parts; pick one, e.g. ${alternative}.value or ${alternative.replace(/\[.*$/, "")}[primary].value.`;
    }
  }
  return null;
}

// ---------------------------------------------------------------- validation and saving

const METAFIELD_KEY = /^[a-z0-9_-]{2,64}$/;
const RESERVED_METAFIELD_KEYS = new Set(["scim_id", "active"]);
const path = z.string().trim().max(500, "Keep the source under 500 characters.");

export const settingsSchema = z.object({
  deactivationPolicy: z.enum(DEACTIVATION_POLICIES, { error: "Choose what happens when a person is deactivated." }),
  deletePolicy: z.enum(DELETE_POLICIES, { error: "Choose what happens when a person is deleted." }),
  deletedCustomerPolicy: z.enum(DELETED_CUSTOMER_POLICIES, { error: "Choose what happens when a linked customer is deleted in Shopify." }),
  groupTagPrefix: z
    .string()
    .max(MAX_GROUP_TAG_PREFIX, `Keep the prefix under ${MAX_GROUP_TAG_PREFIX} characters (Shopify tags are at most 255).`)
    .refine((value) => !value.includes(","), "Tags cannot contain commas.")
    .refine((value) => value === value.trimStart(), "The prefix cannot start with a space."),
  fields: z.object(Object.fromEntries(MAPPED_FIELDS.map(({ name }) => [name, path])) as Record<MappedFieldName, typeof path>),
  metafields: z.array(z.object({ key: z.string().trim(), path })).max(MAX_METAFIELDS, `At most ${MAX_METAFIELDS} metafields.`),
  tags: z
    .array(
      z.object({
        prefix: z
          .string()
          .max(MAX_TAG_PREFIX, `Keep the prefix under ${MAX_TAG_PREFIX} characters.`)
          .refine((value) => !value.includes(","), "Tags cannot contain commas.")
          .refine((value) => value === value.trimStart(), "The prefix cannot start with a space."),
        path,
      }),
    )
    .max(MAX_TAG_RULES, `At most ${MAX_TAG_RULES} tag rules.`),
});

export type SettingsInput = z.input<typeof settingsSchema>;

/** Field path ("fields.email", "metafields.2.key") → message, for the form. */
export type SettingsErrors = Record<string, string>;

/** The mapping rules zod's shape cannot say: paths that exist, keys that are usable and unique. */
function mappingErrors(
  fields: Record<MappedFieldName, string> | undefined,
  metafields: Array<{ key: string; path: string }> | undefined,
  tags: Array<{ prefix: string; path: string }> | undefined,
): SettingsErrors {
  const errors: SettingsErrors = {};
  if (fields) {
    if (!fields.email) errors["fields.email"] = "Map the email: it is how people are matched to customers.";
    for (const { name } of MAPPED_FIELDS) {
      const error = fields[name] ? checkSource(fields[name], name === "address" ? "complex" : "simple") : null;
      if (error) errors[`fields.${name}`] = error;
    }
  }
  const seen = new Set<string>();
  (metafields ?? []).forEach((entry, index) => {
    const key = `metafields.${index}.key`;
    if (!METAFIELD_KEY.test(entry.key)) errors[key] = "Use 2–64 lower-case letters, digits, _ or -.";
    else if (RESERVED_METAFIELD_KEYS.has(entry.key)) errors[key] = `"${entry.key}" is kept by the app itself.`;
    else if (seen.has(entry.key)) errors[key] = "This key is used twice.";
    seen.add(entry.key);
    const error = entry.path ? checkSource(entry.path, "simple") : "Enter the SCIM attribute to copy, or remove the row.";
    if (error) errors[`metafields.${index}.path`] = error;
  });
  const rules = new Set<string>();
  (tags ?? []).forEach((entry, index) => {
    // A multi-valued attribute without a selector (roles.value) gives one tag per value.
    const error = entry.path ? checkSource(entry.path, "simple") : "Enter the SCIM attribute whose value becomes the tag, or remove the row.";
    if (error) errors[`tags.${index}.path`] = error;
    const rule = `${entry.prefix.toLowerCase()}\u0000${entry.path.toLowerCase()}`;
    if (!error && rules.has(rule)) errors[`tags.${index}.path`] = "This rule is there twice.";
    rules.add(rule);
  });
  return errors;
}

/** Every problem of a settings form, by field, in words; or the cleaned form. */
export function validateSettings(input: unknown): { ok: true; value: SettingsForm } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
  }
  // The mapping is checked even when another part of the form failed, so all errors show at once.
  const raw = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
  const fields = settingsSchema.shape.fields.safeParse(raw["fields"]);
  const metafields = settingsSchema.shape.metafields.safeParse(raw["metafields"]);
  // Tag paths are checked even when a prefix failed zod, so every row's errors show at once.
  const tags = z.array(z.object({ prefix: z.string(), path })).safeParse(raw["tags"]);
  for (const [key, message] of Object.entries(mappingErrors(fields.data, metafields.data, tags.data))) errors[key] ??= message;
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: parsed.data as SettingsForm };
}

/**
 * The mapping as stored: every field (null = not mapped) and every metafield; default metafields
 * the merchant removed are stored as null, which resolveMapping reads as "removed".
 */
export function mappingToStore(form: MappingForm): Prisma.InputJsonObject {
  const fields = Object.fromEntries(MAPPED_FIELDS.map(({ name }) => [name, form.fields[name] || null]));
  const metafields: Record<string, string | null> = {};
  for (const key of Object.keys(DEFAULT_ATTRIBUTE_MAPPING.metafields)) metafields[key] = null;
  for (const { key, path } of form.metafields) metafields[key] = path;
  return { fields, metafields, tags: form.tags.map(({ prefix, path }) => ({ prefix, path })) };
}

/** People whose customer the mapping has been applied to (what "apply to everyone" would re-deliver). */
export async function countLinkedPeople(shopId: string): Promise<number> {
  return prisma.scimUser.count({ where: { shopId, customerId: { not: null }, syncState: { not: "unlinked" } } });
}

/**
 * Validates and saves; the engine reads the new settings on its next delivery. `mappingChanged`
 * says whether customers already provisioned now differ from what the mapping would write.
 */
export async function saveSettings(
  shopId: string,
  input: unknown,
): Promise<{ ok: true; settings: SettingsForm; mappingChanged: boolean } | { ok: false; errors: SettingsErrors }> {
  const result = validateSettings(input);
  if (!result.ok) return result;
  const value = result.value;
  const before = await prisma.shop.findUnique({ where: { id: shopId }, select: { groupTagPrefix: true, attributeMapping: true } });
  const shop = await prisma.shop.update({
    where: { id: shopId },
    data: {
      deactivationPolicy: value.deactivationPolicy,
      deletePolicy: value.deletePolicy,
      deletedCustomerPolicy: value.deletedCustomerPolicy,
      groupTagPrefix: value.groupTagPrefix,
      attributeMapping: mappingToStore(value),
    },
  });
  // A new prefix renames every group's tag; the engine re-tags the members (ADR 0005).
  if (before && before.groupTagPrefix !== shop.groupTagPrefix) await retagGroups(shopId);
  const mappingChanged = JSON.stringify(resolveMapping(before?.attributeMapping ?? null)) !== JSON.stringify(resolveMapping(shop.attributeMapping));
  return { ok: true, settings: settingsOf(shop), mappingChanged };
}
