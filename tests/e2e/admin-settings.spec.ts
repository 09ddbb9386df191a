// Settings through the save bar: changes persist, invalid ones are explained field by field and
// can be discarded, and what is saved changes what the engine writes to Shopify (the twin).
import { expect, test } from "@playwright/test";
import { adminShop, createPerson, demoDb, freshAdminUrl, navigate, openAdmin, scim, settled, shopifyCustomer, toast, uniqueEmail } from "./admin-support";

test.afterEach(async () => {
  // Back to the defaults for the other tests of this shop.
  const shop = await adminShop();
  const db = demoDb();
  try {
    db.prepare("UPDATE Shop SET attributeMapping = NULL, deactivationPolicy = 'mark', groupTagPrefix = 'group:' WHERE shopDomain = ?").run(shop.SHOPIFY_SHOP);
  } finally {
    db.close();
  }
});

test("settings persist through the save bar and change what the engine does", async ({ page, request }, testInfo) => {
  const shop = await adminShop();
  const errors = await openAdmin(page, shop);
  await navigate(page, "Settings");
  // The App Bridge save bar: its buttons are the app's own <button>s inside <ui-save-bar>.
  const saveBar = page.locator("ui-save-bar");
  await expect(page.getByRole("region", { name: "Unsaved changes" })).toBeHidden();

  // An invalid path is refused with the reason on the field; Discard puts everything back.
  await page.getByLabel("Last name").fill("nmae.familyName");
  await expect(page.getByRole("region", { name: "Unsaved changes" })).toBeVisible();
  await saveBar.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText('"nmae" is not a SCIM User attribute.')).toBeVisible();
  await expect(toast(page, "Fix the highlighted settings")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("settings-invalid-1280.png"), fullPage: true });
  await saveBar.getByRole("button", { name: "Discard" }).click();
  await expect(saveBar).toBeHidden();
  await expect(page.getByLabel("Last name")).toHaveValue("name.familyName");

  // Real changes: first name from the nickname, a job title metafield, delete on deactivation.
  await page.getByLabel("First name").fill("nickName|name.givenName");
  await page.getByRole("button", { name: "Add metafield" }).click();
  const rows = page.getByLabel(/Metafield \d+ key/);
  const last = await rows.count();
  await page.getByLabel(`Metafield ${last} key`).fill("job_title");
  await page.getByLabel(`Metafield ${last} SCIM attribute`).fill("title");
  // Polaris draws its own radio over the input: click the option's label, as a person does.
  await page.locator("label").filter({ hasText: "Delete the customer when Shopify allows it" }).first().click();
  await expect(page.getByRole("radio", { name: "Delete the customer when Shopify allows it" }).first()).toBeChecked();
  await page.getByLabel("Group tag prefix").fill("team-");
  await expect(page.getByText('gets the tag "team-Sales"')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("settings-save-bar-1280.png"), fullPage: false });
  await saveBar.getByRole("button", { name: "Save" }).click();
  await expect(toast(page, "Settings saved")).toBeVisible();
  await expect(saveBar).toBeHidden();

  // They persist.
  await page.goto(await freshAdminUrl(shop, "/app/settings"));
  await expect(page.getByLabel("First name")).toHaveValue("nickName|name.givenName");
  await expect(page.getByLabel(`Metafield ${last} key`)).toHaveValue("job_title");
  await expect(page.getByRole("radio", { name: "Delete the customer when Shopify allows it" }).first()).toBeChecked();
  await expect(page.getByLabel("Group tag prefix")).toHaveValue("team-");

  // The engine uses them: the customer gets the nickname and the job title metafield…
  const person = await createPerson(request, shop, shop.SCIM_TOKEN, uniqueEmail("settings"), { nickName: "Nick", title: "Buyer" });
  expect(await settled(shop, person.id)).toEqual(["completed"]);
  const db = demoDb();
  const customerId = (db.prepare("SELECT customerId FROM ScimUser WHERE id = ?").get(person.id) as { customerId: string }).customerId;
  db.close();
  const customer = await shopifyCustomer(request, shop, customerId);
  expect(customer?.firstName).toBe("Nick");
  expect(customer?.metafields.nodes.find((m) => m.key === "job_title")?.value).toBe("Buyer");

  // …and deactivating the person deletes the customer (no orders), as the policy now says.
  const patched = await scim(request, shop, shop.SCIM_TOKEN, "PATCH", `/Users/${person.id}`, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "replace", value: { active: false } }],
  });
  expect(patched.status).toBe(200);
  await settled(shop, person.id);
  expect(await shopifyCustomer(request, shop, customerId)).toBeNull();
  await navigate(page, "Sync log");
  await page.getByPlaceholder(/Search by person/).fill(person.userName);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole("row").filter({ hasText: "Deleted customer" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a tag rule tags customers, a new mapping reaches people already provisioned, and reconcile runs as a queued job", async ({ page, request }, testInfo) => {
  const shop = await adminShop();
  // Provisioned before the rule exists: no department tag yet.
  const before = await createPerson(request, shop, shop.SCIM_TOKEN, uniqueEmail("tags-before"), {
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Research" },
  });
  expect(await settled(shop, before.id)).toEqual(["completed"]);
  const customerOf = (scimId: string) => {
    const db = demoDb();
    try {
      return (db.prepare("SELECT customerId FROM ScimUser WHERE id = ?").get(scimId) as { customerId: string }).customerId;
    } finally {
      db.close();
    }
  };
  const beforeCustomer = customerOf(before.id);
  expect((await shopifyCustomer(request, shop, beforeCustomer))?.tags).not.toContain("department:Research");

  const errors = await openAdmin(page, shop);
  await navigate(page, "Settings");
  await page.getByRole("button", { name: "Add tag rule" }).click();
  await expect(page.getByLabel("Tag rule 1 prefix")).toHaveValue("department:");
  await expect(page.getByLabel("Tag rule 1 SCIM attribute")).toHaveValue("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
  await expect(page.getByText('e.g. "department:Sales"')).toBeVisible();
  // A bad path is explained on its row.
  await page.getByLabel("Tag rule 1 SCIM attribute").fill("departement");
  await page.locator("ui-save-bar").getByRole("button", { name: "Save" }).click();
  await expect(page.getByText('"departement" is not a SCIM User attribute.')).toBeVisible();
  await page.getByLabel("Tag rule 1 SCIM attribute").fill("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
  await page.locator("ui-save-bar").getByRole("button", { name: "Save" }).click();
  await expect(toast(page, "Settings saved")).toBeVisible();

  // Saved: people already provisioned keep the old values until the merchant applies it.
  const apply = page.getByRole("button", { name: /^Update [\d,]+ customers? now$/ });
  await expect(page.getByText("The new mapping applies to changes from now on")).toBeVisible();
  // The same update stays available below the mapping after the banner is gone.
  await expect(page.getByRole("button", { name: /^Update all [\d,]+ customers? now$/ })).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath("settings-tag-rule-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("settings-tag-rule-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // A person created now gets the tag at once.
  const after = await createPerson(request, shop, shop.SCIM_TOKEN, uniqueEmail("tags-after"), {
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Sales" },
  });
  expect(await settled(shop, after.id)).toEqual(["completed"]);
  expect((await shopifyCustomer(request, shop, customerOf(after.id)))?.tags).toContain("department:Sales");

  // "Update N customers now" queues the remap job; the earlier person gets their tag.
  await apply.click();
  await expect(toast(page, "New mapping queued for everyone")).toBeVisible();
  await expect.poll(async () => (await shopifyCustomer(request, shop, beforeCustomer))?.tags ?? [], { timeout: 60_000 }).toContain("department:Research");

  // The job and the person's re-delivery are in the sync log.
  await navigate(page, "Sync log");
  await expect(page.getByRole("row").filter({ hasText: "Whole store" }).filter({ hasText: "Apply the new mapping" }).first()).toBeVisible();

  // Reconcile now: queued, not run in the request; the log shows its outcome when it is done.
  await page.getByRole("button", { name: "Reconcile now" }).click();
  await expect(toast(page, /^(Reconcile queued|A reconcile is already queued)$/)).toBeVisible();
  await expect(page.getByText(/^Last reconciled/)).toBeVisible({ timeout: 60_000 });
  const row = page.getByRole("row").filter({ hasText: "Reconcile the store" }).first();
  await expect(row).toContainText("Compared with Shopify");
  await row.getByRole("link", { name: "Whole store" }).click();
  await expect(page.getByText(/^Compared [\d,]+ (person|people) with [\d,]+ provisioned Shopify customers: /)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("reconcile-event-1280.png"), fullPage: true });
  expect(errors).toEqual([]);
});
