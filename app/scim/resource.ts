// RFC 7643 §2 and RFC 7644 §3.3/§3.5.1/§3.9: direction-aware resource handling.
//
// Inbound (POST/PUT bodies): parse*Input validates and normalises a client's
// resource. Outbound: projectAttributes applies `returned` and the
// attributes/excludedAttributes parameters. Mutability rules live here and in
// patch.ts only.

import { ScimError } from "./errors";
import { resolveAttributeNames } from "./paths";
import {
  GROUP_RESOURCE_TYPE,
  knownSchemaId,
  resolveAttribute,
  splitSchemaPrefix,
  topLevelAttributes,
  USER_RESOURCE_TYPE,
  type AttributeRef,
  type TopLevelAttribute,
} from "./schemas/resource-types";
import type { AttributeDefinition, JsonObject, JsonValue, ResourceTypeDefinition } from "./schemas/types";
import { coerceValue, findKey, getMember, invalidValue, isPlainObject } from "./values";

export type InputMode = "create" | "replace";

export interface ParsedResource {
  /**
   * The resource as we store it: canonical attribute names, coerced values,
   * extensions under their URN, `schemas` = core + extensions with data.
   * No id, meta, groups, password or other readOnly attribute.
   */
  readonly resource: JsonObject;
  /** The body carried a non-empty password: audit-log it; it is never stored (checklist 60). */
  readonly passwordProvided: boolean;
  /** Attribute names we do not know and ignored (checklist 56: "ignored silently"); worth logging. */
  readonly ignoredAttributes: readonly string[];
}

function invalidSyntax(detail: string): ScimError {
  return new ScimError(400, "invalidSyntax", detail);
}

/**
 * Parse a POST (mode "create") or PUT (mode "replace") body. Both modes
 * apply the same rules today — we have no immutable top-level attribute,
 * and PUT replaces the whole resource (RFC 7644 §3.5.1); the mode names the
 * operation in error details.
 *
 * - readOnly attributes a client sends (id, meta, groups, our Shopify
 *   extension) are ignored, not rejected: Okta PUTs back `id`, `meta` and
 *   `groups: []` (research §1.3-C, §4 bug class 11; checklist 35/37/80).
 * - `password` is dropped (Okta sends a placeholder on every POST).
 * - nulls and empty strings mean "no value" (Entra, checklist 33/58).
 * - unknown attributes are ignored (Microsoft's reference PUT with `adreses`).
 * - unknown `schemas` URNs are rejected (400 invalidSyntax), except ones the
 *   resource type tolerates (Entra's ADSCIM Group URN, checklist 64).
 */
export function parseResourceInput(body: unknown, rt: ResourceTypeDefinition, mode: InputMode): ParsedResource {
  if (!isPlainObject(body)) throw invalidSyntax(`The ${mode === "create" ? "POST" : "PUT"} body must be a JSON object`);
  checkSchemas(body, rt);

  const resource: JsonObject = {};
  const ignored: string[] = [];
  let passwordProvided = false;

  const place = (top: TopLevelAttribute, raw: unknown, path: string) => {
    const def = top.attribute;
    if (def.mutability === "writeOnly" && def.returned === "never") {
      passwordProvided ||= typeof raw === "string" ? raw !== "" : raw !== null && raw !== undefined;
      return;
    }
    if (def.mutability === "readOnly") return;
    const value = coerceValue(def, raw, { path, topName: def.name, dropReadOnlySubAttributes: true });
    if (value === undefined) return;
    if (top.extension) {
      const ext = (resource[top.schemaId] ??= {}) as JsonObject;
      ext[def.name] = value;
    } else {
      resource[def.name] = value;
    }
  };

  for (const [key, raw] of Object.entries(body)) {
    if (key.toLowerCase() === "schemas") continue;
    if (key.toLowerCase().startsWith("urn:")) {
      const split = splitSchemaPrefix(rt, key);
      if (!split) {
        ignored.push(key);
        continue;
      }
      if (split.rest === "") {
        if (raw === null || raw === undefined) continue;
        if (!isPlainObject(raw)) throw invalidValue(`"${key}" must be an object of extension attributes`);
        for (const [name, value] of Object.entries(raw)) {
          const top = resolveAttribute(rt, split.schemaId, name);
          if (!top || top.subAttribute) ignored.push(`${split.schemaId}:${name}`);
          else place(top, value, `${split.schemaId}:${top.attribute.name}`);
        }
        continue;
      }
      // A flattened "urn:…:User:department" key.
      const top = /^[A-Za-z$][\w$-]*$/.test(split.rest) ? resolveAttribute(rt, split.schemaId, split.rest) : undefined;
      if (!top) ignored.push(key);
      else place(top, raw, key);
      continue;
    }
    // Plain names resolve among common and core attributes only.
    const top = /^[A-Za-z$][\w$-]*$/.test(key) ? resolveAttribute(rt, rt.schema.id, key) : undefined;
    if (!top) ignored.push(key);
    else place(top, raw, top.attribute.name);
  }

  requireAttributes(resource, rt, mode);
  resource["schemas"] = schemasFor(resource, rt);
  return { resource: orderKeys(resource, rt), passwordProvided, ignoredAttributes: ignored };
}

