// Unit tests for the pure parts of the provisioning engine: budget model, backoff, mapping.
import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";
import { ShopBudget } from "./budget";
import { storedTags } from "./customer-tags";
import { DEFAULT_ATTRIBUTE_MAPPING, ENTERPRISE, mapTags, mapUser, normaliseLocale, normalisePhone, resolveAllValues, resolveMapping } from "./mapping";

describe("ShopBudget", () => {
  it("restores at the reported rate, caps at the bucket, and counts reservations", () => {
    const budget = new ShopBudget(0, { margin: 0 });
    budget.observe({ maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 }, 0);
    expect(budget.available(1_000)).toBe(100);
    expect(budget.available(60_000)).toBe(2000);
    budget.reserve(50);
    expect(budget.available(1_000)).toBe(50);
    expect(budget.waitFor(100, 1_000)).toBe(500);
    budget.release(50);
    expect(budget.canStart(100, 1_000)).toBe(true);
  });

  it("pauses after THROTTLED until the requested cost has restored", () => {
    const budget = new ShopBudget(0, { margin: 0 });
    const wait = budget.throttled({ maximumAvailable: 2000, currentlyAvailable: 5, restoreRate: 100 }, 25, 0);
    expect(wait).toBe(200);
    expect(budget.canStart(1, 100)).toBe(false);
    expect(budget.canStart(1, 200)).toBe(true);
    expect(budget.throttledCount).toBe(1);
  });
});

describe("backoffDelay", () => {
  it("grows exponentially with jitter and is capped", () => {
    expect(backoffDelay(1, { baseMs: 1000, random: () => 0 })).toBe(500);
    expect(backoffDelay(1, { baseMs: 1000, random: () => 1 })).toBe(1000);
    expect(backoffDelay(4, { baseMs: 1000, random: () => 1 })).toBe(8000);
    expect(backoffDelay(40, { baseMs: 1000, capMs: 60_000, random: () => 1 })).toBe(60_000);
  });
});

describe("mapping", () => {
  const attributes = {
    userName: "ada@corp.example",
    name: { givenName: "Ada", familyName: "Lovelace" },
    emails: [{ value: "other@corp.example" }, { value: "Ada@Corp.Example", primary: true }],
    phoneNumbers: [{ value: "(613) 555-0101", type: "work" }],
    addresses: [{ streetAddress: "1 Main St\nSuite 2", locality: "Ottawa", region: "ON", postalCode: "K1A 0B1", country: "CA", primary: true }],
    locale: "en_CA",
    externalId: "00u1",
    [ENTERPRISE]: { department: "R&D", manager: { value: "00u9" } },
  };

  it("maps the defaults, with E.164 phones using the address country", () => {
    const mapped = mapUser(attributes as never, DEFAULT_ATTRIBUTE_MAPPING, "all");
    expect(mapped.fields).toEqual({ email: "ada@corp.example", firstName: "Ada", lastName: "Lovelace", phone: "+16135550101", locale: "en-CA" });
    expect(mapped.address).toMatchObject({ address1: "1 Main St", address2: "Suite 2", city: "Ottawa", province: "ON", zip: "K1A 0B1", countryCode: "CA" });
    expect(mapped.metafields).toEqual([
      { key: "external_id", value: "00u1" },
      { key: "department", value: "R&D" },
      { key: "manager", value: "00u9" },
    ]);
    expect(mapped.warnings).toEqual([]);
  });

  it("clears a field only when the IdP changed it, and drops invalid phones with a warning", () => {
    const sparse = { userName: "x@corp.example", phoneNumbers: [{ value: "not a phone" }] };
    const unrelated = mapUser(sparse as never, DEFAULT_ATTRIBUTE_MAPPING, new Set(["title"]));
    expect("firstName" in unrelated.fields).toBe(false);
    const renamed = mapUser(sparse as never, DEFAULT_ATTRIBUTE_MAPPING, new Set(["name.givenName"]));
    expect(renamed.fields.firstName).toBeNull();
    expect(renamed.warnings[0]).toMatch(/not a valid international number/);
    expect(renamed.fields.email).toBe("x@corp.example");
  });

  it("merges a stored mapping over the defaults and protects the engine's own keys", () => {
    const mapping = resolveMapping({ fields: { phone: null, firstName: "nickName" }, metafields: { title: "title", scim_id: "userName", manager: null } });
    expect(mapping.fields.phone).toBeNull();
    expect(mapping.fields.firstName).toBe("nickName");
    expect(mapping.metafields["title"]).toBe("title");
    expect(mapping.metafields["scim_id"]).toBeUndefined();
    expect(mapping.metafields["manager"]).toBeUndefined();
  });

  it("normalises locales and phones", () => {
    expect(normaliseLocale("pt_br")).toBe("pt-BR");
    expect(normaliseLocale("!!")).toBeNull();
    expect(normalisePhone("+44 20 7946 0958")).toBe("+442079460958");
    expect(normalisePhone("12")).toBeNull();
  });
});

