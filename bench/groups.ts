// Groups benchmark: how fast a big membership change is answered, and how long Shopify takes to
// carry it out, on loopback against the Shopify Admin API twin. Appends a section to bench/RESULTS.md.
//
//   npx tsx bench/groups.ts [--members 5000] [--large 50000] [--out bench/RESULTS.md] [--max-seconds 1200] [--no-delivery]
//
// --no-delivery measures A's PATCH only; --large 0 skips B.
//
// A. Delivery (Standard plan: 100 points/s, bucket 2,000). --members people who are already
//    provisioned (customers seeded in the twin and linked, as after a finished user sync), one
//    group, then ONE Okta-style PATCH adding every member, through the real /Groups/{id} route
//    module (in process: no HTTP hop). Measured: the PATCH's response time, then the time until
//    every member's customer carries the tag, from the worker's run loop with the production
//    handlers (app/sync/runtime.server.ts HANDLERS), against the budget-implied minimum:
//    (actual points spent − the 2,000-point bucket) ÷ 100 points/s. No client can finish sooner.
// B. Directory scale (no Shopify): a --large-member group built by five PATCHes, then reads,
//    filters, Okta's remove+add PATCH, a rename (one event per member), Push Now (replace the
//    whole list) and DELETE, each timed through the same route modules.
//
// Setup rows (people, customers) are written in bulk and are not part of any measurement.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { startBench, writeSection } from "./support";

const { values: args } = parseArgs({
  options: {
    members: { type: "string", default: "5000" },
    large: { type: "string", default: "50000" },
    out: { type: "string", default: "bench/RESULTS.md" },
    "max-seconds": { type: "string", default: "1200" },
    "no-delivery": { type: "boolean", default: false },
  },
});
const MEMBERS = Number(args.members);
const LARGE = Number(args.large);
const MAX_MS = Number(args["max-seconds"]) * 1000;

const { twin, prisma, control, installShop, deliver, close } = await startBench("groups", { plan: "standard", env: { SCIM_RATE_LIMIT_PER_SECOND: "1000" } });
const { Prisma } = await import("@prisma/client");
const { issueScimToken } = await import("../app/tenants/scim-tokens.server");
const { HANDLERS } = await import("../app/sync/runtime.server");
const groupRoute = await import("../app/routes/scim.v2.Groups.$id");
const groupsRoute = await import("../app/routes/scim.v2.Groups._index");

const BASE = "https://bench.example/scim/v2";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

interface Timed {
  status: number;
  ms: number;
  bytes: number;
  body: any;
}

/** One SCIM request through the real route module (auth, rate limit, parsing, logging included). */
async function scim(token: string, method: string, pathAndQuery: string, body?: unknown): Promise<Timed> {
  const request = new Request(BASE + pathAndQuery, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const url = new URL(request.url);
  const rest = url.pathname.replace(/^\/scim\/v2\/Groups\/?/, "");
  const module = rest === "" ? groupsRoute : groupRoute;
  const args = { request, params: rest === "" ? {} : { id: decodeURIComponent(rest) }, context: {} };
  const started = performance.now();
  const response = method === "GET" ? await module.loader(args) : await module.action(args);
  const text = await response.text();
  const ms = performance.now() - started;
  return { status: response.status, ms, bytes: text.length, body: text ? JSON.parse(text) : undefined };
}

function expectStatus(result: Timed, status: number, what: string) {
  if (result.status !== status) throw new Error(`${what}: expected ${status}, got ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`);
}

async function newShop(label: string) {
  const shopDomain = `bench-groups-${label}-${Date.now()}.myshopify.com`;
  const shop = await installShop(shopDomain);
  const { token } = await issueScimToken(shop.id, { label: "bench" });
  return { shop, shopDomain, token };
}

/** People as rows, in bulk (setup, not measured): SQLite's json_each over one parameter per chunk. */
async function seedUsers(shopId: string, n: number, customerIds?: string[]): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  const now = new Date().toISOString();
  for (let from = 0; from < n; from += 5000) {
    const rows = ids.slice(from, from + 5000).map((id, k) => {
      const i = from + k;
      const userName = `m${i}@bench.example`;
      return {
        id,
        userName,
        attributes: JSON.stringify({ userName, name: { givenName: `Given${i}`, familyName: `Family${i}` }, emails: [{ value: userName, primary: true }], active: true }),
        customerId: customerIds?.[i] ?? null,
      };
    });
    await prisma.$executeRaw`
      INSERT INTO "ScimUser" ("id", "shopId", "userName", "userNameKey", "active", "attributes", "version", "createdAt", "updatedAt", "customerId", "syncState", "lastSyncedAt", "syncedVersion")
      SELECT json_extract(value, '$.id'), ${shopId}, json_extract(value, '$.userName'), json_extract(value, '$.userName'), 1, json_extract(value, '$.attributes'), 1, ${now}, ${now},
             json_extract(value, '$.customerId'), CASE WHEN json_extract(value, '$.customerId') IS NULL THEN 'pending' ELSE 'synced' END, ${now}, 1
      FROM json_each(${JSON.stringify(rows)})`;
  }
  return ids;
}

