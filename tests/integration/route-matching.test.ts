// Route matching is computed once per route table (patches/@remix-run+router+1.23.3.patch: the
// server's @remix-run/router keeps the ranked branches instead of flattening, scoring and sorting
// all routes on every request, and each route pattern's compiled RegExp). This proves every URL the app serves still reaches the same
// route, with the same params, as the unpatched algorithm (the router's browser build, which
// still ranks on every call), on both route tables the server matches a request against: Remix's
// own (`createRoutes`) and the static handler's (`createStaticHandlerDataRoutes`), built from the
// real build's route manifest (scripts/test-all.sh builds the app before vitest runs).
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
type Route = { id: string; path?: string; index?: boolean; children?: Route[] };
type Match = { params: Record<string, string | undefined>; pathname: string; route: Route };
type MatchRoutes = (routes: Route[], location: string) => Match[] | null;
// What Node loads on the server (patched), and the same release's browser build (not patched).
const cached: MatchRoutes = require("@remix-run/router").matchRoutes;
let reference: MatchRoutes;
let tables: Record<string, Route[]>;

beforeAll(async () => {
  reference = ((await import("@remix-run/router/dist/router.js")) as unknown as { matchRoutes: MatchRoutes }).matchRoutes;
  const build = await import(pathToFileURL(path.resolve("build/server/index.js")).href);
  const { createRoutes, createStaticHandlerDataRoutes } = require("@remix-run/server-runtime/dist/routes.js");
  tables = { remix: createRoutes(build.routes), staticHandler: createStaticHandlerDataRoutes(build.routes, build.future) };
});

// Every app URL: [url, the leaf route it reaches, its params].
const URLS: [string, string | null, Record<string, string>?][] = [
  // SCIM
  ["/scim/v2/Users", "routes/scim.v2.Users._index"],
  ["/scim/v2/Users/", "routes/scim.v2.Users._index"],
  ["/scim/v2/users", "routes/scim.v2.Users._index"],
  ["/scim/v2/Users/2819c223-7f76-453a-919d-413861904646", "routes/scim.v2.Users.$id", { id: "2819c223-7f76-453a-919d-413861904646" }],
  ["/scim/v2/Users/a%20b%2Fc", "routes/scim.v2.Users.$id", { id: "a b/c" }],
  ["/scim/v2/Users/.search", "routes/scim.v2.Users.[.search]"],
  ["/scim/v2/Groups", "routes/scim.v2.Groups._index"],
  ["/scim/v2/Groups/g-1", "routes/scim.v2.Groups.$id", { id: "g-1" }],
  ["/scim/v2/Groups/.search", "routes/scim.v2.Groups.[.search]"],
  ["/scim/v2/Bulk", "routes/scim.v2.Bulk"],
  ["/scim/v2/Schemas", "routes/scim.v2.Schemas._index"],
  ["/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", "routes/scim.v2.Schemas.$id", { id: "urn:ietf:params:scim:schemas:core:2.0:User" }],
  ["/scim/v2/ResourceTypes", "routes/scim.v2.ResourceTypes._index"],
  ["/scim/v2/ResourceTypes/User", "routes/scim.v2.ResourceTypes.$id", { id: "User" }],
  ["/scim/v2/ServiceProviderConfig", "routes/scim.v2.ServiceProviderConfig"],
  // The odd ones app/routes/scim.v2.$.ts sorts out: a pasted base URL's doubled slash, /Me,
  // nested and unknown paths, the bare base URL.
  ["/scim/v2//Users", "routes/scim.v2.$", { "*": "/Users" }],
  ["/scim/v2//Users/abc", "routes/scim.v2.$", { "*": "/Users/abc" }],
  ["/scim/v2/Me", "routes/scim.v2.$", { "*": "Me" }],
  ["/scim/v2/Users/abc/extra", "routes/scim.v2.$", { "*": "Users/abc/extra" }],
  ["/scim/v2/ServiceProviderConfig/x", "routes/scim.v2.$", { "*": "ServiceProviderConfig/x" }],
  ["/scim/v2/Nope", "routes/scim.v2.$", { "*": "Nope" }],
  ["/scim/v2/", "routes/scim.v2.$", { "*": "" }],
  ["/scim/v2", "routes/scim.v2.$", { "*": "" }],
  // Admin
  ["/app", "routes/app._index"],
  ["/app/", "routes/app._index"],
  ["/app/log", "routes/app.log"],
  ["/app/log/evt_123", "routes/app.log.$eventId", { eventId: "evt_123" }],
  ["/app/log.csv", "routes/app.log[.]csv"],
  ["/app/people", "routes/app.people._index"],
  ["/app/people/p-1", "routes/app.people.$personId", { personId: "p-1" }],
  ["/app/privacy", "routes/app.privacy"],
  ["/app/privacy-requests/r-1", "routes/app.privacy-requests.$id", { id: "r-1" }],
  ["/app/protection", "routes/app.protection"],
  ["/app/settings", "routes/app.settings"],
  ["/app/tokens", "routes/app.tokens"],
  ["/app/api/scim", "routes/app.api.scim"],
  ["/", "routes/_index"],
  // Auth
  ["/auth/login", "routes/auth.$", { "*": "login" }],
  ["/auth/session-token", "routes/auth.$", { "*": "session-token" }],
  ["/auth/callback", "routes/auth.$", { "*": "callback" }],
  // Webhooks
  ["/webhooks/app/uninstalled", "routes/webhooks.app.uninstalled"],
  ["/webhooks/app/scopes_update", "routes/webhooks.app.scopes_update"],
  ["/webhooks/customers/data_request", "routes/webhooks.customers.data_request"],
  ["/webhooks/customers/redact", "routes/webhooks.customers.redact"],
  ["/webhooks/customers/update", "routes/webhooks.customers.update"],
  ["/webhooks/customers/delete", "routes/webhooks.customers.delete"],
  ["/webhooks/shop/redact", "routes/webhooks.shop.redact"],
  // Health, and what no route serves
  ["/healthz", "routes/healthz"],
  ["/favicon.ico", null],
  ["/webhooks/unknown", null],
];

