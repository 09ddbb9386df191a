// RFC 7644 §3.4.2.2: filter parsing, in-memory evaluation, and index analysis.
//
// Hand-written rather than taken from scim2-parse-filter / SCIMMY /
// scim-query-filter-parser: each failed IdP dialect cases we must pass (see
// docs/decisions/0002-scim-filter-and-patch.md, the evaluation table). In short:
// none knows the schema (so `userName` compares case-sensitively), none
// returns positions in its errors, scim2-parse-filter reads Entra's
// `emails[type eq "work"].value eq "x"` as two independent conditions, and
// SCIMMY accepts `userName eq` with no value.
//
// Leniencies, each for a named client:
//  - operators, logical words and true/false/null are case-insensitive
//    (RFC 7644 §3.4.2.2; ABNF literals are case-insensitive, RFC 5234 §2.3;
//    PingOne sends `username Eq`, research §3);
//  - a valuePath followed by `.sub op value` (Entra/Rippling,
//    `emails[type eq "work"].value eq "a@b.c"`, checklist 22) means the same
//    element must match both: `emails[type eq "work" and value eq "a@b.c"]`;
//  - an unquoted value that is not true/false/null/a number is a string
//    (Microsoft's reference Postman suite sends `name.FamilyName eq Employee`
//    and `meta.Created gt 2015-10-10T14:38:21.8617979-07:00`);
//  - a complex attribute compared directly compares its `value` sub-attribute
//    (Entra: `manager eq "<id>"`, checklist 23);
//  - string values "True"/"False" compare to boolean attributes (Entra:
//    `roles[primary eq "True"]`, research §2.3).
//
// Unknown attributes are an error (400 invalidFilter, checklist 24): answering
// "0 results" would make Entra or Okta create a duplicate and then hit 409.

import { ScimError } from "./errors";
import { LIMITS } from "./limits";
import {
  canonicalPath,
  findSubAttribute,
  resolveAttribute,
  splitSchemaPrefix,
  type AttributeRef,
  type TopLevelAttribute,
} from "./schemas/resource-types";
import type { AttributeDefinition, ResourceTypeDefinition } from "./schemas/types";
import { getMember, isPlainObject, parseDateTime } from "./values";

export type CompareOperator = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type FilterLiteral = string | number | boolean | null;

/**
 * A parsed filter. Attribute references are resolved against the resource
 * type: `attribute` says which attribute (and sub-attribute) is meant, `path`
 * is its canonical spelling ("emails.value", "urn:…:User:department").
 *
 * Inside a valuePath, the inner filter's attributes are sub-attributes of the
 * valuePath's attribute and are evaluated per element.
 */
export type Filter =
  | { readonly op: CompareOperator; readonly attribute: AttributeRef; readonly path: string; readonly value: FilterLiteral }
  | { readonly op: "pr"; readonly attribute: AttributeRef; readonly path: string }
  | { readonly op: "and" | "or"; readonly left: Filter; readonly right: Filter }
  | { readonly op: "not"; readonly filter: Filter }
  | { readonly op: "valuePath"; readonly attribute: AttributeRef; readonly path: string; readonly filter: Filter };

const COMPARE_OPERATORS: readonly CompareOperator[] = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
const ORDERING_OPERATORS: readonly CompareOperator[] = ["gt", "ge", "lt", "le"];
const SUBSTRING_OPERATORS: readonly CompareOperator[] = ["co", "sw", "ew"];

// ---------------------------------------------------------------- lexer

type TokenKind = "(" | ")" | "[" | "]" | "string" | "word" | "end";
interface Token {
  readonly kind: TokenKind;
  readonly text: string; // decoded value for strings, raw text otherwise
  readonly pos: number; // 0-based offset into the filter text
}

function filterError(detail: string): ScimError {
  return new ScimError(400, "invalidFilter", detail);
}

const at = (pos: number) => `at character ${pos + 1}`;

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r";
}

