// The discovery endpoints (RFC 7644 §4): GET only (anything else 405, checklist 7), and a
// `filter` on them is 403 so a client cannot think it narrowed the answer.
import { scimBaseUrl } from "~/env.server";
import { ScimError, SCIM_ENDPOINTS, serviceProviderConfig, type JsonObject } from "~/scim";
import { SCIM_SERVICE } from "./config";
import { scimJson } from "./responses";
import { scimRoute } from "./route.server";

type DiscoveryEndpoint = "schemas" | "schema" | "resourceTypes" | "resourceType" | "serviceProviderConfig";

export function discoveryRoute(endpoint: DiscoveryEndpoint, build: (params: Readonly<{ id?: string }>) => unknown) {
  return scimRoute(endpoint, {
    GET: async ({ request, params }) => {
      for (const key of new URL(request.url).searchParams.keys()) {
        if (key.toLowerCase() === "filter") {
          throw new ScimError(403, undefined, `${SCIM_ENDPOINTS[endpoint].pattern} does not support filtering (RFC 7644 §4); request it without "filter".`);
        }
      }
      return scimJson(build(params));
    },
  });
}

/** What this service supports, from the same constants that enforce it (checklist 4). */
export function currentServiceProviderConfig(): JsonObject {
  return serviceProviderConfig({
    baseUrl: scimBaseUrl(),
    bulk: { supported: true, maxOperations: SCIM_SERVICE.bulkMaxOperations, maxPayloadSize: SCIM_SERVICE.maxPayloadSize },
    filterMaxResults: SCIM_SERVICE.filterMaxResults,
    sort: true,
    etag: true,
  });
}
