// RFC 7643 §2.3: attribute data types — reading, comparing and coercing
// values against an attribute definition. Shared by resource parsing
// (POST/PUT bodies) and PATCH, so both accept the same shapes.

import { ScimError } from "./errors";
import { LIMITS } from "./limits";
import type { AttributeDefinition, JsonObject, JsonValue } from "./schemas/types";

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** obj[name], matching the key case-insensitively when there is no exact key (RFC 7643 §2.1). */
export function getMember(obj: unknown, name: string): unknown {
  if (!isPlainObject(obj)) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return obj[key];
  return undefined;
}

/** The actual key under which `name` is stored, case-insensitively. */
export function findKey(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** xsd:dateTime (RFC 7643 §2.3.5) → epoch milliseconds, or undefined. Fractions beyond ms are truncated. */
export function parseDateTime(text: string): number | undefined {
  if (typeof text !== "string" || !DATE_TIME.test(text)) return undefined;
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isNaN(ms) ? undefined : ms;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function invalidValue(detail: string): ScimError {
  return new ScimError(400, "invalidValue", detail);
}

function maxLengthOf(def: AttributeDefinition, topName: string): number {
  if (def.maxLength !== undefined) return def.maxLength;
  if (topName === "userName") return LIMITS.userNameMaxLength;
  if (def.type === "reference") return LIMITS.referenceMaxLength;
  if (def.type === "binary") return LIMITS.binaryMaxLength;
  return LIMITS.stringMaxLength;
}

export interface CoerceContext {
  /** For error messages: where the value sits, e.g. "emails[2].value". */
  readonly path: string;
  /** The top-level attribute name, for per-attribute limits. */
  readonly topName: string;
  /** Drop readOnly sub-attributes silently (true for inbound resources and PATCH values). */
  readonly dropReadOnlySubAttributes?: boolean;
}

/**
 * Coerce a client value to the attribute's type. Returns undefined for
 * "no value" (null, "", an empty complex value or list). Throws
 * ScimError(400, "invalidValue") for a value of the wrong type or over a limit.
 *
 * Shapes accepted beyond RFC 7643, each seen from a real client:
 *  - "True"/"False" (any case) for booleans: Entra `active` and
 *    `roles[].primary` (research §2.5.2, checklist 31/32/44);
 *  - a single object for a multi-valued attribute: OneLogin `emails`
 *    (research §3, checklist 36);
 *  - a one-element array for a single-valued complex attribute, and a bare
 *    string for a complex attribute with a `value` sub-attribute: Entra
 *    `manager` (research §2.3/§2.5.5, checklist 51), plain-string members;
 *  - a number for a string attribute (OneLogin templates): kept as its text.
 */
export function coerceValue(def: AttributeDefinition, raw: unknown, ctx: CoerceContext): JsonValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (def.multiValued) return coerceMulti(def, raw, ctx);
  if (def.type === "complex" && Array.isArray(raw)) {
    const present = raw.filter((v) => v !== null && v !== undefined);
    if (present.length === 0) return undefined;
    if (present.length > 1) throw invalidValue(`"${ctx.path}" is single-valued; got a list of ${present.length} values`);
    return coerceSingle(def, present[0], ctx);
  }
  return coerceSingle(def, raw, ctx);
}

function coerceMulti(def: AttributeDefinition, raw: unknown, ctx: CoerceContext): JsonValue[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  const max = ctx.topName === "members" ? LIMITS.groupMembersMaxItems : LIMITS.multiValuedMaxItems;
  if (list.length > max) throw invalidValue(`"${ctx.path}" has ${list.length} values; at most ${max} are accepted`);
  const out: JsonValue[] = [];
  list.forEach((item, i) => {
    const v = coerceSingle(def, item, { ...ctx, path: `${ctx.path}[${i}]` });
    if (v !== undefined) out.push(v);
  });
  const unique = dedupe(def, out);
  return unique.length > 0 ? onePrimary(unique) : undefined;
}

export function coerceSingle(def: AttributeDefinition, raw: unknown, ctx: CoerceContext): JsonValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  switch (def.type) {
    case "complex":
      return coerceComplex(def, raw, ctx);
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      if (typeof raw === "string") {
        const t = raw.trim().toLowerCase();
        if (t === "true") return true;
        if (t === "false") return false;
        if (t === "") return undefined;
      }
      throw invalidValue(`"${ctx.path}" must be a boolean; got ${describe(raw)}`);
    }
    case "integer":
    case "decimal": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
      if (typeof raw === "string" && raw.trim() === "") return undefined;
      if (!Number.isFinite(n) || (def.type === "integer" && !Number.isInteger(n))) {
        throw invalidValue(`"${ctx.path}" must be ${def.type === "integer" ? "an integer" : "a number"}; got ${describe(raw)}`);
      }
      return n;
    }
    case "dateTime": {
      if (typeof raw !== "string") throw invalidValue(`"${ctx.path}" must be a dateTime string; got ${describe(raw)}`);
      if (raw === "") return undefined;
      if (parseDateTime(raw) === undefined) {
        throw invalidValue(`"${ctx.path}" must be an xsd:dateTime such as "2011-05-13T04:42:34Z"; got ${JSON.stringify(raw)}`);
      }
      return raw;
    }
    default: {
      // string, reference, binary
      let text: string;
      if (typeof raw === "string") text = raw;
      else if (typeof raw === "number" && Number.isFinite(raw) && def.type === "string") text = String(raw);
      else throw invalidValue(`"${ctx.path}" must be a string; got ${describe(raw)}`);
      if (text === "") return undefined;
      const max = maxLengthOf(def, ctx.topName);
      if (text.length > max) throw invalidValue(`"${ctx.path}" is ${text.length} characters long; at most ${max} are accepted`);
      checkCharacters(text, def, ctx);
      return text;
    }
  }
}

