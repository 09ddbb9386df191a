// CPU of Remix's route matching per SCIM request, with the ranked branches kept
// (patches/@remix-run+router+1.23.3.patch, what Node loads) and without (the same release's
// browser build, which flattens, scores and sorts the whole table on every call).
//
//   npx tsx bench/route-matching.ts [--rounds 20] [--per-round 2000]
//
// A SCIM request is matched twice: by Remix against its route table (`matchServerRoutes`) and by
// the static handler against its own (`queryRoute`). Each round times --per-round requests'
// worth of both calls with each implementation, alternating which goes first; the figure is the
// median per-round CPU per request. Run `npm run build` first.
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { median } from "./support";

const { values: args } = parseArgs({
  options: { rounds: { type: "string", default: "20" }, "per-round": { type: "string", default: "2000" } },
});
const ROUNDS = Number(args.rounds);
const PER_ROUND = Number(args["per-round"]);
const require = createRequire(import.meta.url);
type MatchRoutes = (routes: unknown[], location: string) => unknown[] | null;

async function main() {
  Object.assign(process.env, { NODE_ENV: "production", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://bench.example", LOG_LEVEL: "silent", DATABASE_URL: "file::memory:" });
  const build = await import(pathToFileURL(path.resolve("build/server/index.js")).href);
  const { createRoutes, createStaticHandlerDataRoutes } = require("@remix-run/server-runtime/dist/routes.js");
  const tables = [createRoutes(build.routes), createStaticHandlerDataRoutes(build.routes, build.future)];
  const kept: MatchRoutes = require("@remix-run/router").matchRoutes;
  const everyCall = ((await import("@remix-run/router/dist/router.js")) as unknown as { matchRoutes: MatchRoutes }).matchRoutes;
  const urls = ["/scim/v2/Users", "/scim/v2/Users/2819c223-7f76-453a-919d-413861904646", "/scim/v2/Groups/g-1", "/scim/v2/Bulk"];
  const request = (match: MatchRoutes, i: number) => {
    const url = urls[i % urls.length]!;
    for (const routes of tables) if (!match(routes, url)) throw new Error(`${url} matched nothing`);
  };
  const impls: [string, MatchRoutes][] = [["ranked once", kept], ["ranked per call", everyCall]];
  for (const [, match] of impls) for (let i = 0; i < 5000; i++) request(match, i);
  const perRequest: Record<string, number[]> = { "ranked once": [], "ranked per call": [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, match] of round % 2 ? [...impls].reverse() : impls) {
      const before = process.cpuUsage();
      for (let i = 0; i < PER_ROUND; i++) request(match, i);
      const used = process.cpuUsage(before);
      perRequest[label]!.push((used.user + used.system) / PER_ROUND);
    }
  }
  const routesCount = (function count(routes: { children?: unknown[] }[]): number {
    return routes.reduce((n, r) => n + 1 + count((r.children ?? []) as { children?: unknown[] }[]), 0);
  })(tables[0]);
  const once = median(perRequest["ranked once"]!);
  const perCall = median(perRequest["ranked per call"]!);
  process.stdout.write(
    [
      `${routesCount} routes, ${ROUNDS} rounds × ${PER_ROUND} SCIM requests (2 matchRoutes calls each), Node ${process.version}, ${os.cpus()[0]?.model ?? "CPU"}, load avg ${os.loadavg()[0]!.toFixed(2)}`,
      "",
      "| route matching | CPU µs per SCIM request (median of rounds) |",
      "|---|---|",
      `| ranked per call (unpatched) | ${perCall.toFixed(1)} |`,
      `| ranked once (patched) | ${once.toFixed(1)} |`,
      "",
      `saved per SCIM request: ${(perCall - once).toFixed(1)} µs (${((1 - once / perCall) * 100).toFixed(0)}% of route matching)`,
      "",
    ].join("\n"),
  );
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`[bench-routes] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
