// Accessibility of every admin page, checked by axe-core (WCAG 2.1 A and AA rules) in Chromium at
// 1280 and 390 px, with real data. Serious and critical findings fail the test; each is named
// with the elements it was found on.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminShop, createPerson, demoDb, freshAdminUrl, settled, shopId, uniqueEmail } from "./admin-support";

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).slice(0, 5).join(", ")}`);
}

test("every admin page passes axe's WCAG 2.1 AA rules at 1280 and 390 px", async ({ page, request }) => {
  test.setTimeout(180_000);
  const shop = await adminShop();
  const person = await createPerson(request, shop, shop.SCIM_TOKEN, uniqueEmail("a11y"), { displayName: "Ada Access" });
  await settled(shop, person.id);
  const db = demoDb();
  const eventId = (db.prepare("SELECT id FROM ProvisioningEvent WHERE shopId = ? AND resourceId = ? ORDER BY createdAt DESC").get(shopId(db, shop), person.id) as { id: string }).id;
  db.close();

  const pages = ["/app", "/app/log", `/app/log/${eventId}`, "/app/people", `/app/people/${person.id}`, "/app/tokens", "/app/settings", "/app/protection", "/app/privacy"];
  const found: string[] = [];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const pathname of pages) {
      await page.goto(await freshAdminUrl(shop, pathname));
      await expect(page.locator(".Polaris-Page")).toBeVisible();
      await page.waitForLoadState("networkidle");
      for (const line of await violations(page)) found.push(`${pathname} @${width}px: ${line}`);
    }
  }
  expect(found).toEqual([]);
});
