// Settings validation and persistence; what is saved is what the engine reads (resolveMapping).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { DEFAULT_MAPPING_FORM, checkSource, countLinkedPeople, saveSettings, settingsOf, validateSettings, type SettingsForm } from "~/admin/settings.server";
import { DEACTIVATION_OPTIONS, DELETED_CUSTOMER_OPTIONS, DELETE_OPTIONS } from "~/admin/settings-options";
import { DEFAULT_ATTRIBUTE_MAPPING, mapTags, mapUser, resolveMapping } from "~/sync/mapping";
import { DEACTIVATION_POLICIES, DELETED_CUSTOMER_POLICIES, DELETE_POLICIES } from "~/sync/user-delivery.server";
import { ensureShopInstalled } from "~/tenants/shops.server";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async function newShop() {
  return ensureShopInstalled(`settings-${randomUUID().slice(0, 8)}.myshopify.com`);
}

function form(overrides: Partial<SettingsForm> = {}): SettingsForm {
  return {
    deactivationPolicy: "mark",
    deletePolicy: "mark",
    deletedCustomerPolicy: "recreate",
    groupTagPrefix: "group:",
    ...structuredClone(DEFAULT_MAPPING_FORM),
    ...overrides,
  };
}

describe("settings options", () => {
  it("explain exactly the policies the engine offers", () => {
    expect(DEACTIVATION_OPTIONS.map((o) => o.value).sort()).toEqual([...DEACTIVATION_POLICIES].sort());
    expect(DELETE_OPTIONS.map((o) => o.value).sort()).toEqual([...DELETE_POLICIES].sort());
    expect(DELETED_CUSTOMER_OPTIONS.map((o) => o.value).sort()).toEqual([...DELETED_CUSTOMER_POLICIES].sort());
  });

  it("a new shop shows the engine's defaults", async () => {
    const shop = await newShop();
    expect(settingsOf(shop)).toEqual(form());
    expect(validateSettings(settingsOf(shop))).toEqual({ ok: true, value: form() });
  });
});

describe("source paths", () => {
  it("accepts the engine's default paths", () => {
    for (const [name, path] of Object.entries(DEFAULT_ATTRIBUTE_MAPPING.fields)) {
      expect(checkSource(path!, name === "address" ? "complex" : "simple"), path!).toBeNull();
    }
    for (const path of Object.values(DEFAULT_ATTRIBUTE_MAPPING.metafields)) expect(checkSource(path, "simple"), path).toBeNull();
  });

  it("accepts filters by type, alternatives and case differences", () => {
    expect(checkSource("emails[type=work].value|userName", "simple")).toBeNull();
    expect(checkSource("Name.GivenName", "simple")).toBeNull();
    expect(checkSource(`${ENTERPRISE}:manager.displayName`, "simple")).toBeNull();
    expect(checkSource("addresses[type=work]", "complex")).toBeNull();
  });

  it("explains what is wrong with a bad path", () => {
    expect(checkSource("nmae.givenName", "simple")).toMatch(/"nmae" is not a SCIM User attribute/);
    expect(checkSource("name.nickname", "simple")).toMatch(/"nickname" is not part of name/);
    expect(checkSource("emails", "simple")).toMatch(/has several parts/);
    expect(checkSource("name.givenName", "complex")).toMatch(/whole SCIM address/);
    expect(checkSource("userName[primary]", "simple")).toMatch(/single value/);
    expect(checkSource("password", "simple")).toMatch(/not a SCIM User attribute/);
    expect(checkSource("urn:example:custom:User:x", "simple")).toMatch(/Unknown schema/);
    expect(checkSource("userName|", "simple")).toMatch(/empty alternative/);
  });
});

