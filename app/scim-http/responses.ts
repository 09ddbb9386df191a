// SCIM's wire format for answers: application/scim+json bodies, errors with the headers they
// carry, one resource with its ETag and Location, and the media type negotiation.
import { projectAttributes, type JsonObject, type ResourceTypeDefinition, type ScimError } from "~/scim";
import { projectionOf } from "./request";

export const SCIM_CONTENT_TYPE = "application/scim+json";

export function scimJson(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", `${SCIM_CONTENT_TYPE}; charset=utf-8`);
  return new Response(JSON.stringify(body), { ...init, headers });
}

/** The response for a ScimError: its body, its status and the headers it carries (Allow, Retry-After). */
export function scimErrorResponse(error: ScimError): Response {
  return scimJson(error.toJSON(), { status: error.status, headers: errorHeaders(error) });
}

/** The headers of an error's answer; RFC 6750 §3: a 401 names the scheme the client should use. */
export function errorHeaders(error: ScimError): Record<string, string> {
  return error.status === 401 ? { ...error.headers, "WWW-Authenticate": 'Bearer realm="SCIM"' } : { ...error.headers };
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

/**
 * Checklist 3 (OneLogin): a client that accepts only application/json gets that media type;
 * everyone else gets application/scim+json (RFC 7644 §3.1, Entra's requirement).
 */
export function negotiate(request: Request, response: Response): Response {
  const accept = request.headers.get("accept")?.toLowerCase();
  if (!accept || accept.includes("scim+json") || accept.includes("*/*")) return response;
  if (!accept.includes("application/json")) return response;
  const type = response.headers.get("content-type");
  if (!type || !type.startsWith(SCIM_CONTENT_TYPE)) return response;
  response.headers.set("Content-Type", "application/json; charset=utf-8");
  return response;
}
