// SCIM Users benchmark against real servers on loopback, bounded in time: the built app, other
// builds of it (older commits, another Node) and a same-run peer, all under the same load.
//
//   npx tsx bench/scim-users.ts [--users 10000] [--seconds 10] [--rounds 1] [--out bench/RESULTS.md]
//                               [--label "…"] [--groups 0] [--only lookup,post,patch] [--cpu-prof DIR]
//                               [--target LABEL=DIR[@NODE]]… [--peer scimmy]
//
// --target     a server to measure: DIR is a checkout with its node_modules and `build/server`
//              (e.g. a clone of an older commit), NODE the node binary to run it with (default:
//              this process's). Repeatable; without it, the one target is this checkout's --build.
//              The first target is the baseline of the ratios.
// --peer       also measures SCIMMY with scimmy-routers, in memory (bench/peers/scimmy-server.mjs),
//              seeded with the same users: our figures become ratios to it.
// --rounds     each round starts every server afresh (recording its start-up to the first SCIM
//              answer), then runs each scenario against each server in turn, alternating the order;
//              the table gives the median over rounds (peak RSS: the highest).
// --groups N   also seeds N groups, each user a member of two of them; 0, the default, none.
// --only       runs only the named scenarios (lookup, post, patch).
// --cpu-prof   starts our servers with `node --cpu-prof` and writes their V8 profiles into DIR.
// --build      this checkout's server build when no --target is given (default build/server).
//
// 1. migrates a fresh SQLite database under .tmp/bench-*/ and seeds one shop, one SCIM token and
//    N users through the app's own tenants and directory modules; each app target gets its own
//    copy of it;
// 2. starts each target's `server/index.mjs` (production, over its own build/; run `npm run build`
//    first) on 127.0.0.1 with the per-token rate limit off, and the peer;
// 3. runs autocannon: GET /Users?filter=userName eq "…" at 16 connections, POST /Users at 8,
//    PATCH active toggles (Okta's shape) at 8, each for --seconds, sampling the server's RSS;
// 4. prints a table and writes it to --out.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { peerUserId } from "./scim-users-data.mjs";
import { scimBenchEnv, seedBenchShop } from "./scim-users-seed";
import { median } from "./support";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "10000" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "1" },
    port: { type: "string", default: "3917" },
    out: { type: "string", default: "bench/RESULTS.md" },
    label: { type: "string", default: "" },
    "keep-db": { type: "boolean", default: false },
    groups: { type: "string", default: "0" },
    only: { type: "string", default: "lookup,post,patch" },
    "cpu-prof": { type: "string", default: "" },
    build: { type: "string", default: "build/server" },
    target: { type: "string", multiple: true, default: [] },
    peer: { type: "string", default: "" },
  },
});

const GROUPS = Number(args.groups);
if (!Number.isInteger(GROUPS) || GROUPS < 0 || GROUPS > 10_000) throw new Error("--groups must be 0..10000");
const SCENARIOS = ["lookup", "post", "patch"] as const;
type Scenario = (typeof SCENARIOS)[number];
const ONLY = new Set(args.only.split(",").map((s) => s.trim()));
for (const name of ONLY) if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`--only: unknown scenario "${name}"`);
if (args.peer && args.peer !== "scimmy") throw new Error('--peer: only "scimmy" is known');

const USERS = Number(args.users);
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const PORT = Number(args.port);
if (!Number.isInteger(USERS) || USERS < 1 || USERS > 200_000) throw new Error("--users must be 1..200000");
if (!Number.isFinite(SECONDS) || SECONDS <= 0 || SECONDS > 120) throw new Error("--seconds must be in (0, 120]");
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 20) throw new Error("--rounds must be 1..20");

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const dir = path.resolve(`.tmp/bench-${process.pid}-${Date.now()}`);
fs.mkdirSync(dir, { recursive: true });
const seedUrl = `file:${path.join(dir, "seed.sqlite")}`;

