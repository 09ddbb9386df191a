// /scim/v2/Schemas (RFC 7643 §7): every schema we serve, as a ListResponse (checklist 5).
import { discoveryRoute } from "~/scim-http/discovery.server";
import { scimBaseUrl } from "~/env.server";
import { schemasListResponse } from "~/scim";

const route = discoveryRoute("schemas", () => schemasListResponse(scimBaseUrl()));

export const loader = route.loader;
export const action = route.action;
