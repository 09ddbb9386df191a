// The outbox owner (app/sync/outbox.server.ts) on both databases: a job that waits at most once is
// queued once however many callers ask at the same moment (the unique (shopId, dedupeKey) index,
// not a check-then-insert), the key is free again once the job starts, taken back when it goes
// back to waiting, and an event recorded inside a caller's transaction rolls back with it.
// SQLite through the app's client; PostgreSQL through a client generated for it, with the same
// functions and the dialect passed explicitly. scripts/test-all.sh sets TEST_POSTGRES_URL.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Dialect } from "~/sql.server";
import { JobStore, enqueue, enqueueOnce, retryEvents, shopKey, userKey, type Head } from "~/sync/outbox.server";
import { createPostgresTestDatabase, generatePostgresClient, openPostgresClient, prismaCli, type PostgresTestDatabase } from "../support/postgres";

let database: PostgresTestDatabase;
let pg: PrismaClient;

beforeAll(async () => {
  database = await createPostgresTestDatabase("scim_outbox");
  prismaCli(["migrate", "deploy"], database.url);
  pg = await openPostgresClient(generatePostgresClient("outbox", database.url), database.url);
}, 120_000);

afterAll(async () => {
  await pg?.$disconnect();
  await database?.drop();
});

const databases: Array<[string, () => PrismaClient, Dialect]> = [
  ["SQLite", () => prisma, "sqlite"],
  ["PostgreSQL", () => pg, "postgresql"],
];

describe.each(databases)("the outbox on %s", (_name, client, d) => {
  async function newShop(db: PrismaClient) {
    return db.shop.create({ data: { shopDomain: `outbox-${randomUUID().slice(0, 8)}.myshopify.com`, scimEnabled: true } });
  }

  async function headOf(db: PrismaClient, id: string): Promise<Head> {
    return { ...(await db.provisioningEvent.findUniqueOrThrow({ where: { id } })), single: true };
  }

  it("queues a shop job once when twenty callers ask at the same moment", async () => {
    const db = client();
    const shop = await newShop(db);
    const job = { shopId: shop.id, resourceType: "Shop" as const, resourceId: shop.id, operation: "reconcile" as const, payload: { requestedBy: "test" } };
    const results = await Promise.all(Array.from({ length: 20 }, () => enqueueOnce(db, job, d)));
    expect(results.filter((result) => result.queued)).toHaveLength(1);
    expect(new Set(results.map((result) => result.eventId)).size).toBe(1);
    const rows = await db.provisioningEvent.findMany({ where: { shopId: shop.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: shopKey(shop.id), dedupeKey: `${shopKey(shop.id)}:reconcile`, state: "created", operation: "reconcile", payload: { requestedBy: "test" } });
    // Another kind of job of the same shop is not a duplicate.
    expect((await enqueueOnce(db, { ...job, operation: "remap" }, d)).queued).toBe(true);
  });

  it("refuses a second waiting copy at the database, whoever inserts it", async () => {
    const db = client();
    const shop = await newShop(db);
    const job = { shopId: shop.id, resourceType: "Shop" as const, resourceId: shop.id, operation: "reconcile" as const, payload: {} };
    await enqueue(db, job);
    await expect(enqueue(db, job)).rejects.toMatchObject({ code: "P2002" });
  });

  it("frees the key when the job starts and takes it back when the job waits again", async () => {
    const db = client();
    const shop = await newShop(db);
    const userId = randomUUID();
    const repair = { shopId: shop.id, resourceType: "User" as const, resourceId: userId, operation: "repair" as const, payload: { changed: [], active: true, reason: "test" } };
    const first = await enqueueOnce(db, repair, d);
    // Reconcile's repairs and drift's share one key: a person gets one waiting repair.
    expect(await enqueueOnce(db, { ...repair, operation: "reconcile" }, d)).toEqual({ eventId: first.eventId, queued: false });

    const jobs = new JobStore(db, "worker-a", () => Date.now() + 1_000, 60_000);
    const group = await jobs.claim(await headOf(db, first.eventId), shop.id);
    expect(group?.events.map((event) => [event.id, event.dedupeKey])).toEqual([[first.eventId, null]]);
    expect((await db.provisioningEvent.findUniqueOrThrow({ where: { id: first.eventId } })).dedupeKey).toBeNull();

    // While it runs, a new request queues a new run.
    const second = await enqueueOnce(db, repair, d);
    expect(second.queued).toBe(true);
    // The running one fails retryably: it waits again, but the newer request holds the key.
    await jobs.retry(group!, "Shopify answered HTTP 502", new Date(Date.now() + 60_000));
    const [retrying, waiting] = await Promise.all([first, second].map(({ eventId }) => db.provisioningEvent.findUniqueOrThrow({ where: { id: eventId } })));
    expect([retrying!.state, retrying!.dedupeKey]).toEqual(["retry", null]);
    expect(waiting!.dedupeKey).toBe(`${userKey(userId)}:repair`);

    // Alone, a job back in retry holds its key again: a new request joins it.
    const other = randomUUID();
    const alone = await enqueueOnce(db, { ...repair, resourceId: other }, d);
    const claimed = await jobs.claim(await headOf(db, alone.eventId), shop.id);
    await jobs.retry(claimed!, "timed out", new Date(Date.now() + 60_000));
    expect(await enqueueOnce(db, { ...repair, resourceId: other }, d)).toEqual({ eventId: alone.eventId, queued: false });

    // A manual retry of a failed job takes the key back the same way.
    const third = randomUUID();
    const failing = await enqueueOnce(db, { ...repair, resourceId: third }, d);
    const failed = await jobs.claim(await headOf(db, failing.eventId), shop.id);
    await jobs.fail(failed!, "Shopify refused the customer update");
    expect((await enqueueOnce(db, { ...repair, resourceId: third }, d)).queued).toBe(true);
    expect(await retryEvents(db, shop.id, { eventId: failing.eventId })).toBe(1);
    expect((await db.provisioningEvent.findUniqueOrThrow({ where: { id: failing.eventId } })).state).toBe("retry");
  });

  it("records an event inside the caller's transaction, and rolls back with it", async () => {
    const db = client();
    const shop = await newShop(db);
    const userId = randomUUID();
    const change = { shopId: shop.id, resourceType: "User" as const, resourceId: userId, operation: "patch" as const, payload: { changed: ["title"], active: true } };
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(tx, change);
        throw new Error("the directory write failed");
      }),
    ).rejects.toThrow("the directory write failed");
    expect(await db.provisioningEvent.count({ where: { shopId: shop.id } })).toBe(0);
    // A deduped job queued inside a transaction that then fails is not queued either, and the
    // conflict of a second one does not break the transaction it runs in.
    const job = { shopId: shop.id, resourceType: "Shop" as const, resourceId: shop.id, operation: "remap" as const, payload: {} };
    const [a, b] = await db.$transaction(async (tx) => [await enqueueOnce(tx, job, d), await enqueueOnce(tx, job, d)]);
    expect(a!.queued).toBe(true);
    expect(b).toEqual({ eventId: a!.eventId, queued: false });
    const created = await db.$transaction(async (tx) => enqueue(tx, change));
    expect(await db.provisioningEvent.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ key: userKey(userId), dedupeKey: null, state: "created" });
  });
});
