// Throughput of the twin for a simple customerCreate, on one connection and with 16 in flight.
//   npx tsx tests/shopify-twin/bench.ts                       (starts a twin in this process)
//   SHOPIFY_TWIN_URL=http://127.0.0.1:4100 npx tsx tests/shopify-twin/bench.ts   (uses a running one)
// Uses an enterprise-plan shop per run so the leaky bucket (40,000 points) does not throttle.
import { Agent } from "node:http";
import { request } from "node:http";
import { startTwin } from "./server";

const CREATE = `mutation Create($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { field message } } }`;

function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function control(base: string, path: string, body: unknown): Promise<Record<string, string>> {
  const response = await fetch(`${base}/__twin${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, string>;
}

async function run(base: string, label: string, total: number, concurrency: number): Promise<void> {
  const shop = `bench-${label}-${Date.now()}.myshopify.com`;
  await control(base, "/shops", { shop, plan: "enterprise" });
  const { access_token: token } = await control(base, `/shops/${shop}/access-tokens`, {});
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL("/admin/api/2026-10/graphql.json", base);
  let next = 0;
  let failures = 0;
  const latencies: number[] = [];
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const body = JSON.stringify({ query: CREATE, variables: { input: { email: `user${index}@bench.example`, firstName: "Bench", tags: ["bench"] } } });
      const started = performance.now();
      const response = await post(agent, url, { "X-Shopify-Access-Token": token! }, body);
      latencies.push(performance.now() - started);
      if (response.status !== 200 || !response.text.includes('"userErrors":[]')) failures += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(1);
  console.log(
    `${label}: ${total} customerCreate, concurrency ${concurrency}: ${(total / seconds).toFixed(0)} req/s, p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms, failures ${failures}`,
  );
}

const external = process.env.SHOPIFY_TWIN_URL;
const twin = external ? null : await startTwin({ apiKey: "bench", apiSecret: "bench" });
const base = external ?? twin!.url;
await run(base, "warmup", 200, 1);
await run(base, "one-connection", 2000, 1);
await run(base, "sixteen-concurrent", 3000, 16);
await twin?.close();
