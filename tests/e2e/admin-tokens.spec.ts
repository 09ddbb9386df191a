// The token flow in Chromium: SCIM on → generate a token → call the SCIM API with it →
// the event in the sync log and the person under People → rotate with no grace (old token 401,
// new works) → rotate with a grace period (both work until it ends) → revoke; every step in the
// audit trail. "Until it ends" without waiting a real hour: the test moves the old token's
// expiresAt into the past in the demo's database, exactly what the clock would do.
import { expect, test, type Page } from "@playwright/test";
import { adminShop, createPerson, demoDb, freshAdminUrl, navigate, openAdmin, scim, toast, uniqueEmail } from "./admin-support";

async function tokenStatus(request: Parameters<typeof scim>[0], shop: Awaited<ReturnType<typeof adminShop>>, token: string) {
  return (await scim(request, shop, token, "GET", "/ServiceProviderConfig")).status;
}

async function rotate(page: Page, prefix: string, grace: string): Promise<string> {
  await page.getByRole("button", { name: `Rotate token ${prefix}` }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate token" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Keep the old token working for").selectOption(grace);
  await dialog.getByRole("button", { name: "Rotate token", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(toast(page, "Token rotated")).toBeVisible();
  const field = page.getByLabel("New SCIM token");
  await expect(field).toHaveValue(/^scim_/);
  return field.inputValue();
}

test("turn SCIM on, generate, use, rotate without and with grace, revoke: all audited", async ({ page, request }, testInfo) => {
  const shop = await adminShop();
  const errors = await openAdmin(page, shop);

  // SCIM off, then on again through the switch; the demo's token follows it.
  await page.getByRole("button", { name: "Turn SCIM off" }).click();
  await expect(page.getByText("SCIM off", { exact: true })).toBeVisible();
  await expect(page.getByText("Identity providers are refused (403)")).toBeVisible();
  await expect.poll(() => tokenStatus(request, shop, shop.SCIM_TOKEN)).toBe(403);
  await page.getByRole("button", { name: "Turn SCIM on" }).click();
  await expect(page.getByText("SCIM on", { exact: true })).toBeVisible();
  await expect.poll(() => tokenStatus(request, shop, shop.SCIM_TOKEN)).toBe(200);

  // Generate a token on the Tokens page: shown once, then only its prefix.
  await navigate(page, "Tokens");
  await page.getByLabel("Label (optional)").fill("E2E Okta");
  await page.getByRole("button", { name: "Generate token" }).click();
  const field = page.getByLabel("New SCIM token");
  await expect(field).toHaveValue(/^scim_[A-Za-z0-9_-]{43}$/);
  const first = await field.inputValue();
  const firstPrefix = first.slice(0, 11);
  const firstRow = page.getByRole("row").filter({ hasText: firstPrefix });
  await expect(firstRow).toContainText("E2E Okta");
  await expect(firstRow).toContainText("Active");
  await page.screenshot({ path: testInfo.outputPath("token-shown-once-1280.png"), fullPage: true });
  await page.getByRole("button", { name: "I copied it" }).click();
  await expect(page.getByLabel("New SCIM token")).toHaveCount(0);
  await expect(page.getByText(first)).toHaveCount(0);

  // Call the SCIM API with it: the event reaches the log and the person is under People.
  const person = await createPerson(request, shop, first, uniqueEmail("token-flow"));
  await navigate(page, "Sync log");
  await page.getByPlaceholder(/Search by person/).fill(person.userName);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole("row").filter({ hasText: person.userName })).toContainText("Create");
  await navigate(page, "People");
  await page.getByPlaceholder(/Search by name/).fill(person.userName);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole("row").filter({ hasText: person.userName })).toContainText("Active");
  await expect(page.getByRole("row")).toHaveCount(2); // the heading row and this person

  // Rotate with no grace period: the old token is refused at once, the new one works.
  await navigate(page, "Tokens");
  const second = await rotate(page, firstPrefix, "none");
  expect(await tokenStatus(request, shop, first)).toBe(401);
  expect(await tokenStatus(request, shop, second)).toBe(200);
  await expect(page.getByRole("row").filter({ hasText: firstPrefix })).toContainText("Revoked");
  await expect(page.getByText(/Replaces scim_.{6}… \(no grace period\)/)).toBeVisible();

  // Rotate with a grace period: both work until it ends.
  const secondPrefix = second.slice(0, 11);
  const third = await rotate(page, secondPrefix, "1h");
  expect(await tokenStatus(request, shop, second)).toBe(200);
  expect(await tokenStatus(request, shop, third)).toBe(200);
  const graceRow = page.getByRole("row").filter({ hasText: secondPrefix });
  await expect(graceRow).toContainText("Grace period");
  await expect(graceRow).toContainText("until");
  await page.screenshot({ path: testInfo.outputPath("token-grace-1280.png"), fullPage: true });

  // The grace period ends (its end moved to the past, as an hour passing would).
  const db = demoDb();
  try {
    const { changes } = db.prepare("UPDATE ScimToken SET expiresAt = ? WHERE prefix = ? AND revokedAt IS NULL").run(Date.now() - 1000, secondPrefix);
    expect(changes).toBe(1);
  } finally {
    db.close();
  }
  // The app caches credentials for up to 2 s; the IdP's next calls after that are refused.
  await expect.poll(() => tokenStatus(request, shop, second), { timeout: 10_000 }).toBe(401);
  expect(await tokenStatus(request, shop, third)).toBe(200);
  await page.goto(await freshAdminUrl(shop, "/app/tokens"));
  await expect(page.getByRole("row").filter({ hasText: secondPrefix })).toContainText("Expired");

  // Revoke the last one: it stops at once.
  const thirdPrefix = third.slice(0, 11);
  await page.getByRole("button", { name: `Revoke token ${thirdPrefix}` }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke token" });
  await expect(dialog).toContainText("stops working at once");
  await dialog.getByRole("button", { name: "Revoke token", exact: true }).click();
  await expect(toast(page, `Token ${thirdPrefix}… revoked`)).toBeVisible();
  expect(await tokenStatus(request, shop, third)).toBe(401);
  expect(await tokenStatus(request, shop, shop.SCIM_TOKEN)).toBe(200);

  // The audit trail tells the story, newest first, by the staff member who did it.
  const audit = page.getByRole("list", { name: "Token actions" }).getByRole("listitem");
  await expect(audit.nth(0)).toContainText(`Revoked ${thirdPrefix}… by You`);
  await expect(audit.nth(1)).toContainText(`Created ${thirdPrefix}… by You`);
  await expect(audit.nth(2)).toContainText(`Rotated ${secondPrefix}… by You`);
  await expect(audit.nth(2)).toContainText("(1 hour)");
  await expect(audit.nth(3)).toContainText(`Created ${secondPrefix}…`);
  await expect(audit.nth(4)).toContainText(`Rotated ${firstPrefix}…`);
  await expect(audit.nth(4)).toContainText("stopped working at once");
  await expect(audit.nth(5)).toContainText(`Created ${firstPrefix}…`);
  await expect(audit.nth(5)).toContainText('Created "E2E Okta"');
  await page.screenshot({ path: testInfo.outputPath("token-audit-1280.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("Escape closes a token modal without revoking", async ({ page }) => {
  const shop = await adminShop();
  await openAdmin(page, shop, "/app/tokens");
  const prefix = shop.SCIM_TOKEN.slice(0, 11);
  await page.getByRole("button", { name: `Revoke token ${prefix}` }).click();
  await expect(page.getByRole("dialog", { name: "Revoke token" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Revoke token" })).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: prefix })).toContainText("Active");
});
