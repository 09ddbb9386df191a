// Sync log benchmark: how long the sync log page's loader takes over 100,000 provisioning events.
//
//   npx tsx bench/sync-log.ts [--events 100000] [--people 5000] [--runs 30] [--out bench/RESULTS.md] [--label "…"]
//
// 1. migrates a fresh SQLite database under .tmp/bench-sync-log-*/ and seeds one shop with
//    --people SCIM users and --events events over 30 days (96% delivered, 2% failed, 1% retrying,
//    1% queued; creates, PATCHes, PUTs and a few DELETEs), plus a second shop with 20% as many
//    events (its rows sit in the same index and must cost nothing);
// 2. calls the real route loader of /app/log (authenticate.admin with a signed session token and
//    a stored offline session, the list query, the backlog and the failed count) for each
//    scenario: first page, a page 50,000 events deep (next and previous), the last page, filters
//    by status, operation and time, a person search; --runs times after 3 warm-up calls;
// 3. streams the whole log as CSV through the /app/log.csv loader;
// 4. prints a table (p50 / p95 / max ms) and appends it to --out.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { prismaMigrate } from "../scripts/lib/prisma6.mjs";
import { mintSessionToken } from "../scripts/lib/session-token.mjs";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    people: { type: "string", default: "5000" },
    runs: { type: "string", default: "30" },
    out: { type: "string", default: "bench/RESULTS.md" },
    label: { type: "string", default: "" },
    "keep-db": { type: "boolean", default: false },
    /** Reuse a database a previous --keep-db run left (skips seeding). */
    db: { type: "string", default: "" },
  },
});
const EVENTS = Number(args.events);
const PEOPLE = Number(args.people);
const RUNS = Number(args.runs);
if (!Number.isInteger(EVENTS) || EVENTS < 100 || EVENTS > 2_000_000) throw new Error("--events must be 100..2000000");
if (!Number.isInteger(PEOPLE) || PEOPLE < 1 || PEOPLE > EVENTS) throw new Error("--people must be 1..events");

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const dir = args.db ? path.dirname(path.resolve(args.db)) : path.resolve(`.tmp/bench-sync-log-${process.pid}-${Date.now()}`);
fs.mkdirSync(dir, { recursive: true });
const databaseUrl = `file:${args.db ? path.resolve(args.db) : path.join(dir, "bench.sqlite")}`;
const SHOP = "bench-log.myshopify.com";
const OTHER_SHOP = "bench-log-other.myshopify.com";
const API_KEY = "bench-api-key";
const API_SECRET = "bench-api-secret";
const SCOPES = "read_customers,write_customers";
const DAY = 24 * 60 * 60_000;

Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL: databaseUrl,
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: API_SECRET,
  SHOPIFY_APP_URL: "https://bench.example",
  SCOPES,
  LOG_LEVEL: "warn",
  WORKER_MODE: "off",
});

