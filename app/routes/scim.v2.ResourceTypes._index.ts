// /scim/v2/ResourceTypes (RFC 7643 §6): User and Group, as a ListResponse (checklist 6).
import { discoveryRoute } from "~/scim-http/discovery.server";
import { scimBaseUrl } from "~/env.server";
import { resourceTypesListResponse } from "~/scim";

const route = discoveryRoute("resourceTypes", () => resourceTypesListResponse(scimBaseUrl()));

export const loader = route.loader;
export const action = route.action;
