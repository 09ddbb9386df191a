// Provisioning engine benchmark: a burst of N people (default 2,000) delivered through the
// Shopify Admin API twin on the Standard plan (100 points/s, bucket 2,000), on loopback,
// bounded in time, by the real worker loop (run(), real clock) — once clean, once with 10%
// injected 5xx. Appends a section to bench/RESULTS.md.
//
//   npx tsx bench/provisioning.ts [--people 2000] [--plan standard] [--per-shop 4] [--out bench/RESULTS.md] [--max-seconds 900] [--no-faults]
//     [--latency-ms 0]   (every Admin API answer that much later, as Shopify's round trip over the internet)
//
// Budget-implied minimum = (total actual cost − the bucket's initial 2,000 points) ÷ restore
// rate: no client can finish sooner. Utilisation = that minimum ÷ wall time (goal ≥ 95%).
import { parseArgs } from "node:util";
import { startBench, writeSection } from "./support";

const { values: args } = parseArgs({
  options: {
    people: { type: "string", default: "2000" },
    out: { type: "string", default: "bench/RESULTS.md" },
    "max-seconds": { type: "string", default: "900" },
    "no-faults": { type: "boolean", default: false },
    plan: { type: "string", default: "standard" },
    "per-shop": { type: "string", default: "4" },
    "latency-ms": { type: "string", default: "0" },
  },
});
const PEOPLE = Number(args.people);
const MAX_MS = Number(args["max-seconds"]) * 1000;
if (!Number.isInteger(PEOPLE) || PEOPLE < 1 || PEOPLE > 20_000) throw new Error("--people must be 1..20000");

const PLAN = args.plan as "standard" | "advanced" | "plus" | "enterprise";
if (!["standard", "advanced", "plus", "enterprise"].includes(PLAN)) throw new Error("--plan must be standard|advanced|plus|enterprise");

const { twin, prisma, control, installShop, deliver, close } = await startBench("provisioning", { plan: PLAN });
const directory = await import("../app/directory/users.server");
const { userHandler } = await import("../app/sync/user-delivery.server");

interface RunResult {
  label: string;
  people: number;
  wallS: number;
  minimumS: number;
  utilisation: number;
  actualCost: number;
  requestedCost: number;
  requests: number;
  throttled: number;
  retried: number;
  failed: number;
  customers: number;
  duplicates: number;
}

async function run(label: string, faults: Record<string, unknown>): Promise<RunResult> {
  const shopDomain = `bench-${label.replace(/\W+/g, "-")}-${Date.now()}.myshopify.com`;
  const shop = await installShop(shopDomain);
  const tenant = { shopId: shop.id, shopDomain };
  for (let i = 0; i < PEOPLE; i++) {
    await directory.createUser(tenant, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `p${i}@bench.example`,
      name: { givenName: `Given${i}`, familyName: `Family${i}` },
      emails: [{ value: `p${i}@bench.example`, primary: true }],
      externalId: `ext-${i}`,
      active: true,
    });
  }
  await control(`${twin.url}/__twin/faults`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(faults) });
  const { worker, wallS } = await deliver(shop.id, { handlers: { User: userHandler }, perShopConcurrency: Number(args["per-shop"]), maxMs: MAX_MS, checkEveryMs: 100 });
  await control(`${twin.url}/__twin/faults`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: "{}" });
  const dump = (await (await control(`${twin.url}/__twin/shops/${shopDomain}/customers`)).json()) as { customers: Array<{ email: string }> };
  const emails = dump.customers.map((customer) => customer.email);
  const budget = worker.budgetOf(shopDomain)!;
  const actual = worker.stats.actualCost;
  const minimumS = Math.max(0, actual - budget.capacity) / budget.rate;
  const failed = await prisma.provisioningEvent.count({ where: { shopId: shop.id, state: "failed" } });
  return {
    label,
    people: PEOPLE,
    wallS,
    minimumS,
    utilisation: minimumS / wallS,
    actualCost: actual,
    requestedCost: worker.stats.requestedCost,
    requests: worker.stats.requests,
    throttled: worker.stats.throttled,
    retried: worker.stats.retried,
    failed,
    customers: emails.length,
    duplicates: emails.length - new Set(emails).size,
  };
}

const LATENCY_MS = Number(args["latency-ms"]);
const latency = LATENCY_MS > 0 ? { latencyMs: LATENCY_MS } : {};
const results: RunResult[] = [];
results.push(await run(LATENCY_MS > 0 ? `clean, ${LATENCY_MS} ms answers` : "clean", latency));
if (!args["no-faults"]) results.push(await run(LATENCY_MS > 0 ? `10% 5xx, ${LATENCY_MS} ms answers` : "10% 5xx", { ...latency, errorRate: 0.1, seed: 42 }));
await close();

const rows = results.map(
  (r) =>
    `| ${r.label} | ${r.people} | ${r.wallS.toFixed(1)} s | ${r.minimumS.toFixed(1)} s | ${(r.utilisation * 100).toFixed(1)}% | ${r.actualCost} / ${r.requestedCost} | ${r.requests} | ${r.throttled} | ${r.retried} | ${r.failed} | ${r.customers} | ${r.duplicates} |`,
);
const section = [
  "",
  `## Provisioning engine: ${PEOPLE}-person burst, ${PLAN} plan (${new Date().toISOString().slice(0, 10)})`,
  "",
  "`npx tsx bench/provisioning.ts` — SCIM directory writes first (one outbox event each), then the worker's run loop",
  `(real clock, ${args["per-shop"]} deliveries in flight per shop) delivers them to the twin on the ${PLAN} plan (bucket = 20 s of restore).`,
  "Minimum = (actual cost − the initial bucket) ÷ restore rate; utilisation = minimum ÷ wall time (0 when the bucket alone covers the burst: then wall time is the engine's own speed).",
  "",
  "| run | people | wall | budget minimum | utilisation | cost actual / requested | requests | THROTTLED | retried | failed | customers | duplicates |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...rows,
  "",
].join("\n");
writeSection(args.out!, section);
