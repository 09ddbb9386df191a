// Exactly-once under failure: a 500-person burst through 10% 5xx, timeouts, dropped
// connections and a THROTTLED storm; two workers on one database; and the app killed with
// SIGKILL mid-burst and started again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Group } from "~/sync/outbox.server";
import { customers, deliverAll, installShop, newWorker, person, setFaults, startApp, startHarness, until, freePort, type Harness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ plan: "plus" });
});

afterAll(async () => {
  await setFaults(h, {});
  await h?.close();
});

function expectEachPersonOnce(list: Array<{ email: string | null }>, count: number) {
  const emails = list.map((customer) => customer.email);
  expect(new Set(emails).size).toBe(emails.length);
  expect(emails).toHaveLength(count);
}

describe("faults", () => {
  it("delivers a 500-person burst exactly once through 5xx, timeouts, drops and a THROTTLED storm", async () => {
    const { shop, tenant } = await installShop(h);
    for (let i = 0; i < 500; i++) await h.directory.createUser(tenant, person(i, { phoneNumbers: [] }));
    await setFaults(h, { errorRate: 0.1, timeoutRate: 0.02, timeoutMs: 1_500, dropRate: 0.02, seed: 7, throttleStorm: { durationMs: 4_000 } });
    const worker = newWorker(h, { requestTimeoutMs: 400, perShopConcurrency: 8, concurrency: 16 });
    await deliverAll(h, worker, shop.id, 5_000);
    await setFaults(h, {});

    expectEachPersonOnce(await customers(h, tenant.shopDomain), 500);
    const events = await h.prisma.provisioningEvent.findMany({ where: { shopId: shop.id } });
    expect(events).toHaveLength(500);
    const failed = events.filter((event) => event.state !== "completed");
    // Every event completed, or failed with a reason (none expected at these rates).
    expect(failed.every((event) => event.state === "failed" && event.lastError)).toBe(true);
    expect(failed).toHaveLength(0);
    const rows = await h.prisma.scimUser.findMany({ where: { shopId: shop.id } });
    expect(new Set(rows.map((row) => row.customerId)).size).toBe(500);
    // The faults really happened, and were retried.
    expect(worker.stats.throttled).toBeGreaterThan(0);
    expect(events.filter((event) => event.attempts > 1).length).toBeGreaterThan(10);
    expect(events.some((event) => JSON.stringify(event.history).includes("timed out"))).toBe(true);
  }, 240_000);
});

describe("slow answers", () => {
  it("grow a shop's in-flight limit past its start while the budget has room", async () => {
    const { shop, tenant } = await installShop(h);
    for (let i = 0; i < 60; i++) await h.directory.createUser(tenant, person(600 + i, { phoneNumbers: [] }));
    let inFlight = 0;
    let most = 0;
    const handler = h.sync.handlers.User!;
    const worker = newWorker(h, {
      perShopConcurrency: 2,
      concurrency: 16,
      handlers: {
        User: {
          ...handler,
          deliver: async (context: never) => {
            most = Math.max(most, ++inFlight);
            try {
              return await handler.deliver(context);
            } finally {
              inFlight--;
            }
          },
        },
      },
    });
    await setFaults(h, { latencyMs: 100 });
    try {
      await deliverAll(h, worker, shop.id);
    } finally {
      await setFaults(h, {});
    }
    expectEachPersonOnce(await customers(h, tenant.shopDomain), 60);
    // Work waited on slots, not on the Plus budget: the limit grew, up to four times the start.
    expect(worker.concurrencyOf(tenant.shopDomain)).toBeGreaterThan(2);
    expect(worker.concurrencyOf(tenant.shopDomain)).toBeLessThanOrEqual(8);
    expect(most).toBeGreaterThan(2);
    expect(worker.stats.throttled).toBe(0);
  }, 120_000);
});

