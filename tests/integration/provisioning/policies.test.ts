// Deactivation and SCIM DELETE policies, deleted-customer drift, token loss (parking) and manual
// retry, against the twin with explicit ticks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, deliverAll, installShop, metafield, newWorker, person, seedCustomer, startHarness, type Harness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const patchOp = (path: string, value: unknown) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path, value }] });

async function lastEvent(shopId: string) {
  return h.prisma.provisioningEvent.findFirstOrThrow({ where: { shopId }, orderBy: { createdAt: "desc" } });
}

describe("deactivation policies", () => {
  it("mark_and_unsubscribe also unsubscribes from email marketing", async () => {
    const { shop, tenant } = await installShop(h, { deactivationPolicy: "mark_and_unsubscribe" });
    await seedCustomer(h, tenant.shopDomain, { email: "person1@example.com", firstName: "One", emailMarketingState: "SUBSCRIBED" });
    const { user } = await h.directory.createUser(tenant, person(1));
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);
    await h.directory.patchUser(tenant, user.id, patchOp("active", false));
    await deliverAll(h, worker, shop.id);
    const [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.emailMarketing.state).toBe("UNSUBSCRIBED");
    expect(customer!.tags).toContain("scim:deactivated");
    expect((await lastEvent(shop.id)).outcome).toMatch(/Unsubscribed from email marketing/);
  });

  it("delete_if_possible deletes a customer without orders and marks one with orders; reactivation re-creates", async () => {
    const { shop, tenant } = await installShop(h, { deactivationPolicy: "delete_if_possible" });
    await seedCustomer(h, tenant.shopDomain, { email: "person2@example.com", firstName: "Two", numberOfOrders: 3 });
    const { user: withOrders } = await h.directory.createUser(tenant, person(2));
    const { user: withoutOrders } = await h.directory.createUser(tenant, person(3));
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);
    await h.directory.patchUser(tenant, withOrders.id, patchOp("active", false));
    await h.directory.patchUser(tenant, withoutOrders.id, patchOp("active", false));
    await deliverAll(h, worker, shop.id);
    let list = await customers(h, tenant.shopDomain);
    expect(list.map((customer) => customer.email)).toEqual(["person2@example.com"]);
    expect(list[0]!.tags).toContain("scim:deactivated");
    const gone = await h.prisma.scimUser.findUniqueOrThrow({ where: { id: withoutOrders.id } });
    expect(gone).toMatchObject({ customerId: null, syncState: "synced" });

    await h.directory.patchUser(tenant, withoutOrders.id, patchOp("active", true));
    await deliverAll(h, worker, shop.id);
    list = await customers(h, tenant.shopDomain);
    expect(list.map((customer) => customer.email).sort()).toEqual(["person2@example.com", "person3@example.com"]);
  });
});

