import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { newTenant } from "../support/scim-client";

describe("smoke", () => {
  it("creates, reads, filters, patches, deletes", async () => {
    const t = await newTenant();
    const created = await t.call({ method: "POST", path: "/Users", body: { userName: "Ann@x.com", name: { givenName: "Ann", familyName: "X" }, emails: [{ value: "Ann@x.com", primary: true }], password: "p" } });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    const list = await t.call({ path: `/Users?filter=userName eq "ANN@X.COM"` });
    expect(list.body.totalResults, list.text).toBe(1);
    const byEmail = await t.call({ path: `/Users?filter=emails.value eq "ann@x.com"` });
    expect(byEmail.body.totalResults, byEmail.text).toBe(1);
    const patched = await t.call({ method: "PATCH", path: `/Users/${id}`, body: { Operations: [{ op: "replace", value: { active: false } }] } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.active).toBe(false);
    const events = await prisma.provisioningEvent.findMany({ where: { shopId: t.shopId }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.operation, e.payload])).toEqual([
      ["create", { changed: expect.arrayContaining(["userName", "name.givenName", "emails", "active"]), active: true }],
      ["patch", { changed: ["active"], active: false }],
    ]);
    const dup = await t.call({ method: "POST", path: "/Users", body: { userName: "ann@X.com" } });
    expect(dup.status, dup.text).toBe(409);
    const del = await t.call({ method: "DELETE", path: `/Users/${id}` });
    expect(del.status).toBe(204);
    expect((await t.call({ path: `/Users/${id}` })).status).toBe(404);
    const spc = await t.call({ path: "/ServiceProviderConfig" });
    expect(spc.body.patch.supported).toBe(true);
  });
});
