// app/uninstalled and app/scopes_update through the routes, with Shopify's HMAC signature.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";
import { action as uninstalled } from "~/routes/webhooks.app.uninstalled";
import { ensureShopInstalled } from "~/tenants/shops.server";
import { signedWebhook } from "../support/webhooks";

async function installedShopWithSession() {
  const shop = await ensureShopInstalled(`hook-${randomUUID().slice(0, 8)}.myshopify.com`);
  await prisma.session.create({
    data: { id: `offline_${shop.shopDomain}`, shop: shop.shopDomain, state: "", accessToken: "shpat_x", scope: "read_customers" },
  });
  return shop;
}

describe("app webhooks", () => {
  it("app/uninstalled marks the shop and removes its sessions, and tolerates redelivery", async () => {
    const shop = await installedShopWithSession();
    for (let delivery = 0; delivery < 2; delivery++) {
      const response = await uninstalled({ request: signedWebhook("app/uninstalled", shop.shopDomain, { id: 1 }), params: {}, context: {} });
      expect(response.status).toBe(200);
    }
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).not.toBeNull();
    expect(await prisma.session.count({ where: { shop: shop.shopDomain } })).toBe(0);
  });

  it("refuses a forged signature with 401 and changes nothing", async () => {
    const shop = await installedShopWithSession();
    const forged = signedWebhook("app/uninstalled", shop.shopDomain, { id: 1 }, "wrong-secret");
    const outcome = await uninstalled({ request: forged, params: {}, context: {} }).catch((thrown: unknown) => thrown);
    expect((outcome as Response).status).toBe(401);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).toBeNull();
  });

  it("app/scopes_update stores the granted scopes on the offline session", async () => {
    const shop = await installedShopWithSession();
    const request = signedWebhook("app/scopes_update", shop.shopDomain, {
      id: 1,
      previous: ["read_customers"],
      current: ["read_customers", "write_customers"],
    });
    expect((await scopesUpdate({ request, params: {}, context: {} })).status).toBe(200);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${shop.shopDomain}` } });
    expect(session.scope).toBe("read_customers,write_customers");
  });
});
