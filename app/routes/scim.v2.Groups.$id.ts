// /scim/v2/Groups/{id}: read (GET/HEAD, with If-None-Match), replace (PUT), patch (PATCH), delete.
//
// PATCH answers 204 No Content (Entra asks for it; Okta accepts it; RFC 7644 §3.5.2), so a
// 5,000-member change never sends a member list back. A PATCH with `attributes` or
// `excludedAttributes` in the query gets 200 with the projected group.
import { deleteGroup, getGroup, patchGroup, replaceGroup, wantsMembers, type GroupWriteResult } from "~/directory/groups.server";
import { preconditionsOf, projectionOf, readScimJson } from "~/scim-http/request";
import { notModified, resourceResponse } from "~/scim-http/responses";
import { scimRoute, type ScimContext } from "~/scim-http/route.server";
import { checkPreconditions, GROUP_RESOURCE_TYPE } from "~/scim";

function noteWrite(context: ScimContext, result: GroupWriteResult) {
  context.note({
    id: result.group.id,
    changed: result.changed,
    added: result.added,
    removed: result.removed,
    ...(result.retagged ? { retagged: true } : {}),
    ...(result.ignoredAttributes.length ? { ignoredAttributes: result.ignoredAttributes } : {}),
  });
}

const groupRoute = scimRoute("group", {
  GET: async ({ request, tenant, params }) => {
    const group = await getGroup(tenant, params.id ?? "", { members: wantsMembers(projectionOf(request)) });
    if (checkPreconditions({ method: "GET", ...preconditionsOf(request) }, group.version) === "notModified") return notModified(group.version);
    return resourceResponse(group, GROUP_RESOURCE_TYPE, request);
  },
  PUT: async (context) => {
    const { body } = await readScimJson(context.request);
    const options = { members: wantsMembers(projectionOf(context.request)) };
    const result = await replaceGroup(context.tenant, context.params.id ?? "", body, preconditionsOf(context.request), options);
    noteWrite(context, result);
    return resourceResponse(result.group, GROUP_RESOURCE_TYPE, context.request);
  },
  PATCH: async (context) => {
    const { body } = await readScimJson(context.request);
    const projection = projectionOf(context.request);
    const wantsBody = projection.attributes !== undefined || projection.excludedAttributes !== undefined;
    const options = { members: wantsBody && wantsMembers(projection) };
    const result = await patchGroup(context.tenant, context.params.id ?? "", body, preconditionsOf(context.request), options);
    noteWrite(context, result);
    if (wantsBody) return resourceResponse(result.group, GROUP_RESOURCE_TYPE, context.request);
    return new Response(null, { status: 204, headers: { ETag: result.group.version } });
  },
  DELETE: async (context) => {
    const { members } = await deleteGroup(context.tenant, context.params.id ?? "", preconditionsOf(context.request));
    context.note({ id: context.params.id, members });
    return new Response(null, { status: 204 });
  },
});

export const loader = groupRoute.loader;
export const action = groupRoute.action;
