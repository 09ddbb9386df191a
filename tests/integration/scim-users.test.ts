// The SCIM Users API through the real route modules and database: the checklist items of
// research §5 that the IdP replays (scim-idp-replay.test.ts) do not already pin down, plus
// ETags, bodies, sorting, scanning filters, the Shopify extension and the request log.
import { describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import { SCIM_SERVICE } from "~/scim-http/config";
import { logger } from "~/logger.server";
import { newTenant, type TestTenant } from "../support/scim-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const SHOPIFY = "urn:scim-for-shopify:params:scim:schemas:extension:shopify:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function createUser(t: TestTenant, userName: string, extra: Record<string, unknown> = {}) {
  const reply = await t.call({ method: "POST", path: "/Users", body: { schemas: [USER], userName, active: true, ...extra } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body as { id: string; meta: { version: string; location: string } };
}

const patchBody = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

describe("discovery", () => {
  it("#7 discovery endpoints answer POST, PUT and PATCH with 405 and an Allow header", async () => {
    const t = await newTenant();
    for (const path of ["/ServiceProviderConfig", "/Schemas", "/ResourceTypes", `/Schemas/${USER}`, "/ResourceTypes/User"]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const reply = await t.call({ method, path, body: {} });
        expect(reply.status, `${method} ${path}`).toBe(405);
        expect(reply.body).toMatchObject({ status: "405", schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"] });
        expect(reply.headers.get("allow")).toBe("GET, HEAD");
      }
    }
  });

  it("#7 a discovery GET with a filter is 403", async () => {
    const t = await newTenant();
    for (const path of ["/ServiceProviderConfig", "/Schemas", "/ResourceTypes"]) {
      const reply = await t.call({ path: `${path}?filter=${encodeURIComponent('id eq "x"')}` });
      expect(reply.status, path).toBe(403);
    }
  });

  it("#4 #8 ServiceProviderConfig tells the truth: bulk, patch, filter limits, sort and etag are what the routes do", async () => {
    const t = await newTenant();
    const spc = (await t.call({ path: "/ServiceProviderConfig" })).body;
    expect(spc).toMatchObject({
      patch: { supported: true },
      bulk: { supported: true, maxOperations: SCIM_SERVICE.bulkMaxOperations, maxPayloadSize: SCIM_SERVICE.maxPayloadSize },
      filter: { supported: true, maxResults: SCIM_SERVICE.filterMaxResults },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { location: "https://scim-app.test/scim/v2/ServiceProviderConfig" },
    });
    expect(spc.filter.maxResults).toBeGreaterThanOrEqual(100);
    // bulk.supported:true agrees with POST /Bulk answering (scim-bulk.test.ts runs it).
    const bulk = await t.call({ method: "POST", path: "/Bulk", body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: [] } });
    expect(bulk.status).toBe(200);
    // /.search is supported.
    const search = await t.call({ method: "POST", path: "/Users/.search", body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: 'userName eq "x"' } });
    expect(search.status).toBe(200);
    expect(search.body.totalResults).toBe(0);
  });

  it("#8 /Me is 501; unknown endpoints are a SCIM 404 (groups: tests/integration/scim-groups.test.ts)", async () => {
    const t = await newTenant();
    expect((await t.call({ path: "/Me" })).status).toBe(501);
    const unknown = await t.call({ path: "/Nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    expect((await t.call({ path: "/Groups/abc" })).status).toBe(404);
    expect((await t.call({ path: `/Groups?filter=${encodeURIComponent("displayName eq")}` })).status).toBe(400);
  });

  it("#5 /Schemas/{urn} serves each schema; an unknown URN is 404", async () => {
    const t = await newTenant();
    for (const urn of [USER, ENT, SHOPIFY, "urn:ietf:params:scim:schemas:core:2.0:Group"]) {
      const reply = await t.call({ path: `/Schemas/${urn}` });
      expect(reply.status, urn).toBe(200);
      expect(reply.body.id).toBe(urn);
      expect(reply.text).not.toContain("null");
    }
    expect((await t.call({ path: "/Schemas/urn:nope" })).status).toBe(404);
  });

  it("#9 discovery and Groups answer well within Okta's bounds", async () => {
    const t = await newTenant();
    for (const path of ["/ServiceProviderConfig", "/Groups", "/Schemas", "/ResourceTypes"]) {
      const started = performance.now();
      expect((await t.call({ path })).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(400);
    }
  });
});

describe("list, filter and paginate", () => {
  it("#15 startIndex below 1 is 1; count 0 gives totals only; count above maxResults is capped; no parameters is a page", async () => {
    const t = await newTenant();
    for (let i = 0; i < 3; i++) await createUser(t, `page${i}@x.test`);
    for (const startIndex of ["0", "-5"]) {
      const reply = await t.call({ path: `/Users?startIndex=${startIndex}&count=2` });
      expect(reply.body).toMatchObject({ startIndex: 1, itemsPerPage: 2, totalResults: 3 });
    }
    const zero = await t.call({ path: "/Users?count=0" });
    expect(zero.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    const zeroFiltered = await t.call({ path: `/Users?count=0&filter=${encodeURIComponent('userName sw "page"')}` });
    expect(zeroFiltered.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    const big = await t.call({ path: "/Users?count=1000" });
    expect(big.body).toMatchObject({ totalResults: 3, itemsPerPage: 3 });
    const none = await t.call({ path: "/Users" });
    expect(none.body).toMatchObject({ totalResults: 3, itemsPerPage: 3, startIndex: 1 });
    expect((await t.call({ path: "/Users?count=abc" })).status).toBe(400);
  });

  it("#15 count above maxResults returns maxResults items", async () => {
    const t = await newTenant();
    const n = SCIM_SERVICE.filterMaxResults + 5;
    await prisma.$transaction(
      Array.from({ length: n }, (_, i) =>
        prisma.scimUser.create({
          data: { id: crypto.randomUUID(), shopId: t.shopId, userName: `bulk${i}@x.test`, userNameKey: `bulk${i}@x.test`, attributes: { userName: `bulk${i}@x.test`, active: true } },
        }),
      ),
    );
    const reply = await t.call({ path: "/Users?count=1000" });
    expect(reply.body).toMatchObject({ totalResults: n, itemsPerPage: SCIM_SERVICE.filterMaxResults });
  });

  it("#14 paging 250 users by 100 returns each exactly once, in the same order every time", async () => {
    const t = await newTenant();
    const now = Date.now();
    // Many share a createdAt millisecond: the id breaks ties, so the order is still total.
    await prisma.$transaction(
      Array.from({ length: 250 }, (_, i) =>
        prisma.scimUser.create({
          data: {
            id: crypto.randomUUID(),
            shopId: t.shopId,
            userName: `p${i}@x.test`,
            userNameKey: `p${i}@x.test`,
            attributes: { userName: `p${i}@x.test`, active: true },
            createdAt: new Date(now + Math.floor(i / 50)),
          },
        }),
      ),
    );
    const pageIds = async () => {
      const ids: string[] = [];
      for (let start = 1; start <= 250; start += 100) {
        const reply = await t.call({ path: `/Users?startIndex=${start}&count=100` });
        expect(reply.body.totalResults).toBe(250);
        ids.push(...reply.body.Resources.map((r: { id: string }) => r.id));
      }
      return ids;
    };
    const first = await pageIds();
    expect(new Set(first).size).toBe(250);
    expect(await pageIds()).toEqual(first);
    // The same holds when the pages come from the in-memory filter path.
    const filtered = await t.call({ path: `/Users?startIndex=101&count=100&filter=${encodeURIComponent('userName co "@x.test"')}` });
    expect(filtered.body.Resources.map((r: { id: string }) => r.id)).toEqual(first.slice(100, 200));
  });

  it("#24 unknown attributes, unknown operators and malformed filters are 400 invalidFilter, never 500", async () => {
    const t = await newTenant();
    for (const filter of ['fooBar eq "x"', 'userName xx "a"', "userName eq", "RUNSCOPE300ABC@ATKO.COM", '(userName eq "a"', 'password eq "x"', "active gt true", 'meta.created gt "yesterday"']) {
      const reply = await t.call({ path: `/Users?filter=${encodeURIComponent(filter)}` });
      expect(reply.status, filter).toBe(400);
      expect(reply.body.scimType, filter).toBe("invalidFilter");
    }
  });

  it("#18 #22 filters that no index answers are evaluated over the shop's users: or, not, pr, co, value paths", async () => {
    const t = await newTenant();
    const a = await createUser(t, "alice@x.test", { title: "Boss", emails: [{ value: "alice@work.test", type: "work" }] });
    const b = await createUser(t, "bob@x.test", { active: false, emails: [{ value: "bob@home.test", type: "home" }] });
    const ids = async (filter: string) =>
      (await t.call({ path: `/Users?filter=${encodeURIComponent(filter)}` })).body.Resources.map((r: { id: string }) => r.id).sort();
    expect(await ids('userName eq "alice@x.test" or userName eq "bob@x.test"')).toEqual([a.id, b.id].sort());
    expect(await ids("not (active eq true)")).toEqual([b.id]);
    expect(await ids("title pr")).toEqual([a.id]);
    expect(await ids('emails[type eq "work" and value co "@work"]')).toEqual([a.id]);
    expect(await ids('USERNAME SW "ALI"')).toEqual([a.id]);
    expect(await ids('displayName eq "nobody"')).toEqual([]);
    expect(await ids(`id eq "${a.id}"`)).toEqual([a.id]);
    expect(await ids('id eq "not-a-uuid"')).toEqual([]);
    expect(await ids(`userName eq "alice@x.test" and title eq "Boss"`)).toEqual([a.id]);
    expect(await ids(`userName eq "alice@x.test" and title eq "Other"`)).toEqual([]);
  });

  it("sortBy: userName and meta.created in the database, other attributes in memory; unknown sortBy is 400", async () => {
    const t = await newTenant();
    await createUser(t, "b@x.test", { name: { familyName: "Zed" } });
    await createUser(t, "A@x.test", { name: { familyName: "Young" } });
    await createUser(t, "c@x.test", { name: { familyName: "Xavier" } });
    const names = async (query: string) => (await t.call({ path: `/Users?${query}` })).body.Resources.map((r: { userName: string }) => r.userName);
    expect(await names("sortBy=userName")).toEqual(["A@x.test", "b@x.test", "c@x.test"]);
    expect(await names("sortBy=userName&sortOrder=descending")).toEqual(["c@x.test", "b@x.test", "A@x.test"]);
    expect(await names("sortBy=name.familyName")).toEqual(["c@x.test", "A@x.test", "b@x.test"]);
    expect(await names("sortBy=meta.created&sortOrder=descending&count=1")).toEqual(["c@x.test"]);
    expect(await names("sortBy=name.familyName&startIndex=2&count=1")).toEqual(["A@x.test"]);
    expect((await t.call({ path: "/Users?sortBy=nope" })).status).toBe(400);
  });
});

describe("read", () => {
  it("#27 a user has schemas, id, meta (resourceType, created, lastModified, location, version) and no password", async () => {
    const t = await newTenant();
    const created = await createUser(t, "read@x.test", { password: "Secret-123" });
    const reply = await t.call({ path: `/Users/${created.id}` });
    expect(reply.body).toMatchObject({
      schemas: [USER, SHOPIFY],
      id: created.id,
      userName: "read@x.test",
      meta: { resourceType: "User", location: `https://scim-app.test/scim/v2/Users/${created.id}`, version: 'W/"1"' },
    });
    expect(Date.parse(reply.body.meta.created)).not.toBeNaN();
    expect(Date.parse(reply.body.meta.lastModified)).not.toBeNaN();
    expect(reply.text).not.toMatch(/password|Secret-123/i);
    const row = await prisma.scimUser.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toMatch(/password|Secret-123/i);
  });

  it("#28 attributes and excludedAttributes on GET /Users/{id} and on lists", async () => {
    const t = await newTenant();
    const created = await createUser(t, "proj@x.test", { displayName: "P", emails: [{ value: "proj@x.test" }], [ENT]: { department: "D" } });
    const only = (await t.call({ path: `/Users/${created.id}?attributes=userName,emails` })).body;
    expect(Object.keys(only).sort()).toEqual(["emails", "id", "meta", "schemas", "userName"]);
    const without = (await t.call({ path: `/Users/${created.id}?excludedAttributes=emails,${ENT}:department` })).body;
    expect(without.emails).toBeUndefined();
    expect(without[ENT]).toBeUndefined();
    expect(without.displayName).toBe("P");
    const list = (await t.call({ path: `/Users?attributes=displayName` })).body;
    expect(Object.keys(list.Resources[0]).sort()).toEqual(["displayName", "id", "meta", "schemas"]);
  });

  it("#26 malformed, unknown and other shops' ids are 404 with a detail", async () => {
    const t = await newTenant();
    for (const id of ["010101001010101011001010101011", "00919288221112222", crypto.randomUUID(), "%E2%82%AC", "x".repeat(300)]) {
      const reply = await t.call({ path: `/Users/${id}` });
      expect(reply.status, id).toBe(404);
      expect(reply.body.detail).toBeTruthy();
    }
  });

  it("HEAD answers the headers of GET without a body", async () => {
    const t = await newTenant();
    const created = await createUser(t, "head@x.test");
    const reply = await t.call({ method: "HEAD", path: `/Users/${created.id}` });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("etag")).toBe('W/"1"');
  });
});

describe("ETags", () => {
  it("ETag = meta.version; If-None-Match → 304; a stale If-Match → 412 on PUT, PATCH and DELETE; the current one passes", async () => {
    const t = await newTenant();
    const created = await createUser(t, "etag@x.test");
    const get = await t.call({ path: `/Users/${created.id}` });
    expect(get.headers.get("etag")).toBe(get.body.meta.version);
    const notModified = await t.call({ path: `/Users/${created.id}`, headers: { "If-None-Match": 'W/"1"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe("");
    expect((await t.call({ path: `/Users/${created.id}`, headers: { "If-None-Match": 'W/"0"' } })).status).toBe(200);

    const patched = await t.call({ method: "PATCH", path: `/Users/${created.id}`, headers: { "If-Match": 'W/"1"' }, body: patchBody({ op: "replace", path: "title", value: "T" }) });
    expect(patched.status).toBe(200);
    expect(patched.headers.get("etag")).toBe('W/"2"');

    const stale = { "If-Match": 'W/"1"' };
    expect((await t.call({ method: "PATCH", path: `/Users/${created.id}`, headers: stale, body: patchBody({ op: "replace", path: "title", value: "X" }) })).status).toBe(412);
    expect((await t.call({ method: "PUT", path: `/Users/${created.id}`, headers: stale, body: { userName: "etag@x.test" } })).status).toBe(412);
    expect((await t.call({ method: "DELETE", path: `/Users/${created.id}`, headers: stale })).status).toBe(412);
    expect((await t.call({ path: `/Users/${created.id}` })).body.title).toBe("T");
    expect((await t.call({ method: "DELETE", path: `/Users/${created.id}`, headers: { "If-Match": '"2"' } })).status).toBe(204);
  });
});

describe("create and replace", () => {
  it("#30 the userName of an inactive user is still taken, in any case", async () => {
    const t = await newTenant();
    await createUser(t, "Sleeping@x.test", { active: false });
    const reply = await t.call({ method: "POST", path: "/Users", body: { userName: "SLEEPING@X.TEST" } });
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ status: "409", scimType: "uniqueness" });
  });

  it("#40 PUT of an unknown id is 404 and creates nothing", async () => {
    const t = await newTenant();
    const reply = await t.call({ method: "PUT", path: `/Users/${crypto.randomUUID()}`, body: { userName: "ghost@x.test" } });
    expect(reply.status).toBe(404);
    expect(await prisma.scimUser.count({ where: { shopId: t.shopId } })).toBe(0);
  });

  it("#41 PUT or PATCH to another user's userName (any case) is 409 and changes nothing", async () => {
    const t = await newTenant();
    await createUser(t, "taken@x.test");
    const mine = await createUser(t, "mine@x.test", { title: "Keep" });
    const events = await prisma.provisioningEvent.count({ where: { shopId: t.shopId } });
    const put = await t.call({ method: "PUT", path: `/Users/${mine.id}`, body: { userName: "TAKEN@x.test" } });
    expect(put.status).toBe(409);
    expect(put.body.scimType).toBe("uniqueness");
    const patch = await t.call({ method: "PATCH", path: `/Users/${mine.id}`, body: patchBody({ op: "replace", path: "userName", value: "Taken@X.test" }) });
    expect(patch.status).toBe(409);
    const after = (await t.call({ path: `/Users/${mine.id}` })).body;
    expect(after).toMatchObject({ userName: "mine@x.test", title: "Keep", meta: { version: 'W/"1"' } });
    expect(await prisma.provisioningEvent.count({ where: { shopId: t.shopId } })).toBe(events);
  });

  it("a user may change the case of their own userName", async () => {
    const t = await newTenant();
    const u = await createUser(t, "case@x.test");
    const reply = await t.call({ method: "PATCH", path: `/Users/${u.id}`, body: patchBody({ op: "replace", path: "userName", value: "CASE@x.test" }) });
    expect(reply.status).toBe(200);
    expect(reply.body.userName).toBe("CASE@x.test");
  });

  it("PUT and PATCH keep active when the body omits or removes it; a create without it is active", async () => {
    const t = await newTenant();
    const u = await createUser(t, "keep@x.test", { active: false });
    const put = await t.call({ method: "PUT", path: `/Users/${u.id}`, body: { userName: "keep@x.test", title: "New" } });
    expect(put.body.active).toBe(false);
    const removed = await t.call({ method: "PATCH", path: `/Users/${u.id}`, body: patchBody({ op: "remove", path: "active" }) });
    expect(removed.body.active).toBe(false);
    const fresh = await t.call({ method: "POST", path: "/Users", body: { userName: "fresh@x.test" } });
    expect(fresh.body.active).toBe(true);
  });

  it("#59 every successful PATCH is 200 with the resource", async () => {
    const t = await newTenant();
    const u = await createUser(t, "p59@x.test");
    const reply = await t.call({ method: "PATCH", path: `/Users/${u.id}?attributes=userName`, body: patchBody({ op: "add", path: "nickName", value: "N" }) });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: u.id, userName: "p59@x.test" });
    expect(reply.body.nickName).toBeUndefined();
  });

  it("too-long and wrongly typed values are 400 invalidValue and store nothing", async () => {
    const t = await newTenant();
    for (const body of [{ userName: "x".repeat(300) }, { userName: "ok@x.test", title: "t".repeat(2000) }, { userName: "ok@x.test", active: "maybe" }, { userName: "ok@x.test", emails: [{ value: "a@x.test", primary: "maybe" }] }]) {
      const reply = await t.call({ method: "POST", path: "/Users", body });
      expect(reply.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(reply.body.scimType).toBe("invalidValue");
    }
    expect(await prisma.scimUser.count({ where: { shopId: t.shopId } })).toBe(0);
  });
});

describe("request bodies", () => {
  it("#2 application/json and application/scim+json, with or without charset, and no Content-Type, are accepted", async () => {
    const t = await newTenant();
    const types = ["application/json", "application/scim+json", "application/scim+json; charset=utf-8", "application/json;charset=UTF-8", ""];
    for (const [i, type] of types.entries()) {
      const reply = await t.call({ method: "POST", path: "/Users", headers: type ? { "Content-Type": type } : {}, body: JSON.stringify({ userName: `ct${i}@x.test` }) });
      expect(reply.status, type).toBe(201);
    }
  });

  it("other media types are 415; malformed JSON and invalid UTF-8 are 400 invalidSyntax", async () => {
    const t = await newTenant();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"]) {
      const reply = await t.call({ method: "POST", path: "/Users", headers: { "Content-Type": type }, body: '{"userName":"a@x.test"}' });
      expect(reply.status, type).toBe(415);
      expect(reply.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    }
    for (const body of ["{", "[1,2", "userName=a", "", "null"]) {
      const reply = await t.call({ method: "POST", path: "/Users", body: body || " " });
      expect(reply.status, body).toBe(400);
      expect(reply.body.scimType).toBe("invalidSyntax");
    }
    const binary = new Request("https://scim-app.test/scim/v2/Users", {
      method: "POST",
      headers: { Authorization: `Bearer ${t.token}`, "Content-Type": "application/json" },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    const { action } = await import("~/routes/scim.v2.Users._index");
    const response = await action({ request: binary, params: {}, context: {} });
    expect(response.status).toBe(400);
    expect(await prisma.scimUser.count({ where: { shopId: t.shopId } })).toBe(0);
  });

  it("a body over maxPayloadSize is 413, by Content-Length or while reading", async () => {
    const t = await newTenant();
    const big = JSON.stringify({ userName: "big@x.test", title: "x".repeat(SCIM_SERVICE.maxPayloadSize) });
    const reply = await t.call({ method: "POST", path: "/Users", body: big });
    expect(reply.status).toBe(413);
    expect(reply.body.detail).toMatch(/maxPayloadSize/);
    // A chunked body with no Content-Length is cut off at the limit.
    const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
    let sent = 0;
    const chunks = Math.ceil(SCIM_SERVICE.maxPayloadSize / chunk.byteLength) + 2;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < chunks) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const request = new Request("https://scim-app.test/scim/v2/Users", {
      method: "POST",
      headers: { Authorization: `Bearer ${t.token}`, "Content-Type": "application/scim+json" },
      body: stream,
      // Node's fetch needs this for a streamed request body.
      ...({ duplex: "half" } as RequestInit),
    });
    const { action } = await import("~/routes/scim.v2.Users._index");
    const response = await action({ request, params: {}, context: {} });
    expect(request.headers.get("content-length")).toBeNull();
    expect(response.status).toBe(413);
  });
});

describe("the Shopify extension", () => {
  it("shows the engine's customer link read-only, with an admin URL, and omits what is null", async () => {
    const t = await newTenant("ext");
    const u = await createUser(t, "linked@x.test");
    const before = (await t.call({ path: `/Users/${u.id}` })).body;
    expect(before[SHOPIFY]).toEqual({ syncState: "pending" });
    const syncedAt = new Date("2026-01-02T03:04:05.000Z");
    await prisma.scimUser.update({
      where: { id: u.id },
      data: { customerId: "gid://shopify/Customer/7001", syncState: "synced", lastSyncedAt: syncedAt },
    });
    const after = (await t.call({ path: `/Users/${u.id}` })).body;
    const handle = t.shopDomain.replace(".myshopify.com", "");
    expect(after[SHOPIFY]).toEqual({
      customerId: "gid://shopify/Customer/7001",
      customerAdminUrl: `https://admin.shopify.com/store/${handle}/customers/7001`,
      syncState: "synced",
      lastSyncedAt: syncedAt.toISOString(),
    });
    expect(after.schemas).toEqual([USER, SHOPIFY]);
    // Read-only: a PATCH is 400 mutability; a PUT that echoes it is accepted and ignores it.
    const patch = await t.call({ method: "PATCH", path: `/Users/${u.id}`, body: patchBody({ op: "replace", path: `${SHOPIFY}:customerId`, value: "gid://shopify/Customer/1" }) });
    expect(patch.status).toBe(400);
    expect(patch.body.scimType).toBe("mutability");
    const put = await t.call({ method: "PUT", path: `/Users/${u.id}`, body: { userName: "linked@x.test", active: true, [SHOPIFY]: { customerId: "gid://shopify/Customer/1" } } });
    expect(put.status).toBe(200);
    expect(put.body[SHOPIFY].customerId).toBe("gid://shopify/Customer/7001");
    // A filter on it works (the engine's support view).
    const found = await t.call({ path: `/Users?filter=${encodeURIComponent(`${SHOPIFY}:syncState eq "synced"`)}` });
    expect(found.body.totalResults).toBe(1);
  });
});

describe("the request log", () => {
  it("one line per request with method, route pattern, status, ms, shop and scimType; no token, filter value or personal data", async () => {
    const t = await newTenant("log");
    const level = logger.level;
    logger.level = "info";
    const lines: Record<string, unknown>[] = [];
    const spy = vi.spyOn(logger, "info").mockImplementation(((obj: Record<string, unknown>) => {
      lines.push(obj);
    }) as never);
    try {
      const created = await createUser(t, "private.person@x.test", { password: "Hunter2!", name: { givenName: "Private" } });
      await t.call({ path: `/Users?filter=${encodeURIComponent('userName eq "private.person@x.test"')}` });
      await t.call({ path: `/Users?filter=${encodeURIComponent("userName eq")}` });
      await t.call({ path: `/Users/${created.id}` });
    } finally {
      spy.mockRestore();
      logger.level = level;
    }
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ method: "POST", route: "/scim/v2/Users", status: 201, shop: t.shopDomain, passwordProvided: true });
    expect(lines[1]).toMatchObject({ method: "GET", route: "/scim/v2/Users", status: 200 });
    expect(lines[2]).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(lines[3]).toMatchObject({ route: "/scim/v2/Users/:id", status: 200 });
    for (const line of lines) expect(typeof line["ms"]).toBe("number");
    const text = JSON.stringify(lines);
    for (const secret of [t.token, "private.person", "Hunter2!", "Private"]) expect(text).not.toContain(secret);
  });
});