interface Target {
  label: string;
  kind: "app" | "scimmy";
  /** The checkout it runs from (app targets). */
  dir: string;
  node: string;
  build: string;
  port: number;
  /** The ids of the seeded users in this target. */
  ids: string[];
  databaseUrl: string;
  child?: ChildProcess;
  startupMs: number[];
}

const targets: Target[] = (args.target.length > 0 ? args.target : [`this checkout=${root}`]).map((spec, index) => {
  const match = /^([^=]+)=([^@]+)(?:@(.+))?$/.exec(spec);
  if (!match) throw new Error(`--target "${spec}": expected LABEL=DIR[@NODE]`);
  const [, label, targetDir, node] = match;
  const slug = label!.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
  return {
    label: label!,
    kind: "app",
    dir: path.resolve(targetDir!),
    node: node ? path.resolve(node) : process.execPath,
    build: args.target.length > 0 ? "build/server" : args.build,
    port: PORT + index,
    ids: [],
    databaseUrl: `file:${path.join(dir, `${slug}.sqlite`)}`,
    startupMs: [],
  };
});
if (args.peer) {
  targets.push({ label: "SCIMMY (in memory)", kind: "scimmy", dir: root, node: process.execPath, build: "", port: PORT + targets.length, ids: [], databaseUrl: "", startupMs: [] });
}

function step(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

const url = (target: Target) => `http://127.0.0.1:${target.port}`;

/** utime + stime of a process, in ms, from /proc (Linux). */
function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // CLK_TCK is 100 on Linux
}

/** Resident set size of a process, in MB, from /proc (Linux). */
function processRssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb ?? 0) / 1024;
}

function serverEnv(target: Target, token: string): NodeJS.ProcessEnv {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(target.port), HOST: "127.0.0.1" };
  if (target.kind === "scimmy") return { ...base, NODE_ENV: "production", SCIM_TOKEN: token, USERS: String(USERS) };
  // A private copy of the server build inside its checkout (so its imports resolve that
  // checkout's node_modules): the build/ may be rebuilt by someone else while this runs.
  return { ...base, ...scimBenchEnv(target.databaseUrl, url(target)), REMIX_BUILD: path.join(target.dir, ".tmp", path.basename(dir), target.port.toString(), "index.js") };
}

async function startServer(target: Target, token: string): Promise<void> {
  const env = serverEnv(target, token);
  let command: string[];
  if (target.kind === "scimmy") {
    command = [path.join(root, "bench/peers/scimmy-server.mjs")];
  } else {
    const build = path.join(target.dir, target.build);
    if (!fs.existsSync(path.join(build, "index.js"))) throw new Error(`${build}/index.js is missing: run \`npm run build\` there first`);
    if (!fs.existsSync(env.REMIX_BUILD!)) fs.cpSync(build, path.dirname(env.REMIX_BUILD!), { recursive: true });
    const profile = args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args["cpu-prof"])}`] : [];
    command = [...profile, path.join(target.dir, "server/index.mjs")];
  }
  const log = fs.openSync(path.join(dir, `server-${target.port}.log`), "a");
  const started = performance.now();
  const child = spawn(target.node, command, { cwd: target.dir, env, stdio: ["ignore", log, log] });
  target.child = child;
  // Start-up: from spawn to the first SCIM answer.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${target.label} exited (${child.exitCode}); see ${path.join(dir, `server-${target.port}.log`)}`);
    try {
      const response = await fetch(`${url(target)}/scim/v2/ServiceProviderConfig`, { headers: { authorization: `Bearer ${token}` } });
      if (response.ok) {
        target.startupMs.push(performance.now() - started);
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill("SIGTERM");
  throw new Error(`${target.label} did not answer within 60 s`);
}

async function stopServer(target: Target) {
  const child = target.child;
  if (!child || child.exitCode !== null) return;
  // Wait for the exit: --cpu-prof writes the profile then.
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

interface Row {
  scenario: Scenario;
  target: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time the server process spent per request (user + system), in ms. */
  serverCpuMs: number;
  /** CPU time the load generator (this process) spent per request. */
  clientCpuMs: number;
  /** The server's highest RSS while under this load, in MB. */
  peakRssMb: number;
  load: number;
}

async function run(scenario: Scenario, target: Target, connections: number, request: autocannon.Request): Promise<Row> {
  const pid = target.child!.pid!;
  const load = os.loadavg()[0]!;
  const serverBefore = processCpuMs(pid);
  const clientBefore = process.cpuUsage();
  let peakRssMb = processRssMb(pid);
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, processRssMb(pid))), 200);
  const result = await autocannon({ url: url(target), connections, duration: SECONDS, requests: [request] });
  clearInterval(sampler);
  peakRssMb = Math.max(peakRssMb, processRssMb(pid));
  const serverCpu = processCpuMs(pid) - serverBefore;
  const clientUsage = process.cpuUsage(clientBefore);
  const total = Math.max(1, result.requests.total);
  const row: Row = {
    scenario,
    target: target.label,
    connections,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpuMs: serverCpu / total,
    clientCpuMs: (clientUsage.user + clientUsage.system) / 1000 / total,
    peakRssMb,
    load,
  };
  step(`  ${scenario} × ${target.label}: ${row.rps} req/s, p99 ${row.p99} ms, ${row.serverCpuMs.toFixed(2)} ms CPU/req, ${row.peakRssMb.toFixed(0)} MB, non-2xx ${row.non2xx}`);
  return row;
}

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
let created = 0;
let toggle = 0;

