// RFC 7644 §3.2: the endpoints under a SCIM base URL, the methods each serves, and the one
// normaliser from a request path to the endpoint it names. The /scim/v2 routes, the HTTP edge
// (server/index.mjs), Bulk operation paths and the tests' client all resolve paths here, so
// "//Users/", "/users", "/Users/%zz" and "/Users/.." mean the same thing everywhere.

import { ScimError } from "./errors";

/** Where the service lives on the app's origin (the SCIM base URL is SHOPIFY_APP_URL + this). */
export const SCIM_BASE_PATH = "/scim/v2";

export type ScimMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ScimEndpointDefinition {
  /** For log lines and error details: "/Users/:id". */
  readonly pattern: string;
  /** The methods the endpoint serves; HEAD goes with GET. Anything else is 405 with Allow. */
  readonly methods: readonly ScimMethod[];
}

const EVERY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export const SCIM_ENDPOINTS = {
  users: { pattern: "/Users", methods: ["GET", "POST"] },
  usersSearch: { pattern: "/Users/.search", methods: ["POST"] },
  user: { pattern: "/Users/:id", methods: ["GET", "PUT", "PATCH", "DELETE"] },
  groups: { pattern: "/Groups", methods: ["GET", "POST"] },
  groupsSearch: { pattern: "/Groups/.search", methods: ["POST"] },
  group: { pattern: "/Groups/:id", methods: ["GET", "PUT", "PATCH", "DELETE"] },
  schemas: { pattern: "/Schemas", methods: ["GET"] },
  schema: { pattern: "/Schemas/:id", methods: ["GET"] },
  resourceTypes: { pattern: "/ResourceTypes", methods: ["GET"] },
  resourceType: { pattern: "/ResourceTypes/:id", methods: ["GET"] },
  serviceProviderConfig: { pattern: "/ServiceProviderConfig", methods: ["GET"] },
  bulk: { pattern: "/Bulk", methods: ["POST"] },
  // RFC 7644 §3.11; answered 501 (a SCIM token acts for a store, not for a person).
  me: { pattern: "/Me", methods: EVERY_METHOD },
  // Anything else: 404 for every method, after authentication like any other endpoint.
  unknown: { pattern: "/*", methods: EVERY_METHOD },
} as const satisfies Record<string, ScimEndpointDefinition>;

export type ScimEndpointName = keyof typeof SCIM_ENDPOINTS;
/** The methods of one endpoint, as a type: a route's handlers must cover exactly these. */
export type ScimEndpointMethod<N extends ScimEndpointName> = (typeof SCIM_ENDPOINTS)[N]["methods"][number];

export interface ResolvedEndpoint {
  name: ScimEndpointName;
  /** The decoded `{id}` of /Users/{id}, /Groups/{id}, /Schemas/{urn}, /ResourceTypes/{name}. */
  id?: string;
}

/** The value of an Allow header for an endpoint (RFC 9110 §10.2.1). */
export function allowedMethods(name: ScimEndpointName): string {
  const methods: string[] = [...SCIM_ENDPOINTS[name].methods];
  if (methods.includes("GET")) methods.push("HEAD");
  return methods.join(", ");
}

/** 405 for a method the endpoint does not serve, with its Allow header (RFC 9110 §15.5.6). */
export function methodNotAllowed(method: string, name: ScimEndpointName): ScimError {
  const allow = allowedMethods(name);
  const shown = method.length > 20 ? `${method.slice(0, 20)}…` : method;
  return new ScimError(405, undefined, `${shown} is not supported on ${SCIM_ENDPOINTS[name].pattern}; use ${allow}.`, { headers: { Allow: allow } });
}

/** 404 for a path below the base that names no endpoint. */
export function unknownEndpoint(): ScimError {
  return new ScimError(404, undefined, "No such SCIM endpoint. Endpoints: /Users, /Groups, /Bulk, /Schemas, /ResourceTypes, /ServiceProviderConfig.");
}

/** Collections whose second segment is an id, and those whose only child is `.search`. */
const COLLECTIONS: Record<string, { list: ScimEndpointName; item: ScimEndpointName; search?: ScimEndpointName }> = {
  users: { list: "users", item: "user", search: "usersSearch" },
  groups: { list: "groups", item: "group", search: "groupsSearch" },
  schemas: { list: "schemas", item: "schema" },
  resourcetypes: { list: "resourceTypes", item: "resourceType" },
};

