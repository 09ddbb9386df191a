// /scim/v2/Users/.search: the list query in a POST body (RFC 7644 §3.4.3), so filters with
// personal data stay out of URLs and access logs.
import { listResponse, LIST_OPTIONS } from "~/scim-http/lists";
import { readScimJson } from "~/scim-http/request";
import { scimRoute } from "~/scim-http/route.server";
import { listUsers } from "~/directory/users.server";
import { parseSearchRequest, USER_RESOURCE_TYPE } from "~/scim";

const usersSearchRoute = scimRoute("usersSearch", {
  POST: async ({ request, tenant }) => {
    const { body } = await readScimJson(request);
    const query = parseSearchRequest(body, USER_RESOURCE_TYPE, LIST_OPTIONS);
    return listResponse(await listUsers(tenant, query), query, USER_RESOURCE_TYPE);
  },
});

export const loader = usersSearchRoute.loader;
export const action = usersSearchRoute.action;