const summary = (matches: Match[] | null) =>
  matches?.map((m) => ({ id: m.route.id, pathname: m.pathname, params: m.params })) ?? null;

describe("route matching with the ranked branches kept", () => {
  it("covers every route of the build", () => {
    const leaves = new Set(URLS.map(([, id]) => id));
    const ids = (routes: Route[]): string[] => routes.flatMap((r) => [r.id, ...ids(r.children ?? [])]);
    const all = Object.values(tables).flatMap(ids);
    // root and the app layout are parents only; every other route is some URL's leaf.
    expect(new Set(all.filter((id) => !leaves.has(id)))).toEqual(new Set(["root", "routes/app"]));
  });

  for (const [url, leaf, params = {}] of URLS) {
    it(`${url} -> ${leaf ?? "no route"}`, () => {
      for (const [name, routes] of Object.entries(tables)) {
        // Twice: the second call is served from the kept branches.
        for (let call = 0; call < 2; call++) {
          const matches = cached(routes, url);
          expect(summary(matches), `${name} table`).toEqual(summary(reference(routes, url)));
          if (leaf === null) {
            expect(matches, `${name} table`).toBeNull();
            continue;
          }
          expect(matches?.at(-1)?.route.id, `${name} table`).toBe(leaf);
          expect(matches?.at(-1)?.params, `${name} table`).toEqual(params);
        }
      }
    });
  }

  it("ranks a route table once: a table is never changed after the server built it", () => {
    const routes: Route[] = [{ id: "a", path: "/a" }];
    expect(summary(cached(routes, "/a"))?.[0]?.id).toBe("a");
    routes.push({ id: "b", path: "/b" });
    expect(cached(routes, "/b")).toBeNull();
    expect(reference(routes, "/b")?.[0]?.route.id).toBe("b");
    expect(cached([...routes], "/b")?.[0]?.route.id).toBe("b");
  });
});
