// The frame every /scim/v2 route runs in: resolve the path (app/scim/endpoints.ts, the one URL
// normaliser), authenticate the tenant (app/tenants), apply the per-token rate limit, dispatch
// by method, answer in SCIM's wire format, and log one line per request. No request, however
// malformed, gets anything but a SCIM response; the one 500 is internalError's.
import {
  ScimError,
  SCIM_ENDPOINTS,
  allowedMethods,
  checkQuery,
  pathBelowBase,
  resolveEndpoint,
  toScimError,
  type ScimEndpointMethod,
  type ScimEndpointName,
  SCIM_BASE_PATH,
} from "~/scim";
import { logger } from "~/logger.server";
import { noteScimRequest } from "~/tenants/scim-request-log.server";
import { requireScimTenant, type ScimTenant } from "~/tenants/scim-tokens.server";
import { scimRateLimiter, type RateLimiter } from "./rate-limit.server";
import { negotiate, scimErrorResponse } from "./responses";

export interface ScimContext {
  request: Request;
  tenant: ScimTenant;
  /** `id`: the decoded {id} segment, for the endpoints that have one. */
  params: Readonly<{ id?: string }>;
  /** Adds safe fields to this request's log line (attribute names, flags; never values). */
  note(fields: Record<string, unknown>): void;
}

export type ScimHandler = (context: ScimContext) => Promise<Response>;
/** One handler per method the endpoint serves (SCIM_ENDPOINTS), no more and no fewer. */
export type ScimHandlers<N extends ScimEndpointName> = Record<ScimEndpointMethod<N>, ScimHandler>;

/** Remix's loader/action arguments; the params are not used (paramsOf takes them from the URL). */
interface RouteArgs {
  request: Request;
  params?: unknown;
  context?: unknown;
}

export interface ScimRouteOptions {
  /** The per-token limiter; the shared one sized from the environment by default. */
  limiter?: RateLimiter;
}

/** A SCIM resource route: `loader` and `action` for Remix, both dispatching on the method. */
export function scimRoute<N extends ScimEndpointName>(endpoint: N, handlers: ScimHandlers<N>, options: ScimRouteOptions = {}) {
  const handle = (args: RouteArgs) => handleScimRequest(args.request, endpoint, handlers, options);
  return { loader: handle, action: handle };
}

export async function handleScimRequest<N extends ScimEndpointName>(
  request: Request,
  endpoint: N,
  handlers: ScimHandlers<N>,
  options: ScimRouteOptions = {},
): Promise<Response> {
  const started = performance.now();
  const startedAt = new Date();
  const fields: Record<string, unknown> = {};
  let shop: string | undefined;
  let shopId: string | undefined;
  let response: Response;
  try {
    const params = paramsOf(request, endpoint);
    const tenant = await requireScimTenant(request);
    shop = tenant.shopDomain;
    shopId = tenant.shopId;
    const decision = await (options.limiter ?? scimRateLimiter).consume(tenant.tokenId);
    if (!decision.allowed) {
      throw new ScimError(429, undefined, `Too many requests for this SCIM token. Retry after ${decision.retryAfterSeconds} s.`, {
        headers: { "Retry-After": String(decision.retryAfterSeconds) },
      });
    }
    const method = request.method.toUpperCase() === "HEAD" ? "GET" : request.method.toUpperCase();
    const handler = (handlers as Partial<Record<string, ScimHandler>>)[method];
    if (!handler) throw methodNotAllowed(request.method, endpoint);
    response = await handler({ request, tenant, params, note: (more) => Object.assign(fields, more) });
  } catch (thrown) {
    const error = internalError(thrown, { route: SCIM_ENDPOINTS[endpoint].pattern, method: request.method });
    if (error.scimType) fields["scimType"] = error.scimType;
    response = scimErrorResponse(error);
  }
  response = negotiate(request, response);
  logRequest(request, endpoint, response, started, shop, fields);
  // The admin's "last request received from your identity provider" (no tokens, no bodies).
  noteScimRequest(request, shopId, response.status, startedAt, performance.now() - started);
  return response;
}

/**
 * The {id} of the request's path, through the one normaliser: Remix picked the route, but its
 * params decode leniently ("%zz" stays as sent), and the same path must mean the same thing
 * here, at the HTTP edge and in Bulk. The query must be well-formed too.
 */
function paramsOf(request: Request, endpoint: ScimEndpointName): { id?: string } {
  const url = new URL(request.url);
  const resolved = resolveEndpoint(pathBelowBase(url.pathname) ?? url.pathname);
  checkQuery(url.search);
  if (resolved.name !== endpoint) throw unknownEndpoint();
  return resolved.id === undefined ? {} : { id: resolved.id };
}

/** 404 for a path that names no endpoint. */
export function unknownEndpoint(): ScimError {
  return new ScimError(404, undefined, "No such SCIM endpoint. Endpoints: /Users, /Groups, /Bulk, /Schemas, /ResourceTypes, /ServiceProviderConfig.");
}

/** 405 with the endpoint's Allow header (RFC 9110 §15.5.6). */
export function methodNotAllowed(method: string, endpoint: ScimEndpointName): ScimError {
  const allow = allowedMethods(endpoint);
  const shown = method.length > 20 ? `${method.slice(0, 20)}…` : method;
  return new ScimError(405, undefined, `${shown} is not supported on ${SCIM_ENDPOINTS[endpoint].pattern}; use ${allow}.`, { headers: { Allow: allow } });
}

/**
 * The one way anything thrown becomes a SCIM error: ScimErrors as they are; anything else is
 * logged here (its class, message and stack: a driver message may quote SQL but not request
 * data) and answered with the 500 of toScimError, which says nothing about the internals.
 */
export function internalError(thrown: unknown, where: { route: string; method: string }): ScimError {
  if (thrown instanceof ScimError) return thrown;
  const err = thrown instanceof Error ? { name: thrown.name, message: thrown.message, stack: thrown.stack } : { value: String(thrown) };
  logger.error({ ...where, err }, "SCIM request failed");
  return toScimError(thrown);
}

function logRequest(
  request: Request,
  endpoint: ScimEndpointName,
  response: Response,
  started: number,
  shop: string | undefined,
  fields: Record<string, unknown>,
) {
  if (!logger.isLevelEnabled("info")) return;
  const line: Record<string, unknown> = {
    method: request.method,
    route: SCIM_BASE_PATH + SCIM_ENDPOINTS[endpoint].pattern,
    status: response.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    ...(shop ? { shop } : {}),
    ...fields,
  };
  logger.info(line, "scim request");
}
