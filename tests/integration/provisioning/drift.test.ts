// Drift: HMAC-signed customers/delete and customers/update webhooks through the app's routes
// (the twin sends none), and reconcile comparing the directory with Shopify.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminGraphql, customers, deliverAll, installShop, newWorker, person, startHarness, type Harness } from "./harness";
import { signedWebhook } from "../../support/webhooks";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});


describe("webhooks", () => {
  it("customers/delete unlinks the person; their next change re-creates the customer", async () => {
    const { shop, tenant } = await installShop(h);
    const { user } = await h.directory.createUser(tenant, person(1));
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);
    const [customer] = await customers(h, tenant.shopDomain);
    await adminGraphql(h, tenant.shopDomain, `mutation { customerDelete(input: {id: "${customer!.gid}"}) { deletedCustomerId } }`);

    const { action } = await import("~/routes/webhooks.customers.delete");
    const response = await action({ request: signedWebhook("customers/delete", tenant.shopDomain, { id: customer!.id }), params: {}, context: {} });
    expect(response.status).toBe(200);
    let row = await h.prisma.scimUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ syncState: "unlinked", customerId: customer!.gid });
    expect(row.lastError).toMatch(/deleted in Shopify; it will be re-created/);

    await h.directory.patchUser(tenant, user.id, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "title", value: "Engineer" }] });
    await deliverAll(h, worker, shop.id);
    const list = await customers(h, tenant.shopDomain);
    expect(list).toHaveLength(1);
    row = await h.prisma.scimUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ syncState: "synced", customerId: list[0]!.gid });
    expect((await h.prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id }, orderBy: { createdAt: "desc" } })).action).toBe("recreated");
  });

  it("customers/update that removed the deactivated mark queues a repair that restores it", async () => {
    const { shop, tenant } = await installShop(h);
    const { user } = await h.directory.createUser(tenant, person(2, { active: false }));
    // Linked by email to an existing customer, so the inactive person has a customer to mark.
    await adminGraphql(h, tenant.shopDomain, `mutation { customerCreate(input: {email: "person2@example.com", firstName: "Two"}) { customer { id } } }`);
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);
    let [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.tags).toEqual(["scim", "scim:deactivated"]);
    await adminGraphql(h, tenant.shopDomain, `mutation { tagsRemove(id: "${customer!.gid}", tags: ["scim:deactivated"]) { node { id } } }`);

    const { action } = await import("~/routes/webhooks.customers.update");
    await action({ request: signedWebhook("customers/update", tenant.shopDomain, { id: customer!.id, admin_graphql_api_id: customer!.gid, tags: "scim" }), params: {}, context: {} });
    // Our own write's webhook (marks intact) queues nothing more.
    await action({ request: signedWebhook("customers/update", tenant.shopDomain, { id: customer!.id, tags: "scim, scim:deactivated" }), params: {}, context: {} });
    expect(await h.prisma.provisioningEvent.count({ where: { shopId: shop.id, operation: "repair" } })).toBe(1);
    await deliverAll(h, worker, shop.id);
    [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.tags).toEqual(["scim", "scim:deactivated"]);
    expect(user.id).toBeTruthy();
  });

  it("refuses a webhook with a bad signature", async () => {
    const { tenant } = await installShop(h);
    const { action } = await import("~/routes/webhooks.customers.delete");
    const outcome = await action({ request: signedWebhook("customers/delete", tenant.shopDomain, { id: 1 }, "wrong-secret"), params: {}, context: {} }).catch((thrown: unknown) => thrown);
    expect(outcome).toBeInstanceOf(Response);
    expect((outcome as Response).status).toBe(401);
  });
});

describe("sync now (a person's page)", () => {
  it("re-delivers the person's whole state, once while a change waits, and only in their own shop", async () => {
    const { queuePersonResync } = await import("~/sync/runtime.server");
    const { shop, tenant } = await installShop(h);
    const { shop: other } = await installShop(h);
    const { user } = await h.directory.createUser(tenant, person(50));
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);
    const [customer] = await customers(h, tenant.shopDomain);
    // Staff rename the customer by hand; the directory is the source of truth.
    await adminGraphql(h, tenant.shopDomain, `mutation { customerUpdate(input: {id: "${customer!.gid}", firstName: "Hand Edited"}) { customer { id } } }`);

    expect(await queuePersonResync(other.id, user.id)).toBe("not_found");
    expect(await queuePersonResync(shop.id, user.id)).toBe("queued");
    expect(await queuePersonResync(shop.id, user.id)).toBe("waiting");
    const repair = await h.prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id, operation: "repair" } });
    expect(repair.payload).toMatchObject({ reason: "requested in the admin" });
    await deliverAll(h, worker, shop.id);
    const [after] = await customers(h, tenant.shopDomain);
    expect(after!.firstName).toBe("Given50");
    expect(await h.prisma.provisioningEvent.findUniqueOrThrow({ where: { id: repair.id } })).toMatchObject({ state: "completed", action: "updated" });
  });
});

