// The "Storefront & checkout protection" admin page through its real loader and action: every call
// authenticated with a session token, input checked on the server, changes reaching the twin.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT, adminUrl, mintSessionToken } from "../../scripts/lib/session-token.mjs";
import { useTwinFetch } from "../shopify-twin/app-fetch.mjs";
import { startTwin, type Twin } from "../shopify-twin/server";

const apiKey = process.env.SHOPIFY_API_KEY!;
const apiSecret = process.env.SHOPIFY_API_SECRET!;
const appUrl = process.env.SHOPIFY_APP_URL!;

let twin: Twin;
let route: typeof import("~/routes/app.protection");
let prisma: typeof import("~/db.server").default;

beforeAll(async () => {
  twin = await startTwin({ apiKey, apiSecret, scopes: "read_customers,write_customers,write_validations", optionalScopes: "write_customer_data_erasure" });
  useTwinFetch(twin.url);
  route = await import("~/routes/app.protection");
  prisma = (await import("~/db.server")).default;
});

afterAll(async () => {
  await twin?.close();
});

type LoaderData = Awaited<ReturnType<typeof route.loader>>;

async function open(shop: string): Promise<LoaderData> {
  const url = adminUrl(appUrl, shop, await mintSessionToken({ shop, apiKey, apiSecret })).replace("/app?", "/app/protection?");
  return route.loader({ request: new Request(url, { headers: { "User-Agent": BROWSER_USER_AGENT } }), params: {}, context: {} });
}

async function act(shop: string, fields: Record<string, string>): Promise<{ status: number; body: Record<string, any> }> {
  const token = await mintSessionToken({ shop, apiKey, apiSecret });
  const request = new Request(`${appUrl}/app/protection`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_USER_AGENT },
    body: new URLSearchParams(fields),
  });
  const result = await route.action({ request, params: {}, context: {} });
  if (result instanceof Response) return { status: result.status, body: (await result.json()) as Record<string, any> };
  return { status: 200, body: result as Record<string, any> };
}

async function twinValidations(shop: string) {
  return ((await (await fetch(`${twin.url}/__twin/shops/${shop}/validations`)).json()) as { validations: Array<Record<string, any>> }).validations;
}

const newShop = () => `protect-${randomUUID().slice(0, 8)}.myshopify.com`;

describe("protection page", () => {
  it("loads the checkout status, the scopes and the theme editor deep link", async () => {
    const shop = newShop();
    const data = await open(shop);
    expect(data.checkout).toMatchObject({ ok: true, value: { validation: null, function: { title: "Block deactivated people at checkout" }, loginRequiredAtCheckout: false } });
    expect(data.scopes).toEqual({
      ok: true,
      value: { granted: ["read_customers", "write_customers", "write_validations"], required: ["read_customers", "write_customers", "write_validations"], optional: ["write_customer_data_erasure"] },
    });
    expect(data.themeEditorUrl).toBe(`https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${apiKey}/deprovisioning`);
    expect(data.deletePolicy).toBe("mark");
  });

  it("refuses requests without a valid session token", async () => {
    const shop = newShop();
    await open(shop);
    const forged = await mintSessionToken({ shop, apiKey, apiSecret: "not-the-secret" });
    for (const headers of [{}, { Authorization: `Bearer ${forged}` }] as Array<Record<string, string>>) {
      const request = new Request(`${appUrl}/app/protection`, { method: "POST", headers: { "User-Agent": BROWSER_USER_AGENT, ...headers }, body: new URLSearchParams({ intent: "activate" }) });
      const outcome = await route.action({ request, params: {}, context: {} }).catch((thrown: unknown) => thrown);
      // The library answers for us: a redirect to login without a token, 401 for a forged one.
      expect(outcome).toBeInstanceOf(Response);
      expect([302, 401]).toContain((outcome as Response).status);
    }
    expect(await twinValidations(shop)).toEqual([]);
  });

  it("turns checkout blocking on with a message, saves, and turns it off", async () => {
    const shop = newShop();
    await open(shop);
    const on = await act(shop, { intent: "activate", message: "  Ask IT to restore your access.  ", blockOnFailure: "false" });
    expect(on.body).toMatchObject({ ok: true, notice: "Checkout blocking is on", checkout: { validation: { enabled: true, blockOnFailure: false, message: "Ask IT to restore your access." } } });
    expect(await twinValidations(shop)).toMatchObject([{ enabled: true, metafields: [{ key: "checkout_message", value: "Ask IT to restore your access." }] }]);

    const saved = await act(shop, { intent: "save", message: "", blockOnFailure: "true" });
    expect(saved.body).toMatchObject({ ok: true, checkout: { validation: { enabled: true, blockOnFailure: true, message: null } } });

    const off = await act(shop, { intent: "deactivate" });
    expect(off.body).toMatchObject({ ok: true, checkout: { validation: { enabled: false } } });
    expect(await twinValidations(shop)).toMatchObject([{ enabled: false, blockOnFailure: true }]);
  });

  it("validates input on the server", async () => {
    const shop = newShop();
    await open(shop);
    expect(await act(shop, { intent: "explode" })).toMatchObject({ status: 400, body: { ok: false } });
    expect(await act(shop, { intent: "activate", message: "two\nlines" })).toMatchObject({ status: 400, body: { ok: false, field: "message", error: expect.stringMatching(/single line/) } });
    expect(await act(shop, { intent: "activate", message: "x".repeat(256) })).toMatchObject({ status: 400, body: { field: "message" } });
    expect(await act(shop, { intent: "activate", blockOnFailure: "maybe" })).toMatchObject({ status: 400 });
    expect(await twinValidations(shop)).toEqual([]);
  });

  it("copies a granted optional scope onto the offline session (sync-scopes)", async () => {
    const shop = newShop();
    await open(shop);
    await fetch(`${twin.url}/__twin/shops/${shop}/app-scopes/request`, { method: "POST", body: JSON.stringify({ scopes: ["write_customer_data_erasure"] }) });
    const synced = await act(shop, { intent: "sync-scopes" });
    expect(synced.body).toMatchObject({ ok: true, scopes: { granted: expect.arrayContaining(["write_customer_data_erasure"]) } });
    const session = await prisma.session.findFirstOrThrow({ where: { shop, isOnline: false } });
    expect(session.scope?.split(",")).toContain("write_customer_data_erasure");
  });
});
