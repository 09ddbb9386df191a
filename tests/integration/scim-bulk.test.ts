// POST /Bulk (RFC 7644 §3.7) through the real route: bulkId references, failOnErrors, the
// advertised limits, and one event per successful write.
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { SCIM_SERVICE } from "~/scim-http/config";
import { newTenant, type TestTenant } from "../support/scim-client";

const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const postBulk = (t: TestTenant, body: unknown) => t.call({ method: "POST", path: "/Bulk", body });

describe("Bulk", () => {
  it("runs POST, PATCH via bulkId, PUT and DELETE in one request", async () => {
    const t = await newTenant("bulk");
    const reply = await postBulk(t, {
      schemas: [BULK],
      Operations: [
        { method: "PATCH", path: "/Users/bulkId:alice", data: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "Lead" }] } },
        { method: "POST", path: "/Users", bulkId: "alice", data: { userName: "alice@bulk.test", active: true } },
        { method: "POST", path: "/Users", bulkId: "bob", data: { userName: "bob@bulk.test", active: true } },
        { method: "PUT", path: "/Users/bulkId:bob", data: { userName: "bob@bulk.test", active: false } },
        { method: "DELETE", path: "/Users/bulkId:bob" },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:BulkResponse"]);
    expect(reply.body.Operations.map((o: { method: string; status: string }) => `${o.method} ${o.status}`)).toEqual(["PATCH 200", "POST 201", "POST 201", "PUT 200", "DELETE 204"]);
    const alice = reply.body.Operations[1];
    expect(alice.location).toMatch(/\/scim\/v2\/Users\/[0-9a-f-]{36}$/);
    expect(alice.version).toBe('W/"1"');
    const users = await prisma.scimUser.findMany({ where: { shopId: t.shopId } });
    expect(users.map((u) => [u.userName, (u.attributes as { title?: string }).title])).toEqual([["alice@bulk.test", "Lead"]]);
    const events = await prisma.provisioningEvent.findMany({ where: { shopId: t.shopId }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.operation).sort()).toEqual(["create", "create", "delete", "patch", "replace"]);
  });

  it("failOnErrors stops after that many errors; each failure carries its SCIM error", async () => {
    const t = await newTenant("bulk");
    const reply = await postBulk(t, {
      schemas: [BULK],
      failOnErrors: 2,
      Operations: [
        { method: "POST", path: "/Users", bulkId: "a", data: { userName: "dup@bulk.test" } },
        { method: "POST", path: "/Users", bulkId: "b", data: { userName: "DUP@bulk.test" } },
        { method: "PATCH", path: `/Users/${crypto.randomUUID()}`, data: { Operations: [{ op: "replace", path: "active", value: false }] } },
        { method: "POST", path: "/Users", bulkId: "c", data: { userName: "never@bulk.test" } },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.Operations.map((o: { status: string }) => o.status)).toEqual(["201", "409", "404"]);
    expect(reply.body.Operations[1].response).toMatchObject({ status: "409", scimType: "uniqueness" });
    expect(await prisma.scimUser.count({ where: { shopId: t.shopId } })).toBe(1);
  });

  it("a reference to a failed or unknown bulkId is 409; unknown paths fail per operation; Groups run", async () => {
    const t = await newTenant("bulk");
    const reply = await postBulk(t, {
      schemas: [BULK],
      Operations: [
        { method: "POST", path: "/Users", bulkId: "bad", data: { displayName: "no userName" } },
        { method: "DELETE", path: "/Users/bulkId:bad" },
        { method: "DELETE", path: "/Users/bulkId:nobody" },
        { method: "POST", path: "/Groups", bulkId: "g", data: { displayName: "G" } },
        { method: "DELETE", path: "/Widgets/1" },
      ],
    });
    expect(reply.body.Operations.map((o: { status: string }) => o.status)).toEqual(["400", "409", "409", "201", "404"]);
  });

  it("over maxOperations or maxPayloadSize is 413; a malformed request is 400", async () => {
    const t = await newTenant("bulk");
    const many = Array.from({ length: SCIM_SERVICE.bulkMaxOperations + 1 }, (_, i) => ({ method: "POST", path: "/Users", bulkId: `u${i}`, data: { userName: `u${i}@bulk.test` } }));
    const tooMany = await postBulk(t, { schemas: [BULK], Operations: many });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.detail).toMatch(/maxOperations/);
    const huge = await postBulk(t, { schemas: [BULK], Operations: [{ method: "POST", path: "/Users", bulkId: "x", data: { userName: "x@bulk.test", title: "x".repeat(SCIM_SERVICE.maxPayloadSize) } }] });
    expect(huge.status).toBe(413);
    expect((await postBulk(t, { schemas: [BULK] })).status).toBe(400);
    expect((await t.call({ method: "GET", path: "/Bulk" })).status).toBe(405);
    expect(await prisma.scimUser.count({ where: { shopId: t.shopId } })).toBe(0);
  });
});
