// Concurrent writes against the real database: uniqueness holds under parallel POSTs, and
// parallel PATCHes of one user lose nothing (optimistic versioning with retries).
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { newTenant } from "../support/scim-client";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("concurrency", () => {
  it("#30 20 parallel POSTs of one userName (in mixed case): exactly one 201, nineteen 409 uniqueness, one row, one event", async () => {
    const t = await newTenant("race");
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.call({ method: "POST", path: "/Users", body: { userName: i % 2 ? "Race@Example.com" : "race@example.COM", active: true, externalId: `e${i}` } }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const reply of replies.filter((r) => r.status === 409)) expect(reply.body).toMatchObject({ status: "409", scimType: "uniqueness" });
    expect(await prisma.scimUser.count({ where: { shopId: t.shopId } })).toBe(1);
    expect(await prisma.provisioningEvent.count({ where: { shopId: t.shopId } })).toBe(1);
  });

  it("10 parallel PATCHes of different attributes of one user all land, each with its own version and event", async () => {
    const t = await newTenant("race");
    const created = await t.call({ method: "POST", path: "/Users", body: { userName: "many@x.test" } });
    const id = created.body.id as string;
    const attributes = ["title", "nickName", "displayName", "locale", "timezone", "userType", "preferredLanguage", "profileUrl", "externalId", "name.middleName"];
    const replies = await Promise.all(
      attributes.map((path, i) =>
        t.call({ method: "PATCH", path: `/Users/${id}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path, value: path === "profileUrl" ? "https://x.test/p" : `v${i}` }] } }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(attributes.map(() => 200));
    const final = (await t.call({ path: `/Users/${id}` })).body;
    expect(final).toMatchObject({ title: "v0", nickName: "v1", displayName: "v2", locale: "v3", name: { middleName: "v9" }, meta: { version: 'W/"11"' } });
    const events = await prisma.provisioningEvent.findMany({ where: { shopId: t.shopId, operation: "patch" } });
    expect(events).toHaveLength(10);
    expect(events.map((e) => (e.payload as { changed: string[] }).changed[0]).sort()).toEqual([...attributes].sort());
  });
});
