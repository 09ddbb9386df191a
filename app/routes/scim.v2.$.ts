// Everything else under /scim/v2. IdPs build URLs by appending to the base URL an admin pasted,
// so "/scim/v2//Users" and "/scim/v2/Users/" reach here when the router does not match them:
// those are sent to the route they name. /Me is 501 (checklist 8), and anything else is a SCIM 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { scimRoute } from "~/directory/scim-route.server";
import { ScimError } from "~/scim";
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

const meRoute = scimRoute("/Me", {
  GET: notImplemented("/Me"),
  POST: notImplemented("/Me"),
  PUT: notImplemented("/Me"),
  PATCH: notImplemented("/Me"),
  DELETE: notImplemented("/Me"),
});
const unknownRoute = scimRoute("/*", {
  GET: unknown,
  POST: unknown,
  PUT: unknown,
  PATCH: unknown,
  DELETE: unknown,
});

function notImplemented(what: string) {
  return async (): Promise<Response> => {
    throw new ScimError(501, undefined, `${what} is not supported: a SCIM token acts for a store, not for a person.`);
  };
}
async function unknown(): Promise<Response> {
  throw new ScimError(404, undefined, "No such SCIM endpoint. Endpoints: /Users, /Groups, /Bulk, /Schemas, /ResourceTypes, /ServiceProviderConfig.");
}

function resolve(splat: string): { module: RouteModule; params: Record<string, string> } {
  const segments = splat.split("/").filter((s) => s !== "");
  const [first = "", second, ...rest] = segments;
  const id = second === undefined ? undefined : safeDecode(second);
  const is = (name: string) => first.toLowerCase() === name.toLowerCase();
  if (rest.length === 0) {
    if (is("Users")) {
      if (id === undefined) return { module: users, params: {} };
      if (id === ".search") return { module: usersSearch, params: {} };
      return { module: user, params: { id } };
    }
    if (is("Schemas")) return id === undefined ? { module: schemas, params: {} } : { module: schema, params: { id } };
    if (is("ResourceTypes")) return id === undefined ? { module: resourceTypes, params: {} } : { module: resourceType, params: { id } };
    if (is("ServiceProviderConfig") && id === undefined) return { module: serviceProviderConfig, params: {} };
    if (is("Bulk") && id === undefined) return { module: bulk, params: {} };
    if (is("Groups")) {
      if (id === undefined) return { module: groups, params: {} };
      if (id === ".search") return { module: groupsSearch, params: {} };
      return { module: group, params: { id } };
    }
    if (is("Me") && id === undefined) return { module: meRoute, params: {} };
  }
  return { module: unknownRoute, params: {} };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function dispatch(args: Args): Promise<Response> {
  const { module, params } = resolve(args.params["*"] ?? "");
  const method = args.request.method.toUpperCase();
  const next = { ...args, params };
  return method === "GET" || method === "HEAD" ? module.loader(next) : module.action(next);
}

export const loader = (args: LoaderFunctionArgs) => dispatch(args);
export const action = (args: ActionFunctionArgs) => dispatch(args);