/**
 * Single endpoints, by lower-case name. Two older names still sent by Microsoft's reference
 * Postman collection (`/serviceConfiguration`) and SCIM 1.1 clients (`/ServiceProviderConfigs`)
 * mean the service configuration and nothing else (docs/decisions/0011-scim-edges.md).
 */
const SINGLES: Record<string, ScimEndpointName> = {
  serviceproviderconfig: "serviceProviderConfig",
  serviceproviderconfigs: "serviceProviderConfig",
  serviceconfiguration: "serviceProviderConfig",
  bulk: "bulk",
  me: "me",
};

/**
 * The endpoint a path relative to the base URL names ("/Users/abc", "//users/", ""), still
 * percent-encoded as it came. Empty segments (a pasted base URL with a trailing slash) are
 * ignored and names match in any case (Entra sends "/users"). Throws 400 for a segment that is
 * not valid percent-encoded UTF-8, decodes to a control character, or is a dot segment (".",
 * "..", also percent-encoded): a URL that climbs out of the base cannot name a SCIM resource.
 * Unknown paths resolve to "unknown" (a 404 once the caller is authenticated).
 */
export function resolveEndpoint(path: string): ResolvedEndpoint {
  const segments = decodeSegments(path);
  const [first, second, ...rest] = segments;
  if (first === undefined || rest.length > 0) return { name: "unknown" };
  const key = first.toLowerCase();
  const collection = COLLECTIONS[key];
  if (collection) {
    if (second === undefined) return { name: collection.list };
    if (second === ".search" && collection.search) return { name: collection.search };
    return { name: collection.item, id: second };
  }
  const single = SINGLES[key];
  return single && second === undefined ? { name: single } : { name: "unknown" };
}

/**
 * The part of an absolute path below the SCIM base ("/scim/v2/Users" → "/Users"), or undefined
 * when the path is not under it. The base's own two segments may be percent-encoded or in
 * another case, as Remix's router matches them; "//scim/v2" and "/scim//v2" are not under it
 * (the router does not match them either).
 */
export function pathBelowBase(pathname: string): string | undefined {
  const match = /^\/([^/]*)\/([^/]*)(?=\/|$)/.exec(pathname);
  if (!match) return undefined;
  if (safeDecode(match[1]!).toLowerCase() !== "scim" || safeDecode(match[2]!).toLowerCase() !== "v2") return undefined;
  return pathname.slice(match[0].length);
}

/**
 * Checks a query string ("?filter=…", with or without the "?") the way resolveEndpoint checks
 * a path: every percent escape well formed and the whole valid UTF-8, no control characters
 * other than tab, CR and LF once decoded. URLSearchParams would pass "%zz" through and turn
 * invalid UTF-8 into U+FFFD; a filter built from either would silently match nothing.
 */
export function checkQuery(search: string): void {
  const query = search.startsWith("?") ? search.slice(1) : search;
  if (query === "") return;
  for (const part of query.split("&")) {
    for (const piece of part.split("=")) {
      const decoded = decodeOrThrow(piece.replaceAll("+", " "), "query string");
      if (QUERY_CONTROL.test(decoded)) throw badTarget("The query string holds a control character");
    }
  }
}

// C0 controls, DEL and C1 controls. A path segment may hold none; a query value may hold tab,
// LF and CR (whitespace a filter parser treats as such) but no other.
const PATH_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const QUERY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

function decodeSegments(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    if (DOT_SEGMENT.test(raw)) throw badTarget(`The path holds a "${raw}" segment; SCIM paths name resources directly`);
    const segment = decodeOrThrow(raw, "path");
    if (PATH_CONTROL.test(segment)) throw badTarget("The path holds a control character");
    out.push(segment);
  }
  return out;
}

function decodeOrThrow(text: string, where: string): string {
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    throw badTarget(`The ${where} is not valid percent-encoded UTF-8 (RFC 3986 §2.1)`);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function badTarget(detail: string): ScimError {
  return new ScimError(400, undefined, `${detail}.`);
}
