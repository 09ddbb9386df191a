// Test harness for the provisioning engine: the Shopify twin (sharing one manual clock with the
// worker, so tests move time instead of sleeping), the app's real modules, shops installed
// through the real token exchange, people written through the SCIM directory, and a worker
// driven by explicit ticks.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
import path from "node:path";
import type { PrismaClient, Shop } from "@prisma/client";
import { BROWSER_USER_AGENT, adminUrl, mintSessionToken } from "../../../scripts/lib/session-token.mjs";
import { useTwinFetch } from "../../shopify-twin/app-fetch.mjs";
import { startTwin, type Twin } from "../../shopify-twin/server";

/**
 * Real time plus an offset the test moves forward. Events get runAt from the database's clock
 * (real time), so the worker's clock must never be behind it; the twin shares this clock, so
 * its buckets, storms and tokens move with the worker's.
 */
export class TestClock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export const apiKey = process.env.SHOPIFY_API_KEY!;
export const apiSecret = process.env.SHOPIFY_API_SECRET!;
const appUrl = process.env.SHOPIFY_APP_URL!;

export interface TwinCustomer {
  gid: string;
  id: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  locale: string;
  tags: string[];
  numberOfOrders: number;
  addresses: Array<Record<string, unknown>>;
  emailMarketing: { state: string };
  metafields: Array<{ namespace: string; key: string; value: string; type: string }>;
}

export interface Harness {
  twin: Twin;
  clock: TestClock;
  prisma: PrismaClient;
  shopify: typeof import("~/shopify.server");
  directory: typeof import("~/directory/users.server");
  groups: typeof import("~/directory/groups.server");
  sync: {
    /** The handlers the app registers (app/sync/runtime.server.ts): the workers' default. */
    handlers: typeof import("~/sync/runtime.server").HANDLERS;
    worker: typeof import("~/sync/worker.server");
    users: typeof import("~/sync/user-delivery.server");
    jobs: typeof import("~/sync/outbox.server");
    reconcile: typeof import("~/sync/reconcile.server");
    shopJobs: typeof import("~/sync/shop-jobs.server");
    client: typeof import("~/shopify-admin/admin-client.server");
  };
  close(): Promise<void>;
}

export async function startHarness(options: { plan?: "standard" | "advanced" | "plus" | "enterprise"; scopes?: string } = {}): Promise<Harness> {
  const clock = new TestClock();
  const twin = await startTwin({ apiKey, apiSecret, scopes: options.scopes ?? "read_customers,write_customers", clock, defaultPlan: options.plan ?? "plus" });
  useTwinFetch(twin.url);
  const shopify = await import("~/shopify.server");
  const prisma = (await import("~/db.server")).default;
  const directory = await import("~/directory/users.server");
  const groups = await import("~/directory/groups.server");
  const sync = {
    handlers: (await import("~/sync/runtime.server")).HANDLERS,
    worker: await import("~/sync/worker.server"),
    users: await import("~/sync/user-delivery.server"),
    jobs: await import("~/sync/outbox.server"),
    reconcile: await import("~/sync/reconcile.server"),
    shopJobs: await import("~/sync/shop-jobs.server"),
    client: await import("~/shopify-admin/admin-client.server"),
  };
  return { twin, clock, prisma, shopify, directory, groups, sync, close: () => twin.close() };
}

/** Installs a shop the real way (token exchange through the app's config) and creates its Shop row. */
export async function installShop(h: Harness, settings: Partial<Shop> = {}, prefix = "prov"): Promise<{ shop: Shop; tenant: { shopId: string; shopDomain: string } }> {
  const shopDomain = `${prefix}-${randomUUID().slice(0, 8)}.myshopify.com`;
  const idToken = await mintSessionToken({ shop: shopDomain, apiKey, apiSecret });
  await h.shopify.authenticate.admin(new Request(adminUrl(appUrl, shopDomain, idToken), { headers: { "User-Agent": BROWSER_USER_AGENT } }));
  const shop = await h.prisma.shop.upsert({
    where: { shopDomain },
    create: { shopDomain, scimEnabled: true, ...settings } as never,
    update: { scimEnabled: true, ...settings } as never,
  });
  return { shop, tenant: { shopId: shop.id, shopDomain } };
}

