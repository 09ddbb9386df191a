// The same-run peer of bench/scim-users.ts: SCIMMY with scimmy-routers (npm), an in-memory SCIM
// 2.0 Users store behind Express, seeded with the same users as our app (benchUser), so the
// benchmark's three scenarios (lookup by `userName eq`, POST /Users, Okta-style PATCH) run against
// both under the same load and the results are ratios.
//
//   PORT=3930 SCIM_TOKEN=… USERS=10000 node bench/peers/scimmy-server.mjs
//
// Plain JavaScript, run without a TypeScript loader, so that none is in its memory or start-up
// (and express has no type declarations in this project; server/index.mjs is JavaScript too).
//
// Written here, not taken from SCIMMY: the store. SCIMMY leaves storage to its egress/ingress/
// degress handlers; these keep users in a Map with a userName index (a lookup by `userName eq` is
// a Map read, as a database index makes it for us), and filter any other expression with SCIMMY's
// own Filter.match.
import { randomUUID } from "node:crypto";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";
import { benchUser, peerUserId } from "../scim-users-data.mjs";


const port = Number(process.env.PORT ?? 3930);
const token = process.env.SCIM_TOKEN ?? "";
const users = Number(process.env.USERS ?? 0);
if (!token) throw new Error("SCIM_TOKEN is required");

const byId = new Map();
const byUserName = new Map();
function store(user) {
  byId.set(user.id, user);
  byUserName.set(user.userName.toLowerCase(), user.id);
}
const seededAt = new Date();
for (let i = 0; i < users; i++) {
  const { schemas: _schemas, ...body } = benchUser(i);
  store({ ...body, id: peerUserId(i), meta: { created: seededAt, lastModified: seededAt } });
}

SCIMMY.Resources.declare(SCIMMY.Resources.User)
  .egress((resource) => {
    if (resource.id) {
      const user = byId.get(resource.id);
      if (!user) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
      return user;
    }
    const filter = resource.filter;
    if (!filter) return [...byId.values()];
    const [only] = filter;
    const [attribute, expression] = filter.length === 1 && only ? (Object.entries(only)[0] ?? []) : [];
    if (filter.length === 1 && Object.keys(only).length === 1 && attribute === "userName" && expression?.[0] === "eq") {
      const id = byUserName.get(String(expression[1]).toLowerCase());
      return id ? [byId.get(id)] : [];
    }
    return filter.match([...byId.values()]);
  })
  .ingress((resource, data) => {
    const userName = String(data.userName);
    const holder = byUserName.get(userName.toLowerCase());
    if (holder && holder !== resource.id) throw new SCIMMY.Types.Error(409, "uniqueness", `userName ${userName} is taken`);
    const now = new Date();
    if (resource.id) {
      const existing = byId.get(resource.id);
      if (!existing) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
      if (existing.userName.toLowerCase() !== userName.toLowerCase()) byUserName.delete(existing.userName.toLowerCase());
      const updated = { ...data, id: existing.id, userName, meta: { created: existing.meta.created, lastModified: now } };
      store(updated);
      return updated;
    }
    const created = { ...data, id: randomUUID(), userName, meta: { created: now, lastModified: now } };
    store(created);
    return created;
  })
  .degress((resource) => {
    const user = byId.get(resource.id);
    if (!user) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
    byId.delete(user.id);
    byUserName.delete(user.userName.toLowerCase());
  });

const app = express();
app.disable("x-powered-by");
app.use(
  "/scim/v2",
  new SCIMMYRouters({
    type: "bearer",
    docUri: "https://example.com/scim-bench",
    handler: (request) => {
      if (request.header("Authorization") !== `Bearer ${token}`) throw new Error("Authorization failed");
      return "bench";
    },
  }),
);
const server = app.listen(port, "127.0.0.1", () => process.stdout.write(`scimmy peer listening on ${port} with ${users} users\n`));
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close(() => process.exit(0)));