describe("two workers", () => {
  it("never deliver the same event twice (SQLite)", async () => {
    const { shop, tenant } = await installShop(h);
    for (let i = 0; i < 120; i++) await h.directory.createUser(tenant, person(i, { phoneNumbers: [] }));
    const deliveries = new Map<string, string[]>();
    const counting = (name: string) => {
      const handler = h.sync.users.userHandler;
      return {
        ...handler,
        deliver: async (context: { group: Group }) => {
          for (const event of context.group.events) deliveries.set(event.id, [...(deliveries.get(event.id) ?? []), name]);
          return handler.deliver(context as never);
        },
      };
    };
    const a = newWorker(h, { workerId: "worker-a", handlers: { User: counting("a") } });
    const b = newWorker(h, { workerId: "worker-b", handlers: { User: counting("b") } });
    // Interleaved passes of both workers, and a few patches while they run.
    for (let pass = 0; pass < 200; pass++) {
      const [x, y] = await Promise.all([a.tick(), b.tick()]);
      if (x + y === 0) break;
    }
    expect(deliveries.size).toBe(120);
    expect([...deliveries.values()].every((by) => by.length === 1)).toBe(true);
    const by = [...deliveries.values()].flat();
    expect(by.filter((name) => name === "a").length).toBeGreaterThan(0);
    expect(by.filter((name) => name === "b").length).toBeGreaterThan(0);
    expectEachPersonOnce(await customers(h, tenant.shopDomain), 120);
    const events = await h.prisma.provisioningEvent.findMany({ where: { shopId: shop.id } });
    expect(events.every((event) => event.state === "completed" && event.attempts === 1)).toBe(true);
  }, 120_000);

  it("two run loops that reuse what a pass read still deliver each event once, and a later change after the earlier one", async () => {
    const { shop, tenant } = await installShop(h);
    const deliveries = new Map<string, string[]>();
    const counting = (name: string) => ({
      ...h.sync.handlers.User!,
      // Counted when the delivery succeeds: on a loaded machine a request may time out and be
      // retried, which is a second attempt, not a second delivery.
      deliver: async (context: { group: Group }) => {
        const result = await h.sync.handlers.User!.deliver(context as never);
        for (const event of context.group.events) deliveries.set(event.id, [...(deliveries.get(event.id) ?? []), name]);
        return result;
      },
    });
    // Long poll: between SCIM writes the loops live on the heads their last fresh pass read.
    const a = newWorker(h, { workerId: "loop-a", handlers: { User: counting("a") }, pollMs: 2_000 });
    const b = newWorker(h, { workerId: "loop-b", handlers: { User: counting("b") }, pollMs: 2_000 });
    a.start();
    b.start();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 150; i++) {
        ids.push((await h.directory.createUser(tenant, person(300 + i, { phoneNumbers: [] }))).user.id);
        if (i % 10 === 0) [a, b][i % 2]!.nudge();
      }
      // A change to people whose first delivery may be in flight or still queued.
      for (const id of ids.slice(0, 20)) {
        await h.directory.patchUser(tenant, id, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "title", value: "Changed" }] });
      }
      a.nudge();
      b.nudge();
      await until(async () => (await h.prisma.provisioningEvent.count({ where: { shopId: shop.id, state: { not: "completed" } } })) === 0, "every event delivered", 60_000);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const events = await h.prisma.provisioningEvent.findMany({ where: { shopId: shop.id } });
    expect(events).toHaveLength(170);
    expect([...deliveries.values()].every((by) => by.length === 1)).toBe(true);
    expect(events.every((event) => deliveries.has(event.id))).toBe(true);
    expectEachPersonOnce(await customers(h, tenant.shopDomain), 150);
    // Each changed person's newest state was delivered last: their row is at its latest version.
    const rows = await h.prisma.scimUser.findMany({ where: { shopId: shop.id } });
    expect(rows.every((row) => row.syncedVersion === row.version && row.syncState === "synced")).toBe(true);
  }, 120_000);

  it("a stale lease is taken over, and the stale worker cannot complete what it lost", async () => {
    const { shop, tenant } = await installShop(h);
    await h.directory.createUser(tenant, person(1));
    const slow = newWorker(h, { workerId: "slow", leaseMs: 1_000 });
    const head = (await slow.jobs.claimableHeads(shop.id, 1, new Set()))[0]!;
    const group = (await slow.jobs.claim(head, shop.id))!;
    expect(group.events).toHaveLength(1);
    const fast = newWorker(h, { workerId: "fast", leaseMs: 1_000 });
    expect(await fast.tick()).toBe(0); // leased: not claimable
    h.clock.advance(1_500);
    await deliverAll(h, fast, shop.id);
    // The stale holder's completion touches nothing.
    expect(await slow.jobs.complete(group, { action: "updated", outcome: "late" })).toBe(0);
    const [event] = await h.prisma.provisioningEvent.findMany({ where: { shopId: shop.id } });
    expect(event).toMatchObject({ state: "completed", action: "created", attempts: 2 });
  });
});

describe("crash", () => {
  it("kill -9 of the app mid-burst loses nothing and duplicates nothing after a restart", async () => {
    const { shop, tenant } = await installShop(h);
    for (let i = 0; i < 300; i++) await h.directory.createUser(tenant, person(i, { phoneNumbers: [] }));
    await setFaults(h, { latencyMs: 15 });
    const port = await freePort();
    let app = startApp(h, port);
    let stderr = "";
    app.stderr!.on("data", (chunk) => (stderr += chunk));
    try {
      await until(async () => (await customers(h, tenant.shopDomain)).length >= 60, "the first deliveries");
      app.kill("SIGKILL");
      await new Promise((resolve) => app.once("exit", resolve));
      const midway = await h.prisma.provisioningEvent.groupBy({ by: ["state"], where: { shopId: shop.id }, _count: true });
      const done = midway.find((row) => row.state === "completed")?._count ?? 0;
      expect(done).toBeLessThan(300);

      app = startApp(h, port);
      app.stderr!.on("data", (chunk) => (stderr += chunk));
      await until(async () => (await h.prisma.provisioningEvent.count({ where: { shopId: shop.id, state: "completed" } })) === 300, "all 300 delivered after restart", 200_000);
    } finally {
      app.kill("SIGTERM");
      await setFaults(h, {});
    }
    expectEachPersonOnce(await customers(h, tenant.shopDomain), 300);
    const rows = await h.prisma.scimUser.findMany({ where: { shopId: shop.id } });
    expect(rows.every((row) => row.syncState === "synced" && row.customerId)).toBe(true);
    expect(stderr).not.toMatch(/Error/);
  }, 360_000);
});