export function parseUserInput(body: unknown, mode: InputMode): ParsedResource {
  return parseResourceInput(body, USER_RESOURCE_TYPE, mode);
}

export function parseGroupInput(body: unknown, mode: InputMode): ParsedResource {
  return parseResourceInput(body, GROUP_RESOURCE_TYPE, mode);
}

function checkSchemas(body: Record<string, unknown>, rt: ResourceTypeDefinition) {
  const key = findKey(body, "schemas");
  if (key === undefined || body[key] === null) return; // tolerated: OneLogin templates may leave it out
  const raw = body[key];
  const list = Array.isArray(raw) ? raw : [raw];
  for (const urn of list) {
    if (typeof urn !== "string") throw invalidSyntax(`"schemas" must be a list of schema URNs`);
    const known = knownSchemaId(rt, urn) ?? rt.toleratedSchemas.find((t) => t.toLowerCase() === urn.toLowerCase());
    if (!known) {
      throw invalidSyntax(
        `"schemas" contains "${urn}", which is not a schema of ${rt.name} resources; known: ${[rt.schema.id, ...rt.extensions.map((e) => e.schema.id)].join(", ")}`,
      );
    }
  }
}

/** Required attributes must be present (and not blank): 400 invalidValue (checklist 34). */
export function requireAttributes(resource: JsonObject, rt: ResourceTypeDefinition, mode?: InputMode) {
  const extensionsRequired = new Set(rt.extensions.filter((e) => e.required).map((e) => e.schema.id));
  for (const top of topLevelAttributes(rt)) {
    const def = top.attribute;
    if (!def.required || def.mutability === "readOnly") continue;
    if (top.extension && !extensionsRequired.has(top.schemaId)) continue;
    const container = top.extension ? getMember(resource, top.schemaId) : resource;
    const value = getMember(container, def.name);
    const blank = value === undefined || value === null || (typeof value === "string" && value.trim() === "");
    if (blank) {
      const verb = mode === "replace" ? "replacing" : mode === "create" ? "creating" : "in";
      throw invalidValue(`"${def.name}" is required ${verb} a ${rt.name}`);
    }
  }
}

/** `schemas`: the core schema, then each extension that has data. */
export function schemasFor(resource: JsonObject, rt: ResourceTypeDefinition): string[] {
  const out = [rt.schema.id];
  for (const { schema } of rt.extensions) {
    const ext = resource[schema.id];
    if (isPlainObject(ext) && Object.keys(ext).length > 0) out.push(schema.id);
  }
  return out;
}

/** Stable key order: schemas, id, externalId, core attributes in schema order, extensions, meta. */
export function orderKeys(resource: JsonObject, rt: ResourceTypeDefinition): JsonObject {
  const out: JsonObject = {};
  const order = ["schemas", ...topLevelAttributes(rt).filter((t) => !t.extension).map((t) => t.attribute.name)];
  for (const key of order) if (key !== "meta" && resource[key] !== undefined) out[key] = resource[key]!;
  for (const { schema } of rt.extensions) if (resource[schema.id] !== undefined) out[schema.id] = resource[schema.id]!;
  for (const key of Object.keys(resource)) if (out[key] === undefined && key !== "meta") out[key] = resource[key]!;
  if (resource["meta"] !== undefined) out["meta"] = resource["meta"];
  return out;
}

// ---------------------------------------------------------------- outbound

export interface ProjectionOptions {
  /** RFC 7644 §3.4.2.5 `attributes`: a comma-separated string or a list. */
  readonly attributes?: string | readonly string[] | null;
  /** RFC 7644 §3.4.2.5 `excludedAttributes`. */
  readonly excludedAttributes?: string | readonly string[] | null;
}

function splitList(value: string | readonly string[] | null | undefined): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === "string" ? value.split(",") : value;
  return list.map((s) => s.trim()).filter((s) => s !== "");
}