/** U+0000, or a surrogate that is not half of a pair: no store can hold either (PostgreSQL text refuses both). */
export const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// C0 controls, DEL and C1 controls; multi-line text may hold tab, LF and CR.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** The attributes RFC 7643 §4.1.2 describes as possibly spanning lines. */
const MULTI_LINE = new Set(["addresses.formatted", "addresses.streetAddress"]);

/**
 * Strings must be valid Unicode, and control characters go only where a field can hold them:
 * tab and line breaks in an address's formatted text or street lines (Microsoft's reference
 * collection sends "…Suite 040\nSouth Nancy"), nowhere else; a userName, an email or a name
 * with a control character in it would reach Shopify as a customer no one can find or type.
 */
function checkCharacters(text: string, def: AttributeDefinition, ctx: CoerceContext): void {
  if (UNSTORABLE.test(text)) throw invalidValue(`"${ctx.path}" is not valid Unicode text (it holds U+0000 or a lone UTF-16 surrogate)`);
  const controls = MULTI_LINE.has(`${ctx.topName}.${def.name}`) ? CONTROL_BUT_LINE_BREAKS : CONTROL;
  if (controls.test(text)) throw invalidValue(`"${ctx.path}" holds a control character, which this attribute cannot hold`);
}

function coerceComplex(def: AttributeDefinition, raw: unknown, ctx: CoerceContext): JsonObject | undefined {
  const subs = def.subAttributes ?? [];
  let source: Record<string, unknown>;
  if (isPlainObject(raw)) {
    source = raw;
  } else if ((typeof raw === "string" || typeof raw === "number") && subs.some((s) => s.name === "value")) {
    source = { value: raw };
  } else {
    throw invalidValue(`"${ctx.path}" must be an object; got ${describe(raw)}`);
  }
  const out: JsonObject = {};
  for (const sub of subs) {
    const key = findKey(source, sub.name);
    if (key === undefined) continue;
    if (ctx.dropReadOnlySubAttributes && sub.mutability === "readOnly") continue;
    const v = coerceValue(sub, source[key], { ...ctx, path: `${ctx.path}.${sub.name}` });
    if (v !== undefined) out[sub.name] = v;
  }
  // Unknown sub-attributes (Entra's member `displayName`, `$ref: null`) are dropped.
  return Object.keys(out).length > 0 ? out : undefined;
}