/** Customers in the twin, linked like a finished user sync (setup, not measured). */
async function seedCustomers(shopDomain: string, n: number): Promise<string[]> {
  const gids: string[] = new Array(n);
  let next = 0;
  const workers = Array.from({ length: 16 }, async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const response = await control(`${twin.url}/__twin/shops/${shopDomain}/customers`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: `m${i}@bench.example`, firstName: `Given${i}`, lastName: `Family${i}`, tags: ["scim", "VIP"] }),
      });
      if (!response.ok) throw new Error(`seeding customer ${i}: ${response.status}`);
      gids[i] = ((await response.json()) as { gid: string }).gid;
    }
  });
  await Promise.all(workers);
  return gids;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const lines: string[] = [];
const load = os.loadavg()[0]!.toFixed(2);

// ---------------------------------------------------------------- A. delivery

if (MEMBERS > 0) {
  const { shop, shopDomain, token } = await newShop("delivery");
  const gids = await seedCustomers(shopDomain, MEMBERS);
  const ids = await seedUsers(shop.id, MEMBERS, gids);
  const created = await scim(token, "POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Wholesale EU", members: [] });
  expectStatus(created, 201, "POST /Groups");
  const groupId = created.body.id as string;
  const patch = await scim(token, "PATCH", `/Groups/${groupId}`, {
    schemas: [PATCH_OP],
    Operations: [
      { op: "replace", value: { id: groupId, displayName: "Wholesale EU" } },
      { op: "add", path: "members", value: ids.map((value, i) => ({ value, display: `m${i}@bench.example` })) },
    ],
  });
  expectStatus(patch, 204, "PATCH add members");
  const requestBytes = JSON.stringify(ids.map((value, i) => ({ value, display: `m${i}@bench.example` }))).length;
  lines.push(
    "",
    `### A. ${MEMBERS} members added in one PATCH${args["no-delivery"] ? "" : ", delivered on the Standard plan"}`,
    "",
    "| measure | value |",
    "|---|---|",
    `| PATCH response (one request: Okta's rename echo + add ${MEMBERS} members, ${(requestBytes / 1024).toFixed(0)} KB body) | ${fmt(patch.ms)} → 204 |`,
  );
}
if (MEMBERS > 0 && !args["no-delivery"]) {
  const shop = (await prisma.shop.findFirstOrThrow({ where: { shopDomain: { startsWith: "bench-groups-delivery-" } } }))!;
  const shopDomain = shop.shopDomain;

  const { worker, wallS } = await deliver(shop.id, { handlers: HANDLERS, maxMs: MAX_MS, checkEveryMs: 250 });
  const dump = (await (await control(`${twin.url}/__twin/shops/${shopDomain}/customers`)).json()) as { customers: Array<{ tags: string[] }> };
  const tagged = dump.customers.filter((customer) => customer.tags.includes("group:Wholesale EU")).length;
  const merchantTagsKept = dump.customers.filter((customer) => customer.tags.includes("VIP")).length;
  const budget = worker.budgetOf(shopDomain)!;
  const minimumS = Math.max(0, worker.stats.actualCost - budget.capacity) / budget.rate;
  const failed = await prisma.provisioningEvent.count({ where: { shopId: shop.id, state: "failed" } });

  lines.push(
    `| time until every member's customer carries the tag | ${wallS.toFixed(1)} s |`,
    `| budget-implied minimum ((actual ${worker.stats.actualCost} − 2,000) ÷ 100 points/s) | ${minimumS.toFixed(1)} s |`,
    `| utilisation (minimum ÷ time) | ${((minimumS / wallS) * 100).toFixed(1)}% |`,
    `| Shopify requests (one per member, + 9 one-time metafield definitions) / THROTTLED / retried / failed events | ${worker.stats.requests} / ${worker.stats.throttled} / ${worker.stats.retried} / ${failed} |`,
    `| customers tagged / merchant tag "VIP" kept | ${tagged} of ${MEMBERS} / ${merchantTagsKept} of ${MEMBERS} |`,
  );
}