describe("SCIM DELETE policies", () => {
  for (const policy of ["unlink", "mark", "delete_if_possible", "request_erasure"] as const) {
    it(`DELETE with policy ${policy}`, async () => {
      const { shop, tenant } = await installShop(h, { deletePolicy: policy });
      const { user } = await h.directory.createUser(tenant, person(4));
      const worker = newWorker(h);
      await deliverAll(h, worker, shop.id);
      await h.directory.deleteUser(tenant, user.id);
      await deliverAll(h, worker, shop.id);
      const list = await customers(h, tenant.shopDomain);
      const event = await lastEvent(shop.id);
      if (policy === "unlink") {
        expect(event).toMatchObject({ state: "completed", action: "unlinked" });
        expect(list[0]!.tags).toEqual(["scim"]);
      } else if (policy === "mark") {
        expect(event).toMatchObject({ state: "completed", action: "marked" });
        expect(list[0]!.tags).toEqual(["scim", "scim:deactivated"]);
        expect(metafield(list[0]!, "active")).toBe("false");
      } else if (policy === "delete_if_possible") {
        expect(event).toMatchObject({ state: "completed", action: "deleted" });
        expect(list).toHaveLength(0);
      } else {
        // The twin grants only read/write_customers: erasure is refused with a readable reason,
        // and the person is still marked.
        expect(event.state).toBe("failed");
        expect(event.lastError).toMatch(/write_customer_data_erasure/);
        expect(list[0]!.tags).toContain("scim:deactivated");
      }
    });
  }

  it("request_erasure with the scope granted requests erasure", async () => {
    const scoped = await startHarnessWithScopes();
    try {
      const { shop, tenant } = await installShop(scoped, { deletePolicy: "request_erasure" });
      const { user } = await scoped.directory.createUser(tenant, person(5));
      const worker = newWorker(scoped);
      await deliverAll(scoped, worker, shop.id);
      await scoped.directory.deleteUser(tenant, user.id);
      await deliverAll(scoped, worker, shop.id);
      const dump = await (await fetch(`${scoped.twin.url}/__twin/shops/${tenant.shopDomain}/customers`)).json();
      expect(dump.erasureRequests).toHaveLength(1);
      expect((await scoped.prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id, operation: "delete" } })).action).toBe("erasure_requested");
    } finally {
      await scoped.close();
    }
  });

  it("request_erasure uses the optional erasure scope only once the merchant granted it", async () => {
    const scoped = await startHarnessWithScopes("read_customers,write_customers", "write_customer_data_erasure");
    try {
      const { shop, tenant } = await installShop(scoped, { deletePolicy: "request_erasure" });
      const { user } = await scoped.directory.createUser(tenant, person(7));
      const worker = newWorker(scoped);
      await deliverAll(scoped, worker, shop.id);
      await scoped.directory.deleteUser(tenant, user.id);
      await deliverAll(scoped, worker, shop.id);
      const failed = await scoped.prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id, operation: "delete" } });
      expect(failed.state).toBe("failed");
      expect(failed.lastError).toMatch(/has not granted the app the optional write_customer_data_erasure permission/);
      const twinState = async () => (await fetch(`${scoped.twin.url}/__twin/shops/${tenant.shopDomain}/customers`)).json();
      expect((await twinState()).erasureRequests).toEqual([]);
      expect((await twinState()).customers[0].tags).toContain("scim:deactivated");
      // Not even attempted: no erasure request reached Shopify.
      const log = (await (await fetch(`${scoped.twin.url}/__twin/log?limit=500`)).json()) as { entries: Array<{ shop: string; rootFields: string[] }> };
      expect(log.entries.filter((entry) => entry.shop === tenant.shopDomain && entry.rootFields.includes("customerRequestDataErasure"))).toEqual([]);

      // The merchant grants it in the admin (App Bridge scopes.request); the admin copies the grant
      // onto the offline session; a manual retry requests the erasure.
      await fetch(`${scoped.twin.url}/__twin/shops/${tenant.shopDomain}/app-scopes/request`, { method: "POST", body: JSON.stringify({ scopes: ["write_customer_data_erasure"] }) });
      const { readAccessScopes, syncSessionScopes } = await import("~/shopify-admin/access-scopes.server");
      const { shopAdmin } = await import("~/shopify-admin/checkout-validation.server");
      const { granted } = await readAccessScopes(shopAdmin(tenant.shopDomain));
      expect(await syncSessionScopes(scoped.prisma, tenant.shopDomain, granted)).toBe(true);
      expect(await scoped.sync.jobs.retryEvents(scoped.prisma, shop.id, { eventId: failed.id })).toBe(1);
      await deliverAll(scoped, worker, shop.id);
      expect((await scoped.prisma.provisioningEvent.findUniqueOrThrow({ where: { id: failed.id } })).action).toBe("erasure_requested");
      expect((await twinState()).erasureRequests).toHaveLength(1);
    } finally {
      await scoped.close();
    }
  });

  it("a person created and deleted before delivery leaves Shopify untouched", async () => {
    const { shop, tenant } = await installShop(h, { deletePolicy: "mark" });
    const { user } = await h.directory.createUser(tenant, person(6));
    await h.directory.deleteUser(tenant, user.id);
    await deliverAll(h, newWorker(h), shop.id);
    expect(await customers(h, tenant.shopDomain)).toHaveLength(0);
    const log = await h.prisma.provisioningEvent.findMany({ where: { shopId: shop.id } });
    expect(log.every((event) => event.state === "completed")).toBe(true);
    expect(log.find((event) => !event.coalescedInto)!.action).toBe("skipped");
  });
});

async function startHarnessWithScopes(scopes = "read_customers,write_customers,write_customer_data_erasure", optionalScopes?: string): Promise<Harness> {
  const { startTwin } = await import("../../shopify-twin/server");
  const twin = await startTwin({ apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET!, scopes, optionalScopes, clock: h.clock, defaultPlan: "plus" });
  // Same app modules, another twin: the Shopify library's fetch is switched to it and back.
  const { useTwinFetch } = await import("../../shopify-twin/app-fetch.mjs");
  useTwinFetch(twin.url);
  return {
    ...h,
    twin,
    close: async () => {
      useTwinFetch(h.twin.url);
      await twin.close();
    },
  };
}

