// The frame every /scim/v2 route runs in: authenticate the tenant, apply the per-token rate
// limit, dispatch by method, read and check request bodies, answer in SCIM's wire format, and
// log one line per request. No request, however malformed, gets anything but a SCIM response.
import { ScimError, parseJsonBody, projectAttributes, type JsonObject, type ResourceTypeDefinition } from "~/scim";
import { logger } from "~/logger.server";
import { noteScimRequest } from "~/tenants/scim-request-log.server";
import { requireScimTenant, type ScimTenant } from "~/tenants/scim-tokens.server";
import { SCIM_SERVICE } from "./config.server";
import { scimRateLimiter, type RateLimiter } from "./rate-limit.server";

export const SCIM_CONTENT_TYPE = "application/scim+json";

export type ScimMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ScimContext {
  request: Request;
  tenant: ScimTenant;
  params: Readonly<Record<string, string | undefined>>;
  /** Adds safe fields to this request's log line (attribute names, flags; never values). */
  note(fields: Record<string, unknown>): void;
}

export type ScimHandler = (context: ScimContext) => Promise<Response>;
export type ScimHandlers = Partial<Record<ScimMethod, ScimHandler>>;

interface RouteArgs {
  request: Request;
  params: Readonly<Record<string, string | undefined>>;
  context?: unknown;
}

export interface ScimRouteOptions {
  /** The per-token limiter; the shared one sized from the environment by default. */
  limiter?: RateLimiter;
}

export function scimJson(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", `${SCIM_CONTENT_TYPE}; charset=utf-8`);
  return new Response(JSON.stringify(body), { ...init, headers });
}

export function scimErrorResponse(error: ScimError, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  // RFC 6750: a 401 names the scheme the client should use.
  if (error.status === 401) h.set("WWW-Authenticate", 'Bearer realm="SCIM"');
  return scimJson(error.toJSON(), { status: error.status, headers: h });
}

/** A ScimError that carries response headers (Retry-After on 429, Allow on 405). */
export class ScimErrorWithHeaders extends ScimError {
  constructor(
    status: number,
    detail: string,
    readonly headers: Record<string, string>,
  ) {
    super(status, undefined, detail);
  }
}

/**
 * A SCIM resource route: `loader` and `action` for Remix, both dispatching on the method.
 * `route` is the URL pattern relative to the base ("/Users/:id"), used in the log line.
 */
export function scimRoute(route: string, handlers: ScimHandlers, options: ScimRouteOptions = {}) {
  const handle = (args: RouteArgs) => handleScimRequest(args.request, route, handlers, args.params, options);
  return { loader: handle, action: handle };
}

export async function handleScimRequest(
  request: Request,
  route: string,
  handlers: ScimHandlers,
  params: Readonly<Record<string, string | undefined>> = {},
  options: ScimRouteOptions = {},
): Promise<Response> {
  const started = performance.now();
  const startedAt = new Date();
  const fields: Record<string, unknown> = {};
  let shop: string | undefined;
  let shopId: string | undefined;
  let response: Response;
  try {
    const tenant = await requireScimTenant(request);
    shop = tenant.shopDomain;
    shopId = tenant.shopId;
    const decision = await (options.limiter ?? scimRateLimiter).consume(tenant.tokenId);
    if (!decision.allowed) {
      throw new ScimErrorWithHeaders(
        429,
        `Too many requests for this SCIM token. Retry after ${decision.retryAfterSeconds} s.`,
        { "Retry-After": String(decision.retryAfterSeconds) },
      );
    }
    const method = request.method.toUpperCase() === "HEAD" ? "GET" : (request.method.toUpperCase() as ScimMethod);
    const handler = handlers[method];
    if (!handler) {
      const allowed = Object.keys(handlers);
      if (allowed.includes("GET")) allowed.push("HEAD");
      throw new ScimErrorWithHeaders(405, `${request.method} is not supported on ${route}; use ${allowed.join(", ")}.`, {
        Allow: allowed.join(", "),
      });
    }
    response = await handler({ request, tenant, params, note: (more) => Object.assign(fields, more) });
  } catch (thrown) {
    if (thrown instanceof ScimError && thrown.scimType) fields["scimType"] = thrown.scimType;
    response = errorToResponse(thrown, { route, method: request.method });
  }
  response = negotiate(request, response);
  logRequest(request, route, response, started, shop, fields);
  // The admin's "last request received from your identity provider" (no tokens, no bodies).
  noteScimRequest(request, shopId, response.status, startedAt, performance.now() - started);
  return response;
}

