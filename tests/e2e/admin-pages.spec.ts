// Every admin page renders with real data (seeded through the real SCIM API and delivered to the
// Shopify twin by the engine), at 1280 and 390 px, with screenshots kept as artifacts.
import { expect, test, type Page } from "@playwright/test";
import { adminShop, createPerson, freshAdminUrl, navigate, openAdmin, scim, screenshots, settled, toast, uniqueEmail } from "./admin-support";
import { readDemoShops } from "./demo-credentials";

/** Opens a set-up guide: the Overview chooses the identity provider with a select. */
async function openGuide(page: Page, name: string) {
  await page.getByLabel("Identity provider").selectOption({ label: name });
  await expect(page.getByRole("region", { name: `${name} set-up guide` })).toBeVisible();
}

test.describe("admin pages", () => {
  test("overview, sync log, people, a person, tokens and settings render with real data", async ({ page, request }, testInfo) => {
    const shop = await adminShop();
    const ann = await createPerson(request, shop, shop.SCIM_TOKEN, uniqueEmail("ann"), { displayName: "Ann Pages", title: "Buyer" });
    const bob = await createPerson(request, shop, shop.SCIM_TOKEN, uniqueEmail("bob"));
    await settled(shop, bob.id);
    expect((await scim(request, shop, shop.SCIM_TOKEN, "PATCH", `/Users/${bob.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] })).status).toBe(200);
    await settled(shop, ann.id);
    await settled(shop, bob.id);

    const errors = await openAdmin(page, shop);
    // Overview: the switch, the base URL, the set-up guide, test connection and health.
    await expect(page.getByRole("heading", { name: `Provisioning for ${shop.SHOPIFY_SHOP}` })).toBeVisible();
    await expect(page.getByLabel("SCIM base URL")).toHaveValue(shop.SCIM_BASE_URL);
    await expect(page.getByRole("checkbox", { name: /Create new customers/ })).toBeChecked();
    // The request log is written within a second of the request: "Check again" until it shows.
    await expect(async () => {
      await page.getByRole("button", { name: "Check again" }).click();
      await expect(page.getByText(/Okta sent PATCH \/scim\/v2\/Users\//)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await expect(page.getByText("Connected", { exact: true })).toBeVisible();
    await expect(page.getByText("SCIM connector base URL")).toBeVisible();
    for (const idp of ["Microsoft Entra ID", "OneLogin", "JumpCloud"]) await openGuide(page, idp);
    await expect(page.getByText("Token Key")).toBeVisible();
    await openGuide(page, "PingOne");
    await expect(page.getByText("OAuth Access Token", { exact: true })).toBeVisible();
    await openGuide(page, "Rippling");
    await expect(page.getByText("SCIM Authorization Method", { exact: true })).toBeVisible();
    await openGuide(page, "Other SCIM 2.0 client");
    await expect(page.getByLabel("Example connection test")).toContainText(`${shop.SCIM_BASE_URL}/Users?filter=`);
    // At phone width the first and the last guide still open, and no guide makes the page wider than the screen.
    await page.setViewportSize({ width: 390, height: 900 });
    for (const [idp, label] of [
      ["Okta", "SCIM connector base URL"],
      ["Other SCIM 2.0 client", "Not supported"],
    ] as const) {
      await openGuide(page, idp);
      await expect(page.getByText(label, { exact: true })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(page.getByRole("img", { name: /events in 14 days/ })).toBeVisible();
    await screenshots(page, testInfo, "overview", async () => {
      await expect(page.getByRole("heading", { name: "Health" })).toBeVisible();
    });

    // Sync log: the events, their people and actions; one event's panel.
    await navigate(page, "Sync log");
    const row = page.getByRole("row").filter({ hasText: "Ann Pages" }).first();
    await expect(row).toContainText("Create");
    await expect(row).toContainText("Created customer");
    await expect(row).toContainText("Delivered");
    await expect(page.getByRole("row").filter({ hasText: bob.userName }).filter({ hasText: "Marked deactivated" })).toBeVisible();
    await screenshots(page, testInfo, "sync-log", async () => {
      await expect(page.getByText("Ann Pages").first()).toBeVisible();
    });
    await row.getByRole("link", { name: "Ann Pages" }).click();
    const panel = page.getByRole("heading", { name: "Event details" });
    await expect(panel).toBeFocused();
    await expect(page.getByText("POST /Users")).toBeVisible();
    await expect(page.getByText(/Changed: .*userName/)).toBeVisible();
    await expect(page.getByRole("link", { name: /Open customer \d+ in Shopify/ })).toHaveAttribute("href", /^shopify:\/\/admin\/customers\/\d+$/);
    await screenshots(page, testInfo, "sync-log-event", async () => {
      await expect(panel).toBeVisible();
    });

    // People: the directory and a person's page with their history.
    await navigate(page, "People");
    await expect(page.getByRole("row").filter({ hasText: bob.userName })).toContainText("Deactivated");
    await screenshots(page, testInfo, "people", async () => {
      await expect(page.getByText("Ann Pages")).toBeVisible();
    });
    await page.getByRole("link", { name: "Ann Pages" }).click();
    await expect(page.getByRole("heading", { name: "Ann Pages", level: 2 })).toBeVisible();
    await expect(page.getByText("In sync")).toBeVisible();
    await expect(page.getByRole("link", { name: /Open customer \d+ in Shopify/ })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "Created customer" })).toBeVisible();
    await screenshots(page, testInfo, "person", async () => {
      await expect(page.getByText("Event history")).toBeVisible();
    });
    // Sync now: the person's whole state is delivered again, and the history shows it.
    await page.getByRole("button", { name: "Sync now" }).click();
    await expect(toast(page, "Sync queued")).toBeVisible();
    await expect(async () => {
      await page.goto(await freshAdminUrl(shop, `/app/people/${ann.id}`));
      await expect(page.getByRole("row").filter({ hasText: "Repair" }).filter({ hasText: "Updated customer" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await page.getByRole("button", { name: "People" }).click();
    await expect(page).toHaveURL(/\/app\/people(\?|$)/);

    // Tokens and Settings.
    await navigate(page, "Tokens");
    await expect(page.getByRole("row").filter({ hasText: shop.SCIM_TOKEN.slice(0, 11) })).toContainText("Active");
    await expect(page.getByRole("list", { name: "Token actions" })).toContainText(`Created ${shop.SCIM_TOKEN.slice(0, 11)}`);
    await screenshots(page, testInfo, "tokens", async () => {
      await expect(page.getByRole("heading", { name: "Audit trail" })).toBeVisible();
    });
    await navigate(page, "Settings");
    await expect(page.getByRole("radio", { name: /Mark the customer as deactivated/ }).first()).toBeChecked();
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue("emails[primary].value|userName");
    await screenshots(page, testInfo, "settings", async () => {
      await expect(page.getByRole("heading", { name: "Customer fields" })).toBeVisible();
    });
    expect(errors).toEqual([]);
  });

  test("one shop's admin never shows another shop's people", async ({ page, request }) => {
    const [first] = await readDemoShops();
    const shop = await adminShop();
    const secret = await createPerson(request, shop, shop.SCIM_TOKEN, uniqueEmail("second-shop-only"));
    await openAdmin(page, first!, `/app/people?q=${encodeURIComponent(secret.userName)}`);
    await expect(page.getByText("Nobody matches")).toBeVisible();
    await openAdmin(page, first!, `/app/people/${secret.id}`);
    await expect(page.getByText("Person not found")).toBeVisible();
    await openAdmin(page, shop, `/app/people?q=${encodeURIComponent(secret.userName)}`);
    await expect(page.getByRole("row").filter({ hasText: secret.userName })).toBeVisible();
  });

  test("empty states say what to do", async ({ page }) => {
    const shop = await adminShop();
    await openAdmin(page, shop, "/app/log?q=nobody-has-this-name");
    await expect(page.getByText("No events match")).toBeVisible();
    await openAdmin(page, shop, "/app/log/not-an-event");
    await expect(page.getByText("Event not found")).toBeVisible();
  });
});
