// The People page's data access: search, filters, keyset pagination and one person, per shop.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { getPerson, listPeople, parsePeopleQuery } from "~/admin/people.server";
import { ensureShopInstalled } from "~/tenants/shops.server";
import { insertPerson, type PersonColumns } from "../support/directory";

async function newShop() {
  return ensureShopInstalled(`people-${randomUUID().slice(0, 8)}.myshopify.com`);
}

/** Everyone also has a work address, so search can be shown to find people by any of their emails. */
function person(shopId: string, userName: string, columns: PersonColumns = {}) {
  return insertPerson(shopId, userName, { attributes: { userName, emails: [{ value: `work.${userName}`, type: "work" }, { value: userName, primary: true }] }, ...columns });
}

describe("people", () => {
  it("searches, filters and pages through a shop's directory only", async () => {
    const shop = await newShop();
    const other = await newShop();
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 23; i++) await person(shop.id, `p${String(i).padStart(2, "0")}@corp.example`, { createdAt: new Date(base + Math.floor(i / 2)) });
    await person(shop.id, "Ann.Lee@Example.com", { displayName: "Ann Lee", active: false, syncState: "synced", createdAt: new Date(base + 100) });
    await person(other.id, "ann.lee@example.com");

    const seen: string[] = [];
    let page = await listPeople(shop.id, parsePeopleQuery(new URLSearchParams()), 5);
    seen.push(...page.rows.map((r) => r.id));
    while (page.next) {
      page = await listPeople(shop.id, { q: "", after: page.next }, 5);
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
    const back = await listPeople(shop.id, { q: "", before: page.previous! }, 5);
    expect(back.rows).toHaveLength(5);

    const names = async (params: string) => (await listPeople(shop.id, parsePeopleQuery(new URLSearchParams(params)))).rows.map((r) => r.userName);
    expect(await names("q=ann.lee")).toEqual(["Ann.Lee@Example.com"]);
    expect(await names("q=work.ann")).toEqual(["Ann.Lee@Example.com"]);
    expect(await names("q=Lee")).toEqual(["Ann.Lee@Example.com"]);
    expect(await names("status=deactivated")).toEqual(["Ann.Lee@Example.com"]);
    expect(await names("sync=synced")).toEqual(["Ann.Lee@Example.com"]);
    expect((await names("status=active")).length).toBe(23);
    expect((await names("status=bogus&sync=nope")).length).toBe(24);
  });

  it("shows one person with their primary email, and nothing of another shop", async () => {
    const shop = await newShop();
    const other = await newShop();
    const id = await person(shop.id, "bo@example.com", {
      attributes: {
        userName: "bo@example.com",
        name: { givenName: "Bo", familyName: "Diddley" },
        emails: [{ value: "bo.work@example.com", type: "work" }, { value: "bo@example.com", primary: true }],
        phoneNumbers: [{ value: "+14155550100", type: "work" }],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Sales", manager: { value: "x", displayName: "Chuck" } },
      },
      attributeTags: ["department:Sales"],
    });
    const detail = (await getPerson(shop.id, id))!;
    expect(detail).toMatchObject({ email: "bo@example.com", givenName: "Bo", familyName: "Diddley", phone: "+14155550100", attributeTags: ["department:Sales"] });
    expect(detail.enterprise).toEqual([{ name: "department", value: "Sales" }, { name: "manager", value: "Chuck" }]);
    expect(await getPerson(other.id, id)).toBeNull();
  });

  it("lists each person's groups and filters by group", async () => {
    const shop = await newShop();
    const ann = await person(shop.id, "ann@groups.example");
    const bob = await person(shop.id, "bob@groups.example");
    const sales = await prisma.scimGroup.create({ data: { id: randomUUID(), shopId: shop.id, displayName: "Sales", displayNameKey: "sales", tag: "group:Sales", tagKey: "group:sales" } });
    const eu = await prisma.scimGroup.create({ data: { id: randomUUID(), shopId: shop.id, displayName: "Wholesale EU", displayNameKey: "wholesale eu", tag: "group:Wholesale EU", tagKey: "group:wholesale eu" } });
    await prisma.scimGroupMember.createMany({
      data: [
        { groupId: sales.id, userId: ann, shopId: shop.id },
        { groupId: eu.id, userId: ann, shopId: shop.id },
        { groupId: eu.id, userId: bob, shopId: shop.id },
      ],
    });
    const all = await listPeople(shop.id, { q: "" });
    expect(Object.fromEntries(all.rows.map((r) => [r.userName, r.groups.map((g) => g.displayName).sort()]))).toEqual({
      "ann@groups.example": ["Sales", "Wholesale EU"],
      "bob@groups.example": ["Wholesale EU"],
    });
    expect((await listPeople(shop.id, { q: "", group: sales.id })).rows.map((r) => r.userName)).toEqual(["ann@groups.example"]);
    expect((await listPeople(shop.id, { q: "", group: eu.id })).rows).toHaveLength(2);
    expect((await getPerson(shop.id, ann))!.groups.map((g) => g.tag).sort()).toEqual(["group:Sales", "group:Wholesale EU"]);
    const other = await newShop();
    expect((await listPeople(other.id, { q: "", group: sales.id })).rows).toEqual([]);
  });
});