function scenarioRequest(scenario: Scenario, target: Target, headers: Record<string, string>, userNames: string[]): [number, autocannon.Request] {
  if (scenario === "lookup") {
    return [16, { method: "GET", headers, setupRequest: (req) => ({ ...req, path: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${pick(userNames)}"`)}` }) }];
  }
  if (scenario === "post") {
    return [
      8,
      {
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
      },
    ];
  }
  return [
    8,
    {
      method: "PATCH",
      headers,
      setupRequest: (req) => ({
        ...req,
        path: `/scim/v2/Users/${pick(target.ids)}`,
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", value: { active: toggle++ % 2 === 0 } }],
        }),
      }),
    },
  ];
}

const SCENARIO_NAMES: Record<Scenario, string> = {
  lookup: "GET /Users?filter=userName eq",
  post: "POST /Users",
  patch: "PATCH /Users/{id} active toggle",
};

async function main() {
  const { token, userNames, ids } = await seedBenchShop({ databaseUrl: seedUrl, env: scimBenchEnv(seedUrl, url(targets[0]!)), users: USERS, groups: GROUPS, step });
  for (const target of targets) {
    if (target.kind === "scimmy") {
      target.ids = userNames.map((_, i) => peerUserId(i));
      continue;
    }
    fs.copyFileSync(path.join(dir, "seed.sqlite"), target.databaseUrl.slice("file:".length));
    target.ids = ids;
  }
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json", accept: "application/scim+json" };
  const rows: Row[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      step(`round ${round + 1}/${ROUNDS}`);
      // One server at a time starts, so start-ups do not compete.
      for (const target of targets) await startServer(target, token);
      // Warm-up: JIT, statement cache, token cache.
      for (const target of targets) await autocannon({ url: url(target), connections: 4, duration: 2, requests: [{ method: "GET", path: "/scim/v2/Users?count=1", headers }] });
      for (const scenario of SCENARIOS) {
        if (!ONLY.has(scenario)) continue;
        for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
          const [connections, request] = scenarioRequest(scenario, target, headers, userNames);
          rows.push(await run(scenario, target, connections, request));
        }
      }
      for (const target of targets) await stopServer(target);
    }
  } finally {
    for (const target of targets) await stopServer(target);
    for (const target of targets) if (target.kind === "app") fs.rmSync(path.join(target.dir, ".tmp", path.basename(dir)), { recursive: true, force: true });
  }
  report(rows);
  if (!args["keep-db"]) fs.rmSync(dir, { recursive: true, force: true });
}

