// The frame every /scim/v2 route runs in: authenticate the tenant, run the handler, and answer
// in SCIM's wire format, so that no request, however malformed, gets anything but a SCIM error.
import { ScimError } from "~/scim/errors";
import { requireScimTenant, type ScimTenant } from "~/tenants/scim-tokens.server";

export const SCIM_CONTENT_TYPE = "application/scim+json";

export function scimJson(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", `${SCIM_CONTENT_TYPE}; charset=utf-8`);
  return new Response(JSON.stringify(body), { ...init, headers });
}

export function scimErrorResponse(error: ScimError): Response {
  const headers = new Headers();
  // RFC 6750: a 401 names the scheme the client should use.
  if (error.status === 401) headers.set("WWW-Authenticate", 'Bearer realm="SCIM"');
  return scimJson(error.toJSON(), { status: error.status, headers });
}

export async function handleScimRequest(
  request: Request,
  handler: (tenant: ScimTenant) => Promise<Response>,
): Promise<Response> {
  try {
    const tenant = await requireScimTenant(request);
    return await handler(tenant);
  } catch (thrown) {
    if (thrown instanceof ScimError) return scimErrorResponse(thrown);
    console.error("SCIM request failed", thrown);
    return scimErrorResponse(new ScimError(500, undefined, "The server could not complete the request. It was logged; retry later."));
  }
}
