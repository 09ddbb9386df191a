// Turning the checkout gate on and off from the app (app/shopify-admin/checkout-validation.server.ts)
// and reading the app's access scopes, through the app's own Shopify config and the real
// @shopify/shopify-api client, against the Shopify Admin API twin.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT, adminUrl, mintSessionToken } from "../../scripts/lib/session-token.mjs";
import { useTwinFetch } from "../shopify-twin/app-fetch.mjs";
import { startTwin, type Twin } from "../shopify-twin/server";

const apiKey = process.env.SHOPIFY_API_KEY!;
const apiSecret = process.env.SHOPIFY_API_SECRET!;
const appUrl = process.env.SHOPIFY_APP_URL!;
const REQUIRED = "read_customers,write_customers,write_validations";

let twin: Twin;
let shopify: typeof import("~/shopify.server");
let prisma: typeof import("~/db.server").default;
let gate: typeof import("~/shopify-admin/checkout-validation.server");
let scopes: typeof import("~/shopify-admin/access-scopes.server");

beforeAll(async () => {
  twin = await startTwin({ apiKey, apiSecret, scopes: REQUIRED, optionalScopes: "write_customer_data_erasure" });
  useTwinFetch(twin.url);
  shopify = await import("~/shopify.server");
  prisma = (await import("~/db.server")).default;
  gate = await import("~/shopify-admin/checkout-validation.server");
  scopes = await import("~/shopify-admin/access-scopes.server");
});

afterAll(async () => {
  await twin?.close();
});

