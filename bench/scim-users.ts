// SCIM Users benchmark against the real built app server, on loopback, bounded in time.
//
//   npx tsx bench/scim-users.ts [--users 10000] [--seconds 10] [--out bench/RESULTS.md] [--label "…"]
//
// 1. migrates a fresh SQLite database under .tmp/bench-*/ and seeds one shop, one SCIM token and
//    N users through the app's own tenants and directory modules;
// 2. starts `node server/index.mjs` (the production server over build/; run `npm run build`
//    first) on 127.0.0.1 with the per-token rate limit off;
// 3. runs autocannon: GET /Users?filter=userName eq "…" at 16 connections, POST /Users at 8,
//    PATCH active toggles at 8, each for --seconds;
// 4. prints a table and writes it to --out.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "10000" },
    seconds: { type: "string", default: "10" },
    port: { type: "string", default: "3917" },
    out: { type: "string", default: "bench/RESULTS.md" },
    label: { type: "string", default: "" },
    "keep-db": { type: "boolean", default: false },
  },
});

const USERS = Number(args.users);
const SECONDS = Number(args.seconds);
const PORT = Number(args.port);
if (!Number.isInteger(USERS) || USERS < 1 || USERS > 200_000) throw new Error("--users must be 1..200000");
if (!Number.isFinite(SECONDS) || SECONDS <= 0 || SECONDS > 120) throw new Error("--seconds must be in (0, 120]");

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const dir = path.resolve(`.tmp/bench-${process.pid}-${Date.now()}`);
fs.mkdirSync(dir, { recursive: true });
const databaseUrl = `file:${path.join(dir, "bench.sqlite")}`;
const appUrl = `http://127.0.0.1:${PORT}`;

const serverEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: "production",
  PORT: String(PORT),
  HOST: "127.0.0.1",
  DATABASE_URL: databaseUrl,
  SHOPIFY_API_KEY: "bench-api-key",
  SHOPIFY_API_SECRET: "bench-api-secret",
  SHOPIFY_APP_URL: appUrl,
  LOG_LEVEL: "warn",
  SCIM_RATE_LIMIT_PER_SECOND: "0",
};

function step(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

async function seed(): Promise<{ token: string; userNames: string[]; ids: string[] }> {
  step(`migrating ${databaseUrl}`);
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // The app modules read the environment once, at import.
  Object.assign(process.env, serverEnv);
  const { default: prisma } = await import("~/db.server");
  const { ensureShopInstalled, setScimEnabled } = await import("~/tenants/shops.server");
  const { issueScimToken } = await import("~/tenants/scim-tokens.server");
  const { createUser } = await import("~/directory/users.server");
  const shop = await setScimEnabled((await ensureShopInstalled("bench-shop.myshopify.com")).id, true);
  const { token } = await issueScimToken(shop.id, { label: "bench" });
  const tenant = { shopId: shop.id, shopDomain: shop.shopDomain };
  step(`seeding ${USERS} users`);
  const started = Date.now();
  const userNames: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const userName = `user${i}@bench.example`;
    const { user } = await createUser(tenant, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName,
      externalId: `ext-${i}`,
      name: { givenName: `Given${i}`, familyName: `Family${i}` },
      emails: [{ primary: true, type: "work", value: userName }],
      displayName: `Given${i} Family${i}`,
      active: true,
    });
    userNames.push(userName);
    ids.push(user.id);
  }
  step(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await prisma.$disconnect();
  return { token, userNames, ids };
}

async function startServer(): Promise<ChildProcess> {
  if (!fs.existsSync("build/server/index.js")) throw new Error("build/server/index.js is missing: run `npm run build` first");
  const log = fs.openSync(path.join(dir, "server.log"), "a");
  const child = spawn(process.execPath, ["server/index.mjs"], { env: serverEnv, stdio: ["ignore", log, log] });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${path.join(dir, "server.log")}`);
    try {
      if ((await fetch(`${appUrl}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGTERM");
  throw new Error("the server did not become ready within 30 s");
}

interface Row {
  scenario: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

async function run(
  scenario: string,
  connections: number,
  seconds: number,
  request: autocannon.Request,
): Promise<Row> {
  step(`${scenario}: ${connections} connections, ${seconds} s`);
  const result = await autocannon({ url: appUrl, connections, duration: seconds, requests: [request] });
  return {
    scenario,
    connections,
    seconds,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function main() {
  const { token, userNames, ids } = await seed();
  const server = await startServer();
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json", accept: "application/scim+json" };
  const rows: Row[] = [];
  try {
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
    // Warm-up: JIT, statement cache, token cache.
    await run("warm-up (not reported)", 4, 2, { method: "GET", path: "/scim/v2/Users?count=1", headers });

    rows.push(
      await run("GET /Users?filter=userName eq", 16, SECONDS, {
        method: "GET",
        headers,
        setupRequest: (req) => ({ ...req, path: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${pick(userNames)}"`)}` }),
      }),
    );

    let created = 0;
    rows.push(
      await run("POST /Users", 8, SECONDS, {
        method: "POST",
        path: "/scim/v2/Users",
        headers,
        setupRequest: (req) => {
          const userName = `new${process.pid}-${created++}@bench.example`;
          return {
            ...req,
            body: JSON.stringify({
              schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
              userName,
              name: { givenName: "New", familyName: "Person" },
              emails: [{ primary: true, type: "work", value: userName }],
              active: true,
              password: "placeholder",
            }),
          };
        },
      }),
    );

    let toggle = 0;
    rows.push(
      await run("PATCH /Users/{id} active toggle", 8, SECONDS, {
        method: "PATCH",
        headers,
        setupRequest: (req) => ({
          ...req,
          path: `/scim/v2/Users/${pick(ids)}`,
          body: JSON.stringify({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            Operations: [{ op: "replace", value: { active: toggle++ % 2 === 0 } }],
          }),
        }),
      }),
    );
  } finally {
    server.kill("SIGTERM");
  }
  report(rows);
  if (!args["keep-db"]) fs.rmSync(dir, { recursive: true, force: true });
}

function report(rows: Row[]) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const header = `| scenario | conns | s | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |\n|---|---|---|---|---|---|---|---|---|---|---|`;
  const lines = rows.map(
    (r) => `| ${r.scenario} | ${r.connections} | ${r.seconds} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.non2xx} | ${r.errors} |`,
  );
  const text = [
    `### ${new Date().toISOString()}${args.label ? ` — ${args.label}` : ""}`,
    "",
    `${USERS} users in SQLite, ${os.cpus().length} × ${cpu}, Node ${process.version}, autocannon in the same machine.`,
    "",
    header,
    ...lines,
    "",
  ].join("\n");
  process.stdout.write(`\n${text}\n`);
  if (args.out) {
    const existing = fs.existsSync(args.out) ? fs.readFileSync(args.out, "utf8") : "# SCIM Users benchmark results\n\nAppended by `npx tsx bench/scim-users.ts`.\n\n";
    fs.writeFileSync(args.out, `${existing}${text}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
