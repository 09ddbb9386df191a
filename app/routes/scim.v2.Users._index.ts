// /scim/v2/Users: list and filter (GET), create (POST).
import { createUser, listUsers } from "~/directory/users.server";
import { listResponse, LIST_OPTIONS } from "~/scim-http/lists";
import { readScimJson } from "~/scim-http/request";
import { resourceResponse } from "~/scim-http/responses";
import { scimRoute } from "~/scim-http/route.server";
import { parseListQuery, USER_RESOURCE_TYPE } from "~/scim";

const usersRoute = scimRoute("users", {
  GET: async ({ request, tenant }) => {
    const query = parseListQuery(new URL(request.url).searchParams, USER_RESOURCE_TYPE, LIST_OPTIONS);
    return listResponse(await listUsers(tenant, query), query, USER_RESOURCE_TYPE);
  },
  POST: async ({ request, tenant, note }) => {
    const { body } = await readScimJson(request);
    const result = await createUser(tenant, body);
    note({ id: result.user.id, passwordProvided: result.passwordProvided || undefined, ignoredAttributes: result.ignoredAttributes.length ? result.ignoredAttributes : undefined });
    return resourceResponse(result.user, USER_RESOURCE_TYPE, request, 201);
  },
});

export const loader = usersRoute.loader;
export const action = usersRoute.action;
