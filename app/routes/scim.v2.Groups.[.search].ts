// /scim/v2/Groups/.search: the list query in a POST body (RFC 7644 §3.4.3).
import { listGroups, wantsMembers } from "~/directory/groups.server";
import { listResponse, LIST_OPTIONS } from "~/scim-http/lists";
import { readScimJson } from "~/scim-http/request";
import { scimRoute } from "~/scim-http/route.server";
import { GROUP_RESOURCE_TYPE, parseSearchRequest } from "~/scim";

const groupsSearchRoute = scimRoute("groupsSearch", {
  POST: async ({ request, tenant }) => {
    const { body } = await readScimJson(request);
    const query = parseSearchRequest(body, GROUP_RESOURCE_TYPE, LIST_OPTIONS);
    const members = wantsMembers({ attributes: query.attributes, excludedAttributes: query.excludedAttributes });
    return listResponse(await listGroups(tenant, query, { members }), query, GROUP_RESOURCE_TYPE);
  },
});

export const loader = groupsSearchRoute.loader;
export const action = groupsSearchRoute.action;
