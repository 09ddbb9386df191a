// The mandatory privacy webhooks through their routes, with Shopify's HMAC signature, against the
// real directory: what a data request reports, what a redaction erases (checked by query in every
// table), and what shop/redact leaves behind (nothing).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { createGroup } from "~/directory/groups.server";
import { createUser, patchUser } from "~/directory/users.server";
import { action as dataRequest } from "~/routes/webhooks.customers.data_request";
import { action as customerRedact } from "~/routes/webhooks.customers.redact";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { issueScimToken } from "~/tenants/scim-tokens.server";
import { ensureShopInstalled, setScimEnabled } from "~/tenants/shops.server";
import { signedWebhook } from "../support/webhooks";

async function deliver(handler: typeof dataRequest, request: Request) {
  return handler({ request, params: {}, context: {} }).catch((thrown: unknown) => thrown as Response);
}

/** A shop with two people: Ada (linked to customer 501) and Bob; each with a few events. */
async function shopWithPeople() {
  const shop = await setScimEnabled((await ensureShopInstalled(`privacy-${randomUUID().slice(0, 8)}.myshopify.com`)).id, true);
  await issueScimToken(shop.id);
  const tenant = { shopId: shop.id, shopDomain: shop.shopDomain };
  const ada = await createUser(tenant, {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "ada@example.com",
    name: { givenName: "Ada", familyName: "Lovelace" },
    emails: [{ value: "ada@example.com", type: "work", primary: true }],
    phoneNumbers: [{ value: "+14155550100", type: "work" }],
  });
  await patchUser(tenant, ada.user.id, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "replace", path: "active", value: false }],
  });
  const bob = await createUser(tenant, {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "bob@example.com",
    emails: [{ value: "bob@example.com", primary: true }],
  });
  await prisma.scimUser.update({ where: { id: ada.user.id }, data: { customerId: "gid://shopify/Customer/501" } });
  const engineers = await createGroup(tenant, { displayName: "Engineers", members: [{ value: ada.user.id }, { value: bob.user.id }] });
  return { shop, adaId: ada.user.id, bobId: bob.user.id, groupId: engineers.group.id };
}