function errorToResponse(thrown: unknown, where: { route: string; method: string }): Response {
  if (thrown instanceof ScimErrorWithHeaders) return scimErrorResponse(thrown, thrown.headers);
  if (thrown instanceof ScimError) return scimErrorResponse(thrown);
  // Only the error's class and message: a driver message may quote SQL but not request data.
  const error = thrown instanceof Error ? { name: thrown.name, message: thrown.message, stack: thrown.stack } : { value: String(thrown) };
  logger.error({ ...where, err: error }, "SCIM request failed");
  return scimErrorResponse(new ScimError(500, undefined, "The server could not complete the request. It was logged; retry later."));
}

/**
 * Checklist 3 (OneLogin): a client that accepts only application/json gets that media type;
 * everyone else gets application/scim+json (RFC 7644 §3.1, Entra's requirement).
 */
function negotiate(request: Request, response: Response): Response {
  const accept = request.headers.get("accept")?.toLowerCase();
  if (!accept || accept.includes("scim+json") || accept.includes("*/*")) return response;
  if (!accept.includes("application/json")) return response;
  const type = response.headers.get("content-type");
  if (!type || !type.startsWith(SCIM_CONTENT_TYPE)) return response;
  response.headers.set("Content-Type", "application/json; charset=utf-8");
  return response;
}

function logRequest(
  request: Request,
  route: string,
  response: Response,
  started: number,
  shop: string | undefined,
  fields: Record<string, unknown>,
) {
  if (!logger.isLevelEnabled("info")) return;
  const line: Record<string, unknown> = {
    method: request.method,
    route: `/scim/v2${route}`,
    status: response.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    ...(shop ? { shop } : {}),
    ...fields,
  };
  logger.info(line, "scim request");
}

// ---------------------------------------------------------------- request bodies

const JSON_TYPES = new Set(["application/json", "application/scim+json", "text/json"]);

/**
 * The JSON body of a SCIM request. The media type may be application/json or
 * application/scim+json (Okta's SPEC test POSTs the first, RFC 7644 names the second), any
 * `+json` type, with or without parameters (`charset=utf-8`), or missing altogether (OneLogin
 * templates and hand-written scripts): anything else is 415. Bodies larger than the advertised
 * maxPayloadSize are 413, checked from Content-Length and again while reading. Not JSON → 400
 * invalidSyntax (checklist 34).
 */
export async function readScimJson(request: Request, maxBytes: number = SCIM_SERVICE.maxPayloadSize): Promise<{ body: unknown; bytes: number }> {
  const type = request.headers.get("content-type");
  if (type !== null && type.trim() !== "") {
    const media = type.split(";")[0]!.trim().toLowerCase();
    if (!JSON_TYPES.has(media) && !media.endsWith("+json")) {
      throw new ScimError(415, undefined, `Content-Type "${media.slice(0, 100)}" is not supported; send application/scim+json or application/json.`);
    }
  }
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared, maxBytes);
  const bytes = await readLimited(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ScimError(400, "invalidSyntax", "The request body is not valid UTF-8");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { body: parseJsonBody(text), bytes: bytes.byteLength };
}

function tooLarge(size: number, max: number): ScimError {
  return new ScimError(413, undefined, `The request body is ${size} bytes; the maximum is ${max} (maxPayloadSize in /ServiceProviderConfig).`);
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(total, maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The If-Match / If-None-Match headers of a request, for the directory's precondition checks. */
export function preconditionsOf(request: Request): { ifMatch: string | null; ifNoneMatch: string | null } {
  return { ifMatch: request.headers.get("if-match"), ifNoneMatch: request.headers.get("if-none-match") };
}

// ---------------------------------------------------------------- resource responses

/** RFC 7644 §3.9: `attributes` / `excludedAttributes` on any request that returns a resource. */
export function projectionOf(request: Request): { attributes?: string; excludedAttributes?: string } {
  const out: { attributes?: string; excludedAttributes?: string } = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    const lower = key.toLowerCase();
    if (lower === "attributes") out.attributes = value;
    else if (lower === "excludedattributes") out.excludedAttributes = value;
  }
  return out;
}

/** One resource: its projection, ETag = meta.version, Location = meta.location (checklist 27, 29). */
export function resourceResponse(
  record: { resource: JsonObject; version: string; location: string },
  rt: ResourceTypeDefinition,
  request: Request,
  status = 200,
): Response {
  const body = projectAttributes(record.resource, rt, projectionOf(request));
  return scimJson(body, { status, headers: { ETag: record.version, Location: record.location } });
}

/** 304 for a matching If-None-Match: no body, the current ETag. */
export function notModified(version: string): Response {
  return new Response(null, { status: 304, headers: { ETag: version } });
}