function step(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

// Deterministic pseudo-random numbers, so two runs seed the same log.
let seedState = 42;
function random(): number {
  seedState = (seedState + 0x6d2b79f5) >>> 0;
  let t = seedState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

function pickState(): { state: string; action: string | null; lastError: string | null } {
  const r = random();
  if (r < 0.96) return { state: "completed", action: r < 0.3 ? "created" : "updated", lastError: null };
  if (r < 0.98) return { state: "failed", action: null, lastError: "Gave up after 10 attempts. Last error: Shopify answered HTTP 503 to customerUpdate." };
  if (r < 0.99) return { state: "retry", action: null, lastError: "Shopify answered HTTP 502 to customerUpdate." };
  return { state: "created", action: null, lastError: null };
}

function pickOperation(): string {
  const r = random();
  return r < 0.05 ? "create" : r < 0.9 ? "patch" : r < 0.995 ? "replace" : "delete";
}

async function seedShop(prisma: import("@prisma/client").PrismaClient, shopDomain: string, people: number, events: number, now: number) {
  const shop = await prisma.shop.create({ data: { shopDomain, scimEnabled: true } });
  const ids: string[] = [];
  for (let start = 0; start < people; start += 1_000) {
    const rows = [];
    for (let i = start; i < Math.min(people, start + 1_000); i++) {
      const userName = `person${i}@${shopDomain.split(".")[0]}.example`;
      const id = randomUUID();
      rows.push({ id, shopId: shop.id, userName, userNameKey: userName, displayName: `Person ${i}`, attributes: { userName, emails: [{ value: userName, primary: true }] }, createdAt: new Date(now - 40 * DAY + i) });
      ids.push(id);
    }
    await prisma.$transaction([
      prisma.scimUser.createMany({ data: rows }),
      prisma.scimUserEmail.createMany({ data: rows.map((r) => ({ shopId: shop.id, userId: r.id, valueKey: r.userNameKey })) }),
    ]);
  }
  const span = 30 * DAY;
  for (let start = 0; start < events; start += 5_000) {
    const rows = [];
    for (let i = start; i < Math.min(events, start + 5_000); i++) {
      const index = Math.floor(random() * ids.length);
      const person = ids[index]!;
      const { state, action, lastError } = pickState();
      // Oldest first, evenly over 30 days; bursts share a millisecond now and then.
      const createdAt = new Date(now - span + Math.floor((i / events) * span));
      rows.push({
        shopId: shop.id,
        resourceType: "User",
        resourceId: person,
        key: `User:${person}`,
        operation: pickOperation(),
        state,
        action,
        lastError,
        attempts: state === "completed" ? 1 : state === "failed" ? 10 : 2,
        customerId: action ? `gid://shopify/Customer/${7_000_000 + index}` : null,
        outcome: action ? "Updated customer." : null,
        payload: { changed: ["name.givenName"], active: true },
        createdAt,
        runAt: createdAt,
      });
    }
    await prisma.provisioningEvent.createMany({ data: rows });
  }
  return { shop, ids };
}

interface Measured {
  scenario: string;
  rows: number;
  p50: number;
  p95: number;
  max: number;
  /** This process's CPU time per call (user + system), the figure other load does not move. */
  cpu: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  step(`migrating ${databaseUrl}`);
  prismaMigrate(["deploy"], { env: process.env, stdio: ["ignore", "ignore", "inherit"] });
  const { default: prisma } = await import("~/db.server");
  const now = Date.now();
  let ids: string[];
  if (!args.db) {
    step(`seeding ${EVENTS} events for ${PEOPLE} people (+${Math.round(EVENTS / 5)} in a second shop)`);
    const started = Date.now();
    ({ ids } = await seedShop(prisma, SHOP, PEOPLE, EVENTS, now));
    await seedShop(prisma, OTHER_SHOP, Math.max(1, Math.round(PEOPLE / 5)), Math.round(EVENTS / 5), now);
    step(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    ids = (await prisma.scimUser.findMany({ where: { shop: { shopDomain: SHOP } }, orderBy: { createdAt: "asc" }, select: { id: true } })).map((u) => u.id);
  }
  // The offline session the admin's loaders find (no token exchange, nothing leaves the process).
  const session = { shop: SHOP, state: "", isOnline: false, scope: SCOPES, accessToken: "shpat_bench", expires: new Date(now + DAY), refreshToken: "shprt_bench", refreshTokenExpires: new Date(now + 30 * DAY) };
  await prisma.session.upsert({ where: { id: `offline_${SHOP}` }, create: { id: `offline_${SHOP}`, ...session }, update: session });

  const logRoute = await import("~/routes/app.log");
  const csvRoute = await import("~/routes/app.log[.]csv");
  const shop = await prisma.shop.findUniqueOrThrow({ where: { shopDomain: SHOP } });
  const deep = await prisma.provisioningEvent.findMany({ where: { shopId: shop.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: Math.floor(EVENTS / 2), take: 1 });
  const deepCursor = `${deep[0]!.createdAt.getTime()}~${deep[0]!.id}`;
  // The 51st oldest event: the page after it holds the 50 oldest.
  const oldest = await prisma.provisioningEvent.findMany({ where: { shopId: shop.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: 50, take: 1 });
  const lastCursor = `${oldest[0]!.createdAt.getTime()}~${oldest[0]!.id}`;
  const busiest = await prisma.provisioningEvent.groupBy({ by: ["resourceId"], where: { shopId: shop.id }, _count: { _all: true }, orderBy: { _count: { resourceId: "desc" } }, take: 1 });
  const searchFor = `person${ids.indexOf(busiest[0]!.resourceId)}@`;

  const scenarios: Array<[string, string]> = [
    ["first page", ""],
    [`next page, ${EVENTS / 2} events deep`, `after=${deepCursor}`],
    [`previous page, ${EVENTS / 2} events deep`, `before=${deepCursor}`],
    ["last page (oldest events)", `after=${lastCursor}`],
    ["status = failed (2%)", "status=failed"],
    ["status = failed, page 2", "status=failed&after=PLACEHOLDER"],
    ["status = pending (2%)", "status=pending"],
    ["operation = delete (0.5%)", "operation=delete"],
    ["last 24 hours", "range=24h"],
    ["failed in the last 24 hours", "status=failed&range=24h"],
    [`search "${searchFor}" (one person, ${busiest[0]!._count._all} events)`, `q=${encodeURIComponent(searchFor)}`],
    ['search "person12" (prefix of many)', "q=person12"],
  ];

  const call = async (query: string) => {
    const token = await mintSessionToken({ shop: SHOP, apiKey: API_KEY, apiSecret: API_SECRET, userId: "42" });
    const request = new Request(`https://bench.example/app/log${query ? `?${query}` : ""}`, { headers: { Authorization: `Bearer ${token}` } });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const data = (await logRoute.loader({ request, params: {}, context: {} })) as Awaited<ReturnType<typeof logRoute.loader>>;
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { ms, cpu: (cpu.user + cpu.system) / 1000, data };
  };

  const results: Measured[] = [];
  for (let [name, query] of scenarios) {
    if (query.includes("PLACEHOLDER")) {
      const first = await call("status=failed");
      query = query.replace("PLACEHOLDER", first.data.page.next ?? "");
    }
    for (let i = 0; i < 3; i++) await call(query);
    const times: number[] = [];
    const cpus: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const { ms, cpu, data } = await call(query);
      times.push(ms);
      cpus.push(cpu);
      rows = data.page.rows.length;
    }
    times.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    results.push({ scenario: name, rows, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)!, cpu: percentile(cpus, 50) });
    step(`${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
  }

  // The whole log as CSV, streamed.
  const token = await mintSessionToken({ shop: SHOP, apiKey: API_KEY, apiSecret: API_SECRET });
  const t0 = performance.now();
  const response = (await csvRoute.loader({ request: new Request("https://bench.example/app/log.csv", { headers: { Authorization: `Bearer ${token}` } }), params: {}, context: {} })) as Response;
  const reader = response.body!.getReader();
  let bytes = 0;
  let firstByteMs = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes === 0) firstByteMs = performance.now() - t0;
    bytes += value.byteLength;
  }
  const csvMs = performance.now() - t0;
  step(`CSV: ${(bytes / 1e6).toFixed(1)} MB in ${(csvMs / 1000).toFixed(2)} s`);

  const load = os.loadavg().map((l) => l.toFixed(1)).join(" / ");
  const table = [
    `## Sync log: the /app/log loader over ${EVENTS.toLocaleString("en-US")} events (${new Date().toISOString().slice(0, 10)})${args.label ? ` — ${args.label}` : ""}`,
    "",
    `\`npx tsx bench/sync-log.ts\` — fresh SQLite (WAL), one shop with ${EVENTS.toLocaleString("en-US")} events for ${PEOPLE.toLocaleString("en-US")} people over 30 days`,
    `(96% delivered, 2% failed, 1% retrying, 1% queued) and a second shop with ${Math.round(EVENTS / 5).toLocaleString("en-US")} more in the same`,
    "tables. Each call is the route's real loader: session-token check, offline session lookup, the page query (keyset on",
    "(createdAt, id) over the [shopId, createdAt] index), the backlog and the failed count; 50 rows a page;",
    `${RUNS} calls after 3 warm-up calls. "CPU ms" is this process's CPU time per call (the figure other load on the machine does`,
    `not move); wall times include waiting for a core. Load average (1/5/15 min) at the end: ${load} on ${os.cpus().length} cores.`,
    "",
    "| scenario | rows | p50 ms | p95 ms | max ms | CPU ms p50 |",
    "|---|---|---|---|---|---|",
    ...results.map((r) => `| ${r.scenario} | ${r.rows} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.cpu.toFixed(1)} |`),
    "",
    `CSV export of all ${EVENTS.toLocaleString("en-US")} events (\`/app/log.csv\` loader, streamed in 1,000-row keyset batches): ${(bytes / 1e6).toFixed(1)} MB, first bytes after ${firstByteMs.toFixed(0)} ms, complete in ${(csvMs / 1000).toFixed(2)} s.`,
    "",
  ].join("\n");
  process.stdout.write(`\n${table}\n`);
  if (args.out) fs.appendFileSync(args.out, `\n${table}`);
  await prisma.$disconnect();
  if (args["keep-db"] || args.db) step(`database kept: ${databaseUrl.slice(5)}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
