// Token rotation with a grace period, revocation and the audit trail, against the real database
// and through the real SCIM route (so "works" means the IdP's next call is answered).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as serviceProviderConfig } from "~/routes/scim.v2.ServiceProviderConfig";
import {
  TokenActionError,
  forgetScimCredentials,
  issueScimToken,
  listScimTokens,
  listTokenAudit,
  revokeScimToken,
  rotateScimToken,
} from "~/tenants/scim-tokens.server";
import { ensureShopInstalled, setScimEnabled } from "~/tenants/shops.server";

const STAFF = "staff-4242";
const HOUR = 60 * 60_000;

async function newShop() {
  const shop = await ensureShopInstalled(`tokens-${randomUUID().slice(0, 8)}.myshopify.com`);
  return setScimEnabled(shop.id, true);
}

async function status(token: string, headerValue = `Bearer ${token}`): Promise<number> {
  const request = new Request("https://scim-app.test/scim/v2/ServiceProviderConfig", { headers: { Authorization: headerValue } });
  return (await serviceProviderConfig({ request, params: {}, context: {} })).status;
}

describe("token rotation", () => {
  it("with no grace period: the old token is refused at once and the new one works", async () => {
    const shop = await newShop();
    const { token: oldToken, record } = await issueScimToken(shop.id, { label: "Okta", actor: STAFF });
    expect(await status(oldToken)).toBe(200);
    const { token: newToken, record: created, previous } = await rotateScimToken(shop.id, record.id, "none", STAFF);
    expect(previous.revokedAt).not.toBeNull();
    expect(created.label).toBe("Okta");
    expect(await status(oldToken)).toBe(401);
    expect(await status(newToken)).toBe(200);
  });

  it("with a grace period: both work until it ends, then only the new one", async () => {
    const shop = await newShop();
    const { token: oldToken, record } = await issueScimToken(shop.id, { actor: STAFF });
    const now = Date.now();
    const { token: newToken, previous } = await rotateScimToken(shop.id, record.id, "24h", STAFF, now);
    expect(previous.revokedAt).toBeNull();
    expect(previous.expiresAt?.getTime()).toBe(now + 24 * HOUR);
    expect(await status(oldToken)).toBe(200);
    expect(await status(newToken)).toBe(200);
    const tokens = await listScimTokens(shop.id, now + 1000);
    expect(tokens.map((t) => t.status).sort()).toEqual(["active", "expiring"]);
    // The grace period ends: the same check the SCIM frame makes, at a later clock.
    const later = now + 24 * HOUR + 1;
    expect((await listScimTokens(shop.id, later)).find((t) => t.id === record.id)?.status).toBe("expired");
    await prisma.scimToken.update({ where: { id: record.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    forgetScimCredentials(shop.id);
    expect(await status(oldToken)).toBe(401);
    expect(await status(newToken)).toBe(200);
  });

  it("keeps an earlier expiry: rotating a token already in its grace period never extends it", async () => {
    const shop = await newShop();
    const { record } = await issueScimToken(shop.id);
    const now = Date.now();
    const first = await rotateScimToken(shop.id, record.id, "1h", STAFF, now);
    expect(first.previous.expiresAt?.getTime()).toBe(now + HOUR);
    const again = await rotateScimToken(shop.id, record.id, "7d", STAFF, now + 1000);
    expect(again.previous.expiresAt?.getTime()).toBe(now + HOUR);
  });

  it("refuses to rotate or revoke a token that ended, or one of another shop", async () => {
    const shop = await newShop();
    const other = await newShop();
    const { record } = await issueScimToken(shop.id);
    await expect(rotateScimToken(other.id, record.id, "none", STAFF)).rejects.toMatchObject({ status: 404 });
    await expect(revokeScimToken(other.id, record.id, STAFF)).rejects.toMatchObject({ status: 404 });
    await revokeScimToken(shop.id, record.id, STAFF);
    await expect(revokeScimToken(shop.id, record.id, STAFF)).rejects.toBeInstanceOf(TokenActionError);
    await expect(rotateScimToken(shop.id, record.id, "1h", STAFF)).rejects.toMatchObject({ status: 409 });
    // Nothing of the other shop's audit trail changed.
    expect(await listTokenAudit(other.id)).toEqual([]);
  });

  it("revoking during a grace period stops the old token at once", async () => {
    const shop = await newShop();
    const { token, record } = await issueScimToken(shop.id);
    await rotateScimToken(shop.id, record.id, "7d", STAFF);
    expect(await status(token)).toBe(200);
    await revokeScimToken(shop.id, record.id, STAFF);
    expect(await status(token)).toBe(401);
  });
});

describe("token audit trail", () => {
  it("records who created, rotated and revoked which token, never the token itself", async () => {
    const shop = await newShop();
    const { token, record } = await issueScimToken(shop.id, { label: "Entra", actor: STAFF });
    const rotated = await rotateScimToken(shop.id, record.id, "1h", "staff-7");
    await revokeScimToken(shop.id, rotated.record.id, STAFF);
    const audit = await listTokenAudit(shop.id);
    expect(audit.map((a) => [a.action, a.actor, a.tokenPrefix])).toEqual([
      ["revoked", STAFF, rotated.record.prefix],
      ["created", "staff-7", rotated.record.prefix],
      ["rotated", "staff-7", record.prefix],
      ["created", STAFF, record.prefix],
    ]);
    expect(audit[2]!.detail).toMatch(/works until .* UTC \(1 hour\)/);
    expect(audit[3]!.detail).toBe('Created "Entra".');
    const everything = JSON.stringify(await prisma.tokenAuditEvent.findMany({ where: { shopId: shop.id } }));
    expect(everything).not.toContain(token.slice(12));
    expect(everything).not.toContain(rotated.token.slice(12));
  });
});

describe("Authorization header forms", () => {
  it("accepts the bare token and a doubled Bearer (pasted into a field that adds its own)", async () => {
    const shop = await newShop();
    const { token } = await issueScimToken(shop.id);
    expect(await status(token, token)).toBe(200);
    expect(await status(token, `Bearer Bearer ${token}`)).toBe(200);
    expect(await status(token, `Bearer Bearer nope`)).toBe(401);
  });
});
