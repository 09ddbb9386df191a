// The contract with the provisioning engine: every SCIM write to a User records exactly one
// ProvisioningEvent in the same transaction, with a payload free of personal data; writes
// that change nothing record none and keep the version.
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { newTenant } from "../support/scim-client";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("provisioning events", () => {
  it("create, replace, patch and delete each record one event with the agreed shape", async () => {
    const t = await newTenant("events");
    const created = await t.call({
      method: "POST",
      path: "/Users",
      body: { userName: "ev@x.test", name: { givenName: "Eve", familyName: "V" }, emails: [{ value: "ev@x.test" }], [ENT]: { department: "D" }, password: "pw" },
    });
    const id = created.body.id as string;
    await t.call({ method: "PUT", path: `/Users/${id}`, body: { userName: "ev@x.test", name: { givenName: "Evelyn", familyName: "V" }, emails: [{ value: "ev@x.test" }], [ENT]: { department: "D" } } });
    await t.call({ method: "PATCH", path: `/Users/${id}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] } });
    await prisma.scimUser.update({ where: { id }, data: { customerId: "gid://shopify/Customer/42" } });
    await t.call({ method: "DELETE", path: `/Users/${id}` });

    const events = await prisma.provisioningEvent.findMany({ where: { shopId: t.shopId }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => ({ resourceType: e.resourceType, resourceId: e.resourceId, operation: e.operation, key: e.key, state: e.state, payload: e.payload }))).toEqual([
      {
        resourceType: "User",
        resourceId: id,
        operation: "create",
        key: `User:${id}`,
        state: "created",
        payload: { changed: expect.arrayContaining(["userName", "name.givenName", "name.familyName", "emails", "active", `${ENT}:department`]), active: true },
      },
      { resourceType: "User", resourceId: id, operation: "replace", key: `User:${id}`, state: "created", payload: { changed: ["name.givenName"], active: true } },
      { resourceType: "User", resourceId: id, operation: "patch", key: `User:${id}`, state: "created", payload: { changed: ["active"], active: false } },
      { resourceType: "User", resourceId: id, operation: "delete", key: `User:${id}`, state: "created", payload: { changed: [], active: false, customerId: "gid://shopify/Customer/42" } },
    ]);
    // No personal data in any payload: no names, addresses or passwords.
    const text = JSON.stringify(events.map((e) => e.payload));
    for (const word of ["ev@x.test", "Eve", "Evelyn", "pw", "D\""]) expect(text).not.toContain(word);
  });

  it("writes that change nothing record no event and keep the version (identical PUT, no-op PATCH, password-only PATCH)", async () => {
    const t = await newTenant("events");
    const body = { userName: "same@x.test", name: { givenName: "S" }, emails: [{ value: "same@x.test", type: "work", primary: true }], active: true };
    const id = (await t.call({ method: "POST", path: "/Users", body })).body.id as string;
    const put = await t.call({ method: "PUT", path: `/Users/${id}`, body: { ...body, id, groups: [], meta: { resourceType: "User" }, password: "x" } });
    expect(put.body.meta.version).toBe('W/"1"');
    for (const Operations of [
      [{ op: "replace", path: "active", value: true }],
      [{ op: "replace", value: { password: "new" } }],
      [{ op: "remove", path: "title" }],
      [{ op: "add", path: "emails", value: [{ value: "same@x.test", type: "work", primary: true }] }],
    ]) {
      const reply = await t.call({ method: "PATCH", path: `/Users/${id}`, body: { schemas: [PATCH_OP], Operations } });
      expect(reply.status).toBe(200);
      expect(reply.body.meta.version).toBe('W/"1"');
    }
    expect(await prisma.provisioningEvent.count({ where: { shopId: t.shopId } })).toBe(1);
    const row = await prisma.scimUser.findUniqueOrThrow({ where: { id } });
    expect(row.version).toBe(1);
  });

  it("a write that fails leaves neither a directory change nor an event (one transaction)", async () => {
    const t = await newTenant("events");
    await t.call({ method: "POST", path: "/Users", body: { userName: "first@x.test" } });
    const id = (await t.call({ method: "POST", path: "/Users", body: { userName: "second@x.test", emails: [{ value: "second@x.test" }] } })).body.id as string;
    const before = await prisma.scimUser.findUniqueOrThrow({ where: { id }, include: { emails: true } });
    const events = await prisma.provisioningEvent.count({ where: { shopId: t.shopId } });
    // The unique index rejects the update inside the transaction, after the row update was issued.
    const reply = await t.call({ method: "PATCH", path: `/Users/${id}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "emails", value: [{ value: "other@x.test" }] }, { op: "replace", path: "userName", value: "FIRST@x.test" }] } });
    expect(reply.status).toBe(409);
    expect(await prisma.scimUser.findUniqueOrThrow({ where: { id }, include: { emails: true } })).toEqual(before);
    expect(await prisma.provisioningEvent.count({ where: { shopId: t.shopId } })).toBe(events);
  });

  it("e-mail keys follow every write, so emails.value lookups stay indexed and right", async () => {
    const t = await newTenant("events");
    const id = (await t.call({ method: "POST", path: "/Users", body: { userName: "mail@x.test", emails: [{ value: "One@X.test" }, { value: "two@x.test" }] } })).body.id as string;
    const keys = async () => (await prisma.scimUserEmail.findMany({ where: { userId: id } })).map((e) => e.valueKey).sort();
    expect(await keys()).toEqual(["one@x.test", "two@x.test"]);
    await t.call({ method: "PATCH", path: `/Users/${id}`, body: { schemas: [PATCH_OP], Operations: [{ op: "remove", path: 'emails[value eq "two@x.test"]' }] } });
    expect(await keys()).toEqual(["one@x.test"]);
    await t.call({ method: "PUT", path: `/Users/${id}`, body: { userName: "mail@x.test", emails: [{ value: "three@x.test" }] } });
    expect(await keys()).toEqual(["three@x.test"]);
    await t.call({ method: "DELETE", path: `/Users/${id}` });
    expect(await keys()).toEqual([]);
  });
});
