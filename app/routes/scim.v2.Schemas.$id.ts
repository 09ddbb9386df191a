// /scim/v2/Schemas/{urn}: one schema; unknown URN → 404.
import { discoveryRoute } from "~/scim-http/discovery.server";
import { scimBaseUrl } from "~/env.server";
import { getSchemaDocument } from "~/scim";

const route = discoveryRoute("schema", (params) => getSchemaDocument(params.id ?? "", scimBaseUrl()));

export const loader = route.loader;
export const action = route.action;
