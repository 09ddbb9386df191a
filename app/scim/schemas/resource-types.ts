// RFC 7643 §6: the resource types we serve, and attribute lookup within them.
import { COMMON_ATTRIBUTES } from "./common";
import { ENTERPRISE_USER_SCHEMA } from "./enterprise-user";
import { ENTRA_GROUP_SCHEMA_ID, GROUP_SCHEMA } from "./group";
import { SHOPIFY_USER_SCHEMA } from "./shopify-user";
import type { AttributeDefinition, ResourceTypeDefinition } from "./types";
import { USER_SCHEMA } from "./user";

export const USER_RESOURCE_TYPE: ResourceTypeDefinition = {
  id: "User",
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  schema: USER_SCHEMA,
  extensions: [
    { schema: ENTERPRISE_USER_SCHEMA, required: false },
    { schema: SHOPIFY_USER_SCHEMA, required: false },
  ],
  toleratedSchemas: [],
};

export const GROUP_RESOURCE_TYPE: ResourceTypeDefinition = {
  id: "Group",
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  schema: GROUP_SCHEMA,
  extensions: [],
  toleratedSchemas: [ENTRA_GROUP_SCHEMA_ID],
};

export const RESOURCE_TYPES: readonly ResourceTypeDefinition[] = [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE];

/** A top-level attribute of a resource type and where its value lives. */
export interface TopLevelAttribute {
  /** URN of the schema that defines it (the core schema for common attributes). */
  readonly schemaId: string;
  /** True when the value lives under `resource[schemaId]` (an extension). */
  readonly extension: boolean;
  readonly attribute: AttributeDefinition;
}

/** A resolved attribute reference: a top-level attribute and maybe one sub-attribute. */
export interface AttributeRef extends TopLevelAttribute {
  readonly subAttribute?: AttributeDefinition;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Every top-level attribute: common ones first, then core, then extensions. */
export function topLevelAttributes(rt: ResourceTypeDefinition): readonly TopLevelAttribute[] {
  const cached = topLevelCache.get(rt);
  if (cached) return cached;
  const out: TopLevelAttribute[] = [];
  const seen = new Set<string>();
  for (const attribute of [...COMMON_ATTRIBUTES, ...rt.schema.attributes]) {
    if (seen.has(attribute.name.toLowerCase())) continue;
    seen.add(attribute.name.toLowerCase());
    out.push({ schemaId: rt.schema.id, extension: false, attribute });
  }
  for (const { schema } of rt.extensions) {
    for (const attribute of schema.attributes) out.push({ schemaId: schema.id, extension: true, attribute });
  }
  topLevelCache.set(rt, out);
  return out;
}
const topLevelCache = new WeakMap<ResourceTypeDefinition, readonly TopLevelAttribute[]>();

export function schemaIds(rt: ResourceTypeDefinition): string[] {
  return [rt.schema.id, ...rt.extensions.map((e) => e.schema.id)];
}

/** The canonical spelling of a schema URN we know, or undefined. */
export function knownSchemaId(rt: ResourceTypeDefinition, urn: string): string | undefined {
  return schemaIds(rt).find((id) => sameName(id, urn));
}

export function isExtensionId(rt: ResourceTypeDefinition, urn: string): boolean {
  return rt.extensions.some((e) => sameName(e.schema.id, urn));
}

/**
 * Split a known schema URN off the front of an attribute path
 * ("urn:…:enterprise:2.0:User:manager.value" → schema + "manager.value").
 * `rest` is "" when the text is the URN itself. URNs compare case-insensitively.
 */
export function splitSchemaPrefix(
  rt: ResourceTypeDefinition,
  text: string,
): { schemaId: string; rest: string } | undefined {
  const lower = text.toLowerCase();
  // Longest first, so a URN that prefixes another cannot steal its attributes.
  const ids = schemaIds(rt).sort((a, b) => b.length - a.length);
  for (const id of ids) {
    const l = id.toLowerCase();
    if (lower === l) return { schemaId: id, rest: "" };
    // "urn:…:2.0:User.manager": the form Microsoft's "SCIM Inbound" collection sends for
    // extension attributes (docs/decisions/0011-scim-edges.md); a "." after a whole schema id
    // can only mean what ":" means there.
    if (lower.startsWith(l + ":") || lower.startsWith(l + ".")) return { schemaId: id, rest: text.slice(id.length + 1) };
  }
  return undefined;
}

/**
 * Find an attribute by (optional schema URN, name, optional sub-attribute
 * name). Names are case-insensitive (RFC 7643 §2.1). Without a URN, common
 * and core attributes win, then extensions in declaration order — so Entra's
 * bare `manager` (research §2.3, checklist 23/52) finds the enterprise one.
 */
export function resolveAttribute(
  rt: ResourceTypeDefinition,
  schemaId: string | undefined,
  name: string,
  subName?: string,
): AttributeRef | undefined {
  const candidates = topLevelAttributes(rt).filter(
    (t) => sameName(t.attribute.name, name) && (schemaId === undefined || sameName(t.schemaId, schemaId)),
  );
  const top = candidates[0];
  if (!top) return undefined;
  if (subName === undefined) return top;
  const subAttribute = findSubAttribute(top.attribute, subName);
  return subAttribute ? { ...top, subAttribute } : undefined;
}

export function findSubAttribute(attribute: AttributeDefinition, name: string): AttributeDefinition | undefined {
  return attribute.subAttributes?.find((s) => sameName(s.name, name));
}

/** "name.givenName", "emails", "urn:…:enterprise:2.0:User:manager.value". */
export function canonicalPath(ref: AttributeRef): string {
  const base = ref.extension ? `${ref.schemaId}:${ref.attribute.name}` : ref.attribute.name;
  return ref.subAttribute ? `${base}.${ref.subAttribute.name}` : base;
}