describe("compliance webhooks", () => {
  it("answer 401 to a forged signature, each of them", async () => {
    const { shop } = await shopWithPeople();
    for (const [handler, topic] of [
      [dataRequest, "customers/data_request"],
      [customerRedact, "customers/redact"],
      [shopRedact, "shop/redact"],
    ] as const) {
      const response = await deliver(handler, signedWebhook(topic, shop.shopDomain, { shop_domain: shop.shopDomain, customer: { id: 501 } }, "forged"));
      expect(response.status).toBe(401);
    }
    expect(await prisma.scimUser.count({ where: { shopId: shop.id } })).toBe(2);
    expect(await prisma.complianceRequest.count({ where: { shopDomain: shop.shopDomain } })).toBe(0);
  });

  it("customers/data_request gathers the person and their events into one report, once", async () => {
    const { shop, adaId, groupId } = await shopWithPeople();
    const payload = { shop_domain: shop.shopDomain, customer: { id: 501, email: "ada@example.com" }, data_request: { id: 9001 } };
    for (let delivery = 0; delivery < 2; delivery++) {
      expect((await deliver(dataRequest, signedWebhook("customers/data_request", shop.shopDomain, payload))).status).toBe(200);
    }
    const requests = await prisma.complianceRequest.findMany({ where: { shopDomain: shop.shopDomain } });
    expect(requests).toHaveLength(1);
    const report = requests[0].report as { people: Array<Record<string, any>>; events: unknown[]; customerId: string };
    expect(report.customerId).toBe("gid://shopify/Customer/501");
    expect(report.people.map((person) => person.scimId)).toEqual([adaId]);
    expect(report.people[0].attributes.name).toEqual({ givenName: "Ada", familyName: "Lovelace" });
    expect(report.people[0].groups).toEqual([{ scimId: groupId, displayName: "Engineers", customerTag: "group:Engineers", memberSince: expect.any(String) }]);
    expect(report.events).toHaveLength(3); // create, deactivate, joined Engineers
  });

  it("customers/redact erases the person everywhere, keeps the counts, and cancels pending delivery", async () => {
    const { shop, adaId, bobId, groupId } = await shopWithPeople();
    const eventsBefore = await prisma.provisioningEvent.count({ where: { shopId: shop.id } });
    const payload = { shop_domain: shop.shopDomain, customer: { id: 501, email: "ada@example.com" }, orders_to_redact: [] };
    for (let delivery = 0; delivery < 2; delivery++) {
      expect((await deliver(customerRedact, signedWebhook("customers/redact", shop.shopDomain, payload))).status).toBe(200);
    }
    expect(await prisma.scimUser.findUnique({ where: { id: adaId } })).toBeNull();
    expect(await prisma.scimUserEmail.count({ where: { userId: adaId } })).toBe(0);
    // Her group membership is gone; the group (the company's) and Bob's membership stay.
    expect(await prisma.scimGroupMember.findMany({ where: { groupId }, select: { userId: true } })).toEqual([{ userId: bobId }]);
    expect(await prisma.provisioningEvent.count({ where: { shopId: shop.id } })).toBe(eventsBefore);
    const adaEvents = await prisma.provisioningEvent.findMany({ where: { shopId: shop.id, resourceId: adaId } });
    expect(adaEvents.every((event) => event.state === "cancelled" || event.state === "completed")).toBe(true);
    expect(adaEvents.some((event) => event.state === "cancelled")).toBe(true);
    // Nothing personal about Ada left in any table the app owns.
    const dump = JSON.stringify([
      await prisma.scimUser.findMany({ where: { shopId: shop.id } }),
      await prisma.scimUserEmail.findMany({ where: { shopId: shop.id } }),
      await prisma.provisioningEvent.findMany({ where: { shopId: shop.id } }),
      await prisma.complianceRequest.findMany({ where: { shopDomain: shop.shopDomain } }),
      await prisma.scimRequestLog.findMany({ where: { shopId: shop.id } }),
    ]);
    for (const personal of ["ada@example.com", "Lovelace", "Ada", "+14155550100"]) expect(dump).not.toContain(personal);
    // Bob is untouched.
    expect(await prisma.scimUser.findUnique({ where: { id: bobId } })).not.toBeNull();
    const summary = (await prisma.complianceRequest.findFirstOrThrow({ where: { shopDomain: shop.shopDomain, topic: "customers/redact" } })).summary;
    expect(summary).toMatchObject({ people: 1, memberships: 1, eventsCancelled: 3 });
  });

  it("shop/redact erases everything the app holds for the shop", async () => {
    const { shop } = await shopWithPeople();
    await prisma.session.create({ data: { id: `offline_${shop.shopDomain}`, shop: shop.shopDomain, state: "", accessToken: "shpat_x" } });
    const payload = { shop_id: 1, shop_domain: shop.shopDomain };
    for (let delivery = 0; delivery < 2; delivery++) {
      expect((await deliver(shopRedact, signedWebhook("shop/redact", shop.shopDomain, payload))).status).toBe(200);
    }
    expect(await prisma.shop.findUnique({ where: { id: shop.id } })).toBeNull();
    for (const count of [
      prisma.scimToken.count({ where: { shopId: shop.id } }),
      prisma.scimUser.count({ where: { shopId: shop.id } }),
      prisma.scimUserEmail.count({ where: { shopId: shop.id } }),
      prisma.scimGroup.count({ where: { shopId: shop.id } }),
      prisma.scimGroupMember.count({ where: { shopId: shop.id } }),
      prisma.provisioningEvent.count({ where: { shopId: shop.id } }),
      prisma.tokenAuditEvent.count({ where: { shopId: shop.id } }),
      prisma.session.count({ where: { shop: shop.shopDomain } }),
      prisma.complianceRequest.count({ where: { shopDomain: shop.shopDomain } }),
    ]) {
      expect(await count).toBe(0);
    }
  });
});
