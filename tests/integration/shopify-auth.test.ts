// Token exchange and refresh through the app's own Shopify configuration and the real
// @shopify/shopify-api code, against the Shopify Admin API twin.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT, adminUrl, mintSessionToken } from "../../scripts/lib/session-token.mjs";
import { useTwinFetch } from "../shopify-twin/app-fetch.mjs";
import { startTwin, type Twin } from "../shopify-twin/server";

const apiKey = process.env.SHOPIFY_API_KEY!;
const apiSecret = process.env.SHOPIFY_API_SECRET!;
const appUrl = process.env.SHOPIFY_APP_URL!;

let twin: Twin;
let shopify: typeof import("~/shopify.server");
let prisma: typeof import("~/db.server").default;

beforeAll(async () => {
  twin = await startTwin({ apiKey, apiSecret, scopes: "read_customers,write_customers" });
  useTwinFetch(twin.url);
  shopify = await import("~/shopify.server");
  prisma = (await import("~/db.server")).default;
});

afterAll(async () => {
  await twin?.close();
});

function newShop() {
  return `auth-${randomUUID().slice(0, 8)}.myshopify.com`;
}

async function openAdmin(shop: string, idToken?: string) {
  const token = idToken ?? (await mintSessionToken({ shop, apiKey, apiSecret }));
  return shopify.authenticate.admin(new Request(adminUrl(appUrl, shop, token), { headers: { "User-Agent": BROWSER_USER_AGENT } }));
}

async function shopName(admin: { graphql: (query: string) => Promise<Response> }) {
  const response = await admin.graphql("#graphql\n query { shop { myshopifyDomain } }");
  return ((await response.json()) as { data: { shop: { myshopifyDomain: string } } }).data.shop.myshopifyDomain;
}

describe("Shopify auth through the library", () => {
  it("exchanges the session token for an expiring offline token and stores it", async () => {
    const shop = newShop();
    const { session, admin } = await openAdmin(shop);
    expect(session.shop).toBe(shop);
    expect(session.accessToken).toMatch(/^shpat_/);
    const stored = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
    expect(stored.refreshToken).toMatch(/^shprt_/);
    const lifetime = stored.expires!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(55 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(60 * 60_000);
    expect(stored.refreshTokenExpires!.getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    expect(await shopName(admin)).toBe(shop);
  });

  it("refreshes an expired offline token with the rotating refresh token", async () => {
    const shop = newShop();
    const { session } = await openAdmin(shop);
    const before = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    await prisma.session.update({ where: { id: session.id }, data: { expires: new Date(Date.now() - 60_000) } });

    const { admin, session: refreshed } = await shopify.unauthenticated.admin(shop);
    expect(refreshed.accessToken).not.toBe(before.accessToken);
    const after = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(after.accessToken).toBe(refreshed.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expires!.getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
    expect(await shopName(admin)).toBe(shop);

    // Once the new token is used, the replaced one is dead at Shopify.
    const stale = await fetch(`${twin.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "X-Shopify-Access-Token": before.accessToken, "Content-Type": "application/json" },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(stale.status).toBe(401);
  });

  it("refuses a session token signed with another secret", async () => {
    const shop = newShop();
    const forged = await mintSessionToken({ shop, apiKey, apiSecret: "not-the-app-secret" });
    const outcome = await openAdmin(shop, forged).then(
      () => "authenticated",
      (thrown: unknown) => thrown,
    );
    expect(outcome).toBeInstanceOf(Response);
    expect([302, 401]).toContain((outcome as Response).status);
    expect(await prisma.session.findUnique({ where: { id: `offline_${shop}` } })).toBeNull();
  });
});