function report(rows: Row[]) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const baseline = targets[0]!;
  const peer = targets.find((t) => t.kind === "scimmy");
  const loads = rows.map((r) => r.load);
  const lines: string[] = [];
  const summary = (scenario: Scenario, target: Target) => {
    const mine = rows.filter((r) => r.scenario === scenario && r.target === target.label);
    return {
      rps: median(mine.map((r) => r.rps)),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      non2xx: mine.reduce((n, r) => n + r.non2xx, 0),
      errors: mine.reduce((n, r) => n + r.errors, 0),
      serverCpuMs: median(mine.map((r) => r.serverCpuMs)),
      clientCpuMs: median(mine.map((r) => r.clientCpuMs)),
      peakRssMb: Math.max(...mine.map((r) => r.peakRssMb)),
    };
  };
  const multi = targets.length > 1;
  const header = [
    "scenario",
    ...(multi ? ["server"] : []),
    "conns",
    "req/s",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "errors",
    "server CPU ms/req",
    ...(targets.length > 1 && baseline.kind === "app" ? [`CPU/req ÷ ${baseline.label}`] : []),
    ...(peer ? [`req/s ÷ SCIMMY`] : []),
    "peak RSS MB",
    "autocannon CPU ms/req",
  ];
  lines.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
  for (const scenario of SCENARIOS) {
    if (!ONLY.has(scenario)) continue;
    const base = summary(scenario, baseline);
    const peerSummary = peer && summary(scenario, peer);
    for (const target of targets) {
      const s = summary(scenario, target);
      const connections = rows.find((r) => r.scenario === scenario)?.connections ?? 0;
      lines.push(
        `| ${[
          SCENARIO_NAMES[scenario],
          ...(multi ? [target.label] : []),
          connections,
          s.rps,
          s.p50,
          s.p99,
          s.non2xx,
          s.errors,
          s.serverCpuMs.toFixed(2),
          ...(targets.length > 1 && baseline.kind === "app" ? [(s.serverCpuMs / base.serverCpuMs).toFixed(2)] : []),
          ...(peerSummary ? [(s.rps / peerSummary.rps).toFixed(2)] : []),
          s.peakRssMb.toFixed(0),
          s.clientCpuMs.toFixed(2),
        ].join(" | ")} |`,
      );
    }
  }
  const startup = [
    "",
    "| server | start-up to first SCIM answer, ms (median of rounds) | min | max |",
    "|---|---|---|---|",
    ...targets.map((t) => `| ${t.label} | ${median(t.startupMs).toFixed(0)} | ${Math.min(...t.startupMs).toFixed(0)} | ${Math.max(...t.startupMs).toFixed(0)} |`),
  ];
  const servers = targets.map((t) => (t.kind === "scimmy" ? `${t.label}: bench/peers/scimmy-server.mjs on Node ${process.version}` : `${t.label}: ${path.relative(root, t.dir) || "."} on ${t.node === process.execPath ? `Node ${process.version}` : t.node}`));
  const text = [
    `### ${new Date().toISOString()}${args.label ? ` — ${args.label}` : ""}`,
    "",
    `${USERS} users${GROUPS > 0 ? ` (each in 2 of ${GROUPS} groups)` : ""} in SQLite, ${os.cpus().length} × ${cpu}, ${ROUNDS} round${ROUNDS > 1 ? "s" : ""} of ${SECONDS} s per scenario and server, autocannon (Node ${process.version}) on the same machine, load avg ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}. ` +
      `"server CPU ms/req" is the server process's user+system time per request (1000 / it is the rate one free core could serve); figures are medians over rounds.`,
    "",
    ...(multi ? [`Servers: ${servers.join("; ")}.`, ""] : []),
    ...lines,
    ...startup,
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
  for (const target of targets) target.child?.kill("SIGTERM");
  process.exit(1);
});
