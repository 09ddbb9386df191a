// /scim/v2/Schemas/{urn}: one schema; unknown URN → 404.
import { discoveryRoute } from "~/directory/discovery.server";
import { scimBaseUrl } from "~/env.server";
import { getSchemaDocument } from "~/scim";

const route = discoveryRoute("/Schemas/:id", (params) => getSchemaDocument(params.id ?? "", scimBaseUrl()));

export const loader = route.loader;
export const action = route.action;
