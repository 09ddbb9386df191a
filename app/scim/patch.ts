// RFC 7644 §3.5.2: PATCH — parsing a PatchOp message and applying it to a
// resource, schema-aware and immutable (the input is never modified).
//
// Written here rather than taken from scim-patch or SCIMMY: on the IdP
// dialects in research §0–§2 each failed about a third of the cases, in
// exactly the places the peer bug trackers list (research §4): scim-patch
// silently ignores Entra's `Remove members` with a value list (200 and
// nothing removed), stores `"False"` as a string, splits the enterprise URN
// at its "2.0" dot, and stores unknown paths as new keys; SCIMMY rejects
// `"False"`, refuses to create the element for `emails[type eq "work"].value`,
// and rejects a manager given as a string. See
// docs/decisions/0002-scim-filter-and-patch.md for the table.
//
// Dialects handled (checklist numbers from research §5):
//  - op names in any case: Add / Replace / REMOVE (46);
//  - path-less add/replace whose value keys are attribute names, dotted
//    paths or URN-prefixed paths, or an extension URN with a nested object
//    (Okta 42/43/60/69, Entra-flag 50, validator G8/G9);
//  - "True"/"False" strings for booleans (44);
//  - a filtered path to an element that does not exist yet creates it from
//    the filter's `eq` terms, and later ops on the same filter merge into
//    that one element (47, 48, 53);
//  - `manager` as a bare string, as {value}, as [{$ref, value}]; removed by
//    `{"value":""}`, "", a Remove of the URN path, or `manager[value eq …]`
//    (51, 52);
//  - `remove` of a multi-valued attribute with a `value` list removes only
//    those elements (Entra legacy members shape, JumpCloud; 72) — never all;
//  - adding an existing member does not duplicate it; removing a
//    non-member, or a filter that matches nothing, is a no-op (73, 22 in the
//    eval table) — Okta and Entra both resend membership changes;
//  - a path-less value carrying the current `id` (Okta group rename, 69) is
//    accepted; any other change to a readOnly attribute is 400 mutability (61, 80);
//  - `password` is accepted and dropped, and reported (60).
// Errors: no path on remove → noTarget (57); unknown attribute → invalidPath
// (56); bad op name or message shape → invalidSyntax; wrong value type →
// invalidValue; removing a required attribute → invalidValue. Any error
// means no operation is applied (the caller keeps the original object).

import { ScimError } from "./errors";
import { matchesElement, type Filter } from "./filter";
import { LIMITS } from "./limits";
import { parsePath, type PathTarget } from "./paths";
import { requireAttributes, schemasFor, orderKeys } from "./resource";
import { topLevelAttributes, type TopLevelAttribute } from "./schemas/resource-types";
import type { AttributeDefinition, JsonObject, JsonValue, ResourceTypeDefinition } from "./schemas/types";
import {
  cloneJson,
  coerceSingle,
  coerceValue,
  deepEqual,
  ElementIndex,
  findKey,
  getMember,
  invalidValue,
  isPlainObject,
  mergeMulti,
  sameElement,
} from "./values";

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type PatchOpName = "add" | "replace" | "remove";

export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path?: string;
  /** Present only when the client sent a `value` key (null is a value: "clear it"). */
  readonly value?: unknown;
  readonly hasValue: boolean;
  /** 1-based position in the request, for error details. */
  readonly index: number;
}

export interface PatchRequest {
  readonly operations: readonly PatchOperation[];
}

export interface PatchResult {
  /** The patched resource: a new object. `meta` is untouched; the caller bumps it. */
  readonly resource: JsonObject;
  /** Canonical names of the top-level attributes whose value changed ("name", "urn:…:User:manager"). */
  readonly changedAttributes: readonly string[];
  /** Group membership changes by member `value` (empty for resources without `members`). */
  readonly members: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** A password was sent (Okta Sync Password): audit it, never store it. */
  readonly passwordProvided: boolean;
  /** False when nothing changed: the caller can skip the write. */
  readonly changed: boolean;
}

function invalidSyntax(detail: string): ScimError {
  return new ScimError(400, "invalidSyntax", detail);
}

