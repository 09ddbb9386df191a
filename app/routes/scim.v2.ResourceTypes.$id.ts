// /scim/v2/ResourceTypes/{id}: one resource type; unknown → 404.
import { discoveryRoute } from "~/scim-http/discovery.server";
import { scimBaseUrl } from "~/env.server";
import { getResourceTypeDocument } from "~/scim";

const route = discoveryRoute("resourceType", (params) => getResourceTypeDocument(params.id ?? "", scimBaseUrl()));

export const loader = route.loader;
export const action = route.action;