describe("tag rules", () => {
  const attributes = {
    userName: "ada@example.com",
    roles: [
      { value: "wholesale", primary: true },
      { value: "Buyer, EMEA" },
    ],
    emails: [
      { value: "ada@work.example", type: "work" },
      { value: "ada@home.example", type: "home", primary: true },
    ],
    [ENTERPRISE]: { department: "Sales", costCenter: "" },
  } as never;

  it("give prefix + value, one tag per value of a multi-valued attribute, commas made spaces", () => {
    const mapping = resolveMapping({
      tags: [
        { prefix: "department:", path: `${ENTERPRISE}:department` },
        { prefix: "role-", path: "roles.value" },
        { prefix: "", path: "emails[type=work].value" },
      ],
    });
    expect(mapTags(attributes, mapping)).toEqual({ tags: ["department:Sales", "role-wholesale", "role-Buyer EMEA", "ada@work.example"], warnings: [] });
  });

  it("take the first alternative with a value, skip empty values and case-insensitive duplicates", () => {
    const mapping = resolveMapping({
      tags: [
        { prefix: "cc:", path: `${ENTERPRISE}:costCenter|${ENTERPRISE}:department` },
        { prefix: "CC:", path: `${ENTERPRISE}:department` },
        { prefix: "x:", path: "nickName" },
      ],
    });
    expect(mapTags(attributes, mapping).tags).toEqual(["cc:Sales"]);
  });

  it("never give the engine's own marks", () => {
    const mapping = resolveMapping({ tags: [{ prefix: "", path: "roles.value" }] });
    expect(mapTags({ roles: [{ value: "SCIM" }, { value: "scim:deactivated" }, { value: "buyer" }] } as never, mapping).tags).toEqual(["buyer"]);
  });

  it("cut a tag at Shopify's 255 characters with a warning", () => {
    const mapping = resolveMapping({ tags: [{ prefix: "t:", path: "title" }] });
    const { tags, warnings } = mapTags({ title: "x".repeat(300) } as never, mapping);
    expect(tags[0]).toHaveLength(255);
    expect(warnings[0]).toMatch(/longer than Shopify's 255 characters/);
  });

  it("are none by default, and malformed stored rules are ignored", () => {
    expect(DEFAULT_ATTRIBUTE_MAPPING.tags).toEqual([]);
    expect(resolveMapping({ tags: [{ prefix: "a:" }, null, "x", { path: " title ", prefix: 3 }] }).tags).toEqual([{ path: "title", prefix: "" }]);
  });

  it("resolveAllValues fans out over lists and follows selectors", () => {
    expect(resolveAllValues(attributes, "emails.value")).toEqual(["ada@work.example", "ada@home.example"]);
    expect(resolveAllValues(attributes, "emails[primary].value")).toEqual(["ada@home.example"]);
    expect(resolveAllValues(attributes, `${ENTERPRISE.toUpperCase()}:department`)).toEqual(["Sales"]);
    expect(resolveAllValues(attributes, "name.givenName")).toEqual([]);
  });

  it("storedTags reads the stored JSON list in either form", () => {
    expect(storedTags(["a", 1, "b"])).toEqual(["a", "b"]);
    expect(storedTags('["a","b"]')).toEqual(["a", "b"]);
    expect(storedTags("not json")).toEqual([]);
    expect(storedTags(null)).toEqual([]);
  });
});
