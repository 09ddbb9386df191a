import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleScimRequest, scimJson } from "~/directory/scim-route.server";
import { scimBaseUrl } from "~/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleScimRequest(request, async () =>
    scimJson({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: false },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: false, maxResults: 0 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [
        { type: "oauthbearertoken", name: "OAuth Bearer Token", description: "The SCIM token from the app's SCIM page in the Shopify admin.", primary: true },
      ],
      meta: { resourceType: "ServiceProviderConfig", location: `${scimBaseUrl()}/ServiceProviderConfig` },
    }),
  );
}