describe("reconcile", () => {
  /** Queues a reconcile the way the admin does and runs the queue; returns the job's event. */
  async function reconcileThroughQueue(shopId: string, worker: ReturnType<typeof newWorker>) {
    const { eventId, queued } = await h.sync.shopJobs.queueShopJob(h.prisma, shopId, "reconcile", "admin");
    expect(queued).toBe(true);
    // A second click while it waits is the same job.
    expect(await h.sync.shopJobs.queueShopJob(h.prisma, shopId, "reconcile", "admin")).toEqual({ eventId, queued: false });
    await deliverAll(h, worker, shopId);
    return h.prisma.provisioningEvent.findUniqueOrThrow({ where: { id: eventId } });
  }

  it("finds deleted, unmarked and unlinked people as a queued job, queues repairs, and summarises", async () => {
    const { shop, tenant } = await installShop(h, { allowCustomerCreation: true });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await h.directory.createUser(tenant, person(i))).user.id);
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);
    const list = await customers(h, tenant.shopDomain);
    const byEmail = new Map(list.map((customer) => [customer.email, customer]));
    // Drift behind our back: one deleted, one lost its scim tag, one person never linked.
    await adminGraphql(h, tenant.shopDomain, `mutation { customerDelete(input: {id: "${byEmail.get("person0@example.com")!.gid}"}) { deletedCustomerId } }`);
    await adminGraphql(h, tenant.shopDomain, `mutation { tagsRemove(id: "${byEmail.get("person1@example.com")!.gid}", tags: ["scim"]) { node { id } } }`);
    await h.prisma.scimUser.update({ where: { id: ids[2]! }, data: { customerId: null, syncState: "unlinked" } });

    const job = await reconcileThroughQueue(shop.id, worker);
    expect(job).toMatchObject({ state: "completed", resourceType: "Shop", action: "reconciled" });
    expect(job.outcome).toMatch(/^Compared 6 people with \d+ provisioned Shopify customers: 3 repairs queued; 1 deleted in Shopify; 1 not linked\.$/);
    const stored = (await h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).lastReconcileSummary;
    expect(stored).toMatchObject({ users: 6, inSync: 3, customersMissing: 1, notLinked: 1, repairsQueued: 3 });
    // The repairs were delivered by the same run of the queue.
    const after = await customers(h, tenant.shopDomain);
    expect(after).toHaveLength(6);
    expect(after.every((customer) => customer.tags.includes("scim"))).toBe(true);
    const again = await reconcileThroughQueue(shop.id, worker);
    expect(again.outcome).toMatch(/: all in sync\.$/);
    expect((await h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).lastReconcileSummary).toMatchObject({ inSync: 6, repairsQueued: 0 });
  });

  it("is queued once a day per shop with people, and not again while one is waiting or fresh", async () => {
    const { shop, tenant } = await installShop(h);
    await h.directory.createUser(tenant, person(40));
    const { shop: empty } = await installShop(h);
    const day = 24 * 3_600_000;
    await h.sync.shopJobs.queueDueReconciles(h.prisma, day);
    const jobs = () => h.prisma.provisioningEvent.count({ where: { resourceType: "Shop", operation: "reconcile", shopId: { in: [shop.id, empty.id] } } });
    expect(await jobs()).toBe(1);
    await h.sync.shopJobs.queueDueReconciles(h.prisma, day);
    expect(await jobs()).toBe(1);
    await deliverAll(h, newWorker(h), shop.id);
    // Just reconciled: not due until a day has passed.
    await h.sync.shopJobs.queueDueReconciles(h.prisma, day);
    expect(await jobs()).toBe(1);
    await h.sync.shopJobs.queueDueReconciles(h.prisma, day, new Date(Date.now() + day + 60_000));
    expect(await jobs()).toBe(2);
  });
});
