// The SCIM Groups API through the real route modules and database: the group items of the
// research checklist (§5, #63–#80, with #5/#6/#9 for discovery), each as a test named after it,
// plus what the directory promises beyond them: members are rows, every membership change is one
// outbox event on the member's key, excludedAttributes=members never reads members, and users
// show their groups. The Okta/Entra sequences are replayed in scim-idp-replay.test.ts.
import { describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import { newTenant, type TestTenant } from "../support/scim-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ADSCIM = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BASE = "https://scim-app.test/scim/v2";

const patchBody = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

async function createUser(t: TestTenant, userName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await t.call({ method: "POST", path: "/Users", body: { schemas: [USER], userName, active: true, ...extra } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.id as string;
}

async function users(t: TestTenant, n: number, prefix = "member"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await createUser(t, `${prefix}${i}@groups.test`));
  return ids;
}

async function createGroup(t: TestTenant, displayName: string, members: string[] = [], extra: Record<string, unknown> = {}) {
  const reply = await t.call({ method: "POST", path: "/Groups", body: { schemas: [GROUP], displayName, members: members.map((value) => ({ value })), ...extra } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body as { id: string; meta: { version: string; location: string }; members: Array<{ value: string }> };
}

async function memberIds(t: TestTenant, groupId: string): Promise<string[]> {
  const reply = await t.call({ path: `/Groups/${groupId}` });
  expect(reply.status, reply.text).toBe(200);
  return ((reply.body.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
}

async function patch(t: TestTenant, groupId: string, ...operations: unknown[]) {
  return t.call({ method: "PATCH", path: `/Groups/${groupId}`, body: patchBody(...operations) });
}

/** The outbox events a shop has for membership changes, as [userId, change] pairs. */
async function membershipEvents(t: TestTenant): Promise<Array<{ user: string; change: string; removeTags?: string[] }>> {
  const rows = await prisma.provisioningEvent.findMany({ where: { shopId: t.shopId, operation: "groups" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => {
    expect(row).toMatchObject({ resourceType: "User", key: `User:${row.resourceId}`, state: "created" });
    const payload = row.payload as { change: string; removeTags?: string[] };
    return { user: row.resourceId, change: payload.change, ...(payload.removeTags ? { removeTags: payload.removeTags } : {}) };
  });
}

describe("discovery", () => {
  it("#5 #6 /Schemas and /ResourceTypes list the Group schema and the /Groups endpoint", async () => {
    const t = await newTenant("groups");
    const schemas = await t.call({ path: "/Schemas" });
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toContain(GROUP);
    const group = (await t.call({ path: `/Schemas/${GROUP}` })).body;
    expect(group.attributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(["displayName", "members", "externalId"]));
    const types = await t.call({ path: "/ResourceTypes" });
    expect(types.body.Resources).toEqual(expect.arrayContaining([expect.objectContaining({ id: "Group", endpoint: "/Groups", schema: GROUP })]));
    expect((await t.call({ path: "/ResourceTypes/Group" })).body).toMatchObject({ endpoint: "/Groups" });
  });

  it("#9 GET /Groups answers within Okta's 600 ms with groups in the store", async () => {
    const t = await newTenant("groups");
    const ids = await users(t, 3);
    for (let i = 0; i < 5; i++) await createGroup(t, `Team ${i}`, ids);
    const started = performance.now();
    const reply = await t.call({ path: "/Groups" });
    expect(reply.status).toBe(200);
    expect(reply.body.totalResults).toBe(5);
    expect(performance.now() - started).toBeLessThan(600);
  });
});

describe("create", () => {
  it("#63 Okta's POST: 201 with id, displayName, members [] and meta.resourceType Group, and a Location header", async () => {
    const t = await newTenant("groups");
    const reply = await t.call({ method: "POST", path: "/Groups", body: { schemas: [GROUP], displayName: "Test SCIMv2", members: [] } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ schemas: [GROUP], displayName: "Test SCIMv2", members: [], meta: { resourceType: "Group" } });
    expect(reply.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers.get("location")).toBe(`${BASE}/Groups/${reply.body.id}`);
    expect(reply.body.meta.location).toBe(reply.headers.get("location"));
    expect(reply.headers.get("etag")).toBe('W/"1"');
  });

  it("#64 Entra's POST with the ADSCIM schema, externalId and meta, and no members key: 201", async () => {
    const t = await newTenant("groups");
    const reply = await t.call({
      method: "POST",
      path: "/Groups",
      body: { schemas: [GROUP, ADSCIM], externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", displayName: "displayName", meta: { resourceType: "Group" } },
    });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body).toMatchObject({ schemas: [GROUP], externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", displayName: "displayName", members: [] });
  });

  it("#65 a second group with the same displayName in any case is 409 uniqueness; nothing is created", async () => {
    const t = await newTenant("groups");
    await createGroup(t, "Wholesale EU");
    for (const name of ["Wholesale EU", "WHOLESALE eu"]) {
      const reply = await t.call({ method: "POST", path: "/Groups", body: { displayName: name } });
      expect(reply.status).toBe(409);
      expect(reply.body).toMatchObject({ scimType: "uniqueness", status: "409" });
    }
    expect(await prisma.scimGroup.count({ where: { shopId: t.shopId } })).toBe(1);
  });

  it("a group created with members: each member is a row and gets one outbox event on its own key", async () => {
    const t = await newTenant("groups");
    const ids = await users(t, 3);
    const group = await createGroup(t, "Sales", ids);
    expect(group.members.map((m) => m.value).sort()).toEqual([...ids].sort());
    expect(await prisma.scimGroupMember.count({ where: { groupId: group.id } })).toBe(3);
    expect((await membershipEvents(t)).sort((a, b) => a.user.localeCompare(b.user))).toEqual([...ids].sort().map((user) => ({ user, change: "added" })));
  });

  it("displayName is required: 400 invalidValue", async () => {
    const t = await newTenant("groups");
    const reply = await t.call({ method: "POST", path: "/Groups", body: { schemas: [GROUP], members: [] } });
    expect(reply.status).toBe(400);
    expect(reply.body.scimType).toBe("invalidValue");
  });
});

describe("read and list", () => {
  it("#66 displayName eq, with and without excludedAttributes=members, in another case: 1 result; unknown: 0; the filter is never ignored", async () => {
    const t = await newTenant("groups");
    await createGroup(t, "Test SCIMv2");
    await createGroup(t, "Other");
    for (const query of [
      'filter=displayName eq "Test SCIMv2"&startIndex=1&count=100',
      'excludedAttributes=members&filter=displayName eq "Test SCIMv2"',
      'filter=displayName eq "TEST scimv2"',
    ]) {
      const reply = await t.call({ path: `/Groups?${query.replace(/ /g, "%20").replace(/"/g, "%22")}` });
      expect(reply.status, query).toBe(200);
      expect(reply.body, query).toMatchObject({ totalResults: 1, itemsPerPage: 1, Resources: [{ displayName: "Test SCIMv2" }] });
    }
    const none = await t.call({ path: `/Groups?filter=${encodeURIComponent('displayName eq "nope"')}` });
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it("id eq, externalId eq (case-exact) and members[value eq] filters go through indexes", async () => {
    const t = await newTenant("groups");
    const [a, b] = await users(t, 2);
    const g1 = await createGroup(t, "One", [a!], { externalId: "Ext-1" });
    const g2 = await createGroup(t, "Two", [a!, b!]);
    const find = async (filter: string) => {
      const reply = await t.call({ path: `/Groups?excludedAttributes=members&filter=${encodeURIComponent(filter)}` });
      expect(reply.status, `${filter}: ${reply.text}`).toBe(200);
      return (reply.body.Resources as Array<{ id: string }>).map((r) => r.id).sort();
    };
    expect(await find(`id eq "${g1.id}"`)).toEqual([g1.id]);
    expect(await find('id eq "not-a-uuid"')).toEqual([]);
    expect(await find('externalId eq "Ext-1"')).toEqual([g1.id]);
    expect(await find('externalId eq "ext-1"')).toEqual([]);
    expect(await find(`members[value eq "${a}"]`)).toEqual([g1.id, g2.id].sort());
    expect(await find(`members[value eq "${b}"]`)).toEqual([g2.id]);
    expect(await find(`members.value eq "${b}"`)).toEqual([g2.id]);
    expect(await find(`displayName eq "two" and members[value eq "${a}"]`)).toEqual([g2.id]);
    // Filters no index answers are evaluated in memory, members included when the filter reads them.
    expect(await find('displayName sw "T"')).toEqual([g2.id]);
    expect(await find(`displayName eq "One" or members[value eq "${b}"]`)).toEqual([g1.id, g2.id].sort());
    expect((await t.call({ path: `/Groups?filter=${encodeURIComponent("displayName eq")}` })).status).toBe(400);
  });

  it("#67 GET /Groups/{id}?excludedAttributes=members has no members key; without it members carry value, $ref and display", async () => {
    const t = await newTenant("groups");
    const id = await createUser(t, "ada@groups.test", { displayName: "Ada Lovelace" });
    const id2 = await createUser(t, "bob@groups.test");
    const group = await createGroup(t, "Engineers", [id, id2]);
    const lean = await t.call({ path: `/Groups/${group.id}?excludedAttributes=members` });
    expect(lean.status).toBe(200);
    expect(lean.body.members).toBeUndefined();
    expect(lean.body).toMatchObject({ id: group.id, displayName: "Engineers" });
    const full = await t.call({ path: `/Groups/${group.id}` });
    expect(full.body.members).toEqual(
      expect.arrayContaining([
        { value: id, $ref: `${BASE}/Users/${id}`, display: "Ada Lovelace", type: "User" },
        { value: id2, $ref: `${BASE}/Users/${id2}`, display: "bob@groups.test", type: "User" },
      ]),
    );
    const only = await t.call({ path: `/Groups/${group.id}?attributes=members.value` });
    expect(only.body.members).toEqual(expect.arrayContaining([{ value: id }, { value: id2 }]));
    expect(only.body.displayName).toBeUndefined();
  });

  it("excludedAttributes=members is answered without reading a single member row", async () => {
    const t = await newTenant("groups");
    const ids = await users(t, 2);
    const group = await createGroup(t, "Quiet", ids);
    const spy = vi.spyOn(prisma, "$queryRawUnsafe");
    const memberReads = () => spy.mock.calls.filter((call) => String(call[0]).includes("ScimGroupMember")).length;
    try {
      for (const path of [
        `/Groups/${group.id}?excludedAttributes=members`,
        `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "quiet"')}`,
        "/Groups?excludedAttributes=members",
        `/Groups?attributes=displayName`,
      ]) {
        const reply = await t.call({ path });
        expect(reply.status, path).toBe(200);
        expect(reply.text, path).not.toContain('"members"');
      }
      expect(memberReads()).toBe(0);
      expect((await t.call({ path: `/Groups/${group.id}` })).body.members).toHaveLength(2);
      expect(memberReads()).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("#68 paging without a filter: zero groups → empty list; 150 groups → stable, complete pages", async () => {
    const t = await newTenant("groups");
    const empty = await t.call({ path: "/Groups?startIndex=1&count=100" });
    expect(empty.body).toMatchObject({ totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 });
    for (let i = 0; i < 150; i++) await prisma.scimGroup.create({ data: { id: crypto.randomUUID(), shopId: t.shopId, displayName: `G${i}`, displayNameKey: `g${i}`, tag: `group:G${i}`, tagKey: `group:g${i}`, updatedAt: new Date() } });
    const seen: string[] = [];
    for (const startIndex of [1, 101]) {
      const page = await t.call({ path: `/Groups?startIndex=${startIndex}&count=100&excludedAttributes=members` });
      expect(page.body).toMatchObject({ totalResults: 150, startIndex });
      seen.push(...page.body.Resources.map((r: { id: string }) => r.id));
    }
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
    const again = await t.call({ path: "/Groups?startIndex=101&count=100&excludedAttributes=members" });
    expect(again.body.Resources.map((r: { id: string }) => r.id)).toEqual(seen.slice(100));
    const sorted = await t.call({ path: "/Groups?sortBy=displayName&count=3&excludedAttributes=members" });
    expect(sorted.body.Resources.map((r: { displayName: string }) => r.displayName)).toEqual(["G0", "G1", "G10"]);
  });

  it("POST /Groups/.search takes the query in the body", async () => {
    const t = await newTenant("groups");
    await createGroup(t, "Searchable");
    const reply = await t.call({
      method: "POST",
      path: "/Groups/.search",
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: 'displayName eq "searchable"', excludedAttributes: ["members"] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ totalResults: 1, Resources: [{ displayName: "Searchable" }] });
  });

  it("unknown, malformed and other-shop ids are 404", async () => {
    const t = await newTenant("groups");
    const other = await newTenant("groups");
    const theirs = await createGroup(other, "Theirs");
    for (const id of ["00919288221112222", crypto.randomUUID(), theirs.id]) {
      for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
        const reply = await t.call({ method, path: `/Groups/${id}`, body: method === "PUT" ? { displayName: "x" } : method === "PATCH" ? patchBody({ op: "replace", path: "displayName", value: "x" }) : undefined });
        expect(reply.status, `${method} ${id}`).toBe(404);
      }
    }
    expect((await other.call({ path: `/Groups/${theirs.id}` })).body.displayName).toBe("Theirs");
  });
});

describe("patch", () => {
  it("#69 Okta's rename with the group id in the value: applied (204); repeating it is a harmless no-op", async () => {
    const t = await newTenant("groups");
    const group = await createGroup(t, "Old name");
    const rename = { op: "replace", value: { id: group.id, displayName: "Test SCIMv2" } };
    const first = await patch(t, group.id, rename);
    expect(first.status).toBe(204);
    expect(first.text).toBe("");
    expect(first.headers.get("etag")).toBe('W/"2"');
    const again = await patch(t, group.id, rename);
    expect(again.status).toBe(204);
    expect(again.headers.get("etag")).toBe('W/"2"');
    expect((await t.call({ path: `/Groups/${group.id}` })).body.displayName).toBe("Test SCIMv2");
    // A different id in the value is an attempt to change a read-only attribute.
    expect((await patch(t, group.id, { op: "replace", value: { id: crypto.randomUUID(), displayName: "x" } })).status).toBe(400);
  });

  it("#70 Entra's capitalised Replace displayName and the pathless externalId replace are applied", async () => {
    const t = await newTenant("groups");
    const group = await createGroup(t, "Before");
    expect((await patch(t, group.id, { op: "Replace", path: "displayName", value: "After" })).status).toBe(204);
    expect((await patch(t, group.id, { op: "replace", value: { externalId: "E" } })).status).toBe(204);
    expect((await t.call({ path: `/Groups/${group.id}` })).body).toMatchObject({ displayName: "After", externalId: "E" });
  });

  it("#71 remove members[value eq \"U1\"] on {U1,U2} → {U2}", async () => {
    const t = await newTenant("groups");
    const [u1, u2] = await users(t, 2);
    const group = await createGroup(t, "G", [u1!, u2!]);
    expect((await patch(t, group.id, { op: "remove", path: `members[value eq "${u1}"]` })).status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([u2]);
  });

  it("#72 Entra legacy / JumpCloud Remove members with a value list on {U1,U2} → {U2}, never {}", async () => {
    const t = await newTenant("groups");
    const [u1, u2] = await users(t, 2);
    const group = await createGroup(t, "G", [u1!, u2!]);
    expect((await patch(t, group.id, { op: "Remove", path: "members", value: [{ $ref: null, value: u1 }] })).status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([u2]);
  });

  it("#73 Add members with display and with $ref null: both added; adding again adds no duplicate", async () => {
    const t = await newTenant("groups");
    const [u3, u4] = await users(t, 2);
    const group = await createGroup(t, "G");
    const add = { op: "Add", path: "members", value: [{ value: u3, display: "u3@x" }, { $ref: null, value: u4 }] };
    expect((await patch(t, group.id, add)).status).toBe(204);
    expect((await patch(t, group.id, add)).status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([u3, u4].sort());
    expect(await prisma.scimGroupMember.count({ where: { groupId: group.id } })).toBe(2);
    expect((await t.call({ path: `/Groups/${group.id}?excludedAttributes=members` })).body.meta.version).toBe('W/"2"');
  });

  it("#73 members that are not users of this store (unknown ids, another shop's users, groups): 400 with nothing applied", async () => {
    const t = await newTenant("groups");
    const other = await newTenant("groups");
    const [mine] = await users(t, 1);
    const theirs = await createUser(other, "theirs@groups.test");
    const group = await createGroup(t, "G");
    const nested = await createGroup(t, "Nested");
    const eventsBefore = await prisma.provisioningEvent.count({ where: { shopId: t.shopId } });
    for (const value of ["not-a-user", crypto.randomUUID(), theirs, nested.id]) {
      const reply = await patch(t, group.id, { op: "add", path: "members", value: [{ value: mine }, { value }] });
      expect(reply.status, value).toBe(400);
      expect(reply.body.scimType).toBe("invalidValue");
      expect(reply.body.detail).toMatch(/must be users/);
    }
    const typed = await patch(t, group.id, { op: "add", path: "members", value: [{ value: nested.id, type: "Group" }] });
    expect(typed.status).toBe(400);
    expect(typed.body.detail).toMatch(/nested groups/i);
    const post = await t.call({ method: "POST", path: "/Groups", body: { displayName: "With stranger", members: [{ value: theirs }] } });
    expect(post.status).toBe(400);
    expect(await memberIds(t, group.id)).toEqual([]);
    expect(await prisma.provisioningEvent.count({ where: { shopId: t.shopId } })).toBe(eventsBefore);
    expect(await prisma.scimGroup.count({ where: { shopId: t.shopId } })).toBe(2);
  });

  it("#74 Okta's single request: remove members[value eq U2] then add U3 on {U1,U2} → {U1,U3}", async () => {
    const t = await newTenant("groups");
    const [u1, u2, u3] = await users(t, 3);
    const group = await createGroup(t, "G", [u1!, u2!]);
    const reply = await patch(
      t,
      group.id,
      { op: "remove", path: `members[value eq "${u2}"]` },
      { op: "add", path: "members", value: [{ value: u3, display: "member2@groups.test" }] },
    );
    expect(reply.status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([u1, u3].sort());
  });

  it("#75 Okta Push Now replaces the whole list → {U5}; an empty list empties the group", async () => {
    const t = await newTenant("groups");
    const [u1, u2, u5] = await users(t, 3);
    const group = await createGroup(t, "G", [u1!, u2!]);
    expect((await patch(t, group.id, { op: "replace", path: "members", value: [{ value: u5 }] })).status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([u5]);
    expect((await patch(t, group.id, { op: "replace", path: "members", value: [] })).status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([]);
  });

  it("#76 remove members with no value and no filter removes every member", async () => {
    const t = await newTenant("groups");
    const ids = await users(t, 3);
    const group = await createGroup(t, "G", ids);
    expect((await patch(t, group.id, { op: "remove", path: "members" })).status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([]);
  });

  it("#78 add U7 then remove members[value eq U7] in one PATCH: U7 is not a member, and no event is recorded", async () => {
    const t = await newTenant("groups");
    const [u7] = await users(t, 1);
    const group = await createGroup(t, "G");
    const reply = await patch(t, group.id, { op: "add", path: "members", value: [{ value: u7 }] }, { op: "remove", path: `members[value eq "${u7}"]` });
    expect(reply.status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([]);
    expect(await membershipEvents(t)).toEqual([]);
  });

  it("removing a non-member is not an error and records nothing", async () => {
    const t = await newTenant("groups");
    const [u1, u2] = await users(t, 2);
    const group = await createGroup(t, "G", [u1!]);
    const before = await membershipEvents(t);
    expect((await patch(t, group.id, { op: "remove", path: `members[value eq "${u2}"]` })).status).toBe(204);
    expect((await patch(t, group.id, { op: "Remove", path: "members", value: [{ value: u2 }, { value: "nobody" }] })).status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([u1]);
    expect(await membershipEvents(t)).toEqual(before);
  });

  it("a PATCH asked for attributes answers 200 with the projected group", async () => {
    const t = await newTenant("groups");
    const [u1] = await users(t, 1);
    const group = await createGroup(t, "G");
    const reply = await t.call({ method: "PATCH", path: `/Groups/${group.id}?attributes=members`, body: patchBody({ op: "add", path: "members", value: [{ value: u1 }] }) });
    expect(reply.status).toBe(200);
    expect(reply.body.members).toEqual([expect.objectContaining({ value: u1 })]);
  });

  it("removing the displayName, an unknown path or a bad op is 400 and changes nothing; If-Match is honoured", async () => {
    const t = await newTenant("groups");
    const group = await createGroup(t, "G");
    expect((await patch(t, group.id, { op: "remove", path: "displayName" })).status).toBe(400);
    expect((await patch(t, group.id, { op: "replace", path: "fooBar", value: 1 })).status).toBe(400);
    expect((await patch(t, group.id, { op: "explode", path: "displayName", value: "x" })).status).toBe(400);
    const stale = await t.call({ method: "PATCH", path: `/Groups/${group.id}`, headers: { "If-Match": 'W/"9"' }, body: patchBody({ op: "replace", path: "displayName", value: "x" }) });
    expect(stale.status).toBe(412);
    expect((await t.call({ path: `/Groups/${group.id}` })).body).toMatchObject({ displayName: "G", meta: { version: 'W/"1"' } });
  });

  it("a rename to another group's name in any case is 409 and changes nothing", async () => {
    const t = await newTenant("groups");
    await createGroup(t, "Taken");
    const group = await createGroup(t, "Mine");
    const reply = await patch(t, group.id, { op: "replace", path: "displayName", value: "TAKEN" });
    expect(reply.status).toBe(409);
    expect(reply.body.scimType).toBe("uniqueness");
    expect((await t.call({ path: `/Groups/${group.id}` })).body.displayName).toBe("Mine");
  });
});

describe("replace", () => {
  it("#77 PUT with displayName and members [U1,U6] → 200; membership is exactly {U1,U6}", async () => {
    const t = await newTenant("groups");
    const [u1, u2, u6] = await users(t, 3);
    const group = await createGroup(t, "G", [u1!, u2!]);
    const reply = await t.call({ method: "PUT", path: `/Groups/${group.id}`, body: { schemas: [GROUP], id: group.id, displayName: "G renamed", members: [{ value: u1 }, { value: u6 }] } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.displayName).toBe("G renamed");
    expect(reply.body.members.map((m: { value: string }) => m.value).sort()).toEqual([u1, u6].sort());
    expect(await memberIds(t, group.id)).toEqual([u1, u6].sort());
    // A PUT without members empties the group (RFC 7644 §3.5.1: the body replaces the resource).
    expect((await t.call({ method: "PUT", path: `/Groups/${group.id}`, body: { displayName: "G renamed" } })).status).toBe(200);
    expect(await memberIds(t, group.id)).toEqual([]);
  });
});

describe("delete", () => {
  it("#79 DELETE → 204, then GET 404 and DELETE 404; former members are unchanged and still active", async () => {
    const t = await newTenant("groups");
    const ids = await users(t, 2);
    const group = await createGroup(t, "Doomed", ids);
    expect((await t.call({ method: "DELETE", path: `/Groups/${group.id}` })).status).toBe(204);
    expect((await t.call({ path: `/Groups/${group.id}` })).status).toBe(404);
    expect((await t.call({ method: "DELETE", path: `/Groups/${group.id}` })).status).toBe(404);
    for (const id of ids) {
      const user = await t.call({ path: `/Users/${id}` });
      expect(user.status).toBe(200);
      expect(user.body.active).toBe(true);
      expect(user.body.groups).toBeUndefined();
    }
    expect(await prisma.scimGroupMember.count({ where: { groupId: group.id } })).toBe(0);
    const deleted = (await membershipEvents(t)).filter((e) => e.change === "deleted");
    expect(deleted.map((e) => e.user).sort()).toEqual([...ids].sort());
    expect(deleted[0]!.removeTags).toEqual(["group:Doomed"]);
  });

  it("deleting a user removes them from every group", async () => {
    const t = await newTenant("groups");
    const [u1, u2] = await users(t, 2);
    const group = await createGroup(t, "G", [u1!, u2!]);
    expect((await t.call({ method: "DELETE", path: `/Users/${u1}` })).status).toBe(204);
    expect(await memberIds(t, group.id)).toEqual([u2]);
  });
});

describe("users show their groups", () => {
  it("#80 each user's read-only groups lists value, $ref and display; it cannot be written through /Users", async () => {
    const t = await newTenant("groups");
    const [u1, u2] = await users(t, 2);
    const sales = await createGroup(t, "Sales", [u1!, u2!]);
    const eu = await createGroup(t, "EU", [u1!]);
    const one = await t.call({ path: `/Users/${u1}` });
    expect(one.body.groups).toEqual([
      { value: eu.id, $ref: `${BASE}/Groups/${eu.id}`, display: "EU", type: "direct" },
      { value: sales.id, $ref: `${BASE}/Groups/${sales.id}`, display: "Sales", type: "direct" },
    ]);
    const list = await t.call({ path: `/Users?filter=${encodeURIComponent(`userName eq "member1@groups.test"`)}` });
    expect(list.body.Resources[0].groups).toEqual([expect.objectContaining({ value: sales.id, display: "Sales" })]);
    const page = await t.call({ path: "/Users?count=10" });
    expect(page.body.Resources.map((r: { groups?: unknown[] }) => r.groups?.length ?? 0).sort()).toEqual([1, 2]);
    expect((await t.call({ path: `/Users/${u1}?excludedAttributes=groups` })).body.groups).toBeUndefined();
    // A filter on groups is answered too (evaluated in memory).
    const byGroup = await t.call({ path: `/Users?filter=${encodeURIComponent(`groups[value eq "${eu.id}"]`)}` });
    expect(byGroup.body.Resources.map((r: { id: string }) => r.id)).toEqual([u1]);
    // Read-only: ignored on POST/PUT (Okta sends groups: []), 400 mutability on PATCH.
    const put = await t.call({ method: "PUT", path: `/Users/${u2}`, body: { schemas: [USER], userName: "member1@groups.test", groups: [{ value: eu.id }] } });
    expect(put.status).toBe(200);
    expect(put.body.groups).toEqual([expect.objectContaining({ value: sales.id })]);
    const add = await t.call({ method: "PATCH", path: `/Users/${u2}`, body: patchBody({ op: "add", path: "groups", value: [{ value: eu.id }] }) });
    expect(add.status).toBe(400);
    expect(add.body.scimType).toBe("mutability");
  });
});

describe("tags and events", () => {
  it("the group's tag is prefix + displayName, cleaned and unique per shop; a rename re-tags every member; a delete removes it", async () => {
    const t = await newTenant("groups");
    const [u1, u2] = await users(t, 2);
    const a = await createGroup(t, "Sales, EU", [u1!, u2!]);
    const b = await createGroup(t, "Sales EU");
    const tags = async () => Object.fromEntries((await prisma.scimGroup.findMany({ where: { shopId: t.shopId } })).map((g) => [g.displayName, g.tag]));
    expect(await tags()).toEqual({ "Sales, EU": "group:Sales EU", "Sales EU": "group:Sales EU (2)" });
    await prisma.provisioningEvent.deleteMany({ where: { shopId: t.shopId } });
    expect((await patch(t, a.id, { op: "replace", path: "displayName", value: "Wholesale" })).status).toBe(204);
    expect((await tags())["Wholesale"]).toBe("group:Wholesale");
    const renamed = await membershipEvents(t);
    expect(renamed.map((e) => e.user).sort()).toEqual([u1, u2].sort());
    expect(renamed.every((e) => e.change === "renamed" && e.removeTags?.[0] === "group:Sales EU")).toBe(true);
    // The freed tag is not taken back by the other group (tags are stable), and a case-only rename keeps the key.
    expect((await patch(t, b.id, { op: "replace", path: "displayName", value: "SALES EU" })).status).toBe(204);
    expect((await tags())["SALES EU"]).toBe("group:SALES EU");
  });

  it("an externalId-only change records no membership event", async () => {
    const t = await newTenant("groups");
    const ids = await users(t, 2);
    const group = await createGroup(t, "G", ids);
    await prisma.provisioningEvent.deleteMany({ where: { shopId: t.shopId } });
    expect((await patch(t, group.id, { op: "replace", path: "externalId", value: "x" })).status).toBe(204);
    expect(await membershipEvents(t)).toEqual([]);
  });

  it("the shop's prefix decides the tag", async () => {
    const t = await newTenant("groups");
    await prisma.shop.update({ where: { id: t.shopId }, data: { groupTagPrefix: "team-" } });
    await createGroup(t, "Ops");
    expect((await prisma.scimGroup.findFirstOrThrow({ where: { shopId: t.shopId } })).tag).toBe("team-Ops");
  });
});

describe("the shop's tag prefix", () => {
  it("a new prefix saved in the admin re-tags every group and queues a rename for each member", async () => {
    const t = await newTenant("groups");
    const { saveSettings, settingsOf } = await import("~/admin/settings.server");
    const [u1, u2] = await users(t, 2);
    await createGroup(t, "Sales", [u1!, u2!]);
    await createGroup(t, "Empty");
    await prisma.provisioningEvent.deleteMany({ where: { shopId: t.shopId } });
    const shop = await prisma.shop.findUniqueOrThrow({ where: { id: t.shopId } });
    expect(await saveSettings(t.shopId, { ...settingsOf(shop), groupTagPrefix: "team:" })).toMatchObject({ ok: true });
    const tags = (await prisma.scimGroup.findMany({ where: { shopId: t.shopId }, orderBy: { displayNameKey: "asc" } })).map((g) => g.tag);
    expect(tags).toEqual(["team:Empty", "team:Sales"]);
    const events = await membershipEvents(t);
    expect(events.map((e) => e.user).sort()).toEqual([u1, u2].sort());
    expect(events.every((e) => e.change === "renamed" && e.removeTags?.[0] === "group:Sales")).toBe(true);
    // Saving the same prefix again changes nothing.
    expect(await saveSettings(t.shopId, { ...settingsOf(await prisma.shop.findUniqueOrThrow({ where: { id: t.shopId } })), groupTagPrefix: "team:" })).toMatchObject({ ok: true });
    expect(await membershipEvents(t)).toHaveLength(2);
  });
});

describe("bulk", () => {
  it("POST /Bulk creates, patches and deletes groups with bulkId references", async () => {
    const t = await newTenant("groups");
    const reply = await t.call({
      method: "POST",
      path: "/Bulk",
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: [
          { method: "POST", path: "/Users", bulkId: "u", data: { schemas: [USER], userName: "bulk-member@groups.test" } },
          { method: "POST", path: "/Groups", bulkId: "g", data: { schemas: [GROUP], displayName: "Bulk", members: [{ value: "bulkId:u" }] } },
          { method: "PATCH", path: "/Groups/bulkId:g", data: patchBody({ op: "replace", path: "displayName", value: "Bulk 2" }) },
        ],
      },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.Operations.map((o: { status: string }) => o.status)).toEqual(["201", "201", "200"]);
    const group = await prisma.scimGroup.findFirstOrThrow({ where: { shopId: t.shopId } });
    expect(group.displayName).toBe("Bulk 2");
    expect(await prisma.scimGroupMember.count({ where: { groupId: group.id } })).toBe(1);
  });
});
