// One shop's SCIM token never reads or changes another shop's users.
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { newTenant } from "../support/scim-client";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("tenant isolation", () => {
  it("shop A's token sees none of shop B's users, by list, filter, id, .search or Bulk, and cannot change or delete them", async () => {
    const a = await newTenant("shopa");
    const b = await newTenant("shopb");
    const bUser = (await b.call({ method: "POST", path: "/Users", body: { userName: "secret@b.test", externalId: "B-1", emails: [{ value: "secret@b.test" }] } })).body;
    const before = await prisma.scimUser.findUniqueOrThrow({ where: { id: bUser.id } });
    const bEvents = await prisma.provisioningEvent.count({ where: { shopId: b.shopId } });

    expect((await a.call({ path: "/Users" })).body.totalResults).toBe(0);
    for (const filter of ['userName eq "secret@b.test"', 'externalId eq "B-1"', 'emails.value eq "secret@b.test"', `id eq "${bUser.id}"`, 'userName co "secret"']) {
      expect((await a.call({ path: `/Users?filter=${encodeURIComponent(filter)}` })).body.totalResults, filter).toBe(0);
    }
    const search = await a.call({ method: "POST", path: "/Users/.search", body: { filter: 'userName eq "secret@b.test"' } });
    expect(search.body.totalResults).toBe(0);
    expect((await a.call({ path: `/Users/${bUser.id}` })).status).toBe(404);
    expect((await a.call({ method: "PUT", path: `/Users/${bUser.id}`, body: { userName: "owned@a.test" } })).status).toBe(404);
    expect((await a.call({ method: "PATCH", path: `/Users/${bUser.id}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] } })).status).toBe(404);
    expect((await a.call({ method: "DELETE", path: `/Users/${bUser.id}` })).status).toBe(404);
    const bulk = await a.call({
      method: "POST",
      path: "/Bulk",
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: [{ method: "DELETE", path: `/Users/${bUser.id}` }] },
    });
    expect(bulk.body.Operations[0].status).toBe("404");

    // The same userName is free in another shop: uniqueness is per shop.
    expect((await a.call({ method: "POST", path: "/Users", body: { userName: "SECRET@b.test" } })).status).toBe(201);

    const after = await prisma.scimUser.findUniqueOrThrow({ where: { id: bUser.id } });
    expect(after).toEqual(before);
    expect(await prisma.provisioningEvent.count({ where: { shopId: b.shopId } })).toBe(bEvents);
  });
});
