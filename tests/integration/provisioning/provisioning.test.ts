// The provisioning engine end to end: SCIM directory write → ProvisioningEvent → worker tick →
// the Shopify twin. Real database, real library, explicit ticks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, deliverAll, installShop, metafield, newWorker, person, seedCustomer, startHarness, type Harness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function events(shopId: string) {
  return h.prisma.provisioningEvent.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });
}

describe("create or link", () => {
  it("turns 50 people created through SCIM into 50 customers with the mapped fields", async () => {
    const { shop, tenant } = await installShop(h);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push((await h.directory.createUser(tenant, person(i))).user.id);
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);

    const list = await customers(h, tenant.shopDomain);
    expect(list).toHaveLength(50);
    const first = list.find((customer) => customer.email === "person7@example.com")!;
    expect(first).toMatchObject({ firstName: "Given7", lastName: "Family7", phone: "+16135551007", locale: "fr-CA" });
    expect(first.tags).toEqual(["scim"]);
    expect(metafield(first, "active")).toBe("true");
    expect(metafield(first, "external_id")).toBe("okta-7");
    expect(metafield(first, "employee_number")).toBe("E7");
    expect(metafield(first, "department")).toBe("Sales");
    // manager.displayName is read-only in SCIM (RFC 7643 §4.3), so the manager id is what arrives.
    expect(metafield(first, "manager")).toBe("mgr-1");

    const rows = await h.prisma.scimUser.findMany({ where: { shopId: shop.id } });
    expect(rows.every((row) => row.syncState === "synced" && row.customerId && row.lastSyncedAt && !row.lastError)).toBe(true);
    expect(new Set(rows.map((row) => row.customerId)).size).toBe(50);
    const user7 = rows.find((row) => row.userName === "person7@example.com")!;
    expect(user7.customerId).toBe(first.gid);
    // Visible to the IdP in the Shopify extension of the SCIM resource.
    const rendered = await h.directory.getUser(tenant, user7.id);
    expect(JSON.stringify(rendered.resource)).toContain(first.gid);
    expect(JSON.stringify(rendered.resource)).toContain("synced");

    const log = await events(shop.id);
    expect(log.every((event) => event.state === "completed" && event.action === "created" && event.customerId)).toBe(true);
    // Definitions were created once for the shop, with storefront access on the active marker.
    const dump = await (await fetch(`${h.twin.url}/__twin/shops/${tenant.shopDomain}/customers`)).json();
    const active = dump.metafieldDefinitions.find((definition: { key: string }) => definition.key === "active");
    expect(active.storefrontAccess).toBe("PUBLIC_READ");
    expect(dump.metafieldDefinitions.find((definition: { key: string }) => definition.key === "scim_id").uniqueValues).toBe(true);
    expect(ids).toHaveLength(50);
  });

  it("links an existing customer with the same email instead of creating a duplicate", async () => {
    const { shop, tenant } = await installShop(h);
    const existing = await seedCustomer(h, tenant.shopDomain, { email: "ada@example.com", firstName: "Ada", tags: ["VIP"] });
    await h.directory.createUser(tenant, person(1, { userName: "ada@example.com", emails: [{ value: "ADA@example.com", primary: true }], name: { givenName: "Ada", familyName: "Lovelace" } }));
    await deliverAll(h, newWorker(h), shop.id);
    const list = await customers(h, tenant.shopDomain);
    expect(list).toHaveLength(1);
    expect(list[0]!.gid).toBe(existing.gid);
    expect(list[0]!.lastName).toBe("Lovelace");
    expect(list[0]!.tags).toEqual(["scim", "VIP"]);
    const [event] = await events(shop.id);
    expect(event!.action).toBe("linked");
  });

  it("with creation off, only links, and logs that no customer matched", async () => {
    const { shop, tenant } = await installShop(h, { allowCustomerCreation: false });
    await seedCustomer(h, tenant.shopDomain, { email: "person2@example.com", firstName: "Two" });
    await h.directory.createUser(tenant, person(2));
    const { user } = await h.directory.createUser(tenant, person(3));
    await deliverAll(h, newWorker(h), shop.id);
    const list = await customers(h, tenant.shopDomain);
    expect(list.map((customer) => customer.email)).toEqual(["person2@example.com"]);
    const row = await h.prisma.scimUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.syncState).toBe("unlinked");
    expect(row.lastError).toMatch(/No matching customer with email person3@example.com/);
    const log = await events(shop.id);
    expect(log.map((event) => event.action).sort()).toEqual(["linked", "no_match"]);
  });
});

