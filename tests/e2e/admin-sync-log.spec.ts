// The sync log against the engine and the Shopify twin: a delivery that fails (twin fault
// injected) shows as failed with a readable reason, Retry delivers it, the page refreshes itself
// while work is pending with backlog progress, filters and search narrow the table, and the CSV
// export holds what the table shows.
import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { adminShop, createPerson, demoDb, freshAdminUrl, openAdmin, scim, setTwinFaults, shopId, toast, uniqueEmail } from "./admin-support";

test.afterEach(async ({ request }) => {
  await setTwinFaults(request, await adminShop(), {});
});

function eventOf(shop: Awaited<ReturnType<typeof adminShop>>, scimId: string) {
  const db = demoDb();
  try {
    return db.prepare("SELECT id, state, attempts, maxAttempts FROM ProvisioningEvent WHERE shopId = ? AND resourceId = ? ORDER BY createdAt DESC").get(shopId(db, shop), scimId) as
      | { id: string; state: string; attempts: number; maxAttempts: number }
      | undefined;
  } finally {
    db.close();
  }
}

function runDueNow(sql: string, ...args: unknown[]): number {
  const db = demoDb();
  try {
    return db.prepare(sql).run(...args).changes;
  } finally {
    db.close();
  }
}

test("a failed delivery shows why in plain words, and Retry delivers it while the page refreshes itself", async ({ page, request }, testInfo) => {
  const shop = await adminShop();
  // Shopify answers every Admin API call with a 5xx.
  await setTwinFaults(request, shop, { errorRate: 1 });
  const failing = await createPerson(request, shop, shop.SCIM_TOKEN, uniqueEmail("fails"), { displayName: "Failing Person" });
  const waiting = [];
  for (let i = 0; i < 3; i++) waiting.push(await createPerson(request, shop, shop.SCIM_TOKEN, uniqueEmail(`waits${i}`)));

  // The engine retries with growing pauses; jump to its last attempt instead of waiting ~17 min.
  await expect.poll(() => eventOf(shop, failing.id)?.state, { timeout: 20_000 }).toBe("retry");
  await expect
    .poll(() => runDueNow("UPDATE ProvisioningEvent SET attempts = maxAttempts - 1, runAt = ? WHERE resourceId = ? AND state = 'retry'", Date.now(), failing.id), { timeout: 20_000 })
    .toBe(1);
  await expect.poll(() => eventOf(shop, failing.id)?.state, { timeout: 20_000 }).toBe("failed");

  // The log, filtered to failures through the Status filter.
  const errors = await openAdmin(page, shop, "/app/log");
  await expect(page.getByText(/\d[\d,]* of \d[\d,]* delivered/)).toBeVisible();
  await page.getByRole("button", { name: "Status" }).click();
  await page.getByRole("checkbox", { name: "Failed" }).click();
  await expect(page).toHaveURL(/status=failed/);
  await page.keyboard.press("Escape");
  const row = page.getByRole("row").filter({ hasText: "Failing Person" });
  await expect(row).toContainText("Failed");
  await expect(page.getByRole("row").filter({ hasText: "Delivered" })).toHaveCount(0);
  await row.getByRole("link", { name: "Failing Person" }).click();
  await expect(page.getByText("Shopify could not be reached or had a temporary error. The app gave up after 10 attempts.")).toBeVisible();
  await expect(page.getByText(/use Retry once Shopify is available again/)).toBeVisible();
  await page.getByText("Exact message").click();
  await expect(page.getByText(/Gave up after 10 attempts\. Last error: Shopify answered HTTP 50\d to/)).toBeVisible();
  await expect(page.getByText("10 of 10 attempts")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("failed-event-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("failed-event-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Shopify is back. Retry: the engine delivers; the open page refreshes itself (no reload).
  await setTwinFaults(request, shop, {});
  runDueNow("UPDATE ProvisioningEvent SET runAt = ? WHERE shopId = (SELECT id FROM Shop WHERE shopDomain = ?) AND state = 'retry'", Date.now(), shop.SHOPIFY_SHOP);
  await page.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(toast(page, /events? queued again/)).toBeVisible();
  await expect(page.getByText("Delivered", { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Created customer").first()).toBeVisible();
  await expect(page.getByRole("link", { name: /Open customer \d+ in Shopify/ })).toBeVisible();
  for (const person of waiting) await expect.poll(() => eventOf(shop, person.id)?.state, { timeout: 30_000 }).toBe("completed");
  // Nothing pending any more: the progress card goes away by itself.
  await expect(page.getByText(/\d[\d,]* of \d[\d,]* delivered/)).toBeHidden({ timeout: 15_000 });

  await page.goto(await freshAdminUrl(shop, `/app/people?q=${encodeURIComponent(failing.userName)}`));
  await expect(page.getByRole("row").filter({ hasText: "Failing Person" })).toContainText("In sync");
  expect(errors).toEqual([]);
});

test("filters, search, pagination and CSV export", async ({ page, request }) => {
  const shop = await adminShop();
  const marker = uniqueEmail("csv");
  const person = await createPerson(request, shop, shop.SCIM_TOKEN, marker, { displayName: "Csv Person" });
  const patch = (operation: object) => scim(request, shop, shop.SCIM_TOKEN, "PATCH", `/Users/${person.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [operation] });
  // 55 profile changes (Entra's capitalised op), then a deactivation with Entra's string "False".
  for (let i = 0; i < 55; i++) expect((await patch({ op: "Replace", path: "title", value: `Title ${i}` })).status).toBe(200);
  expect((await patch({ op: "Replace", path: "active", value: "False" })).status).toBe(200);

  // Search and the operation filter through the URL; Clear all.
  await openAdmin(page, shop, `/app/log?q=${encodeURIComponent(marker)}&operation=create`);
  await expect(page.getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("row").nth(1)).toContainText("Create");
  await page.getByRole("button", { name: /Clear all/ }).click();
  await expect(page).not.toHaveURL(/operation=/);

  // 57 events for this person: a full page of 50, Older shows the other 7, Newer comes back.
  await openAdmin(page, shop, `/app/log?q=${encodeURIComponent(marker)}`);
  await expect(page.getByRole("row")).toHaveCount(51);
  const eventIds = () => page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.id));
  const firstPage = await eventIds();
  await page.getByRole("button", { name: "Older events" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByRole("row")).toHaveCount(8);
  await expect(page.getByRole("row").last()).toContainText("Create");
  await expect(page.getByRole("button", { name: "Older events" })).toBeDisabled();
  await page.getByRole("button", { name: "Newer events" }).click();
  await expect(page).toHaveURL(/before=/);
  await expect.poll(eventIds).toEqual(firstPage);
  await expect(page.getByRole("button", { name: "Newer events" })).toBeDisabled();

  // CSV: every matching event (not only the page), downloaded through the title bar.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file!, "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("time,event_id,resource_type,scim_id,user_name,display_name,idp_operation,status,attempts,shopify_action,customer_id,outcome,last_error");
  expect(csv).toHaveLength(58);
  expect(csv.at(-1)!.split(",")[6]).toBe("create");
  expect(csv[1]).toContain(marker);
});
