// SCIM Users benchmark against the real built app server, on loopback, bounded in time.
//
//   npx tsx bench/scim-users.ts [--users 10000] [--seconds 10] [--out bench/RESULTS.md] [--label "…"]
//                               [--groups 0] [--only lookup,post,patch] [--cpu-prof DIR]
//
// --groups N   also seeds N groups, each user a member of two of them (the `groups` attribute
//              then has something to show on every lookup); 0, the default, is a shop without groups.
// --only       runs only the named scenarios (lookup, post, patch).
// --cpu-prof   starts the server with `node --cpu-prof` and writes its V8 profile into DIR.
// --build      the server build to run (default build/server), e.g. one made from an older commit
//              to compare two builds under the same machine load.
//
// 1. migrates a fresh SQLite database under .tmp/bench-*/ and seeds one shop, one SCIM token and
//    N users through the app's own tenants and directory modules;
// 2. starts `node server/index.mjs` (the production server over build/; run `npm run build`
//    first) on 127.0.0.1 with the per-token rate limit off;
// 3. runs autocannon: GET /Users?filter=userName eq "…" at 16 connections, POST /Users at 8,
//    PATCH active toggles at 8, each for --seconds;
// 4. prints a table and writes it to --out.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { scimBenchEnv, seedBenchShop } from "./scim-users-seed";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "10000" },
    seconds: { type: "string", default: "10" },
    port: { type: "string", default: "3917" },
    out: { type: "string", default: "bench/RESULTS.md" },
    label: { type: "string", default: "" },
    "keep-db": { type: "boolean", default: false },
    groups: { type: "string", default: "0" },
    only: { type: "string", default: "lookup,post,patch" },
    "cpu-prof": { type: "string", default: "" },
    build: { type: "string", default: "build/server" },
  },
});

const GROUPS = Number(args.groups);
if (!Number.isInteger(GROUPS) || GROUPS < 0 || GROUPS > 10_000) throw new Error("--groups must be 0..10000");
const ONLY = new Set(args.only.split(",").map((s) => s.trim()));
for (const name of ONLY) if (!["lookup", "post", "patch"].includes(name)) throw new Error(`--only: unknown scenario "${name}"`);

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
  PORT: String(PORT),
  HOST: "127.0.0.1",
  ...scimBenchEnv(databaseUrl, appUrl),
};

function step(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

async function startServer(): Promise<ChildProcess> {
  const build = path.resolve(args.build);
  if (!fs.existsSync(path.join(build, "index.js"))) throw new Error(`${build}/index.js is missing: run \`npm run build\` first`);
  // A private copy of the server build: the checkout's build/ may be rebuilt by someone else
  // (tests, the demo) while the benchmark runs.
  fs.cpSync(build, path.join(dir, "build/server"), { recursive: true });
  serverEnv.REMIX_BUILD = path.join(dir, "build/server/index.js");
  const log = fs.openSync(path.join(dir, "server.log"), "a");
  const profile = args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args["cpu-prof"])}`] : [];
  const child = spawn(process.execPath, [...profile, "server/index.mjs"], { env: serverEnv, stdio: ["ignore", log, log] });
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
  load: string;
  /** CPU time the server process spent per request (user + system), in ms. */
  serverCpuMs: number;
  /** CPU time the load generator (this process) spent per request. */
  clientCpuMs: number;
}

/** utime + stime of a process, in ms, from /proc (Linux). */
function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // CLK_TCK is 100 on Linux
}

let serverPid = 0;

async function run(
  scenario: string,
  connections: number,
  seconds: number,
  request: autocannon.Request,
): Promise<Row> {
  step(`${scenario}: ${connections} connections, ${seconds} s`);
  const load = os.loadavg()[0]!.toFixed(2);
  const serverBefore = processCpuMs(serverPid);
  const clientBefore = process.cpuUsage();
  const result = await autocannon({ url: appUrl, connections, duration: seconds, requests: [request] });
  const serverCpu = processCpuMs(serverPid) - serverBefore;
  const clientUsage = process.cpuUsage(clientBefore);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1000;
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
    load,
    serverCpuMs: Math.round((serverCpu / Math.max(1, result.requests.total)) * 100) / 100,
    clientCpuMs: Math.round((clientCpu / Math.max(1, result.requests.total)) * 100) / 100,
  };
}

async function main() {
  const { token, userNames, ids } = await seedBenchShop({ databaseUrl, env: serverEnv, users: USERS, groups: GROUPS, step });
  const server = await startServer();
  serverPid = server.pid!;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json", accept: "application/scim+json" };
  const rows: Row[] = [];
  try {
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
    // Warm-up: JIT, statement cache, token cache.
    await run("warm-up (not reported)", 4, 2, { method: "GET", path: "/scim/v2/Users?count=1", headers });

    if (ONLY.has("lookup")) rows.push(
      await run("GET /Users?filter=userName eq", 16, SECONDS, {
        method: "GET",
        headers,
        setupRequest: (req) => ({ ...req, path: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${pick(userNames)}"`)}` }),
      }),
    );

    let created = 0;
    if (ONLY.has("post")) rows.push(
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
    if (ONLY.has("patch")) rows.push(
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
    // Wait for the exit: --cpu-prof writes the profile then.
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  report(rows);
  if (!args["keep-db"]) fs.rmSync(dir, { recursive: true, force: true });
}

function report(rows: Row[]) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const header = `| scenario | conns | s | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | server CPU ms/req | autocannon CPU ms/req | load avg before |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`;
  const lines = rows.map(
    (r) => `| ${r.scenario} | ${r.connections} | ${r.seconds} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.non2xx} | ${r.errors} | ${r.serverCpuMs} | ${r.clientCpuMs} | ${r.load} |`,
  );
  const text = [
    `### ${new Date().toISOString()}${args.label ? ` — ${args.label}` : ""}`,
    "",
    `${USERS} users${GROUPS > 0 ? ` (each in 2 of ${GROUPS} groups)` : ""} in SQLite, ${os.cpus().length} × ${cpu}, Node ${process.version}, autocannon in the same machine. ` +
      `"server CPU ms/req" is the app process's user+system time per request: 1000 / it is the request rate one free core could serve.`,
    "",
    header,
    ...lines,
    "",
  ].join("\n");
  process.stdout.write(`\n${text}\n`);
  if (args.out) {
    const existing = fs.existsSync(args.out) ? fs.readFileSync(args.out, "utf8") : "# Benchmark results\n\n";
    fs.writeFileSync(args.out, `${existing}${text}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