function tokenize(text: string, offset: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "[" || ch === "]") {
      tokens.push({ kind: ch, text: ch, pos: offset + i });
      i++;
      continue;
    }
    if (ch === '"') {
      const start = i;
      const [value, end] = readJsonString(text, i, offset);
      tokens.push({ kind: "string", text: value, pos: offset + start });
      i = end;
      continue;
    }
    const start = i;
    while (i < text.length && !isSpace(text[i]!) && !'()[]"'.includes(text[i]!)) i++;
    tokens.push({ kind: "word", text: text.slice(start, i), pos: offset + start });
  }
  tokens.push({ kind: "end", text: "", pos: offset + text.length });
  return tokens;
}

/** Reads a JSON string starting at the opening quote; returns [value, index after closing quote]. */
function readJsonString(text: string, start: number, offset: number): [string, number] {
  let i = start + 1;
  let out = "";
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return [out, i + 1];
    if (ch === "\\") {
      const next = text[i + 1];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (next !== undefined && next in simple) {
        out += simple[next];
        i += 2;
        continue;
      }
      if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      throw filterError(`Invalid escape sequence in string ${at(offset + i)}`);
    }
    out += ch;
    i++;
  }
  throw filterError(`Unterminated string starting ${at(offset + start)}`);
}

// ---------------------------------------------------------------- parser

