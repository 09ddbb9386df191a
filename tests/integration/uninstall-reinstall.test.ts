// Uninstall and reinstall, end to end through the real routes: SCIM works → Shopify sends
// app/uninstalled (HMAC-signed) and revokes the app's tokens → the same SCIM request answers 401
// naming the uninstall → the merchant opens the app again (a fresh session token, token exchange at
// the twin) → SCIM works again, with the directory as it was, and the app reaches Shopify again.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT, adminUrl, mintSessionToken } from "../../scripts/lib/session-token.mjs";
import { useTwinFetch } from "../shopify-twin/app-fetch.mjs";
import { startTwin, type Twin } from "../shopify-twin/server";

const apiKey = process.env.SHOPIFY_API_KEY!;
const apiSecret = process.env.SHOPIFY_API_SECRET!;
const appUrl = process.env.SHOPIFY_APP_URL!;
const SCIM_JSON = "application/scim+json";

let twin: Twin;
let prisma: typeof import("~/db.server").default;
let shopify: typeof import("~/shopify.server");
const routes = {} as {
  app: typeof import("~/routes/app");
  index: typeof import("~/routes/app._index");
  scimApi: typeof import("~/routes/app.api.scim");
  users: typeof import("~/routes/scim.v2.Users._index");
  user: typeof import("~/routes/scim.v2.Users.$id");
  uninstalled: typeof import("~/routes/webhooks.app.uninstalled");
};

beforeAll(async () => {
  twin = await startTwin({ apiKey, apiSecret, scopes: "read_customers,write_customers,write_validations" });
  useTwinFetch(twin.url);
  prisma = (await import("~/db.server")).default;
  shopify = await import("~/shopify.server");
  routes.app = await import("~/routes/app");
  routes.index = await import("~/routes/app._index");
  routes.scimApi = await import("~/routes/app.api.scim");
  routes.users = await import("~/routes/scim.v2.Users._index");
  routes.user = await import("~/routes/scim.v2.Users.$id");
  routes.uninstalled = await import("~/routes/webhooks.app.uninstalled");
});

afterAll(async () => {
  await twin?.close();
});

/** The merchant opens the app in the Shopify admin: Remix runs the layout's and the page's loaders. */
async function openApp(shop: string): Promise<void> {
  const url = adminUrl(appUrl, shop, await mintSessionToken({ shop, apiKey, apiSecret }));
  const request = () => new Request(url, { headers: { "User-Agent": BROWSER_USER_AGENT } });
  await routes.app.loader({ request: request(), params: {}, context: {} });
  await routes.index.loader({ request: request(), params: {}, context: {} });
}

/** An admin action, as the page's fetcher sends it (session token in the Authorization header). */
async function adminAction(shop: string, fields: Record<string, string>): Promise<Record<string, any>> {
  const token = await mintSessionToken({ shop, apiKey, apiSecret });
  const response = await routes.scimApi.action({
    request: new Request(`${appUrl}/app/api/scim`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_USER_AGENT },
      body: new URLSearchParams(fields),
    }),
    params: {},
    context: {},
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

function scimRequest(path: string, token: string, init: RequestInit = {}): Request {
  return new Request(`${appUrl}/scim/v2${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, Accept: SCIM_JSON, ...(init.body ? { "Content-Type": SCIM_JSON } : {}) },
  });
}

async function getUser(token: string, id: string) {
  const response = await routes.user.loader({ request: scimRequest(`/Users/${id}`, token), params: { id }, context: {} });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function listUsers(token: string) {
  const response = await routes.users.loader({ request: scimRequest("/Users", token), params: {}, context: {} });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function uninstallWebhook(shop: string): Request {
  const body = JSON.stringify({ id: 1, name: shop, domain: shop, myshopify_domain: shop });
  return new Request(`${appUrl}/webhooks/app/uninstalled`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "app/uninstalled",
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Hmac-Sha256": createHmac("sha256", apiSecret).update(body).digest("base64"),
    },
  });
}

async function shopDomainThroughAdminApi(shop: string): Promise<string> {
  const { admin } = await shopify.unauthenticated.admin(shop);
  const response = await admin.graphql("#graphql\n query ScimShopDomain { shop { myshopifyDomain } }");
  return ((await response.json()) as { data: { shop: { myshopifyDomain: string } } }).data.shop.myshopifyDomain;
}

describe("uninstall → SCIM 401 → reinstall → works", () => {
  it("keeps the directory through an uninstall and resumes after the merchant opens the app again", async () => {
    const shop = `reinstall-${randomUUID().slice(0, 8)}.myshopify.com`;

    // Installed and in use.
    await openApp(shop);
    expect(await adminAction(shop, { intent: "enable-scim" })).toMatchObject({ scimEnabled: true });
    const { token } = await adminAction(shop, { intent: "create-token", label: "Okta" });
    expect(token).toMatch(/^scim_/);
    const created = await routes.users.action({
      request: scimRequest("/Users", token, {
        method: "POST",
        body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ada@example.com", name: { givenName: "Ada", familyName: "Lovelace" }, emails: [{ value: "ada@example.com", primary: true }], active: true }),
      }),
      params: {},
      context: {},
    });
    expect(created.status).toBe(201);
    const person = (await created.json()) as { id: string; meta: { version: string } };
    expect((await getUser(token, person.id)).status).toBe(200);
    const oldSession = await prisma.session.findFirstOrThrow({ where: { shop, isOnline: false } });

    // Uninstall: Shopify revokes the app's tokens and sends app/uninstalled (maybe twice).
    await fetch(`${twin.url}/__twin/shops/${shop}/revoke-tokens`, { method: "POST" });
    for (let delivery = 0; delivery < 2; delivery++) {
      expect((await routes.uninstalled.action({ request: uninstallWebhook(shop), params: {}, context: {} })).status).toBe(200);
    }
    expect(await prisma.session.count({ where: { shop } })).toBe(0);

    // The identity provider keeps calling: the same requests now answer 401 and say why.
    const refused = await getUser(token, person.id);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
    expect(refused.body.detail).toMatch(/uninstalled/);
    expect(refused.body.detail).toContain(shop);
    expect((await listUsers(token)).status).toBe(401);
    // Nothing reaches Shopify with the old credentials.
    const stale = await fetch(`${twin.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": oldSession.accessToken },
      body: JSON.stringify({ query: "{ shop { id } }" }),
    });
    expect(stale.status).toBe(401);

    // Reinstall: the merchant opens the app; token exchange stores a fresh offline session.
    await openApp(shop);
    const newSession = await prisma.session.findFirstOrThrow({ where: { shop, isOnline: false } });
    expect(newSession.accessToken).not.toBe(oldSession.accessToken);
    expect((await prisma.shop.findUniqueOrThrow({ where: { shopDomain: shop } })).uninstalledAt).toBeNull();

    // SCIM works again with the same token, and the directory is as it was.
    const back = await getUser(token, person.id);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ id: person.id, userName: "ada@example.com", active: true, meta: { version: person.meta.version } });
    const list = await listUsers(token);
    expect(list.body.totalResults).toBe(1);
    // And the app reaches Shopify again.
    expect(await shopDomainThroughAdminApi(shop)).toBe(shop);
  });
});
