// The outbox claims on PostgreSQL (production): two workers, each with its own connection pool,
// on one database never deliver the same event twice, and a stale lease is taken over. Events and
// ScimUser rows are written as the directory writes them (same transaction, same contract),
// through a PostgreSQL-generated client. scripts/test-all.sh sets TEST_POSTGRES_URL.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Group } from "~/sync/outbox.server";
import { createPostgresTestDatabase, generatePostgresClient, openPostgresClient, prismaCli, type PostgresTestDatabase } from "../../support/postgres";
import { customers, installShop, newWorker, startHarness, type Harness } from "./harness";

let h: Harness;
let database: PostgresTestDatabase;
let clientEntry: string;
const clients: PrismaClient[] = [];

async function pgClient(): Promise<PrismaClient> {
  const client = await openPostgresClient(clientEntry, database.url);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  database = await createPostgresTestDatabase("scim_provisioning");
  prismaCli(["migrate", "deploy"], database.url);
  clientEntry = generatePostgresClient("provisioning", database.url);
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.$disconnect();
  await h?.close();
  await database?.drop();
});

/** What app/directory/users.server.ts createUser writes: the row and its event, in one transaction. */
async function createUser(client: PrismaClient, shopId: string, i: number): Promise<string> {
  const id = randomUUID();
  const email = `pg${i}@example.com`;
  const attributes = { userName: email, name: { givenName: `Pg${i}`, familyName: "Person" }, emails: [{ value: email, primary: true }], active: true };
  await client.$transaction([
    client.scimUser.create({ data: { id, shopId, userName: email, userNameKey: email, active: true, attributes, emails: { create: [{ shopId, valueKey: email }] } } }),
    client.provisioningEvent.create({
      data: { shopId, resourceType: "User", resourceId: id, operation: "create", key: `User:${id}`, state: "created", payload: { changed: Object.keys(attributes), active: true } },
    }),
  ]);
  return id;
}

describe("PostgreSQL outbox", () => {
  it("two workers with their own pools never deliver the same event twice", async () => {
    const { tenant } = await installShop(h);
    const setup = await pgClient();
    const shop = await setup.shop.create({ data: { shopDomain: tenant.shopDomain, scimEnabled: true } });
    const ids: string[] = [];
    for (let i = 0; i < 80; i++) ids.push(await createUser(setup, shop.id, i));
    // A second change for some people while nothing is delivered yet: coalesced per key.
    for (const id of ids.slice(0, 10)) {
      await setup.provisioningEvent.create({ data: { shopId: shop.id, resourceType: "User", resourceId: id, operation: "patch", key: `User:${id}`, payload: { changed: ["title"], active: true } } });
    }
    const deliveries = new Map<string, string[]>();
    const counting = (name: string) => ({
      ...h.sync.users.userHandler,
      deliver: async (context: { group: Group }) => {
        for (const event of context.group.events) deliveries.set(event.id, [...(deliveries.get(event.id) ?? []), name]);
        return h.sync.users.userHandler.deliver(context as never);
      },
    });
    const a = newWorker(h, { prisma: await pgClient(), workerId: "pg-a", handlers: { User: counting("a") } });
    const b = newWorker(h, { prisma: await pgClient(), workerId: "pg-b", handlers: { User: counting("b") } });
    for (let pass = 0; pass < 200; pass++) {
      const [x, y] = await Promise.all([a.tick(), b.tick()]);
      if (x + y === 0) break;
    }
    expect(deliveries.size).toBe(90);
    expect([...deliveries.values()].every((by) => by.length === 1)).toBe(true);
    const by = [...deliveries.values()].flat();
    expect(new Set(by)).toEqual(new Set(["a", "b"]));
    const list = await customers(h, tenant.shopDomain);
    expect(list).toHaveLength(80);
    expect(new Set(list.map((customer) => customer.email)).size).toBe(80);
    const events = await setup.provisioningEvent.findMany({ where: { shopId: shop.id } });
    expect(events.every((event) => event.state === "completed")).toBe(true);
    expect(events.filter((event) => event.coalescedInto)).toHaveLength(10);
    const rows = await setup.scimUser.findMany({ where: { shopId: shop.id } });
    expect(rows.every((row) => row.syncState === "synced" && row.customerId)).toBe(true);
  }, 120_000);

  it("takes over a stale lease, and the stale holder completes nothing", async () => {
    const { tenant } = await installShop(h);
    const client = await pgClient();
    const shop = await client.shop.create({ data: { shopDomain: tenant.shopDomain, scimEnabled: true } });
    await createUser(client, shop.id, 1);
    const slow = newWorker(h, { prisma: client, workerId: "pg-slow", leaseMs: 1_000 });
    const head = (await slow.jobs.claimableHeads(shop.id, 1, new Set()))[0]!;
    const group = (await slow.jobs.claim(head, shop.id))!;
    const fast = newWorker(h, { prisma: await pgClient(), workerId: "pg-fast", leaseMs: 1_000 });
    expect(await fast.tick()).toBe(0);
    h.clock.advance(1_500);
    expect(await fast.tick()).toBe(1);
    expect(await slow.jobs.complete(group, { action: "updated", outcome: "late" })).toBe(0);
    const [event] = await client.provisioningEvent.findMany({ where: { shopId: shop.id } });
    expect(event).toMatchObject({ state: "completed", action: "created", attempts: 2, lockedBy: null });
  }, 60_000);
});
