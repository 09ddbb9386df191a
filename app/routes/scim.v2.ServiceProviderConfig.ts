// /scim/v2/ServiceProviderConfig (RFC 7643 §5): what we support, from the constants that enforce it.
import { currentServiceProviderConfig, discoveryRoute } from "~/scim-http/discovery.server";

const route = discoveryRoute("serviceProviderConfig", () => currentServiceProviderConfig());

export const loader = route.loader;
export const action = route.action;