describe("validateSettings", () => {
  it("reports every problem by field, in words", () => {
    const result = validateSettings({
      ...form(),
      deactivationPolicy: "explode",
      groupTagPrefix: "a,b",
      fields: { ...form().fields, email: "", phone: "phoneNumbers" },
      metafields: [
        { key: "Bad Key", path: "title" },
        { key: "scim_id", path: "title" },
        { key: "dept", path: "department" },
        { key: "dept", path: "" },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      deactivationPolicy: expect.stringMatching(/deactivated/),
      groupTagPrefix: expect.stringMatching(/commas/),
      "fields.email": expect.stringMatching(/Map the email/),
      "fields.phone": expect.stringMatching(/several parts/),
      "metafields.0.key": expect.stringMatching(/lower-case/),
      "metafields.1.key": expect.stringMatching(/kept by the app/),
      "metafields.2.path": expect.stringMatching(/"department" is not a SCIM User attribute/),
      "metafields.3.key": expect.stringMatching(/twice/),
      "metafields.3.path": expect.stringMatching(/remove the row/),
    });
  });

  it("explains what is wrong with a tag rule", () => {
    const result = validateSettings({
      ...form(),
      tags: [
        { prefix: "a,b", path: "title" },
        { prefix: "dept:", path: "department" },
        { prefix: "x:", path: "" },
        { prefix: "role:", path: "roles" },
        { prefix: "t:", path: "title" },
        { prefix: "T:", path: "Title" },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      "tags.0.prefix": expect.stringMatching(/commas/),
      "tags.1.path": expect.stringMatching(/"department" is not a SCIM User attribute/),
      "tags.2.path": expect.stringMatching(/remove the row/),
      "tags.3.path": expect.stringMatching(/several parts/),
      "tags.5.path": expect.stringMatching(/there twice/),
    });
    expect(result.errors["tags.4.path"]).toBeUndefined();
    expect(validateSettings({ ...form(), tags: Array.from({ length: 11 }, (_, i) => ({ prefix: `p${i}:`, path: "title" })) })).toMatchObject({
      ok: false,
      errors: { tags: "At most 10 tag rules." },
    });
  });

  it("refuses a body that is not a settings form at all", () => {
    expect(validateSettings("nope").ok).toBe(false);
    expect(validateSettings({ ...form(), metafields: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}x`, path: "title" })) }).ok).toBe(false);
  });
});

describe("saveSettings", () => {
  it("persists, and the engine's resolveMapping reads exactly what was saved", async () => {
    const shop = await newShop();
    const wanted = form({
      deactivationPolicy: "delete_if_possible",
      deletePolicy: "unlink",
      deletedCustomerPolicy: "report",
      groupTagPrefix: "team-",
      fields: { ...form().fields, firstName: "nickName|name.givenName", phone: "", locale: "locale" },
      metafields: [
        { key: "department", path: `${ENTERPRISE}:department` },
        { key: "job_title", path: "title" },
      ],
      tags: [
        { prefix: "department:", path: `${ENTERPRISE}:department` },
        { prefix: "", path: "roles.value" },
      ],
    });
    const saved = await saveSettings(shop.id, wanted);
    expect(saved).toEqual({ ok: true, settings: wanted, mappingChanged: true });
    const row = await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(settingsOf(row)).toEqual(wanted);
    const mapping = resolveMapping(row.attributeMapping);
    expect(mapping.fields.phone).toBeNull();
    expect(mapping.metafields).toEqual({ department: `${ENTERPRISE}:department`, job_title: "title" });
    // What the engine would write for a person now.
    const mapped = mapUser(
      { userName: "ann@x.com", nickName: "Annie", name: { givenName: "Ann" }, title: "Buyer", phoneNumbers: [{ value: "+14155550100" }] } as never,
      mapping,
      "all",
    );
    expect(mapped.fields.firstName).toBe("Annie");
    expect(mapped.fields.phone ?? null).toBeNull();
    expect(JSON.stringify(mapped)).toContain("Buyer");
    expect(mapping.tags).toEqual(wanted.tags);
    expect(mapTags({ roles: [{ value: "wholesale" }], [ENTERPRISE]: { department: "Sales" } } as never, mapping).tags).toEqual(["department:Sales", "wholesale"]);
    // Saving the same mapping again (only a policy changed) is not a new mapping.
    expect(await saveSettings(shop.id, { ...wanted, deletePolicy: "mark" })).toMatchObject({ ok: true, mappingChanged: false });
  });

  it("counts the people a new mapping would re-deliver", async () => {
    const shop = await newShop();
    const base = { shopId: shop.id, attributes: {}, userName: "", userNameKey: "" };
    await prisma.scimUser.createMany({
      data: [
        { ...base, id: randomUUID(), userName: "a", userNameKey: "a", customerId: "gid://shopify/Customer/1", syncState: "synced" },
        { ...base, id: randomUUID(), userName: "b", userNameKey: "b", customerId: "gid://shopify/Customer/2", syncState: "failed" },
        { ...base, id: randomUUID(), userName: "c", userNameKey: "c", customerId: "gid://shopify/Customer/3", syncState: "unlinked" },
        { ...base, id: randomUUID(), userName: "d", userNameKey: "d" },
      ],
    });
    expect(await countLinkedPeople(shop.id)).toBe(2);
  });

  it("saves nothing when the form is invalid", async () => {
    const shop = await newShop();
    const result = await saveSettings(shop.id, form({ groupTagPrefix: "x,y" }));
    expect(result.ok).toBe(false);
    const row = await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(row.groupTagPrefix).toBe("group:");
    expect(row.attributeMapping).toBeNull();
  });
});