interface Scope {
  readonly rt: ResourceTypeDefinition;
  /** Set inside a valuePath: names resolve to sub-attributes of this attribute. */
  readonly parent?: TopLevelAttribute;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly scope: Scope,
  ) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }
  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== "end") this.index++;
    return token;
  }
  private isWord(token: Token, word: string): boolean {
    return token.kind === "word" && token.text.toLowerCase() === word;
  }
  private describe(token: Token): string {
    if (token.kind === "end") return "end of filter";
    if (token.kind === "string") return `string "${token.text}"`;
    return `"${token.text}"`;
  }

  parseAll(): Filter {
    const filter = this.parseOr();
    const token = this.peek();
    if (token.kind !== "end") {
      throw filterError(`Unexpected ${this.describe(token)} ${at(token.pos)}; expected "and", "or" or the end of the filter`);
    }
    return filter;
  }

  private enter(pos: number) {
    if (++this.depth > LIMITS.filterMaxDepth) {
      throw filterError(`Filter nests deeper than ${LIMITS.filterMaxDepth} levels ${at(pos)}`);
    }
  }

  private parseOr(): Filter {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), "or")) {
      this.next();
      left = { op: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Filter {
    let left = this.parseUnary();
    while (this.isWord(this.peek(), "and")) {
      this.next();
      left = { op: "and", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Filter {
    const token = this.peek();
    if (this.isWord(token, "not")) {
      this.next();
      const open = this.next();
      if (open.kind !== "(") throw filterError(`Expected "(" after "not" ${at(open.pos)}`);
      this.enter(open.pos);
      const inner = this.parseOr();
      this.expectClose(open);
      this.depth--;
      return { op: "not", filter: inner };
    }
    if (token.kind === "(") {
      this.next();
      this.enter(token.pos);
      const inner = this.parseOr();
      this.expectClose(token);
      this.depth--;
      return inner;
    }
    return this.parseAttributeExpression();
  }

  private expectClose(open: Token) {
    const close = this.next();
    if (close.kind !== ")") {
      throw filterError(`Expected ")" to close the "(" ${at(open.pos)}, found ${this.describe(close)} ${at(close.pos)}`);
    }
  }

  private parseAttributeExpression(): Filter {
    const token = this.next();
    if (token.kind !== "word") {
      throw filterError(`Expected an attribute name ${at(token.pos)}, found ${this.describe(token)}`);
    }
    if (["and", "or", "pr", ...COMPARE_OPERATORS].includes(token.text.toLowerCase())) {
      throw filterError(`Expected an attribute name ${at(token.pos)}, found operator "${token.text}"`);
    }
    // `emails[type eq "work"]`, maybe followed by `.value op value`.
    if (this.peek().kind === "[") {
      if (this.scope.parent) throw filterError(`Value paths cannot be nested ${at(this.peek().pos)}`);
      return this.parseValuePath(token);
    }
    const attribute = this.resolve(token.text, token.pos);
    return this.parseComparison(attribute, token);
  }

  private parseValuePath(nameToken: Token): Filter {
    const open = this.next();
    const ref = this.resolve(nameToken.text, nameToken.pos);
    if (ref.subAttribute || ref.attribute.type !== "complex") {
      throw filterError(`"${nameToken.text}" is not a complex attribute and cannot take a [filter] ${at(open.pos)}`);
    }
    this.enter(open.pos);
    const inner = new Parser(this.tokens, { rt: this.scope.rt, parent: ref });
    inner.index = this.index;
    inner.depth = this.depth;
    let filter = inner.parseOr();
    this.index = inner.index;
    const close = this.next();
    if (close.kind !== "]") {
      throw filterError(`Expected "]" to close the "[" ${at(open.pos)}, found ${this.describe(close)} ${at(close.pos)}`);
    }
    this.depth--;
    // Entra/Rippling: `emails[type eq "work"].value eq "x"` → same element.
    const after = this.peek();
    if (after.kind === "word" && after.text.startsWith(".") && after.pos === close.pos + 1) {
      this.next();
      const subName = after.text.slice(1);
      const sub = findSubAttribute(ref.attribute, subName);
      if (!sub) throw filterError(`Unknown attribute "${canonicalPath(ref)}.${subName}" ${at(after.pos)}`);
      const subRef: AttributeRef = { ...ref, subAttribute: sub };
      filter = { op: "and", left: filter, right: this.parseComparison(subRef, after) };
    }
    return { op: "valuePath", attribute: ref, path: canonicalPath(ref), filter };
  }

  private parseComparison(attribute: AttributeRef, nameToken: Token): Filter {
    const opToken = this.next();
    const opWord = opToken.kind === "word" ? opToken.text.toLowerCase() : "";
    if (opWord === "pr") return { op: "pr", attribute, path: canonicalPath(attribute) };
    if (!COMPARE_OPERATORS.includes(opWord as CompareOperator)) {
      if (opToken.kind === "end") {
        throw filterError(`Expected an operator after "${nameToken.text}" ${at(opToken.pos)}, found end of filter`);
      }
      throw filterError(
        `Unknown operator ${this.describe(opToken)} ${at(opToken.pos)}; expected one of eq, ne, co, sw, ew, gt, ge, lt, le, pr`,
      );
    }
    const op = opWord as CompareOperator;
    const valueToken = this.next();
    const literal = this.readLiteral(valueToken, op);
    // A complex attribute compared directly means its "value" sub-attribute.
    let target = attribute;
    if (!target.subAttribute && target.attribute.type === "complex") {
      const value = findSubAttribute(target.attribute, "value");
      if (!value) {
        throw filterError(`"${nameToken.text}" is a complex attribute; compare one of its sub-attributes ${at(nameToken.pos)}`);
      }
      target = { ...target, subAttribute: value };
    }
    return { op, attribute: target, path: canonicalPath(target), value: checkLiteral(target, op, literal, valueToken) };
  }

  private readLiteral(token: Token, op: CompareOperator): FilterLiteral {
    if (token.kind === "string") return token.text;
    if (token.kind !== "word") {
      throw filterError(`Expected a value after "${op}" ${at(token.pos)}, found ${this.describe(token)}`);
    }
    const lower = token.text.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    if (lower === "null") return null;
    if (NUMBER.test(token.text)) return Number(token.text);
    if (["and", "or", "not"].includes(lower)) {
      throw filterError(`Expected a value after "${op}" ${at(token.pos)}, found "${token.text}"`);
    }
    return token.text; // unquoted string (Microsoft reference suite)
  }

  private resolve(text: string, pos: number): AttributeRef {
    const { rt, parent } = this.scope;
    if (parent) {
      const sub = findSubAttribute(parent.attribute, text);
      if (!sub) throw filterError(`Unknown attribute "${canonicalPath(parent)}.${text}" ${at(pos)}`);
      return { ...parent, subAttribute: sub };
    }
    let schemaId: string | undefined;
    let rest = text;
    if (text.toLowerCase().startsWith("urn:")) {
      const split = splitSchemaPrefix(rt, text);
      if (!split || split.rest === "") throw filterError(`Unknown attribute "${text}" ${at(pos)}`);
      schemaId = split.schemaId;
      rest = split.rest;
    }
    const parts = rest.split(".");
    if (parts.length > 2 || parts.some((p) => !/^[A-Za-z$][\w$-]*$/.test(p))) {
      throw filterError(`Invalid attribute path "${text}" ${at(pos)}`);
    }
    const ref = resolveAttribute(rt, schemaId, parts[0]!, parts[1]);
    if (!ref) throw filterError(`Unknown attribute "${text}" ${at(pos)}`);
    const target = ref.subAttribute ?? ref.attribute;
    if (target.returned === "never" || ref.attribute.returned === "never") {
      throw filterError(`Attribute "${text}" cannot be used in a filter ${at(pos)}`);
    }
    return ref;
  }
}

/** Check and normalise a comparison value against the attribute's type. */
function checkLiteral(ref: AttributeRef, op: CompareOperator, value: FilterLiteral, token: Token): FilterLiteral {
  const def: AttributeDefinition = ref.subAttribute ?? ref.attribute;
  const name = canonicalPath(ref);
  const bad = (why: string) => filterError(`${why} ${at(token.pos)}`);
  if (value === null) {
    if (op !== "eq" && op !== "ne") throw bad(`"${op}" cannot compare with null`);
    return null;
  }
  if (ORDERING_OPERATORS.includes(op) && (def.type === "boolean" || def.type === "binary")) {
    // RFC 7644 §3.4.2.2: gt/ge/lt/le on boolean or binary attributes is invalidFilter.
    throw bad(`"${op}" is not supported on ${def.type} attribute "${name}"`);
  }
  switch (def.type) {
    case "boolean": {
      if (SUBSTRING_OPERATORS.includes(op)) throw bad(`"${op}" is not supported on boolean attribute "${name}"`);
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      throw bad(`"${name}" is boolean; expected true or false`);
    }
    case "integer":
    case "decimal": {
      if (SUBSTRING_OPERATORS.includes(op)) throw bad(`"${op}" is not supported on numeric attribute "${name}"`);
      const n = typeof value === "number" ? value : typeof value === "string" && NUMBER.test(value) ? Number(value) : NaN;
      if (!Number.isFinite(n) || (def.type === "integer" && !Number.isInteger(n))) {
        throw bad(`"${name}" is ${def.type === "integer" ? "an integer" : "a number"}; got ${JSON.stringify(value)}`);
      }
      return n;
    }
    case "dateTime": {
      const text = typeof value === "string" ? value : token.text;
      if (!SUBSTRING_OPERATORS.includes(op) && parseDateTime(text) === undefined) {
        throw bad(`"${name}" is a dateTime; "${text}" is not an xsd:dateTime such as "2011-05-13T04:42:34Z"`);
      }
      return text;
    }
    default:
      // string, reference, binary: numbers and booleans keep their source text
      // (`externalId eq 00123` means the string "00123").
      return typeof value === "string" ? value : token.kind === "word" ? token.text : String(value);
  }
}

/**
 * Parse a filter expression for a resource type. Throws
 * ScimError(400, "invalidFilter") with the character position on any
 * syntax error, unknown attribute or type mismatch; never anything else.
 */
export function parseFilter(text: string, rt: ResourceTypeDefinition): Filter {
  if (typeof text !== "string" || text.trim() === "") throw filterError("The filter is empty");
  if (text.length > LIMITS.filterMaxLength) {
    throw filterError(`The filter is longer than ${LIMITS.filterMaxLength} characters`);
  }
  return new Parser(tokenize(text, 0), { rt }).parseAll();
}

/**
 * Parse the filter inside a PATCH path's brackets (`emails[<here>]`) for the
 * given complex attribute. `offset` is where the text starts in the path, for
 * error positions.
 */
export function parseValueFilter(text: string, rt: ResourceTypeDefinition, parent: TopLevelAttribute, offset: number): Filter {
  if (text.trim() === "") throw filterError(`Empty [filter] ${at(offset)}`);
  return new Parser(tokenize(text, offset), { rt, parent }).parseAll();
}

// ---------------------------------------------------------------- evaluation

/** Does the resource (plain SCIM JSON) match the filter? Never throws. */
export function evaluateFilter(filter: Filter, resource: unknown, rt: ResourceTypeDefinition): boolean {
  void rt; // attribute references in the AST already carry their definitions
  return evaluate(filter, resource, undefined);
}

/** Evaluate an element-scope filter (a PATCH valuePath) against one element of a multi-valued attribute. */
export function matchesElement(filter: Filter, element: unknown): boolean {
  return evaluate(filter, undefined, element);
}

function evaluate(filter: Filter, resource: unknown, element: unknown): boolean {
  switch (filter.op) {
    case "and":
      return evaluate(filter.left, resource, element) && evaluate(filter.right, resource, element);
    case "or":
      return evaluate(filter.left, resource, element) || evaluate(filter.right, resource, element);
    case "not":
      return !evaluate(filter.filter, resource, element);
    case "valuePath": {
      const elements = asArray(readTopLevel(resource, filter.attribute));
      return elements.some((e) => evaluate(filter.filter, undefined, e));
    }
    case "pr":
      return readValues(filter.attribute, resource, element).some(isPresent);
    case "ne":
      return !compareAny({ ...filter, op: "eq" }, resource, element);
    default:
      return compareAny(filter, resource, element);
  }
}

function compareAny(
  filter: { op: CompareOperator; attribute: AttributeRef; value: FilterLiteral },
  resource: unknown,
  element: unknown,
): boolean {
  const values = readValues(filter.attribute, resource, element);
  if (filter.value === null) return !values.some(isPresent);
  const def = filter.attribute.subAttribute ?? filter.attribute.attribute;
  return values.some((v) => compareOne(def, filter.op, v, filter.value));
}

/** The values an attribute reference denotes: resource scope, or element scope inside a valuePath. */
function readValues(ref: AttributeRef, resource: unknown, element: unknown): unknown[] {
  if (element !== undefined) {
    return ref.subAttribute ? asArray(getMember(element, ref.subAttribute.name)) : asArray(element);
  }
  const top = asArray(readTopLevel(resource, ref));
  if (!ref.subAttribute) return top;
  const sub = ref.subAttribute.name;
  return top.flatMap((v) => asArray(getMember(v, sub)));
}

export function readTopLevel(resource: unknown, ref: TopLevelAttribute): unknown {
  const container = ref.extension ? getMember(resource, ref.schemaId) : resource;
  return getMember(container, ref.attribute.name);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value !== "";
  if (Array.isArray(value)) return value.some(isPresent);
  if (isPlainObject(value)) return Object.values(value).some(isPresent);
  return true;
}

function compareOne(def: AttributeDefinition, op: CompareOperator, actual: unknown, expected: FilterLiteral): boolean {
  switch (def.type) {
    case "boolean": {
      const a =
        typeof actual === "boolean"
          ? actual
          : typeof actual === "string" && /^(true|false)$/i.test(actual)
            ? actual.toLowerCase() === "true"
            : undefined;
      return a !== undefined && op === "eq" && a === expected;
    }
    case "integer":
    case "decimal": {
      const a = typeof actual === "number" ? actual : typeof actual === "string" && NUMBER.test(actual) ? Number(actual) : undefined;
      if (a === undefined || typeof expected !== "number") return false;
      return ordered(op, a === expected ? 0 : a < expected ? -1 : 1);
    }
    case "dateTime": {
      if (typeof actual !== "string" || typeof expected !== "string") return false;
      if (SUBSTRING_OPERATORS.includes(op)) return substring(op, actual, expected);
      const a = parseDateTime(actual);
      const e = parseDateTime(expected);
      if (a === undefined || e === undefined) return false;
      return ordered(op, a === e ? 0 : a < e ? -1 : 1);
    }
    default: {
      if (typeof actual !== "string" || typeof expected !== "string") return false;
      const a = def.caseExact ? actual : actual.toLowerCase();
      const e = def.caseExact ? expected : expected.toLowerCase();
      if (SUBSTRING_OPERATORS.includes(op)) return substring(op, a, e);
      return ordered(op, a === e ? 0 : a < e ? -1 : 1);
    }
  }
}

function ordered(op: CompareOperator, cmp: number): boolean {
  switch (op) {
    case "eq":
      return cmp === 0;
    case "gt":
      return cmp > 0;
    case "ge":
      return cmp >= 0;
    case "lt":
      return cmp < 0;
    case "le":
      return cmp <= 0;
    default:
      return false;
  }
}

function substring(op: CompareOperator, actual: string, expected: string): boolean {
  if (op === "co") return actual.includes(expected);
  if (op === "sw") return actual.startsWith(expected);
  return actual.endsWith(expected);
}

/** Does the filter read the top-level attribute `name` anywhere (then the caller must load it before evaluating)? */
export function filterMentions(filter: Filter, name: string): boolean {
  switch (filter.op) {
    case "and":
    case "or":
      return filterMentions(filter.left, name) || filterMentions(filter.right, name);
    case "not":
      return filterMentions(filter.filter, name);
    default:
      return filter.attribute.attribute.name === name;
  }
}

// ---------------------------------------------------------------- index analysis

export type IndexableAttribute = "id" | "userName" | "externalId" | "emails.value" | "displayName" | "members.value";

export interface IndexableTerm {
  readonly attribute: IndexableAttribute;
  readonly value: string;
  /** False: compare case-insensitively (store and query a folded copy). */
  readonly caseExact: boolean;
}

export interface IndexableEquality {
  /** All terms must hold (a conjunction). Never empty. */
  readonly terms: readonly IndexableTerm[];
  /**
   * True when the terms say everything the filter says. False: the terms
   * narrow the candidates, and the caller must still run evaluateFilter on
   * each one (e.g. `emails[type eq "work"].value eq "x"` or
   * `id eq "1" and manager eq "2"`).
   */
  readonly exact: boolean;
}

const INDEXABLE: readonly IndexableAttribute[] = ["id", "userName", "externalId", "emails.value", "displayName", "members.value"];

/**
 * What the storage layer can answer from an index: equality on id,
 * userName, externalId, emails.value, displayName or members.value, alone
 * or and-ed — the filters Okta and Entra actually send (research §1.2,
 * §2.2), and `members[value eq "…"]` (a group lookup by member). Null when
 * the filter has no such term (e.g. an `or`); then list and evaluate.
 *
 * A value path whose whole inner filter is one indexable equality
 * (`members[value eq "x"]`, `emails[value eq "x"]`) says exactly what
 * `members.value eq "x"` says, so it stays exact; any other inner filter
 * (`emails[type eq "work"].value eq "x"`) narrows only.
 */
export function indexableEquality(filter: Filter): IndexableEquality | null {
  const terms: IndexableTerm[] = [];
  let exact = true;
  const walk = (f: Filter, insideValuePath: boolean) => {
    if (f.op === "and") {
      walk(f.left, insideValuePath);
      walk(f.right, insideValuePath);
      return;
    }
    if (f.op === "valuePath") {
      const inner = f.filter;
      const single = inner.op === "eq" && typeof inner.value === "string" && INDEXABLE.includes(inner.path as IndexableAttribute);
      walk(inner, true);
      if (!single) exact = false; // element-level constraints beyond the index terms
      return;
    }
    if (f.op === "eq" && typeof f.value === "string" && !f.attribute.extension) {
      const path = f.path as IndexableAttribute;
      if (INDEXABLE.includes(path)) {
        const def = f.attribute.subAttribute ?? f.attribute.attribute;
        terms.push({ attribute: path, value: f.value, caseExact: def.caseExact });
        return;
      }
    }
    exact = false;
  };
  if (filter.op === "or" || filter.op === "not") return null;
  walk(filter, false);
  return terms.length > 0 ? { terms, exact } : null;
}