// ---------------------------------------------------------------- B. directory scale

if (LARGE > 0) {
  const { shop, token } = await newShop("scale");
  const ids = await seedUsers(shop.id, LARGE + 1);
  const extra = ids.pop()!;
  const created = await scim(token, "POST", "/Groups", { displayName: "Everyone", members: [] });
  expectStatus(created, 201, "POST /Groups");
  const groupId = created.body.id as string;
  const rows: Array<[string, Timed, string?]> = [];
  const batch = Math.ceil(LARGE / 5);
  for (let from = 0; from < LARGE; from += batch) {
    const result = await scim(token, "PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Add", path: "members", value: ids.slice(from, from + batch).map((value) => ({ $ref: null, value })) }],
    });
    expectStatus(result, 204, "PATCH add batch");
    rows.push([`PATCH add ${Math.min(batch, LARGE - from)} members (group then ${Math.min(from + batch, LARGE)})`, result]);
  }
  const full = await scim(token, "GET", `/Groups/${groupId}`);
  expectStatus(full, 200, "GET group");
  rows.push([`GET /Groups/{id} with ${full.body.members.length} members`, full, `${(full.bytes / 1024 / 1024).toFixed(1)} MB`]);
  const lean = await scim(token, "GET", `/Groups/${groupId}?excludedAttributes=members`);
  rows.push(["GET /Groups/{id}?excludedAttributes=members", lean]);
  const byName = await scim(token, "GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "everyone"')}`);
  rows.push(['GET /Groups?excludedAttributes=members&filter=displayName eq "…"', byName]);
  const byMember = await scim(token, "GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`members[value eq "${ids[LARGE - 1]}"]`)}`);
  rows.push(['GET /Groups?filter=members[value eq "…"]', byMember]);
  const okta = await scim(token, "PATCH", `/Groups/${groupId}`, {
    schemas: [PATCH_OP],
    Operations: [
      { op: "replace", value: { id: groupId, displayName: "Everyone" } },
      { op: "remove", path: `members[value eq "${ids[0]}"]` },
      { op: "add", path: "members", value: [{ value: extra }] },
    ],
  });
  expectStatus(okta, 204, "Okta remove+add");
  rows.push(["PATCH Okta rename echo + remove 1 + add 1 (reads only the 2 named members)", okta]);
  const rename = await scim(token, "PATCH", `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "displayName", value: "Everyone EU" }] });
  expectStatus(rename, 204, "rename");
  rows.push([`PATCH rename (re-tags ${LARGE}: one event per member)`, rename]);
  const pushNow = await scim(token, "PATCH", `/Groups/${groupId}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: "replace", path: "members", value: ids.slice(1).map((value) => ({ value })) }],
  });
  expectStatus(pushNow, 204, "push now");
  rows.push([`PATCH Push Now: replace the list with ${LARGE - 1} members (1 out, 1 in)`, pushNow]);
  const del = await scim(token, "DELETE", `/Groups/${groupId}`);
  expectStatus(del, 204, "DELETE");
  rows.push([`DELETE /Groups/{id} (${LARGE} members: one event each)`, del]);
  const events = await prisma.provisioningEvent.count({ where: { shopId: shop.id } });

  lines.push(
    "",
    `### B. A ${LARGE}-member group in the directory (no Shopify work)`,
    "",
    "| request | response time | status | size |",
    "|---|---|---|---|",
    ...rows.map(([what, r, size]) => `| ${what} | ${fmt(r.ms)} | ${r.status} | ${size ?? ""} |`),
    "",
    `Outbox events written: ${events}.`,
  );
}

await close();

const section = [
  "",
  `## Groups (${new Date().toISOString()})`,
  "",
  `\`npx tsx bench/groups.ts --members ${MEMBERS} --large ${LARGE}\`. SQLite (WAL), ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.version},`,
  `load average ${load} at start (shared machine). SCIM requests go through the real route modules in process;`,
  "the twin is on loopback; the worker is the real run loop with the real clock.",
  ...lines,
  "",
].join("\n");
writeSection(args.out!, section);
