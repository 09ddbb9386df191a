// Groups end to end: SCIM group writes → membership events on each member's key → worker ticks →
// customer tags in the Shopify twin. Real database, real library, explicit ticks, the engine's
// harness (tests/integration/provisioning/harness.ts) with the production "User" handler
// composition (withGroupTags(userHandler), as app/sync/runtime.server.ts registers it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, deliverAll, installShop, newWorker, person, seedCustomer, startHarness, type Harness, type TwinCustomer } from "./harness";

let h: Harness;
let groups: Harness["groups"];

beforeAll(async () => {
  h = await startHarness();
  groups = h.groups;
});

afterAll(async () => {
  await h?.close();
});

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const patchBody = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

/** The app's own handler composition, withGroupTags(userHandler), is the harness default. */
const worker = () => newWorker(h);

type Tenant = { shopId: string; shopDomain: string };

async function people(tenant: Tenant, from: number, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + n; i++) ids.push((await h.directory.createUser(tenant, person(i, { phoneNumbers: [] }))).user.id);
  return ids;
}

async function byEmail(shopDomain: string): Promise<Map<string, TwinCustomer>> {
  return new Map((await customers(h, shopDomain)).map((customer) => [customer.email ?? customer.gid, customer]));
}

/** GraphQL requests the twin logged for one shop, by operation name. */
async function operations(shopDomain: string): Promise<Record<string, number>> {
  const body = (await (await fetch(`${h.twin.url}/__twin/log?limit=1000`)).json()) as { entries: Array<{ shop: string | null; operationName: string | null }> };
  const out: Record<string, number> = {};
  for (const entry of body.entries) if (entry.shop === shopDomain && entry.operationName) out[entry.operationName] = (out[entry.operationName] ?? 0) + 1;
  return out;
}

/** Requests logged since `before` (a snapshot of operations()). */
async function operationsSince(shopDomain: string, before: Record<string, number>): Promise<Record<string, number>> {
  const now = await operations(shopDomain);
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(now)) if (n - (before[name] ?? 0) > 0) out[name] = n - (before[name] ?? 0);
  return out;
}

const hasTag = (customer: TwinCustomer | undefined, tag: string) => customer?.tags.includes(tag) ?? false;

