// Attribute mapping to customer tags, end to end: tag rules saved on the shop → SCIM writes →
// worker ticks → tags on the twin's customers. Only tags a rule gave are ever taken off; a group
// tag or the merchant's own tag with the same text stays. A new mapping reaches customers already
// in sync through the queued "remap" job, and reconcile repairs an attribute tag removed by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminGraphql, customers, deliverAll, installShop, newWorker, person, seedCustomer, startHarness, type Harness, type TwinCustomer } from "./harness";

let h: Harness;

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const DEPARTMENT_RULE = { prefix: "department:", path: `${ENTERPRISE}:department` };
const ROLE_RULE = { prefix: "", path: "roles.value" };

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const worker = () => newWorker(h);

async function customerOf(shopDomain: string, userId: string): Promise<TwinCustomer> {
  const row = await h.prisma.scimUser.findUniqueOrThrow({ where: { id: userId } });
  const found = (await customers(h, shopDomain)).find((customer) => customer.gid === row.customerId);
  if (!found) throw new Error(`no customer for ${userId}`);
  return found;
}


const sorted = (tags: string[]) => [...tags].sort();

describe("tag rules", () => {
  it("tag a new customer, move the tag when the value changes, and leave everyone else's tags alone", async () => {
    const { shop, tenant } = await installShop(h, { attributeMapping: { tags: [DEPARTMENT_RULE, ROLE_RULE] }, groupTagPrefix: "" }, "attrtags");
    const w = worker();
    const { user } = await h.directory.createUser(tenant, person(1, { roles: [{ value: "wholesale" }, { value: "buyer" }] }));
    await deliverAll(h, w, shop.id);
    let customer = await customerOf(tenant.shopDomain, user.id);
    expect(sorted(customer.tags)).toEqual(sorted(["scim", "department:Sales", "wholesale", "buyer"]));
    const event = await h.prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id, resourceId: user.id } });
    expect(event.outcome).toContain("+department:Sales");
    expect((await h.prisma.scimUser.findUniqueOrThrow({ where: { id: user.id } })).attributeTags).toEqual(["department:Sales", "wholesale", "buyer"]);

    // The merchant tags the customer "buyer-vip" by hand; a group (no tag prefix) gives "buyer" too.
    await adminGraphql(h, tenant.shopDomain, `mutation { tagsAdd(id: "${customer.gid}", tags: ["buyer-vip"]) { node { id } } }`);
    const group = await h.groups.createGroup(tenant, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "buyer", members: [{ value: user.id }] });
    await deliverAll(h, w, shop.id);

    // Department changes and the buyer role goes: the old department tag goes, "buyer" stays
    // (the group still gives it), the merchant's tag stays.
    await h.directory.patchUser(tenant, user.id, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "replace", path: `${ENTERPRISE}:department`, value: "Marketing" },
        { op: "replace", path: "roles", value: [{ value: "wholesale" }] },
      ],
    });
    await deliverAll(h, w, shop.id);
    customer = await customerOf(tenant.shopDomain, user.id);
    expect(sorted(customer.tags)).toEqual(sorted(["scim", "department:Marketing", "wholesale", "buyer", "buyer-vip"]));
    expect((await h.prisma.scimUser.findUniqueOrThrow({ where: { id: user.id } })).attributeTags).toEqual(["department:Marketing", "wholesale"]);

    // Leaving the group now removes "buyer": no rule gives it any more.
    await h.groups.patchGroup(tenant, group.group.id, { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${user.id}"]` }] });
    await deliverAll(h, w, shop.id);
    customer = await customerOf(tenant.shopDomain, user.id);
    expect(sorted(customer.tags)).toEqual(sorted(["scim", "department:Marketing", "wholesale", "buyer-vip"]));
  });

  it("a group removal keeps a tag the person's attributes still give", async () => {
    const { shop, tenant } = await installShop(h, { attributeMapping: { tags: [{ prefix: "", path: `${ENTERPRISE}:department` }] }, groupTagPrefix: "" }, "attrtags");
    const w = worker();
    const { user } = await h.directory.createUser(tenant, person(2));
    const group = await h.groups.createGroup(tenant, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Sales", members: [{ value: user.id }] });
    await deliverAll(h, w, shop.id);
    expect(sorted((await customerOf(tenant.shopDomain, user.id)).tags)).toEqual(["Sales", "scim"]);
    await h.groups.deleteGroup(tenant, group.group.id);
    await deliverAll(h, w, shop.id);
    expect(sorted((await customerOf(tenant.shopDomain, user.id)).tags)).toEqual(["Sales", "scim"]);
  });

  it("linking an existing customer adds the rule's tags and takes none of the merchant's off", async () => {
    const { shop, tenant } = await installShop(h, { attributeMapping: { tags: [DEPARTMENT_RULE] } }, "attrtags");
    await seedCustomer(h, tenant.shopDomain, { email: "person3@example.com", firstName: "Existing", tags: ["department:Legacy", "VIP"] });
    const { user } = await h.directory.createUser(tenant, person(3));
    await deliverAll(h, worker(), shop.id);
    expect(sorted((await customerOf(tenant.shopDomain, user.id)).tags)).toEqual(sorted(["department:Legacy", "VIP", "scim", "department:Sales"]));
  });
});

describe("a new mapping for customers already in sync", () => {
  it("the queued remap job re-delivers every linked person with the new rules, and reconcile repairs a removed tag", async () => {
    const { shop, tenant } = await installShop(h, {}, "attrtags");
    const w = worker();
    const ids: string[] = [];
    for (let i = 10; i < 15; i++) ids.push((await h.directory.createUser(tenant, person(i))).user.id);
    await deliverAll(h, w, shop.id);
    expect((await customers(h, tenant.shopDomain)).every((customer) => sorted(customer.tags).join() === "scim")).toBe(true);

    await h.prisma.shop.update({ where: { id: shop.id }, data: { attributeMapping: { tags: [DEPARTMENT_RULE] } } });
    const { eventId } = await h.sync.shopJobs.queueShopJob(h.prisma, shop.id, "remap", "admin");
    await deliverAll(h, w, shop.id);
    const job = await h.prisma.provisioningEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(job).toMatchObject({ state: "completed", action: "remapped", outcome: "Queued 5 people to get the new attribute mapping." });
    const all = await customers(h, tenant.shopDomain);
    expect(all).toHaveLength(5);
    for (const customer of all) expect(sorted(customer.tags)).toEqual(["department:Sales", "scim"]);
    expect(await h.prisma.provisioningEvent.count({ where: { shopId: shop.id, operation: "remap", resourceType: "User", state: "completed" } })).toBe(5);

    // Someone removes the tag in Shopify: reconcile notices and the repair puts it back.
    const victim = await customerOf(tenant.shopDomain, ids[0]!);
    await adminGraphql(h, tenant.shopDomain, `mutation { tagsRemove(id: "${victim.gid}", tags: ["department:Sales"]) { node { id } } }`);
    await h.sync.shopJobs.queueShopJob(h.prisma, shop.id, "reconcile", "admin");
    await deliverAll(h, w, shop.id);
    expect((await h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).lastReconcileSummary).toMatchObject({ users: 5, inSync: 4, repairsQueued: 1 });
    expect(sorted((await customerOf(tenant.shopDomain, ids[0]!)).tags)).toEqual(["department:Sales", "scim"]);
  });
});
