// SCIM bearer-token authentication against the real database, through the route loader.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as serviceProviderConfig } from "~/routes/scim.v2.ServiceProviderConfig";
import { hashScimToken, issueScimToken, revokeScimToken } from "~/tenants/scim-tokens.server";
import { ensureShopInstalled, markShopUninstalled, setScimEnabled } from "~/tenants/shops.server";

async function newShop(scimEnabled = true) {
  const shop = await ensureShopInstalled(`auth-${randomUUID().slice(0, 8)}.myshopify.com`);
  return scimEnabled ? setScimEnabled(shop.id, true) : shop;
}

async function call(authorization?: string) {
  const headers = new Headers(authorization ? { Authorization: authorization } : {});
  const request = new Request("https://scim-app.test/scim/v2/ServiceProviderConfig", { headers });
  const response = await serviceProviderConfig({ request, params: {}, context: {} });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json(), response };
}

describe("SCIM bearer tokens", () => {
  it("stores only a hash and a display prefix", async () => {
    const shop = await newShop();
    const { token, record } = await issueScimToken(shop.id, { label: "Okta" });
    expect(token).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.scimToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.tokenHash).toBe(hashScimToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(5));
    expect(token.startsWith(row.prefix)).toBe(true);
    expect(row.label).toBe("Okta");
  });

  it("accepts the token with any case of the Bearer scheme and answers SCIM JSON", async () => {
    const shop = await newShop();
    const { token } = await issueScimToken(shop.id);
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const result = await call(`${scheme} ${token}`);
      expect(result.status).toBe(200);
      expect(result.type).toContain("application/scim+json");
    }
  });

  it("answers 401 with a SCIM error for a missing or unknown token", async () => {
    for (const header of [undefined, "Bearer scim_nope", "Basic dXNlcjpwYXNz"]) {
      const result = await call(header);
      expect(result.status).toBe(401);
      expect(result.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
      expect(result.body.detail).toBeTruthy();
      expect(result.response.headers.get("www-authenticate")).toContain("Bearer");
    }
  });

  it("stops a revoked token at once, even right after it was used", async () => {
    const shop = await newShop();
    const { token, record } = await issueScimToken(shop.id);
    expect((await call(`Bearer ${token}`)).status).toBe(200);
    await revokeScimToken(shop.id, record.id);
    const result = await call(`Bearer ${token}`);
    expect(result.status).toBe(401);
    expect(result.body.detail).toMatch(/revoked/);
  });

  it("refuses an expired token", async () => {
    const shop = await newShop();
    const { token } = await issueScimToken(shop.id, { expiresAt: new Date(Date.now() - 1000) });
    expect((await call(`Bearer ${token}`)).status).toBe(401);
  });

  it("answers 403 with what to do while SCIM is switched off", async () => {
    const shop = await newShop(false);
    const { token } = await issueScimToken(shop.id);
    const result = await call(`Bearer ${token}`);
    expect(result.status).toBe(403);
    expect(result.body.detail).toMatch(/switched off/);
    await setScimEnabled(shop.id, true);
    expect((await call(`Bearer ${token}`)).status).toBe(200);
  });

  it("answers 401 naming the uninstall, and works again after a reinstall", async () => {
    const shop = await newShop();
    const { token } = await issueScimToken(shop.id);
    expect((await call(`Bearer ${token}`)).status).toBe(200);
    await markShopUninstalled(shop.shopDomain);
    const result = await call(`Bearer ${token}`);
    expect(result.status).toBe(401);
    expect(result.body.detail).toMatch(/uninstalled/);
    await ensureShopInstalled(shop.shopDomain);
    expect((await call(`Bearer ${token}`)).status).toBe(200);
  });

  it("records when a token was last used without writing on every request", async () => {
    const shop = await newShop();
    const { token, record } = await issueScimToken(shop.id);
    await call(`Bearer ${token}`);
    await expect.poll(async () => (await prisma.scimToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt).not.toBeNull();
    const first = (await prisma.scimToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt;
    await call(`Bearer ${token}`);
    await call(`Bearer ${token}`);
    const after = (await prisma.scimToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt;
    expect(after?.getTime()).toBe(first?.getTime());
  });
});