describe("a group pushed to the store becomes a customer tag", () => {
  it("100 members → 100 customers carry the tag; rename; remove 10; delete → tags gone, merchant tags intact", async () => {
    const { shop, tenant } = await installShop(h, {}, "groups");
    // Ten of the hundred are existing customers with the merchant's own tags, linked by email.
    for (let i = 0; i < 10; i++) await seedCustomer(h, tenant.shopDomain, { email: `person${i}@example.com`, firstName: `Existing${i}`, tags: ["VIP", "Wholesale"] });
    const ids = await people(tenant, 0, 100);
    const w = worker();
    await deliverAll(h, w, shop.id);
    expect(await customers(h, tenant.shopDomain)).toHaveLength(100);

    // Okta Push Groups: POST the group empty, then one PATCH with every member.
    const created = await groups.createGroup(tenant, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Sales", members: [] });
    const group = created.group.id;
    await groups.patchGroup(tenant, group, patchBody({ op: "add", path: "members", value: ids.map((value, i) => ({ value, display: `person${i}@example.com` })) }));
    const mark = await operations(tenant.shopDomain);
    const retried = w.stats.retried;
    await deliverAll(h, w, shop.id);
    let list = await byEmail(tenant.shopDomain);
    expect([...list.values()].filter((c) => hasTag(c, "group:Sales"))).toHaveLength(100);
    expect(list.get("person3@example.com")!.tags).toEqual(["group:Sales", "scim", "VIP", "Wholesale"]);
    // One request per member: the tag delivery is a single tagsAdd (plus any retry a slow machine caused).
    expect(await operationsSince(tenant.shopDomain, mark)).toEqual({ ScimTagsChange: 100 + (w.stats.retried - retried) });

    // Rename (Okta sends it with the group id): every member is re-tagged.
    await groups.patchGroup(tenant, group, patchBody({ op: "replace", value: { id: group, displayName: "Sales EMEA" } }));
    await deliverAll(h, w, shop.id);
    list = await byEmail(tenant.shopDomain);
    expect([...list.values()].filter((c) => hasTag(c, "group:Sales EMEA"))).toHaveLength(100);
    expect([...list.values()].filter((c) => hasTag(c, "group:Sales"))).toHaveLength(0);

    // Remove 10 members: Okta's filter form for five, Entra's legacy value list for five.
    const leaving = ids.slice(0, 10);
    await groups.patchGroup(
      tenant,
      group,
      patchBody(
        ...leaving.slice(0, 5).map((id) => ({ op: "remove", path: `members[value eq "${id}"]` })),
        { op: "Remove", path: "members", value: leaving.slice(5).map((value) => ({ $ref: null, value })) },
      ),
    );
    await deliverAll(h, w, shop.id);
    list = await byEmail(tenant.shopDomain);
    expect([...list.values()].filter((c) => hasTag(c, "group:Sales EMEA"))).toHaveLength(90);
    for (let i = 0; i < 10; i++) expect(list.get(`person${i}@example.com`)!.tags).toEqual(["scim", "VIP", "Wholesale"]);

    // Delete: the tag is gone from everyone; the merchant's tags and the engine's marks stay.
    await groups.deleteGroup(tenant, group);
    await deliverAll(h, w, shop.id);
    list = await byEmail(tenant.shopDomain);
    expect([...list.values()].filter((c) => c.tags.some((tag) => tag.startsWith("group:")))).toHaveLength(0);
    for (let i = 0; i < 100; i++) {
      expect(list.get(`person${i}@example.com`)!.tags).toEqual(i < 10 ? ["scim", "VIP", "Wholesale"] : ["scim"]);
    }
    const failed = await h.prisma.provisioningEvent.count({ where: { shopId: shop.id, state: { not: "completed" } } });
    expect(failed).toBe(0);
    const tagged = await h.prisma.provisioningEvent.findFirst({ where: { shopId: shop.id, operation: "groups", action: "tagged" } });
    expect(tagged!.outcome).toMatch(/Group tags: .*group:Sales/);
  }, 300_000);

  it("a group pushed before its members were delivered: the customer is created and tagged in the same visit", async () => {
    const { shop, tenant } = await installShop(h, {}, "groups");
    const ids = await people(tenant, 200, 5);
    await groups.createGroup(tenant, { displayName: "Early", members: ids.map((value) => ({ value })) });
    await deliverAll(h, worker(), shop.id);
    const list = await customers(h, tenant.shopDomain);
    expect(list).toHaveLength(5);
    expect(list.every((c) => hasTag(c, "group:Early") && hasTag(c, "scim"))).toBe(true);
    // Each person's create and membership events were delivered together, in order.
    const events = await h.prisma.provisioningEvent.findMany({ where: { shopId: shop.id, operation: "groups" } });
    expect(events.every((e) => e.state === "completed")).toBe(true);
    const carriers = await h.prisma.provisioningEvent.findMany({ where: { shopId: shop.id, coalescedInto: null } });
    expect(carriers).toHaveLength(5);
    expect(carriers.every((e) => e.action === "created" && /Group tags: \+group:Early/.test(e.outcome ?? ""))).toBe(true);
  });

  it("a person added to three groups before delivery costs one request carrying three tags", async () => {
    const { shop, tenant } = await installShop(h, {}, "groups");
    const [id] = await people(tenant, 300, 1);
    const w = worker();
    await deliverAll(h, w, shop.id);
    for (const name of ["A", "B", "C"]) await groups.createGroup(tenant, { displayName: name, members: [{ value: id }] });
    const mark = await operations(tenant.shopDomain);
    const retried = w.stats.retried;
    await deliverAll(h, w, shop.id);
    expect(await operationsSince(tenant.shopDomain, mark)).toEqual({ ScimTagsChange: 1 + (w.stats.retried - retried) / 3 });
    const [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.tags).toEqual(["group:A", "group:B", "group:C", "scim"]);
    const events = await h.prisma.provisioningEvent.findMany({ where: { shopId: shop.id, operation: "groups" }, orderBy: { createdAt: "asc" } });
    expect(events.filter((e) => e.coalescedInto !== null)).toHaveLength(2);
  });

  it("membership that comes and goes before delivery nets out; a case-only rename re-cases the tag", async () => {
    const { shop, tenant } = await installShop(h, {}, "groups");
    const [a, b] = await people(tenant, 400, 2);
    const w = worker();
    const { group } = await groups.createGroup(tenant, { displayName: "sales", members: [{ value: a }] });
    await deliverAll(h, w, shop.id);
    await groups.patchGroup(tenant, group.id, patchBody({ op: "add", path: "members", value: [{ value: b }] }));
    await groups.patchGroup(tenant, group.id, patchBody({ op: "remove", path: `members[value eq "${b}"]` }));
    await groups.patchGroup(tenant, group.id, patchBody({ op: "Replace", path: "displayName", value: "Sales" }));
    await deliverAll(h, w, shop.id);
    const list = await byEmail(tenant.shopDomain);
    expect(list.get("person400@example.com")!.tags).toEqual(["group:Sales", "scim"]);
    expect(list.get("person401@example.com")!.tags).toEqual(["scim"]);
  });

  it("a merchant's tag that happens to look like a group tag is left alone unless it is the tag of a group the person left", async () => {
    const { shop, tenant } = await installShop(h, {}, "groups");
    await seedCustomer(h, tenant.shopDomain, { email: "person500@example.com", tags: ["group:Hand made"] });
    const [id] = await people(tenant, 500, 1);
    const w = worker();
    const { group } = await groups.createGroup(tenant, { displayName: "Pushed", members: [{ value: id }] });
    await deliverAll(h, w, shop.id);
    await groups.deleteGroup(tenant, group.id);
    await deliverAll(h, w, shop.id);
    const [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.tags).toEqual(["group:Hand made", "scim"]);
  });

  it("people without a customer are skipped, and tagged once they are linked", async () => {
    const { shop, tenant } = await installShop(h, { allowCustomerCreation: false }, "groups");
    const [id] = await people(tenant, 600, 1);
    const w = worker();
    await deliverAll(h, w, shop.id);
    await groups.createGroup(tenant, { displayName: "Later", members: [{ value: id }] });
    await deliverAll(h, w, shop.id);
    const skipped = await h.prisma.provisioningEvent.findFirst({ where: { shopId: shop.id, operation: "groups" } });
    expect(skipped).toMatchObject({ state: "completed", action: "skipped" });
    expect(skipped!.outcome).toMatch(/No Shopify customer/);
    // The customer appears in Shopify; the next change to the person links it and tags it.
    await seedCustomer(h, tenant.shopDomain, { email: "person600@example.com", tags: ["Imported"] });
    await h.directory.patchUser(tenant, id!, patchBody({ op: "replace", path: "title", value: "Buyer" }));
    await deliverAll(h, w, shop.id);
    const [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.tags).toEqual(["group:Later", "Imported", "scim"]);
  });

  it("more than Shopify's 250 tags fails that person's tag delivery with the reason, visible on the user", async () => {
    const { shop, tenant } = await installShop(h, {}, "groups");
    // The merchant already gave this customer 248 tags; linking adds "scim" (249); two groups make 251.
    await seedCustomer(h, tenant.shopDomain, { email: "person700@example.com", tags: Array.from({ length: 248 }, (_, i) => `m${i}`) });
    const [id] = await people(tenant, 700, 1);
    const w = worker();
    await deliverAll(h, w, shop.id);
    for (const name of ["One", "Two"]) await groups.createGroup(tenant, { displayName: name, members: [{ value: id }] });
    await deliverAll(h, w, shop.id);
    const failed = await h.prisma.provisioningEvent.findFirst({ where: { shopId: shop.id, operation: "groups", state: "failed" } });
    expect(failed?.lastError).toMatch(/250 tags/);
    // Shown on the person; their profile itself is still in sync.
    const user = await h.prisma.scimUser.findUniqueOrThrow({ where: { id: id! } });
    expect(user.syncState).toBe("synced");
    expect(user.lastError).toMatch(/^Group tags: .*250 tags/);
    const [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.tags).toHaveLength(249);
  });
});
