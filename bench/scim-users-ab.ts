// CPU per SCIM lookup of two server builds, compared in one process under the same machine load.
//
//   npx tsx bench/scim-users-ab.ts --a DIR --b DIR [--users 10000] [--groups 0] [--rounds 20] [--per-round 300]
//
// On a machine shared with other work, `server CPU ms/req` from bench/scim-users.ts moves by ±30%
// from one run to the next, more than most single changes. This loads both builds (each a
// `build/server` directory, e.g. one made from an older commit in a git worktree) side by side
// over the same seeded database, and alternates between them: each round sends --per-round
// lookups (`GET /Users?filter=userName eq "<random user>"`, one at a time) through each build's
// Remix request handler and records this process's CPU time per lookup. A and B see the same
// load within a round, so the median of the per-round ratios B/A is the comparable figure.
// No HTTP server and no socket: what it measures is Remix, the route, our code and Prisma.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { scimBenchEnv, seedBenchShop } from "./scim-users-seed";
import { median } from "./support";

const { values: args } = parseArgs({
  options: {
    a: { type: "string" },
    b: { type: "string" },
    users: { type: "string", default: "10000" },
    groups: { type: "string", default: "0" },
    rounds: { type: "string", default: "20" },
    "per-round": { type: "string", default: "300" },
  },
});
if (!args.a || !args.b) throw new Error("--a and --b (server build directories) are required");
const ROUNDS = Number(args.rounds);
const PER_ROUND = Number(args["per-round"]);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const dir = path.resolve(`.tmp/bench-ab-${process.pid}-${Date.now()}`);
fs.mkdirSync(dir, { recursive: true });
const databaseUrl = `file:${path.join(dir, "bench.sqlite")}`;
const appUrl = "http://127.0.0.1:3918";
const env = scimBenchEnv(databaseUrl, appUrl);
const step = (message: string) => process.stderr.write(`[bench-ab] ${message}\n`);

type Handler = (request: Request) => Promise<Response>;

async function loadBuild(label: string, buildDir: string): Promise<Handler> {
  const source = path.resolve(buildDir);
  if (!fs.existsSync(path.join(source, "index.js"))) throw new Error(`${source}/index.js is missing`);
  // A private copy: a checkout's build/ may be rebuilt while this runs, and two builds must be
  // two module graphs.
  const copy = path.join(dir, label, "build/server");
  fs.cpSync(source, copy, { recursive: true });
  const build = await import(pathToFileURL(path.join(copy, "index.js")).href);
  const { createRequestHandler } = await import("@remix-run/node");
  const handler = createRequestHandler(build, "production");
  return (request) => handler(request);
}

async function main() {
  const { token, userNames } = await seedBenchShop({ databaseUrl, env, users: Number(args.users), groups: Number(args.groups), step });
  const { installGlobals } = await import("@remix-run/node");
  installGlobals({ nativeFetch: true });
  const builds: [string, Handler][] = [
    ["A", await loadBuild("a", args.a!)],
    ["B", await loadBuild("b", args.b!)],
  ];
  const headers = { authorization: `Bearer ${token}`, accept: "application/scim+json" };
  const pick = () => userNames[Math.floor(Math.random() * userNames.length)]!;
  const lookup = async (handler: Handler) => {
    const url = `${appUrl}/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${pick()}"`)}`;
    const response = await handler(new Request(url, { headers }));
    const body = await response.text();
    if (response.status !== 200 || !body.includes('"totalResults":1')) throw new Error(`lookup answered ${response.status}: ${body.slice(0, 200)}`);
  };
  step("warm-up");
  for (const [, handler] of builds) for (let i = 0; i < 1000; i++) await lookup(handler);

  const perLookup: Record<string, number[]> = { A: [], B: [] };
  const ratios: number[] = [];
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    loads.push(os.loadavg()[0]!);
    // Alternate which goes first, so neither always follows the other's garbage.
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    const cost: Record<string, number> = {};
    for (const [label, handler] of order) {
      const before = process.cpuUsage();
      for (let i = 0; i < PER_ROUND; i++) await lookup(handler);
      const used = process.cpuUsage(before);
      cost[label] = (used.user + used.system) / PER_ROUND / 1000;
      perLookup[label]!.push(cost[label]!);
    }
    ratios.push(cost["B"]! / cost["A"]!);
    step(`round ${round + 1}/${ROUNDS}: A ${cost["A"]!.toFixed(3)} ms, B ${cost["B"]!.toFixed(3)} ms per lookup`);
  }
  const text = [
    `A = ${args.a}, B = ${args.b}; ${args.users} users${Number(args.groups) > 0 ? ` (each in 2 of ${args.groups} groups)` : ""}, ${ROUNDS} rounds × ${PER_ROUND} lookups each, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}, load avg ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`,
    "",
    "| build | CPU ms per lookup, median of rounds | min | max |",
    "|---|---|---|---|",
    ...(["A", "B"] as const).map((label) => `| ${label} | ${median(perLookup[label]!).toFixed(3)} | ${Math.min(...perLookup[label]!).toFixed(3)} | ${Math.max(...perLookup[label]!).toFixed(3)} |`),
    "",
    `B/A, median of per-round ratios: ${median(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)})`,
  ].join("\n");
  process.stdout.write(`${text}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`[bench-ab] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
