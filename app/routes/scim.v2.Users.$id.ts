// /scim/v2/Users/{id}: read (GET/HEAD, with If-None-Match), replace (PUT), patch (PATCH), delete.
import { deleteUser, getUser, patchUser, replaceUser, type WriteResult } from "~/directory/users.server";
import { preconditionsOf, readScimJson } from "~/scim-http/request";
import { notModified, resourceResponse } from "~/scim-http/responses";
import { scimRoute, type ScimContext } from "~/scim-http/route.server";
import { checkPreconditions, USER_RESOURCE_TYPE } from "~/scim";

function noteWrite(context: ScimContext, result: WriteResult) {
  context.note({
    id: result.user.id,
    changed: result.changed,
    ...(result.passwordProvided ? { passwordProvided: true } : {}),
    ...(result.ignoredAttributes.length ? { ignoredAttributes: result.ignoredAttributes } : {}),
  });
}

const userRoute = scimRoute("user", {
  GET: async ({ request, tenant, params }) => {
    const user = await getUser(tenant, params.id ?? "");
    if (checkPreconditions({ method: "GET", ...preconditionsOf(request) }, user.version) === "notModified") return notModified(user.version);
    return resourceResponse(user, USER_RESOURCE_TYPE, request);
  },
  PUT: async (context) => {
    const { body } = await readScimJson(context.request);
    const result = await replaceUser(context.tenant, context.params.id ?? "", body, preconditionsOf(context.request));
    noteWrite(context, result);
    return resourceResponse(result.user, USER_RESOURCE_TYPE, context.request);
  },
  PATCH: async (context) => {
    const { body } = await readScimJson(context.request);
    const result = await patchUser(context.tenant, context.params.id ?? "", body, preconditionsOf(context.request));
    noteWrite(context, result);
    // 200 with the resource (RFC 7644 §3.5.2); never 200 with an empty body (checklist 59).
    return resourceResponse(result.user, USER_RESOURCE_TYPE, context.request);
  },
  DELETE: async ({ request, tenant, params }) => {
    await deleteUser(tenant, params.id ?? "", preconditionsOf(request));
    return new Response(null, { status: 204 });
  },
});

export const loader = userRoute.loader;
export const action = userRoute.action;
