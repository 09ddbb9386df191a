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
