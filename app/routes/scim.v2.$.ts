// Everything else under /scim/v2. IdPs build URLs by appending to the base URL an admin pasted,
// so "/scim/v2//Users" and "/scim/v2/Users/" reach here when the router does not match them:
// the one normaliser (app/scim/endpoints.ts) names the endpoint and this sends the request to
// its route. /Me is 501 (checklist 8), and anything else is a SCIM 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { scimRoute, unknownEndpoint } from "~/scim-http/route.server";
import { ScimError, pathBelowBase, resolveEndpoint, type ScimEndpointName } from "~/scim";
import * as bulk from "./scim.v2.Bulk";
import * as group from "./scim.v2.Groups.$id";
import * as groups from "./scim.v2.Groups._index";
import * as groupsSearch from "./scim.v2.Groups.[.search]";
import * as resourceType from "./scim.v2.ResourceTypes.$id";
import * as resourceTypes from "./scim.v2.ResourceTypes._index";
import * as schema from "./scim.v2.Schemas.$id";
import * as schemas from "./scim.v2.Schemas._index";
import * as serviceProviderConfig from "./scim.v2.ServiceProviderConfig";
import * as user from "./scim.v2.Users.$id";
import * as users from "./scim.v2.Users._index";
import * as usersSearch from "./scim.v2.Users.[.search]";

type Args = LoaderFunctionArgs | ActionFunctionArgs;
type RouteModule = { loader: (args: Args) => Promise<Response>; action: (args: Args) => Promise<Response> };

const meRoute = scimRoute("me", {
  GET: notImplemented,
  POST: notImplemented,
  PUT: notImplemented,
  PATCH: notImplemented,
  DELETE: notImplemented,
});
const unknownRoute = scimRoute("unknown", {
  GET: unknown,
  POST: unknown,
  PUT: unknown,
  PATCH: unknown,
  DELETE: unknown,
});

const MODULES: Record<ScimEndpointName, RouteModule> = {
  users,
  usersSearch,
  user,
  groups,
  groupsSearch,
  group,
  schemas,
  schema,
  resourceTypes,
  resourceType,
  serviceProviderConfig,
  bulk,
  me: meRoute,
  unknown: unknownRoute,
};

async function notImplemented(): Promise<Response> {
  throw new ScimError(501, undefined, "/Me is not supported: a SCIM token acts for a store, not for a person.");
}
async function unknown(): Promise<Response> {
  throw unknownEndpoint();
}

function dispatch(args: Args): Promise<Response> {
  let module: RouteModule = unknownRoute;
  try {
    module = MODULES[resolveEndpoint(pathBelowBase(new URL(args.request.url).pathname) ?? "").name];
  } catch {
    // A path the normaliser refuses: the unknown route answers its 400 (handleScimRequest
    // resolves the path again), logged like any other SCIM request.
  }
  const method = args.request.method.toUpperCase();
  return method === "GET" || method === "HEAD" ? module.loader(args) : module.action(args);
}

export const loader = (args: LoaderFunctionArgs) => dispatch(args);
export const action = (args: ActionFunctionArgs) => dispatch(args);
