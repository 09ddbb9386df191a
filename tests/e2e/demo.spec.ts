import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_DEMO_DIR } from "../../playwright.config";
import { adminUrl, mintSessionToken } from "../../scripts/lib/session-token.mjs";
import { readDemoAppCredentials, readDemoShops } from "./demo-credentials";

test.describe("npm run demo", () => {
  test("prints the six lines, and each one works", async ({ request }) => {
    const [shop] = await readDemoShops();
    expect(Object.keys(shop)).toEqual([
      "SCIM_BASE_URL",
      "SCIM_TOKEN",
      "SHOPIFY_SHOP",
      "SHOPIFY_ADMIN_API_URL",
      "SHOPIFY_ACCESS_TOKEN",
      "ADMIN_URL",
    ]);
    expect(shop.SCIM_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(shop.SHOPIFY_SHOP).toMatch(/\.myshopify\.com$/);
    expect(shop.SHOPIFY_ADMIN_API_URL).toMatch(/\/admin\/api\/2026-10\/graphql\.json$/);

    const withToken = await request.get(`${shop.SCIM_BASE_URL}/ServiceProviderConfig`, {
      headers: { Authorization: `Bearer ${shop.SCIM_TOKEN}` },
    });
    expect(withToken.status()).toBe(200);
    expect(withToken.headers()["content-type"]).toContain("application/scim+json");
    expect((await withToken.json()).schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]);

    const withoutToken = await request.get(`${shop.SCIM_BASE_URL}/ServiceProviderConfig`);
    expect(withoutToken.status()).toBe(401);
    expect((await withoutToken.json()).status).toBe("401");

    const graphql = await request.post(shop.SHOPIFY_ADMIN_API_URL, {
      headers: { "X-Shopify-Access-Token": shop.SHOPIFY_ACCESS_TOKEN, "Content-Type": "application/json" },
      data: { query: "{ shop { name myshopifyDomain } }" },
    });
    expect(graphql.status()).toBe(200);
    expect((await graphql.json()).data.shop.myshopifyDomain).toBe(shop.SHOPIFY_SHOP);
  });

  test("the demo shop is a Plus store with B2B and Demo Wholesale Co; the second shop has no B2B", async ({ request }) => {
    const [plus, other] = await readDemoShops();
    const ask = async (demoShop: typeof plus, query: string) => {
      const response = await request.post(demoShop!.SHOPIFY_ADMIN_API_URL, {
        headers: { "X-Shopify-Access-Token": demoShop!.SHOPIFY_ACCESS_TOKEN, "Content-Type": "application/json" },
        data: { query },
      });
      return response.json();
    };
    const b2b = await ask(plus, `{ shop { plan { shopifyPlus } entitlements { b2b { enabled } } } companies(first: 5) { nodes { name locations(first: 5) { nodes { name } } } } }`);
    expect(b2b.data).toEqual({
      shop: { plan: { shopifyPlus: true }, entitlements: { b2b: { enabled: true } } },
      companies: { nodes: [{ name: "Demo Wholesale Co", locations: { nodes: [{ name: "Demo Wholesale Co HQ" }] } }] },
    });
    const without = await ask(other, `{ shop { plan { shopifyPlus } entitlements { b2b { enabled } } } }`);
    expect(without.data.shop).toEqual({ plan: { shopifyPlus: false }, entitlements: { b2b: { enabled: false } } });
  });

  test("runs the app on the project's Node 22 (package.json's node package)", async () => {
    await readDemoShops();
    const projectNode = `v${JSON.parse(fs.readFileSync("package.json", "utf8")).dependencies.node}`;
    const started = fs
      .readFileSync(path.join(E2E_DEMO_DIR, "app.log"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === "app listening");
    expect(started?.node).toBe(projectNode);
  });

  for (const width of [1280, 390]) {
    test(`ADMIN_URL renders the Polaris admin page at ${width}px`, async ({ page }, testInfo) => {
      const [shop] = await readDemoShops();
      const pageErrors: Error[] = [];
      page.on("pageerror", (error) => pageErrors.push(error));
      await page.setViewportSize({ width, height: 900 });
      await page.goto(shop.ADMIN_URL);
      await expect(page.locator(".Polaris-Page")).toBeVisible();
      await expect(page.getByRole("heading", { name: `Provisioning for ${shop.SHOPIFY_SHOP}` })).toBeVisible();
      await expect(page.getByText("SCIM on", { exact: true })).toBeVisible();
      await expect(page.getByLabel("SCIM base URL")).toHaveValue(shop.SCIM_BASE_URL);
      await page.screenshot({ path: testInfo.outputPath(`admin-${width}.png`), fullPage: true });
      expect(pageErrors).toEqual([]);
    });
  }
});

test.describe("admin page actions", () => {
  test("generates a token shown once, and the SCIM switch takes effect at once", async ({ page, request }) => {
    const [shop] = await readDemoShops();
    await page.goto(shop.ADMIN_URL);
    await page.getByRole("button", { name: "Generate token" }).click();
    const tokenField = page.getByLabel("New SCIM token");
    await expect(tokenField).toHaveValue(/^scim_/);
    const token = await tokenField.inputValue();
    await expect(page.getByText("2 active tokens.")).toBeVisible();

    const config = () =>
      request.get(`${shop.SCIM_BASE_URL}/ServiceProviderConfig`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await config()).status()).toBe(200);

    await page.getByRole("button", { name: "Turn SCIM off" }).click();
    await expect(page.getByText("SCIM off", { exact: true })).toBeVisible();
    const refused = await config();
    expect(refused.status()).toBe(403);
    expect((await refused.json()).detail).toMatch(/switched off/);

    await page.getByRole("button", { name: "Turn SCIM on" }).click();
    await expect(page.getByText("SCIM on", { exact: true })).toBeVisible();
    expect((await config()).status()).toBe(200);
  });
});

test.describe("session tokens", () => {
  test("an expired id_token goes through the bounce page and comes back with a fresh one", async ({ page }) => {
    const [shop] = await readDemoShops();
    const { apiKey, apiSecret } = readDemoAppCredentials();
    // Shopify's session tokens live one minute; this one ran out ten minutes ago.
    const expired = await mintSessionToken({ shop: shop.SHOPIFY_SHOP, apiKey, apiSecret, lifetimeSeconds: -600 });
    const visited: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
    });
    await page.goto(adminUrl(new URL(shop.SCIM_BASE_URL).origin, shop.SHOPIFY_SHOP, expired));
    await expect(page.getByRole("heading", { name: `Provisioning for ${shop.SHOPIFY_SHOP}` })).toBeVisible();
    expect(visited).toContain("/auth/session-token");
    expect(new URL(page.url()).searchParams.get("id_token")).not.toBe(expired);
  });
});
