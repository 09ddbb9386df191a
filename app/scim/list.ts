// RFC 7644 §3.4.2 (query parameters), §3.4.3 (POST /.search) and the
// ListResponse message.

import { ScimError } from "./errors";
import { parseFilter, type Filter } from "./filter";
import { resolveAttributeNames } from "./paths";
import type { AttributeRef } from "./schemas/resource-types";
import type { JsonObject, ResourceTypeDefinition } from "./schemas/types";
import { getMember, isPlainObject } from "./values";

export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

export type SortOrder = "ascending" | "descending";

export interface ListQuery {
  readonly filter?: Filter;
  /** 1-based; values below 1 become 1 (RFC 7644 §3.4.2.4). */
  readonly startIndex: number;
  /** 0 ≤ count ≤ maxResults. 0 asks for totalResults only. */
  readonly count: number;
  readonly sortBy?: AttributeRef;
  readonly sortOrder: SortOrder;
  readonly attributes: readonly string[];
  readonly excludedAttributes: readonly string[];
}

export interface ListOptions {
  /** The advertised filter.maxResults; larger counts are capped to it (checklist 15). */
  readonly maxResults: number;
  /** Page size when the client sends no count. Defaults to maxResults. */
  readonly defaultCount?: number;
}

type Params = URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined | null>>;

function invalidValue(detail: string): ScimError {
  return new ScimError(400, "invalidValue", detail);
}

/** Query parameter names are case-insensitive in practice (`startindex`, `Filter`). */
function param(params: Params, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) if (key.toLowerCase() === lower) return value;
    return undefined;
  }
  for (const [key, value] of Object.entries(params)) {
    if (key.toLowerCase() !== lower || value === undefined || value === null) continue;
    return typeof value === "string" ? value : value[0];
  }
  return undefined;
}

const INTEGER = /^[+-]?\d+$/;

function integerParam(raw: unknown, name: string): number | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw === "number" && Number.isInteger(raw)) return raw;
  if (typeof raw === "string" && INTEGER.test(raw.trim())) {
    const n = Number(raw.trim());
    return Number.isSafeInteger(n) ? n : Math.sign(n) * Number.MAX_SAFE_INTEGER;
  }
  throw invalidValue(`"${name}" must be an integer; got ${JSON.stringify(raw)}`);
}

function build(
  fields: {
    filter?: unknown;
    startIndex?: unknown;
    count?: unknown;
    sortBy?: unknown;
    sortOrder?: unknown;
    attributes?: unknown;
    excludedAttributes?: unknown;
  },
  rt: ResourceTypeDefinition,
  options: ListOptions,
): ListQuery {
  const maxResults = Math.max(0, options.maxResults);
  const startIndex = Math.max(1, integerParam(fields.startIndex, "startIndex") ?? 1);
  const requested = integerParam(fields.count, "count");
  const count = Math.min(maxResults, Math.max(0, requested ?? options.defaultCount ?? maxResults));

  let filter: Filter | undefined;
  if (fields.filter !== undefined && fields.filter !== null && fields.filter !== "") {
    if (typeof fields.filter !== "string") throw new ScimError(400, "invalidFilter", "The filter must be a string");
    if (fields.filter.trim() !== "") filter = parseFilter(fields.filter, rt);
  }

  let sortBy: AttributeRef | undefined;
  if (typeof fields.sortBy === "string" && fields.sortBy.trim() !== "") {
    sortBy = resolveAttributeNames([fields.sortBy], rt)[0];
    if (!sortBy) throw invalidValue(`"sortBy": "${fields.sortBy}" is not an attribute of ${rt.name} resources`);
  }

  let sortOrder: SortOrder = "ascending";
  if (fields.sortOrder !== undefined && fields.sortOrder !== null && fields.sortOrder !== "") {
    const s = String(fields.sortOrder).toLowerCase();
    if (s !== "ascending" && s !== "descending") {
      throw invalidValue(`"sortOrder" must be "ascending" or "descending"; got ${JSON.stringify(fields.sortOrder)}`);
    }
    sortOrder = s;
  }

  return {
    ...(filter ? { filter } : {}),
    startIndex,
    count,
    ...(sortBy ? { sortBy } : {}),
    sortOrder,
    attributes: nameList(fields.attributes, "attributes"),
    excludedAttributes: nameList(fields.excludedAttributes, "excludedAttributes"),
  };
}

function nameList(raw: unknown, name: string): string[] {
  if (raw === undefined || raw === null) return [];
  const list = typeof raw === "string" ? raw.split(",") : Array.isArray(raw) ? raw : undefined;
  if (!list || list.some((s) => typeof s !== "string")) throw invalidValue(`"${name}" must be a list of attribute names`);
  return (list as string[]).map((s) => s.trim()).filter((s) => s !== "");
}

