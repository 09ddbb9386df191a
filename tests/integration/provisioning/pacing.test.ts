// Pacing and fairness: on the Standard plan (bucket 2,000, 100 points/s) a burst larger than the
// bucket is delivered without a single THROTTLED answer, and one shop's backlog does not starve
// another shop. The twin and the worker share the test clock, so the bucket restores as the
// test moves time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, deliverAll, installShop, newWorker, person, startHarness, type Harness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ plan: "standard" });
});

afterAll(async () => {
  await h?.close();
});

describe("pacing", () => {
  it("delivers a burst bigger than the bucket with no THROTTLED answer", async () => {
    const { shop, tenant } = await installShop(h);
    for (let i = 0; i < 250; i++) await h.directory.createUser(tenant, person(i, { phoneNumbers: [] }));
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id, 5_000);
    expect(await customers(h, tenant.shopDomain)).toHaveLength(250);
    // 250 people × ~18 requested points is more than twice the 2,000-point bucket.
    expect(worker.stats.requestedCost).toBeGreaterThan(4_000);
    expect(worker.stats.throttled).toBe(0);
    const log = (await (await fetch(`${h.twin.url}/__twin/log?limit=2000`)).json()) as { entries?: Array<{ shop: string; throttled: boolean }> } | Array<{ shop: string; throttled: boolean }>;
    const entries = Array.isArray(log) ? log : (log.entries ?? []);
    expect(entries.filter((entry) => entry.shop === tenant.shopDomain && entry.throttled)).toHaveLength(0);
  }, 180_000);
});

describe("fairness", () => {
  it("a shop with a backlog does not starve a shop that arrives later", async () => {
    const big = await installShop(h, {}, "big");
    const small = await installShop(h, {}, "small");
    for (let i = 0; i < 60; i++) await h.directory.createUser(big.tenant, person(i, { phoneNumbers: [] }));
    for (let i = 0; i < 4; i++) await h.directory.createUser(small.tenant, person(100 + i, { phoneNumbers: [] }));
    const worker = newWorker(h, { perShopConcurrency: 2, concurrency: 4 });
    const done = (shopId: string) => h.prisma.provisioningEvent.count({ where: { shopId, state: "completed" } });
    await worker.tick();
    await worker.tick();
    // Two passes at two per shop: the late shop is finished while the big one still waits.
    expect(await done(small.shop.id)).toBe(4);
    expect(await done(big.shop.id)).toBeLessThanOrEqual(4);
    await deliverAll(h, worker, big.shop.id, 5_000);
    expect(await done(big.shop.id)).toBe(60);
  }, 120_000);
});