/** The merchant opens the app: token exchange stores the offline session the admin uses. */
async function installShop(): Promise<string> {
  const shop = `gate-${randomUUID().slice(0, 8)}.myshopify.com`;
  const idToken = await mintSessionToken({ shop, apiKey, apiSecret });
  await shopify.authenticate.admin(new Request(adminUrl(appUrl, shop, idToken), { headers: { "User-Agent": BROWSER_USER_AGENT } }));
  return shop;
}

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${twin.url}/__twin${path}`, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await response.json()) as Record<string, any>;
}

async function twinValidations(shop: string) {
  return (await control("GET", `/shops/${shop}/validations`)).validations as Array<{ gid: string; enabled: boolean; blockOnFailure: boolean; title: string; metafields: Array<{ key: string; value: string }> }>;
}

describe("checkout validation from the app", () => {
  it("reports the deployed function and no validation before activation", async () => {
    const shop = await installShop();
    const status = await gate.readCheckoutValidation(gate.shopAdmin(shop));
    expect(status).toEqual({
      function: { id: expect.any(String), title: "Block deactivated people at checkout" },
      validation: null,
      duplicates: [],
      activeValidations: 0,
      maxActiveValidations: 25,
      loginRequiredAtCheckout: false,
    });
  });

  it("activates (enabled, not blocking on failure), idempotently, then deactivates", async () => {
    const shop = await installShop();
    const admin = gate.shopAdmin(shop);
    const activated = await gate.activateCheckoutValidation(admin);
    expect(activated.ok).toBe(true);
    const validation = activated.ok ? activated.status.validation! : null;
    expect(validation).toMatchObject({ enabled: true, blockOnFailure: false, title: "Block deactivated people at checkout", message: null });
    expect(await twinValidations(shop)).toMatchObject([{ gid: validation!.id, enabled: true, blockOnFailure: false }]);

    const again = await gate.activateCheckoutValidation(admin);
    expect(again.ok && again.status.validation!.id).toBe(validation!.id);
    expect(await twinValidations(shop)).toHaveLength(1);

    const deactivated = await gate.deactivateCheckoutValidation(admin);
    expect(deactivated.ok && deactivated.status.validation).toMatchObject({ id: validation!.id, enabled: false });
    expect(await twinValidations(shop)).toMatchObject([{ gid: validation!.id, enabled: false }]);
    expect((await gate.deactivateCheckoutValidation(admin)).ok).toBe(true);

    const reactivated = await gate.activateCheckoutValidation(admin);
    expect(reactivated.ok && reactivated.status.validation).toMatchObject({ id: validation!.id, enabled: true });
  });

  it("two activations at once create one validation", async () => {
    const shop = await installShop();
    const admin = gate.shopAdmin(shop);
    const results = await Promise.all([gate.activateCheckoutValidation(admin), gate.activateCheckoutValidation(admin)]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(await twinValidations(shop)).toHaveLength(1);
  });

  it("stores the merchant's checkout message on the validation, keeps it enabled, and clears it", async () => {
    const shop = await installShop();
    const admin = gate.shopAdmin(shop);
    const activated = await gate.activateCheckoutValidation(admin, { message: "Ask IT to restore your access." });
    expect(activated.ok && activated.status.validation).toMatchObject({ enabled: true, message: "Ask IT to restore your access." });
    const [stored] = await twinValidations(shop);
    expect(stored!.metafields).toMatchObject([{ namespace: expect.stringMatching(/^app--\d+--scim$/), key: "checkout_message", type: "single_line_text_field", value: "Ask IT to restore your access." }]);

    const changed = await gate.setCheckoutMessage(admin, "Call the help desk.");
    expect(changed.ok && changed.status.validation).toMatchObject({ enabled: true, message: "Call the help desk." });
    const cleared = await gate.setCheckoutMessage(admin, null);
    expect(cleared.ok && cleared.status.validation).toMatchObject({ enabled: true, message: null });
    expect((await twinValidations(shop))[0]!.metafields).toEqual([]);

    await gate.deactivateCheckoutValidation(admin);
    const whileOff = await gate.setCheckoutMessage(admin, "Still stored while off.");
    expect(whileOff.ok && whileOff.status.validation).toMatchObject({ enabled: false, message: "Still stored while off." });
  });

  it("asks for an activation before a message can be stored", async () => {
    const shop = await installShop();
    const result = await gate.setCheckoutMessage(gate.shopAdmin(shop), "Too early.");
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/Turn on checkout blocking first/) });
    expect(await twinValidations(shop)).toEqual([]);
  });

  it("answers FUNCTION_NOT_FOUND, in plain words, when the function isn't deployed", async () => {
    const shop = await installShop();
    await control("PUT", "/functions", { functions: [] });
    try {
      const admin = gate.shopAdmin(shop);
      expect((await gate.readCheckoutValidation(admin)).function).toBeNull();
      const result = await gate.activateCheckoutValidation(admin);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual([{ field: ["validation", "functionHandle"], message: "Function not found.", code: "FUNCTION_NOT_FOUND" }]);
      expect(result.message).toMatch(/shopify app deploy/);
      expect(await twinValidations(shop)).toEqual([]);
    } finally {
      await control("PUT", "/functions", { functions: [{ handle: "deactivated-checkout-block", title: "Block deactivated people at checkout" }] });
    }
  });

  it("explains a shop that already has 25 active checkout rules", async () => {
    const shop = await installShop();
    for (let i = 0; i < 25; i++) await control("POST", `/shops/${shop}/validations`, { title: `Rule ${i}` });
    const result = await gate.activateCheckoutValidation(gate.shopAdmin(shop));
    expect(result).toMatchObject({ ok: false, errors: [{ code: "MAX_VALIDATIONS_ACTIVATED" }], message: expect.stringMatching(/25 active checkout rules/) });
    expect(result.status?.activeValidations).toBe(25);
  });

  it("removes extra validations of its function when activating", async () => {
    const shop = await installShop();
    const { accessToken } = (await prisma.session.findFirstOrThrow({ where: { shop, isOnline: false } })) as { accessToken: string };
    // Another process created one too (before this process's lock could help).
    for (let i = 0; i < 2; i++) {
      await fetch(`${twin.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken },
        body: JSON.stringify({ query: gate.VALIDATION_CREATE, variables: { validation: { functionHandle: "deactivated-checkout-block", enable: false } } }),
      });
    }
    const before = await gate.readCheckoutValidation(gate.shopAdmin(shop));
    expect(before.duplicates).toHaveLength(1);
    const result = await gate.activateCheckoutValidation(gate.shopAdmin(shop));
    expect(result.ok && result.status.duplicates).toEqual([]);
    expect(await twinValidations(shop)).toMatchObject([{ enabled: true }]);
  });
});

describe("access scopes from the app", () => {
  it("reads required, optional and granted scopes and copies grants onto the offline session", async () => {
    const shop = await installShop();
    const admin = gate.shopAdmin(shop);
    expect(await scopes.readAccessScopes(admin)).toEqual({
      granted: REQUIRED.split(","),
      required: REQUIRED.split(","),
      optional: ["write_customer_data_erasure"],
    });
    expect(scopes.scopeListIncludes(await scopes.sessionScopes(prisma, shop), scopes.ERASURE_SCOPE)).toBe(false);

    await control("POST", `/shops/${shop}/app-scopes/request`, { scopes: ["write_customer_data_erasure"] });
    const detail = await scopes.readAccessScopes(admin);
    expect(detail.granted).toContain("write_customer_data_erasure");
    expect(await scopes.syncSessionScopes(prisma, shop, detail.granted)).toBe(true);
    expect(await scopes.syncSessionScopes(prisma, shop, detail.granted)).toBe(false);
    expect(scopes.scopeListIncludes(await scopes.sessionScopes(prisma, shop), scopes.ERASURE_SCOPE)).toBe(true);
    // write implies read, as Shopify grants it.
    expect(scopes.scopeListIncludes("write_customers", "read_customers")).toBe(true);
  });
});