export function newWorker(h: Harness, overrides: Record<string, unknown> = {}) {
  const { ProvisioningWorker } = h.sync.worker;
  const { AdminClients } = h.sync.client;
  return new ProvisioningWorker({
    prisma: h.prisma,
    clients: new AdminClients((shop) => h.shopify.unauthenticated.admin(shop), () => h.clock.now()),
    handlers: h.sync.handlers,
    clock: h.clock,
    requestTimeoutMs: 5_000,
    backoff: { baseMs: 100, capMs: 2_000 },
    ...overrides,
  });
}

export async function customers(h: Harness, shopDomain: string): Promise<TwinCustomer[]> {
  const response = await control(`${h.twin.url}/__twin/shops/${shopDomain}/customers`);
  const body = (await response.json()) as { customers: TwinCustomer[] };
  return body.customers;
}

/** A GraphQL call as the shop's staff would make it (a fresh admin token from the twin), to change Shopify behind the app's back. */
export async function adminGraphql(h: Harness, shopDomain: string, query: string) {
  const admin = await fetch(`${h.twin.url}/__twin/shops/${shopDomain}/access-tokens`, { method: "POST" }).then((r) => r.json());
  return fetch(`${h.twin.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "X-Shopify-Access-Token": admin.access_token, "Content-Type": "application/json" },
    body: JSON.stringify({ query }),
  }).then((r) => r.json());
}

export async function seedCustomer(h: Harness, shopDomain: string, customer: Record<string, unknown>): Promise<TwinCustomer> {
  const response = await fetch(`${h.twin.url}/__twin/shops/${shopDomain}/customers`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(customer),
  });
  if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TwinCustomer;
}

/** Control-API calls retry once: a pooled connection the twin's fault injection cut may be reused. */
async function control(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

export async function setFaults(h: Harness, faults: Record<string, unknown>): Promise<void> {
  const response = await control(`${h.twin.url}/__twin/faults`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`faults: ${response.status}`);
}

export function metafield(customer: TwinCustomer, key: string): string | undefined {
  return customer.metafields.find((field) => field.namespace.endsWith("--scim") && field.key === key)?.value;
}

export function person(i: number, extra: Record<string, unknown> = {}) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    userName: `person${i}@example.com`,
    externalId: `okta-${i}`,
    name: { givenName: `Given${i}`, familyName: `Family${i}` },
    emails: [{ value: `person${i}@example.com`, type: "work", primary: true }],
    phoneNumbers: [{ value: `+1 613 555 ${String(1000 + i).padStart(4, "0")}`, type: "work" }],
    preferredLanguage: "fr-CA",
    active: true,
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      employeeNumber: `E${i}`,
      department: "Sales",
      costCenter: "CC-1",
      manager: { value: "mgr-1", displayName: "Morgan Manager" },
    },
    ...extra,
  };
}

/** Runs the worker until nothing is due, moving the clock past retry backoffs (bounded). */
export async function deliverAll(h: Harness, worker: { tick(): Promise<number>; jobs: { nextRunAt(): Promise<number | null> } }, shopId?: string, maxRounds = 500): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    const started = await worker.tick();
    if (started > 0) continue;
    const open = await h.prisma.provisioningEvent.count({ where: { state: { in: ["created", "retry", "active"] }, ...(shopId ? { shopId } : {}) } });
    if (open === 0) return;
    const next = await worker.jobs.nextRunAt();
    const wait = next === null ? 1_000 : Math.max(next - h.clock.now(), 0);
    h.clock.advance(Math.max(wait, 50));
  }
  throw new Error("deliverAll: the queue did not drain");
}

// The built app as a child process (server/index.mjs over build/, `npm run build` first), on the
// test's database and twin, with the provisioning worker inline.
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function startApp(h: Harness, port: number, env: Record<string, string> = {}): ChildProcess {
  // The twin's preload sends the app's Shopify calls to SHOPIFY_ADMIN_TWIN_URL, as in the demo.
  return spawn(process.execPath, ["--import", path.resolve("tests/shopify-twin/app-preload.mjs"), "server/index.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      SHOPIFY_ADMIN_TWIN_URL: h.twin.url,
      WORKER_MODE: "inline",
      WORKER_LEASE_SECONDS: "2",
      WORKER_POLL_MS: "50",
      SHOPIFY_REQUEST_TIMEOUT_MS: "2000",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
}

export async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling a child process, not pacing our own code
  }
  throw new Error(`timed out waiting for ${what}`);
}