/**
 * Validate a PatchOp body (RFC 7644 §3.5.2). Lenient where a client is known
 * to differ, strict otherwise:
 *  - `schemas` may be missing; if present it must contain the PatchOp URN
 *    (compared case-insensitively);
 *  - `Operations` may be spelled in any case, and may be empty: Microsoft's
 *    validator sends an empty list (scimmy#59/#90) — a no-op, not an error;
 *  - `op` in any case; anything but add/replace/remove → 400 invalidSyntax.
 */
export function parsePatchRequest(body: unknown): PatchRequest {
  if (!isPlainObject(body)) throw invalidSyntax("The PATCH body must be a JSON object");
  const schemasKey = findKey(body, "schemas");
  if (schemasKey !== undefined) {
    const schemas = body[schemasKey];
    const list = Array.isArray(schemas) ? schemas : [schemas];
    if (!list.some((s) => typeof s === "string" && s.trim().toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
      throw invalidSyntax(`"schemas" must contain "${PATCH_OP_SCHEMA}"`);
    }
  }
  const opsKey = findKey(body, "Operations");
  const raw = opsKey === undefined ? undefined : body[opsKey];
  if (!Array.isArray(raw)) throw invalidSyntax(`The PATCH body must have an "Operations" list`);
  if (raw.length > LIMITS.patchMaxOperations) {
    throw invalidSyntax(`A PATCH may carry at most ${LIMITS.patchMaxOperations} operations; this one has ${raw.length}`);
  }
  const operations = raw.map((item, i): PatchOperation => {
    const index = i + 1;
    if (!isPlainObject(item)) throw invalidSyntax(`Operation ${index} must be an object`);
    const opKey = findKey(item, "op");
    const opRaw = opKey === undefined ? undefined : item[opKey];
    const op = typeof opRaw === "string" ? opRaw.trim().toLowerCase() : undefined;
    if (op !== "add" && op !== "replace" && op !== "remove") {
      throw invalidSyntax(`Operation ${index}: "op" must be "add", "replace" or "remove"; got ${JSON.stringify(opRaw ?? null)}`);
    }
    const pathKey = findKey(item, "path");
    const pathRaw = pathKey === undefined ? undefined : item[pathKey];
    if (pathRaw !== undefined && pathRaw !== null && typeof pathRaw !== "string") {
      throw new ScimError(400, "invalidPath", `Operation ${index}: "path" must be a string`);
    }
    const valueKey = findKey(item, "value");
    const hasValue = valueKey !== undefined;
    return {
      op,
      ...(typeof pathRaw === "string" && pathRaw.trim() !== "" ? { path: pathRaw } : {}),
      ...(hasValue ? { value: item[valueKey] } : {}),
      hasValue,
      index,
    };
  });
  return { operations };
}

/** Parse and apply in one step. */
export function patchResource(resource: JsonObject, body: unknown, rt: ResourceTypeDefinition): PatchResult {
  return applyPatch(resource, parsePatchRequest(body), rt);
}

/**
 * Apply every operation, in order, to a copy of `resource`. Throws a
 * ScimError (status 400) on the first bad operation; then nothing is applied.
 */
export function applyPatch(resource: JsonObject, request: PatchRequest, rt: ResourceTypeDefinition): PatchResult {
  const before = cloneJson(resource);
  const state: State = { work: cloneJson(resource), rt, passwordProvided: false };
  for (const operation of request.operations) {
    try {
      applyOperation(state, operation);
    } catch (error) {
      if (error instanceof ScimError && error.status === 400) {
        const where = operation.path !== undefined ? ` (${operation.op} ${operation.path})` : ` (${operation.op})`;
        throw new ScimError(400, error.scimType, `Operation ${operation.index}${where}: ${error.detail}`);
      }
      throw error;
    }
  }
  const work = finish(state.work, rt);
  const changedAttributes = diffAttributes(before, work, rt);
  const members = diffMembers(before, work);
  return {
    resource: work,
    changedAttributes,
    members,
    passwordProvided: state.passwordProvided,
    changed: changedAttributes.length > 0,
  };
}

interface State {
  work: JsonObject;
  readonly rt: ResourceTypeDefinition;
  passwordProvided: boolean;
}

function applyOperation(state: State, operation: PatchOperation) {
  const { op } = operation;
  if (operation.path === undefined) {
    if (op === "remove") throw new ScimError(400, "noTarget", `"remove" needs a "path"`);
    if (!operation.hasValue) throw invalidValue(`"${op}" without a path needs a "value" object`);
    if (!isPlainObject(operation.value)) throw invalidValue(`"${op}" without a path needs a "value" object of attributes`);
    for (const [key, value] of Object.entries(operation.value)) {
      if (key.toLowerCase() === "schemas") continue; // some clients echo schemas into the value
      // Each key is an attribute name, a dotted or filtered path, or a URN
      // (RFC 7644 §3.5.2.1; Entra-flag dotted keys, checklist 50).
      applyTarget(state, op, parsePath(key, state.rt), value, true);
    }
    return;
  }
  if (op !== "remove" && !operation.hasValue) throw invalidValue(`"${op}" needs a "value"`);
  applyTarget(state, op, parsePath(operation.path, state.rt), operation.value, operation.hasValue);
}

function applyTarget(state: State, op: PatchOpName, target: PathTarget, value: unknown, hasValue: boolean) {
  if (target.kind === "extension") {
    if (op === "remove" || value === null) {
      deleteKey(state.work, target.schemaId);
      return;
    }
    if (!isPlainObject(value)) throw invalidValue(`"${target.schemaId}" takes an object of its attributes`);
    for (const [key, inner] of Object.entries(value)) {
      applyTarget(state, op, parsePath(`${target.schemaId}:${key}`, state.rt), inner, true);
    }
    return;
  }
  const { ref } = target;
  const def = ref.attribute;
  const leaf = target.subAttribute ?? def;

  // password: accepted, never stored (Okta Sync Password; checklist 60).
  if (def.mutability === "writeOnly" && def.returned === "never") {
    if (op !== "remove" && value !== null && value !== undefined && value !== "") state.passwordProvided = true;
    return;
  }
  if (def.mutability === "readOnly" || leaf.mutability === "readOnly") {
    checkReadOnly(state, op, target, value);
    return;
  }

  const list = target.filter !== undefined || def.multiValued;
  if (!list) {
    if (target.subAttribute) applySubOfSingle(state, op, ref, target.subAttribute, value, target.text);
    else applySingle(state, op, ref, value, target.text);
    return;
  }
  applyList(state, op, target, value, hasValue);
}

/** readOnly targets: unchanged values pass (Okta echoes `id`), anything else is 400 mutability. */
function checkReadOnly(state: State, op: PatchOpName, target: PathTarget & { kind: "attribute" }, value: unknown) {
  const current = readTarget(state.work, target);
  const absent = current === undefined || (Array.isArray(current) && current.every((v) => v === undefined));
  if (op === "remove" || value === null || value === undefined) {
    if (absent) return; // nothing to remove
  } else {
    const def = target.subAttribute ?? target.ref.attribute;
    let candidate: unknown = value;
    try {
      candidate = coerceValue(def, value, { path: target.text, topName: target.ref.attribute.name });
    } catch {
      // compare the raw value below
    }
    if (deepEqual(candidate, current) || deepEqual(value, current)) return; // an echo, not a change
  }
  throw new ScimError(400, "mutability", `"${target.text}" is read-only`);
}

function readTarget(work: JsonObject, target: PathTarget & { kind: "attribute" }): unknown {
  let value = getTop(work, target.ref);
  if (target.filter) {
    const filter = target.filter;
    value = asList(value).filter((e) => matchesElement(filter, e));
  }
  if (target.subAttribute) {
    const sub = target.subAttribute.name;
    value = Array.isArray(value) ? value.map((e) => getMember(e, sub)) : getMember(value, sub);
  }
  return value;
}

// ---------------------------------------------------------------- single-valued

function applySingle(state: State, op: PatchOpName, ref: TopLevelAttribute, value: unknown, path: string) {
  const def = ref.attribute;
  if (op === "remove") {
    setTop(state.work, ref, undefined);
    return;
  }
  if (def.type !== "complex") {
    setTop(state.work, ref, coerceValue(def, value, { path, topName: def.name }));
    return;
  }
  // Complex (name, manager): merge sub-attributes (RFC 7644 §3.5.2.1/§3.5.2.3,
  // "sub-attributes that are not specified … are left unchanged").
  const incoming = complexInput(def, value, path);
  if (incoming === undefined) {
    setTop(state.work, ref, undefined);
    return;
  }
  const current = getTop(state.work, ref);
  const base = isPlainObject(current) ? { ...(current as JsonObject) } : {};
  // A new identity (manager.value) replaces the whole value: the old $ref and
  // displayName described the old manager.
  const valueKeyChanged = "value" in incoming && incoming["value"] !== undefined && base["value"] !== incoming["value"];
  const merged: JsonObject = valueKeyChanged ? {} : base;
  for (const [k, v] of Object.entries(incoming)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  setTop(state.work, ref, merged);
}

/**
 * A complex value given in a PATCH, as sub-attribute → coerced value, where
 * undefined means "clear this sub-attribute". Accepts a bare string for
 * attributes with a `value` (Entra manager), and a one-element list.
 */
function complexInput(def: AttributeDefinition, value: unknown, path: string): Record<string, JsonValue | undefined> | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  let source = value;
  if (Array.isArray(source)) {
    const present = source.filter((v) => v !== null && v !== undefined);
    if (present.length === 0) return undefined;
    if (present.length > 1) throw invalidValue(`"${path}" is single-valued; got a list of ${present.length} values`);
    source = present[0];
  }
  if (!isPlainObject(source)) {
    if ((typeof source === "string" || typeof source === "number") && def.subAttributes?.some((s) => s.name === "value")) {
      source = { value: source };
    } else {
      throw invalidValue(`"${path}" must be an object`);
    }
  }
  const out: Record<string, JsonValue | undefined> = {};
  for (const sub of def.subAttributes ?? []) {
    const key = findKey(source as Record<string, unknown>, sub.name);
    if (key === undefined || sub.mutability === "readOnly") continue;
    out[sub.name] = coerceValue(sub, (source as Record<string, unknown>)[key], { path: `${path}.${sub.name}`, topName: def.name });
  }
  return out;
}

function applySubOfSingle(
  state: State,
  op: PatchOpName,
  ref: TopLevelAttribute,
  sub: AttributeDefinition,
  value: unknown,
  path: string,
) {
  const current = getTop(state.work, ref);
  const obj: JsonObject = isPlainObject(current) ? { ...(current as JsonObject) } : {};
  const v = op === "remove" ? undefined : coerceValue(sub, value, { path, topName: ref.attribute.name });
  if (v === undefined) delete obj[sub.name];
  else obj[sub.name] = v;
  setTop(state.work, ref, obj);
}

// ---------------------------------------------------------------- multi-valued / filtered

function applyList(state: State, op: PatchOpName, target: PathTarget & { kind: "attribute" }, value: unknown, hasValue: boolean) {
  const { ref, filter, subAttribute: sub, text } = target;
  const def = ref.attribute;
  const current = getTop(state.work, ref);
  const elements: JsonValue[] = asList(current) as JsonValue[];
  const ctx = { path: text, topName: def.name };
  const write = (list: JsonValue[]) => setTop(state.work, ref, def.multiValued ? list : list[0]);

  // `attr` (whole list, no filter, no sub-attribute)
  if (!filter && !sub) {
    if (op === "remove") {
      if (hasValue && value !== null && value !== undefined) {
        // Entra legacy / JumpCloud: remove only the listed elements (checklist 72).
        const doomed = new ElementIndex(def, asList(coerceValue(def, value, ctx)) as JsonValue[]);
        write(elements.filter((e) => doomed.find(e) === -1));
      } else {
        write([]);
      }
      return;
    }
    const incoming = asList(coerceValue(def, value, ctx)) as JsonValue[];
    if (op === "replace") write(preferPrimary(incoming, () => false));
    else {
      const isIncoming = (e: JsonValue) => incoming.some((inc) => isPrimary(inc) && sameElement(def, e, inc));
      write(preferPrimary(mergeMulti(def, elements, incoming), isIncoming));
    }
    return;
  }

  const matched = new Set<number>();
  elements.forEach((e, i) => {
    if (!filter || matchesElement(filter, e)) matched.add(i);
  });

  if (op === "remove") {
    // A filter matching nothing is a no-op: Okta and Entra resend removals.
    if (!sub) write(elements.filter((_, i) => !matched.has(i)));
    else write(elements.map((e, i) => (matched.has(i) && isPlainObject(e) ? withoutKey(e as JsonObject, sub.name) : e)));
    return;
  }

  if (sub) {
    if (sub.mutability === "immutable") {
      for (const i of matched) {
        const existing = getMember(elements[i], sub.name);
        if (existing !== undefined && !deepEqual(existing, value)) throw new ScimError(400, "mutability", `"${text}" is immutable`);
      }
    }
    const v = coerceValue(sub, value, ctx);
    if (matched.size === 0) {
      if (v === undefined) return;
      if (!def.multiValued && elements.length > 0) throw new ScimError(400, "noTarget", `"${text}" matches no value`);
      const created = elementFromFilter(filter, text);
      const isNew = (_: JsonValue, i: number) => i === elements.length;
      write(preferPrimary([...elements, { ...created, [sub.name]: v }], isNew));
      return;
    }
    const next = elements.map((e, i) => {
      if (!matched.has(i) || !isPlainObject(e)) return e;
      return v === undefined ? withoutKey(e as JsonObject, sub.name) : { ...(e as JsonObject), [sub.name]: v };
    });
    write(preferPrimary(next, (_, i) => sub.name === "primary" && v === true && matched.has(i)));
    return;
  }

  // `attr[filter]` with an element value
  const element = coerceSingle(def, value, ctx);
  if (element === undefined) {
    if (op === "replace") write(elements.filter((_, i) => !matched.has(i)));
    return;
  }
  if (!isPlainObject(element)) throw invalidValue(`"${text}" takes an object`);
  if (matched.size === 0) {
    if (!def.multiValued) throw new ScimError(400, "noTarget", `"${text}" matches no value`);
    const created = { ...elementFromFilter(filter, text), ...(element as JsonObject) };
    write(preferPrimary([...elements, created], (_, i) => i === elements.length));
    return;
  }
  const next = elements.map((e, i) => {
    if (!matched.has(i)) return e;
    return op === "replace" ? element : { ...(isPlainObject(e) ? (e as JsonObject) : {}), ...(element as JsonObject) };
  });
  write(preferPrimary(next, (_, i) => matched.has(i)));
}

/**
 * The element a filtered path implies when it matches nothing (Entra,
 * checklist 47/48/53): the filter's `eq` terms, e.g. `type eq "work"` →
 * {type: "work"}. A filter that is not a conjunction of `eq` cannot
 * describe an element: 400 noTarget.
 */
function elementFromFilter(filter: Filter | undefined, path: string): JsonObject {
  const out: JsonObject = {};
  const walk = (f: Filter): boolean => {
    if (f.op === "and") return walk(f.left) && walk(f.right);
    if (f.op === "eq" && f.attribute.subAttribute && f.value !== null) {
      out[f.attribute.subAttribute.name] = f.value;
      return true;
    }
    return false;
  };
  if (filter && !walk(filter)) throw new ScimError(400, "noTarget", `"${path}" matches no value, and its filter does not describe a new one`);
  return out;
}

function isPrimary(e: unknown): boolean {
  return isPlainObject(e) && e["primary"] === true;
}

/**
 * RFC 7643 §2.4: "primary" true at most once. When an operation sets a value
 * primary (`isWinner`), the others stop being primary (RFC 7644 §3.5.2);
 * otherwise the first primary stays.
 */
function preferPrimary(list: JsonValue[], isWinner: (e: JsonValue, i: number) => boolean): JsonValue[] {
  let winner = list.findIndex((e, i) => isPrimary(e) && isWinner(e, i));
  if (winner === -1) winner = list.findIndex(isPrimary);
  return list.map((e, i) => (isPrimary(e) && i !== winner ? { ...(e as JsonObject), primary: false } : e));
}

// ---------------------------------------------------------------- storage helpers

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function withoutKey(obj: JsonObject, key: string): JsonObject {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

function containerOf(work: JsonObject, ref: TopLevelAttribute, create: boolean): JsonObject | undefined {
  if (!ref.extension) return work;
  const key = findKey(work, ref.schemaId);
  const existing = key === undefined ? undefined : work[key];
  if (isPlainObject(existing)) return existing as JsonObject;
  if (!create) return undefined;
  if (key !== undefined) delete work[key];
  const fresh: JsonObject = {};
  work[ref.schemaId] = fresh;
  return fresh;
}

function getTop(work: JsonObject, ref: TopLevelAttribute): unknown {
  return getMember(containerOf(work, ref, false), ref.attribute.name);
}

function setTop(work: JsonObject, ref: TopLevelAttribute, value: JsonValue | undefined) {
  const empty =
    value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (isPlainObject(value) && Object.keys(value).length === 0);
  const container = containerOf(work, ref, !empty);
  if (!container) return;
  const key = findKey(container, ref.attribute.name);
  if (key !== undefined) delete container[key];
  if (!empty) container[ref.attribute.name] = value;
  if (ref.extension && Object.keys(container).length === 0) deleteKey(work, ref.schemaId);
}

function deleteKey(work: JsonObject, name: string) {
  const key = findKey(work, name);
  if (key !== undefined) delete work[key];
}

// ---------------------------------------------------------------- after the operations

/** Final checks and normalisation of the patched resource. */
function finish(work: JsonObject, rt: ResourceTypeDefinition): JsonObject {
  for (const top of topLevelAttributes(rt)) {
    const def = top.attribute;
    const value = getTop(work, top);
    if (value === undefined) continue;
    // A complex value with a `value` sub-attribute means nothing without it
    // (manager {value:""} → no manager; checklist 52).
    const hasValueSub = def.type === "complex" && def.subAttributes?.some((s) => s.name === "value");
    if (!def.multiValued && hasValueSub && isPlainObject(value) && (value["value"] === undefined || value["value"] === "")) {
      setTop(work, top, undefined);
      continue;
    }
    if (def.multiValued && Array.isArray(value)) {
      if (def.name === "members" && value.some((m) => !isPlainObject(m) || typeof m["value"] !== "string")) {
        throw invalidValue(`every member needs a "value"`);
      }
      const max = def.name === "members" ? LIMITS.groupMembersMaxItems : LIMITS.multiValuedMaxItems;
      if (value.length > max) throw invalidValue(`"${def.name}" would have ${value.length} values; at most ${max} are accepted`);
    }
  }
  requireAttributes(work, rt);
  const schemas = schemasFor(work, rt);
  const schemasKey = findKey(work, "schemas");
  if (schemasKey !== undefined) delete work[schemasKey];
  work["schemas"] = schemas;
  return orderKeys(work, rt);
}

function diffAttributes(before: JsonObject, after: JsonObject, rt: ResourceTypeDefinition): string[] {
  const changed: string[] = [];
  for (const top of topLevelAttributes(rt)) {
    if (!deepEqual(getTop(before, top) ?? null, getTop(after, top) ?? null)) {
      changed.push(top.extension ? `${top.schemaId}:${top.attribute.name}` : top.attribute.name);
    }
  }
  return changed;
}

function memberIds(resource: JsonObject): string[] {
  const members = getMember(resource, "members");
  return asList(members)
    .map((m) => getMember(m, "value"))
    .filter((v): v is string => typeof v === "string");
}

function diffMembers(before: JsonObject, after: JsonObject): { added: string[]; removed: string[] } {
  const old = new Set(memberIds(before));
  const now = new Set(memberIds(after));
  return { added: [...now].filter((v) => !old.has(v)), removed: [...old].filter((v) => !now.has(v)) };
}