function describe(raw: unknown): string {
  if (Array.isArray(raw)) return "a list";
  if (isPlainObject(raw)) return "an object";
  return preview(raw);
}

/** A short JSON rendering of a client value for error details (never the whole of a huge string). */
export function preview(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * The identity of an element of a multi-valued attribute: its `value` (by
 * the sub-attribute's caseExact) and its `type` (case-insensitive).
 * Undefined when the element has no `value` (addresses): compared whole.
 */
function elementKey(def: AttributeDefinition, element: JsonValue): { value: string; type?: string } | undefined {
  if (!isPlainObject(element)) return { value: JSON.stringify(element) };
  const value = element["value"];
  if (typeof value !== "string") return undefined;
  const valueDef = def.subAttributes?.find((s) => s.name === "value");
  const type = element["type"];
  return {
    value: valueDef?.caseExact ? value : value.toLowerCase(),
    ...(typeof type === "string" ? { type: type.toLowerCase() } : {}),
  };
}

/** Same element? Same value and, when both say, the same type (Okta: never repeat a value+type pair). */
export function sameElement(def: AttributeDefinition, a: JsonValue, b: JsonValue): boolean {
  const ka = elementKey(def, a);
  const kb = elementKey(def, b);
  if (!ka || !kb) return deepEqual(a, b);
  return sameKey(ka, kb);
}

function sameKey(a: { value: string; type?: string }, b: { value: string; type?: string }): boolean {
  return a.value === b.value && (a.type === undefined || b.type === undefined || a.type === b.type);
}

/**
 * Finds elements of a multi-valued attribute by identity (sameElement) in
 * about constant time, so a 20,000-member group is not an n² scan.
 */
export class ElementIndex {
  private readonly byValue = new Map<string, { key: { value: string; type?: string }; index: number }[]>();
  private readonly keyless: number[] = [];

  constructor(
    private readonly def: AttributeDefinition,
    readonly list: JsonValue[],
  ) {
    list.forEach((item, i) => this.register(item, i));
  }

  private register(item: JsonValue, index: number) {
    const key = elementKey(this.def, item);
    if (!key) {
      this.keyless.push(index);
      return;
    }
    const bucket = this.byValue.get(key.value);
    if (bucket) bucket.push({ key, index });
    else this.byValue.set(key.value, [{ key, index }]);
  }

  /** Index of an element that is the same as `item`, or -1. */
  find(item: JsonValue): number {
    const key = elementKey(this.def, item);
    if (!key) return this.keyless.find((i) => deepEqual(this.list[i], item)) ?? -1;
    const hit = this.byValue.get(key.value)?.find((entry) => sameKey(entry.key, key));
    return hit ? hit.index : -1;
  }

  push(item: JsonValue) {
    this.list.push(item);
    this.register(item, this.list.length - 1);
  }
}

function dedupe(def: AttributeDefinition, list: JsonValue[]): JsonValue[] {
  const index = new ElementIndex(def, []);
  for (const item of list) if (index.find(item) === -1) index.push(item);
  return index.list;
}

/** RFC 7643 §2.4: "primary" true at most once. Keeps the first. */
export function onePrimary(list: JsonValue[]): JsonValue[] {
  let seen = false;
  return list.map((item) => {
    if (!isPlainObject(item) || item["primary"] !== true) return item;
    if (!seen) {
      seen = true;
      return item;
    }
    return { ...item, primary: false };
  });
}

/** Merge-by-identity for PATCH add: append values not already present. */
export function mergeMulti(def: AttributeDefinition, existing: JsonValue[], added: JsonValue[]): JsonValue[] {
  const index = new ElementIndex(def, [...existing]);
  const out = index.list;
  for (const item of added) {
    const i = index.find(item);
    if (i === -1) index.push(item);
    else if (isPlainObject(out[i]) && isPlainObject(item)) out[i] = { ...(out[i] as JsonObject), ...item };
  }
  return out;
}
