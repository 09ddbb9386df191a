// /scim/v2/Groups: list and filter (GET), create (POST). Members are read only when the response
// shows them (Okta and Entra send excludedAttributes=members on every lookup).
import { createGroup, listGroups, wantsMembers } from "~/directory/groups.server";
import { listResponse, LIST_OPTIONS } from "~/scim-http/lists";
import { projectionOf, readScimJson } from "~/scim-http/request";
import { resourceResponse } from "~/scim-http/responses";
import { scimRoute } from "~/scim-http/route.server";
import { GROUP_RESOURCE_TYPE, parseListQuery } from "~/scim";

const groupsRoute = scimRoute("groups", {
  GET: async ({ request, tenant }) => {
    const query = parseListQuery(new URL(request.url).searchParams, GROUP_RESOURCE_TYPE, LIST_OPTIONS);
    const members = wantsMembers({ attributes: query.attributes, excludedAttributes: query.excludedAttributes });
    return listResponse(await listGroups(tenant, query, { members }), query, GROUP_RESOURCE_TYPE);
  },
  POST: async ({ request, tenant, note }) => {
    const { body } = await readScimJson(request);
    const result = await createGroup(tenant, body, { members: wantsMembers(projectionOf(request)) });
    note({ id: result.group.id, added: result.added, ignoredAttributes: result.ignoredAttributes.length ? result.ignoredAttributes : undefined });
    return resourceResponse(result.group, GROUP_RESOURCE_TYPE, request, 201);
  },
});

export const loader = groupsRoute.loader;
export const action = groupsRoute.action;