describe("changes", () => {
  it("updates, changes email on the same customer, deactivates and reactivates without touching merchant tags", async () => {
    const { shop, tenant } = await installShop(h);
    const { user } = await h.directory.createUser(tenant, person(4));
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);
    const [created] = await customers(h, tenant.shopDomain);
    // A merchant tags the customer by hand (another app's token, as staff would through the admin).
    const staff = await fetch(`${h.twin.url}/__twin/shops/${tenant.shopDomain}/access-tokens`, { method: "POST" }).then((r) => r.json());
    await fetch(`${h.twin.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "X-Shopify-Access-Token": staff.access_token, "Content-Type": "application/json" },
      body: JSON.stringify({ query: `mutation { tagsAdd(id: "${created!.gid}", tags: ["VIP"]) { userErrors { message } } }` }),
    });

    await h.directory.patchUser(tenant, user.id, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "name.familyName", value: "Renamed" }] });
    await h.directory.patchUser(tenant, user.id, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "emails[type eq \"work\"].value", value: "new4@example.com" }] });
    await deliverAll(h, worker, shop.id);
    let [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.gid).toBe(created!.gid);
    expect(customer!.lastName).toBe("Renamed");
    expect(customer!.email).toBe("new4@example.com");
    // Two patches, one Shopify write: coalesced.
    const log = await events(shop.id);
    expect(log.slice(1).filter((event) => event.coalescedInto)).toHaveLength(1);

    await h.directory.patchUser(tenant, user.id, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] });
    await deliverAll(h, worker, shop.id);
    [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.tags).toEqual(["scim", "scim:deactivated", "VIP"]);
    expect(metafield(customer!, "active")).toBe("false");

    await h.directory.patchUser(tenant, user.id, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: true }] });
    await deliverAll(h, worker, shop.id);
    [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.tags).toEqual(["scim", "VIP"]);
    expect(metafield(customer!, "active")).toBe("true");
    const actions = (await events(shop.id)).filter((event) => !event.coalescedInto).map((event) => event.action);
    expect(actions).toEqual(["created", "updated", "marked", "unmarked"]);
  });

  it("removes a metafield when the IdP removes its attribute, and leaves it on unrelated changes", async () => {
    const { shop, tenant } = await installShop(h);
    const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const { user } = await h.directory.createUser(tenant, person(6));
    const worker = newWorker(h);
    await deliverAll(h, worker, shop.id);
    let [customer] = await customers(h, tenant.shopDomain);
    expect([metafield(customer!, "department"), metafield(customer!, "cost_center")]).toEqual(["Sales", "CC-1"]);

    // An unrelated change leaves the metafields alone.
    await h.directory.patchUser(tenant, user.id, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "title", value: "Buyer" }] });
    await deliverAll(h, worker, shop.id);
    [customer] = await customers(h, tenant.shopDomain);
    expect(metafield(customer!, "department")).toBe("Sales");

    // Okta-style removal of the department (and Entra's empty-string replace of the cost center).
    await h.directory.patchUser(tenant, user.id, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "remove", path: `${enterprise}:department` },
        { op: "replace", path: `${enterprise}:costCenter`, value: "" },
      ],
    });
    await deliverAll(h, worker, shop.id);
    [customer] = await customers(h, tenant.shopDomain);
    expect(metafield(customer!, "department")).toBeUndefined();
    expect(metafield(customer!, "cost_center")).toBeUndefined();
    expect(metafield(customer!, "employee_number")).toBe("E6");
    expect((await events(shop.id)).every((event) => event.state === "completed")).toBe(true);
  });

  it("drops an invalid phone with a warning instead of failing the person", async () => {
    const { shop, tenant } = await installShop(h);
    await h.directory.createUser(tenant, person(5, { phoneNumbers: [{ value: "12", type: "work" }] }));
    await deliverAll(h, newWorker(h), shop.id);
    const [customer] = await customers(h, tenant.shopDomain);
    expect(customer!.phone).toBeNull();
    const [event] = await events(shop.id);
    expect(event!.state).toBe("completed");
    expect(event!.warnings).toEqual([expect.stringMatching(/Phone number "12" is not a valid/)]);
  });

  it("writes the IdP's address as the default address and keeps the customer's other addresses", async () => {
    const { shop, tenant } = await installShop(h);
    await seedCustomer(h, tenant.shopDomain, {
      email: "person6@example.com",
      firstName: "Six",
      addresses: [
        { address1: "Old Street 1", city: "Ottawa", countryCode: "CA", zip: "K1A 0B1" },
        { address1: "Cottage Road 9", city: "Wakefield", countryCode: "CA", zip: "J0X 3G0" },
      ],
    });
    const address = { streetAddress: "100 Queen St\nFloor 3", locality: "Ottawa", region: "ON", postalCode: "K1P 1J9", country: "CA", primary: true, type: "work" };
    await h.directory.createUser(tenant, person(6, { addresses: [address] }));
    await deliverAll(h, newWorker(h), shop.id);
    const [customer] = await customers(h, tenant.shopDomain);
    const lines = customer!.addresses.map((entry) => entry["address1"]);
    expect(lines).toEqual(["100 Queen St", "Cottage Road 9"]);
    expect(customer!.addresses[0]).toMatchObject({ address2: "Floor 3", city: "Ottawa", zip: "K1P 1J9", countryCode: "CA", firstName: "Given6", lastName: "Family6" });
  });
});