describe("drift and access", () => {
  it("a linked customer deleted in Shopify is re-created on the next change, or reported", async () => {
    for (const policy of ["recreate", "report"] as const) {
      const { shop, tenant } = await installShop(h, { deletedCustomerPolicy: policy });
      const { user } = await h.directory.createUser(tenant, person(7));
      const worker = newWorker(h);
      await deliverAll(h, worker, shop.id);
      const [original] = await customers(h, tenant.shopDomain);
      // Deleted in Shopify behind our back (no webhook here: the update finds it gone).
      const admin = await fetch(`${h.twin.url}/__twin/shops/${tenant.shopDomain}/access-tokens`, { method: "POST" }).then((r) => r.json());
      await fetch(`${h.twin.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "X-Shopify-Access-Token": admin.access_token, "Content-Type": "application/json" },
        body: JSON.stringify({ query: `mutation { customerDelete(input: {id: "${original!.gid}"}) { deletedCustomerId } }` }),
      });
      await h.directory.patchUser(tenant, user.id, patchOp("displayName", "Changed"));
      await deliverAll(h, worker, shop.id);
      const row = await h.prisma.scimUser.findUniqueOrThrow({ where: { id: user.id } });
      const list = await customers(h, tenant.shopDomain);
      if (policy === "recreate") {
        expect(list).toHaveLength(1);
        expect(list[0]!.gid).not.toBe(original!.gid);
        expect(row).toMatchObject({ customerId: list[0]!.gid, syncState: "synced" });
      } else {
        expect(list).toHaveLength(0);
        expect(row.syncState).toBe("unlinked");
        expect(row.lastError).toMatch(/deleted in Shopify/);
        expect((await lastEvent(shop.id)).action).toBe("reported");
      }
    }
  });

  it("a revoked token parks the shop without burning attempts; reinstalling resumes it", async () => {
    const { shop, tenant } = await installShop(h);
    await fetch(`${h.twin.url}/__twin/shops/${tenant.shopDomain}/revoke-tokens`, { method: "POST" });
    const { user } = await h.directory.createUser(tenant, person(8));
    const worker = newWorker(h);
    await worker.tick();
    const parked = await h.prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(parked).toMatchObject({ state: "retry", attempts: 0 });
    expect(parked.lastError).toMatch(/Open the app from the Shopify admin/);
    expect(parked.runAt.getTime()).toBeGreaterThan(h.clock.now() + 10 * 60_000);
    const shopRow = await h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(shopRow.deliveryParkedReason).toMatch(/401/);
    expect((await h.prisma.scimUser.findUniqueOrThrow({ where: { id: user.id } })).lastError).toMatch(/reinstall/);
    // Ticks while parked do nothing (no attempts, no requests).
    expect(await worker.tick()).toBe(0);

    // The merchant opens the app again: a new token, and delivery resumes.
    await installShop(h, {}, "unused"); // unrelated shop: parking is per shop
    const { mintSessionToken, adminUrl, BROWSER_USER_AGENT } = await import("../../../scripts/lib/session-token.mjs");
    const idToken = await mintSessionToken({ shop: tenant.shopDomain, apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET! });
    await h.prisma.session.deleteMany({ where: { shop: tenant.shopDomain } });
    await h.shopify.authenticate.admin(new Request(adminUrl(process.env.SHOPIFY_APP_URL!, tenant.shopDomain, idToken), { headers: { "User-Agent": BROWSER_USER_AGENT } }));
    // The afterAuth hook resumed the parked shop: its event is due now, unparked.
    expect((await h.prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id } })).runAt.getTime()).toBeLessThanOrEqual(h.clock.now());
    await deliverAll(h, worker, shop.id);
    expect(await customers(h, tenant.shopDomain)).toHaveLength(1);
    expect((await h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).deliveryParkedAt).toBeNull();
  });

  it("a permanent failure is readable, and manual retry delivers it once fixed", async () => {
    const { shop, tenant } = await installShop(h);
    // Two people who claim the same customer: the second cannot be linked.
    await seedCustomer(h, tenant.shopDomain, { email: "shared@example.com", firstName: "Shared" });
    await h.directory.createUser(tenant, person(9, { userName: "first@corp.example", emails: [{ value: "shared@example.com", primary: true }] }));
    const { user: second } = await h.directory.createUser(tenant, person(10, { userName: "second@corp.example", emails: [{ value: "shared@example.com", primary: true }] }));
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);
    const failed = await h.prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id, resourceId: second.id } });
    expect(failed.state).toBe("failed");
    expect(failed.lastError).toMatch(/already linked to SCIM user "first@corp.example"/);
    expect((await h.prisma.scimUser.findUniqueOrThrow({ where: { id: second.id } })).syncState).toBe("failed");

    // The IdP admin fixes the email; the next change delivers. Manual retry re-queues the failed one.
    await h.directory.patchUser(tenant, second.id, patchOp("emails", [{ value: "second@corp.example", primary: true }]));
    expect(await h.sync.jobs.retryEvents(h.prisma, shop.id, { key: `User:${second.id}` })).toBe(1);
    await deliverAll(h, worker, shop.id);
    const row = await h.prisma.scimUser.findUniqueOrThrow({ where: { id: second.id } });
    expect(row.syncState).toBe("synced");
    expect((await customers(h, tenant.shopDomain)).map((customer) => customer.email).sort()).toEqual(["second@corp.example", "shared@example.com"]);
  });
});