interface Selection {
  /** Whole top-level attributes selected. */
  whole: Set<AttributeDefinition>;
  /** Sub-attributes selected per top-level attribute. */
  subs: Map<AttributeDefinition, Set<AttributeDefinition>>;
}

function select(refs: AttributeRef[]): Selection {
  const selection: Selection = { whole: new Set(), subs: new Map() };
  for (const ref of refs) {
    if (!ref.subAttribute) selection.whole.add(ref.attribute);
    else {
      const set = selection.subs.get(ref.attribute) ?? new Set();
      set.add(ref.subAttribute);
      selection.subs.set(ref.attribute, set);
    }
  }
  return selection;
}

/**
 * The resource as a client may see it (RFC 7643 §2.2 `returned`, RFC 7644
 * §3.4.2.5). `schemas`, `id` and `meta` always; `password` never;
 * `returned: "request"` attributes only when asked for. Keys not in the
 * schema are dropped, so nothing internal leaks. The input is not modified.
 */
export function projectAttributes(resource: JsonObject, rt: ResourceTypeDefinition, options: ProjectionOptions = {}): JsonObject {
  const requested = splitList(options.attributes);
  const include = requested.length > 0 ? select(resolveAttributeNames(requested, rt)) : undefined;
  const exclude = select(resolveAttributeNames(splitList(options.excludedAttributes), rt));

  const out: JsonObject = {};
  const schemas = getMember(resource, "schemas");
  out["schemas"] = Array.isArray(schemas) ? (schemas as JsonValue[]) : [rt.schema.id];

  for (const top of topLevelAttributes(rt)) {
    const def = top.attribute;
    const container = top.extension ? getMember(resource, top.schemaId) : resource;
    const value = getMember(container, def.name);
    if (value === undefined || value === null) continue;
    const projected = projectTop(def, value as JsonValue, include, exclude);
    if (projected === undefined) continue;
    if (top.extension) {
      const ext = (out[top.schemaId] ??= {}) as JsonObject;
      ext[def.name] = projected;
    } else {
      out[def.name] = projected;
    }
  }
  // meta last, like the RFC examples.
  return orderKeys(out, rt);
}

function projectTop(
  def: AttributeDefinition,
  value: JsonValue,
  include: Selection | undefined,
  exclude: Selection,
): JsonValue | undefined {
  if (def.returned === "never") return undefined;
  if (def.returned === "always") return stripNever(def, value);
  if (include) {
    if (include.whole.has(def)) return stripNever(def, value);
    const subs = include.subs.get(def);
    if (subs) return pickSubs(def, value, (s) => subs.has(s));
    return undefined;
  }
  if (def.returned === "request") return undefined;
  if (exclude.whole.has(def)) return undefined;
  const excludedSubs = exclude.subs.get(def);
  if (excludedSubs) return pickSubs(def, value, (s) => !excludedSubs.has(s) && s.returned !== "request");
  return stripNever(def, value);
}

/** Keep only the chosen sub-attributes of a complex value (each element, if multi-valued). */
function pickSubs(def: AttributeDefinition, value: JsonValue, keep: (s: AttributeDefinition) => boolean): JsonValue | undefined {
  const pickOne = (element: JsonValue): JsonObject | undefined => {
    if (!isPlainObject(element)) return undefined;
    const out: JsonObject = {};
    for (const sub of def.subAttributes ?? []) {
      if (sub.returned === "never" || !keep(sub)) continue;
      const v = getMember(element, sub.name);
      if (v !== undefined && v !== null) out[sub.name] = v as JsonValue;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  if (Array.isArray(value)) {
    const list = value.map(pickOne).filter((v): v is JsonObject => v !== undefined);
    return list.length > 0 ? list : undefined;
  }
  return pickOne(value);
}

function stripNever(def: AttributeDefinition, value: JsonValue): JsonValue | undefined {
  if (def.type !== "complex") return value;
  return pickSubs(def, value, () => true) ?? (Array.isArray(value) && value.length === 0 ? [] : undefined);
}

/** The primary element of a multi-valued attribute, else the first (OneLogin sends no primary; checklist 36). */
export function primaryValue(resource: JsonObject, attributeName: string): JsonObject | undefined {
  const list = getMember(resource, attributeName);
  if (!Array.isArray(list)) return undefined;
  const elements = list.filter(isPlainObject) as JsonObject[];
  return elements.find((e) => e["primary"] === true) ?? elements[0];
}
