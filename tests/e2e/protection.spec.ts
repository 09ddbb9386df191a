import { expect, test, type Page } from "@playwright/test";
import { adminUrl, mintSessionToken } from "../../scripts/lib/session-token.mjs";
import { readDemoAppCredentials, readDemoShops, type DemoShop } from "./demo-credentials";

// The "Storefront & checkout protection" page of the demo, in Chromium: it renders at desktop and
// phone widths, turning checkout blocking on shows it on and enables the validation in the Shopify
// twin, and the optional data erasure permission goes through App Bridge's permission modal.

async function openProtection(page: Page, shop: DemoShop): Promise<void> {
  const { apiKey, apiSecret } = readDemoAppCredentials();
  const idToken = await mintSessionToken({ shop: shop.SHOPIFY_SHOP, apiKey, apiSecret });
  const url = new URL(adminUrl(shop.SCIM_BASE_URL.replace(/\/scim\/v2$/, ""), shop.SHOPIFY_SHOP, idToken));
  url.pathname = "/app/protection";
  await page.goto(url.href);
  await expect(page.locator(".Polaris-Page")).toBeVisible();
}

/** The shop's validations as Shopify's Admin API reports them (the demo's developer token). */
async function validations(request: import("@playwright/test").APIRequestContext, shop: DemoShop) {
  const response = await request.post(shop.SHOPIFY_ADMIN_API_URL, {
    headers: { "X-Shopify-Access-Token": shop.SHOPIFY_ACCESS_TOKEN, "Content-Type": "application/json" },
    data: { query: "{ validations(first: 25) { nodes { title enabled blockOnFailure shopifyFunction { handle } } } }" },
  });
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.errors).toBeUndefined();
  return body.data.validations.nodes as Array<{ title: string; enabled: boolean; blockOnFailure: boolean; shopifyFunction: { handle: string } }>;
}

test.describe("Storefront & checkout protection", () => {
  for (const width of [1280, 390]) {
    test(`renders every section at ${width}px`, async ({ page }, testInfo) => {
      const [shop] = await readDemoShops();
      const pageErrors: Error[] = [];
      page.on("pageerror", (error) => pageErrors.push(error));
      await page.setViewportSize({ width, height: 900 });
      await openProtection(page, shop!);
      await expect(page.getByRole("heading", { name: "Storefront & checkout protection", level: 1 })).toHaveCount(1);
      for (const section of ["Checkout blocking", "Guest checkout", "Storefront notice", "Permissions"]) {
        await expect(page.getByRole("region", { name: section }).getByRole("heading", { name: section, level: 2 })).toBeVisible();
      }
      await expect(page.getByLabel("Message shown at checkout")).toBeVisible();
      const editor = page.getByRole("link", { name: "Turn on in the theme editor" });
      await expect(editor).toHaveAttribute("href", new RegExp(`^https://${shop!.SHOPIFY_SHOP.replace(/\./g, "\\.")}/admin/themes/current/editor\\?context=apps&activateAppId=demo-[0-9a-f]+/deprovisioning$`));
      await expect(page.getByText("write_validations", { exact: true })).toBeVisible();
      // Nothing wider than the viewport (no sideways scrolling on a phone).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: testInfo.outputPath(`protection-${width}.png`), fullPage: true });
      expect(pageErrors).toEqual([]);
    });
  }

  test("turning checkout blocking on enables the validation in Shopify, and off again", async ({ page, request }, testInfo) => {
    const [shop] = await readDemoShops();
    await openProtection(page, shop!);
    const card = page.getByRole("region", { name: "Checkout blocking" });
    await expect(card.getByText("Off", { exact: true })).toBeVisible();

    await page.getByLabel("Message shown at checkout").fill("Ask IT to restore your access.");
    await page.getByRole("button", { name: "Turn on checkout blocking" }).click();
    await expect(card.getByText("On", { exact: true })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Checkout blocking is on" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Turn off checkout blocking" })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("protection-on.png"), fullPage: true });

    const ours = (await validations(request, shop!)).filter((validation) => validation.shopifyFunction.handle === "deactivated-checkout-block");
    expect(ours).toEqual([{ title: "Block deactivated people at checkout", enabled: true, blockOnFailure: false, shopifyFunction: { handle: "deactivated-checkout-block" } }]);
    // The message is stored on the validation, where the function reads it.
    const twin = new URL(shop!.SHOPIFY_ADMIN_API_URL).origin;
    const dump = await (await request.get(`${twin}/__twin/shops/${shop!.SHOPIFY_SHOP}/validations`)).json();
    expect(dump.validations[0].metafields).toMatchObject([{ key: "checkout_message", value: "Ask IT to restore your access." }]);

    // A reload shows what Shopify has, not what the page remembered.
    await openProtection(page, shop!);
    await expect(card.getByText("On", { exact: true })).toBeVisible();
    await expect(page.getByLabel("Message shown at checkout")).toHaveValue("Ask IT to restore your access.");

    await page.getByRole("button", { name: "Turn off checkout blocking" }).click();
    await expect(card.getByText("Off", { exact: true })).toBeVisible();
    expect((await validations(request, shop!)).filter((validation) => validation.enabled)).toEqual([]);
  });

  test("the optional data erasure permission is granted through App Bridge's permission modal", async ({ page, request }) => {
    const [shop] = await readDemoShops();
    const twin = new URL(shop!.SHOPIFY_ADMIN_API_URL).origin;
    const granted = async () => ((await (await request.get(`${twin}/__twin/shops/${shop!.SHOPIFY_SHOP}/app-scopes`)).json()) as { granted: string[] }).granted;
    await openProtection(page, shop!);
    expect(await granted()).not.toContain("write_customer_data_erasure");

    // Declining changes nothing.
    await page.getByRole("button", { name: "Grant data erasure permission" }).click();
    const modal = page.getByRole("dialog", { name: "Grant additional access?" });
    await expect(modal).toBeVisible();
    await expect(modal.getByText("write_customer_data_erasure")).toBeVisible();
    await modal.getByRole("button", { name: "Decline" }).click();
    await expect(modal).toBeHidden();
    expect(await granted()).not.toContain("write_customer_data_erasure");

    await page.getByRole("button", { name: "Grant data erasure permission" }).click();
    await modal.getByRole("button", { name: "Grant access" }).click();
    await expect(page.getByRole("button", { name: "Remove data erasure permission" })).toBeVisible();
    expect(await granted()).toContain("write_customer_data_erasure");

    await page.getByRole("button", { name: "Remove data erasure permission" }).click();
    await expect(page.getByRole("button", { name: "Grant data erasure permission" })).toBeVisible();
    expect(await granted()).not.toContain("write_customer_data_erasure");
  });
});