/**
 * GET /Users?filter=…&startIndex=…&count=… . `startIndex` < 1 → 1; `count` < 0
 * → 0, > maxResults → maxResults; a non-integer in either → 400 invalidValue.
 * A bad filter → 400 invalidFilter.
 */
export function parseListQuery(params: Params, rt: ResourceTypeDefinition, options: ListOptions): ListQuery {
  return build(
    {
      filter: param(params, "filter"),
      startIndex: param(params, "startIndex"),
      count: param(params, "count"),
      sortBy: param(params, "sortBy"),
      sortOrder: param(params, "sortOrder"),
      attributes: param(params, "attributes"),
      excludedAttributes: param(params, "excludedAttributes"),
    },
    rt,
    options,
  );
}

/** POST /Users/.search (RFC 7644 §3.4.3): the same fields in a JSON body. */
export function parseSearchRequest(body: unknown, rt: ResourceTypeDefinition, options: ListOptions): ListQuery {
  if (!isPlainObject(body)) throw new ScimError(400, "invalidSyntax", "The .search body must be a JSON object");
  const schemas = getMember(body, "schemas");
  if (schemas !== undefined) {
    const ok = Array.isArray(schemas) && schemas.some((s) => typeof s === "string" && s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase());
    if (!ok) throw new ScimError(400, "invalidSyntax", `"schemas" must contain "${SEARCH_REQUEST_SCHEMA}"`);
  }
  const field = (name: string) => getMember(body, name);
  return build(
    {
      filter: field("filter"),
      startIndex: field("startIndex"),
      count: field("count"),
      sortBy: field("sortBy"),
      sortOrder: field("sortOrder"),
      attributes: field("attributes"),
      excludedAttributes: field("excludedAttributes"),
    },
    rt,
    options,
  );
}

export interface ListResponse<T = JsonObject> {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  itemsPerPage: number;
  startIndex: number;
  Resources: T[];
}

/**
 * The ListResponse body. Every number is a JSON integer (Okta, checklist 12);
 * itemsPerPage is the number of resources actually returned; `Resources` is
 * always present, [] when empty (Okta and Entra, checklist 16).
 */
export function buildListResponse<T = JsonObject>(input: {
  resources: readonly T[];
  totalResults: number;
  startIndex: number;
}): ListResponse<T> {
  const toInt = (n: number, name: string) => {
    if (!Number.isFinite(n) || n < 0) throw new TypeError(`buildListResponse: ${name} must be a non-negative number`);
    return Math.trunc(n);
  };
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: toInt(input.totalResults, "totalResults"),
    itemsPerPage: input.resources.length,
    startIndex: Math.max(1, toInt(input.startIndex, "startIndex")),
    Resources: [...input.resources],
  };
}

/**
 * Comparator for in-memory sorting (RFC 7644 §3.4.2.3): by the attribute's
 * type, strings folded unless caseExact, multi-valued attributes by their
 * primary (else first) value. Missing values sort last when ascending and
 * first when descending. Ties keep input order (Array.prototype.sort is stable),
 * so storage must already give a stable order (checklist 14).
 */
export function compareForSort(sortBy: AttributeRef, sortOrder: SortOrder = "ascending") {
  const def = sortBy.subAttribute ?? sortBy.attribute;
  const key = (resource: unknown): string | number | undefined => {
    const container = sortBy.extension ? getMember(resource, sortBy.schemaId) : resource;
    let value = getMember(container, sortBy.attribute.name);
    if (Array.isArray(value)) value = value.find((v) => isPlainObject(v) && v["primary"] === true) ?? value[0];
    if (sortBy.subAttribute) value = getMember(value, sortBy.subAttribute.name);
    else if (isPlainObject(value)) value = getMember(value, "value");
    if (typeof value === "number") return value;
    if (typeof value === "boolean") return value ? 1 : 0;
    if (typeof value !== "string" || value === "") return undefined;
    if (def.type === "dateTime") return Date.parse(value);
    return def.caseExact ? value : value.toLowerCase();
  };
  const sign = sortOrder === "descending" ? -1 : 1;
  return (a: unknown, b: unknown): number => {
    const ka = key(a);
    const kb = key(b);
    if (ka === undefined && kb === undefined) return 0;
    if (ka === undefined) return sign;
    if (kb === undefined) return -sign;
    return (ka < kb ? -1 : ka > kb ? 1 : 0) * sign;
  };
}
