// Text that is not valid Unicode, or that a field cannot hold, through the real routes and
// database (this file runs on SQLite and again on PostgreSQL, whose text type refuses U+0000 and
// lone surrogates outright: they were a Prisma 500 there). Valid text of every script is kept.
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { newTenant } from "../support/scim-client";

const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("strings that no field can hold", () => {
  it("a lone surrogate or U+0000 in POST, PUT, PATCH, .search and Bulk bodies → 400 invalidValue; nothing is written", async () => {
    const t = await newTenant("unicode");
    const user = (await t.call({ method: "POST", path: "/Users", body: { userName: "base@x.test", name: { givenName: "Base" } } })).body;
    const group = (await t.call({ method: "POST", path: "/Groups", body: { displayName: "Base group" } })).body;
    const events = await prisma.provisioningEvent.count({ where: { shopId: t.shopId } });
    const bad = [
      { method: "POST", path: "/Users", body: '{"userName":"a@x.test","name":{"givenName":"\\ud800"}}' },
      { method: "POST", path: "/Users", body: '{"userName":"nul\\u0000@x.test"}' },
      { method: "PUT", path: `/Users/${user.id}`, body: '{"userName":"base@x.test","title":"\\udc00"}' },
      { method: "PATCH", path: `/Users/${user.id}`, body: `{"schemas":["${PATCH}"],"Operations":[{"op":"replace","path":"name.givenName","value":"x\\u0000"}]}` },
      { method: "PATCH", path: `/Groups/${group.id}`, body: `{"schemas":["${PATCH}"],"Operations":[{"op":"replace","path":"displayName","value":"\\ud83d"}]}` },
      { method: "POST", path: "/Users/.search", body: '{"filter":"userName eq \\"base\\u0000@x.test\\""}' },
      { method: "POST", path: "/Bulk", body: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","path":"/Users","bulkId":"a","data":{"userName":"\\udfff"}}]}' },
    ];
    for (const call of bad) {
      const reply = await t.call(call);
      expect(reply.status, `${call.method} ${call.path} ${call.body}`).toBe(400);
      expect(reply.body.scimType).toBe("invalidValue");
    }
    expect(await prisma.scimUser.count({ where: { shopId: t.shopId } })).toBe(1);
    expect(await prisma.provisioningEvent.count({ where: { shopId: t.shopId } })).toBe(events);
    expect((await t.call({ path: `/Users/${user.id}` })).body.meta.version).toBe(user.meta.version);
  });

  it("control characters where the field cannot hold them → 400 invalidValue; in an address's lines they are kept", async () => {
    const t = await newTenant("controls");
    for (const body of [{ userName: "bell\u0007@x.test" }, { userName: "a@x.test", name: { familyName: "Tab\tbed" } }, { userName: "b@x.test", emails: [{ value: "b\n@x.test" }] }]) {
      const reply = await t.call({ method: "POST", path: "/Users", body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.scimType).toBe("invalidValue");
    }
    const formatted = "9132 Jennifer Way Suite 040\nSouth Nancy, MI 55645";
    const created = await t.call({ method: "POST", path: "/Users", body: { userName: "lines@x.test", addresses: [{ type: "work", formatted, streetAddress: "9132 Jennifer Way\r\nSuite 040" }] } });
    expect(created.status).toBe(201);
    expect((await t.call({ path: `/Users/${created.body.id}` })).body.addresses[0]).toMatchObject({ formatted, streetAddress: "9132 Jennifer Way\r\nSuite 040" });
  });

  it("valid text of any script, emoji (surrogate pairs) included, is stored exactly and found by filter", async () => {
    const t = await newTenant("scripts");
    const body = { userName: "名前😀@例え.test", displayName: "Zoë 🧑🏽‍💻 Ñandú", name: { givenName: "Zoë", familyName: "Ñandú" } };
    const created = await t.call({ method: "POST", path: "/Users", body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(body);
    const found = await t.call({ path: `/Users?filter=${encodeURIComponent('userName eq "名前😀@例え.test"')}` });
    expect(found.body.totalResults).toBe(1);
  });
});
