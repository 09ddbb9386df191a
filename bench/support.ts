// What the in-process benchmarks (groups, provisioning) share: a fresh migrated SQLite database,
// the Shopify Admin API twin, the app's environment pointing at both, shops installed the way a
// merchant installs the app, and the real worker run loop until a shop's outbox is delivered.
import fs from "node:fs";
import path from "node:path";
import { prismaMigrate } from "../scripts/lib/prisma6.mjs";
import type { WorkerOptions } from "../app/sync/worker.server";
import type { Plan } from "../tests/shopify-twin/state";

const APP_URL = "https://bench.example";
const API_KEY = "bench-api-key";
const API_SECRET = "bench-api-secret";

/**
 * Migrates a fresh database under .tmp/bench-<name>-*, starts the twin with every shop on `plan`,
 * sets the app's environment (plus `env`), and only then loads the app: its modules read the
 * environment when they are imported.
 */
export async function startBench(name: string, { plan, env = {} }: { plan: Plan; env?: Record<string, string> }) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  process.chdir(root);
  const dir = path.resolve(`.tmp/bench-${name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  const databaseUrl = `file:${path.join(dir, "bench.sqlite")}`;
  prismaMigrate(["deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "ignore", "inherit"] });

  const { startTwin } = await import("../tests/shopify-twin/server");
  const twin = await startTwin({ apiKey: API_KEY, apiSecret: API_SECRET, defaultPlan: plan });
  const { useTwinFetch } = await import("../tests/shopify-twin/app-fetch.mjs");
  useTwinFetch(twin.url);
  Object.assign(process.env, {
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: APP_URL,
    LOG_LEVEL: "silent",
    ...env,
  });
  const { BROWSER_USER_AGENT, adminUrl, mintSessionToken } = await import("../scripts/lib/session-token.mjs");
  const shopify = await import("../app/shopify.server");
  const prisma = (await import("../app/db.server")).default;
  const { ProvisioningWorker } = await import("../app/sync/worker.server");
  const { AdminClients } = await import("../app/shopify-admin/admin-client.server");

  /** Control-API call; retried once because a pooled keep-alive connection may have been closed. */
  async function control(url: string, init?: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch {
      return fetch(url, init);
    }
  }

  /** Opens the app in the admin once (the token exchange stores the offline session), then the shop's row with SCIM on. */
  async function installShop(shopDomain: string) {
    const idToken = await mintSessionToken({ shop: shopDomain, apiKey: API_KEY, apiSecret: API_SECRET });
    await shopify.authenticate.admin(new Request(adminUrl(APP_URL, shopDomain, idToken), { headers: { "User-Agent": BROWSER_USER_AGENT } }));
    return prisma.shop.create({ data: { shopDomain, scimEnabled: true } });
  }

  /**
   * Runs the production worker loop (real clock) until the shop has no open event or `maxMs` has
   * passed, looking every `checkEveryMs`; the wall time is measured from start to that point.
   */
  async function deliver(
    shopId: string,
    { handlers, perShopConcurrency, maxMs, checkEveryMs }: Pick<WorkerOptions, "handlers" | "perShopConcurrency"> & { maxMs: number; checkEveryMs: number },
  ) {
    const worker = new ProvisioningWorker({
      prisma,
      clients: new AdminClients((shopDomain) => shopify.unauthenticated.admin(shopDomain)),
      handlers,
      pollMs: 200,
      perShopConcurrency,
      requestTimeoutMs: 10_000,
    });
    const started = Date.now();
    worker.start();
    let open = Infinity;
    while (open > 0 && Date.now() - started < maxMs) {
      await new Promise((resolve) => setTimeout(resolve, checkEveryMs));
      open = await prisma.provisioningEvent.count({ where: { shopId, state: { in: ["created", "retry", "active"] } } });
    }
    const wallS = (Date.now() - started) / 1000;
    await worker.stop();
    return { worker, wallS };
  }

  async function close() {
    await twin.close();
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  return { twin, shopify, prisma, control, installShop, deliver, close };
}

/** The median of a benchmark's per-round figures (rounds alternate builds; see bench/scim-users.ts). */
export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Prints a results section and appends it to the results file. */
export function writeSection(out: string, section: string) {
  process.stdout.write(section);
  fs.appendFileSync(out, section);
}
