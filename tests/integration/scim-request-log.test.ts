// "Test connection": the SCIM frame records the last requests per shop: time, method, path,
// status and user agent, with no token, query string or body.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { flushScimRequestLog, recentScimRequests } from "~/tenants/scim-request-log.server";
import { issueScimToken, revokeScimToken } from "~/tenants/scim-tokens.server";
import { ensureShopInstalled, setScimEnabled } from "~/tenants/shops.server";
import { scimRequest } from "../support/scim-client";

async function newShop() {
  const shop = await ensureShopInstalled(`reqlog-${randomUUID().slice(0, 8)}.myshopify.com`);
  return setScimEnabled(shop.id, true);
}

describe("SCIM request log", () => {
  it("keeps method, path, status and user agent of each request, newest first, without secrets", async () => {
    const shop = await newShop();
    const { token } = await issueScimToken(shop.id);
    await scimRequest({ path: `/Users?filter=userName eq "secret.person@example.com"`, token, headers: { "User-Agent": "Okta SCIM Client 1.0.0" } });
    await scimRequest({
      method: "POST",
      path: "/Users",
      token,
      headers: { "User-Agent": "Azure AD SCIM Client" },
      body: { userName: "ann@example.com", password: "hunter2" },
    });
    await flushScimRequestLog();
    const recent = await recentScimRequests(shop.id);
    expect(recent.map((r) => [r.method, r.path, r.status, r.userAgent])).toEqual([
      ["POST", "/scim/v2/Users", 201, "Azure AD SCIM Client"],
      ["GET", "/scim/v2/Users", 200, "Okta SCIM Client 1.0.0"],
    ]);
    expect(Date.parse(recent[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    const text = JSON.stringify(recent);
    for (const secret of [token, "secret.person", "hunter2", "ann@example.com"]) expect(text).not.toContain(secret);
  });

  it("records refused calls of a known token (revoked, SCIM off) for its shop; unknown tokens for nobody", async () => {
    const shop = await newShop();
    const { token, record } = await issueScimToken(shop.id);
    await setScimEnabled(shop.id, false);
    await scimRequest({ path: "/ServiceProviderConfig", token });
    await setScimEnabled(shop.id, true);
    await revokeScimToken(shop.id, record.id);
    await scimRequest({ path: "/ServiceProviderConfig", token });
    await scimRequest({ path: "/ServiceProviderConfig", token: "scim_unknown" });
    await flushScimRequestLog();
    expect((await recentScimRequests(shop.id)).map((r) => r.status)).toEqual([401, 403]);
  });

  it("keeps only the last 20 requests", async () => {
    const shop = await newShop();
    const { token } = await issueScimToken(shop.id);
    for (let i = 0; i < 12; i++) await scimRequest({ path: "/ServiceProviderConfig", token });
    await flushScimRequestLog();
    for (let i = 0; i < 12; i++) await scimRequest({ path: `/Users/missing-${i}`, token });
    await flushScimRequestLog();
    const recent = await recentScimRequests(shop.id);
    expect(recent).toHaveLength(20);
    expect(recent[0]!.path).toBe("/scim/v2/Users/missing-11");
    expect(recent[0]!.status).toBe(404);
    expect(recent.at(-1)!.path).toBe("/scim/v2/ServiceProviderConfig");
  });
});
