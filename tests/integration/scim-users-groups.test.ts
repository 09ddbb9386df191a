// A user's read-only `groups` (RFC 7643 §4.1.2) on every path that reads users by key: GET by
// id, the userName / externalId / e-mail lookups IdPs send, /Users/.search, pages, and the
// resource answered to PUT and PATCH. They are read in the same statement as the user
// (app/directory/users.server.ts groupsColumn), so they must be exact whatever changed the
// membership: the Groups API, or another process writing the tables directly.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { BASE, newTenant, type TestTenant } from "../support/scim-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function createUser(t: TestTenant, userName: string, externalId: string): Promise<string> {
  const reply = await t.call({
    method: "POST",
    path: "/Users",
    body: { schemas: [USER], userName, externalId, emails: [{ value: userName, primary: true }], active: true },
  });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.id as string;
}

async function createGroup(t: TestTenant, displayName: string, members: string[]): Promise<string> {
  const reply = await t.call({ method: "POST", path: "/Groups", body: { schemas: [GROUP], displayName, members: members.map((value) => ({ value })) } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.id as string;
}

const element = (id: string, display: string) => ({ value: id, $ref: `${BASE}/Groups/${id}`, display, type: "direct" });
const filter = (expression: string) => `/Users?filter=${encodeURIComponent(expression)}`;

/** The `groups` of one user as every keyed read answers them; all must agree. */
async function groupsEverywhere(t: TestTenant, id: string, userName: string, externalId: string): Promise<unknown> {
  const replies = [
    await t.call({ path: `/Users/${id}` }),
    await t.call({ path: filter(`userName eq "${userName.toUpperCase()}"`) }),
    await t.call({ path: filter(`externalId eq "${externalId}"`) }),
    await t.call({ path: filter(`emails.value eq "${userName}"`) }),
    await t.call({ method: "POST", path: "/Users/.search", body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: `userName eq "${userName}"` } }),
  ];
  const seen = replies.map((reply) => {
    expect(reply.status, reply.text).toBe(200);
    const resource = reply.body.Resources ? reply.body.Resources : [reply.body];
    expect(resource).toHaveLength(1);
    expect(resource[0].id).toBe(id);
    return resource[0].groups;
  });
  for (const other of seen.slice(1)) expect(other).toEqual(seen[0]);
  return seen[0];
}

describe("users' groups on keyed reads", () => {
  it("each lookup shows exactly the user's groups of this shop, by name, with names that need escaping intact", async () => {
    const t = await newTenant("usergroups");
    const other = await newTenant("usergroups");
    const ada = await createUser(t, "ada@ug.test", "ext-ada");
    const bob = await createUser(t, "bob@ug.test", "ext-bob");
    const cy = await createUser(t, "cy@ug.test", "ext-cy");
    const odd = `gamma "quoted" \\ back\\slash, ünïcode ✓ [1,2] {}`;
    const beta = await createGroup(t, "beta", [ada, bob]);
    const alpha = await createGroup(t, "Alpha", [ada]);
    const gamma = await createGroup(t, odd, [ada]);
    // Same names in another shop: never shown here.
    const theirs = await createUser(other, "ada@ug.test", "ext-ada");
    await createGroup(other, "Alpha", [theirs]);
    await createGroup(other, "beta", [theirs]);

    expect(await groupsEverywhere(t, ada, "ada@ug.test", "ext-ada")).toEqual([element(alpha, "Alpha"), element(beta, "beta"), element(gamma, odd)]);
    expect(await groupsEverywhere(t, bob, "bob@ug.test", "ext-bob")).toEqual([element(beta, "beta")]);
    expect(await groupsEverywhere(t, cy, "cy@ug.test", "ext-cy")).toBeUndefined();

    // A page of several users (one statement for the page): each row gets its own groups.
    const page = await t.call({ path: "/Users?count=2&startIndex=1" });
    const next = await t.call({ path: "/Users?count=2&startIndex=3" });
    const all = [...page.body.Resources, ...next.body.Resources] as Array<{ id: string; groups?: unknown }>;
    expect(Object.fromEntries(all.map((r) => [r.id, r.groups]))).toEqual({
      [ada]: [element(alpha, "Alpha"), element(beta, "beta"), element(gamma, odd)],
      [bob]: [element(beta, "beta")],
      [cy]: undefined,
    });

    // A lookup by a unique key past its only match: an empty page that still counts the match.
    const past = await t.call({ path: `${filter(`userName eq "ada@ug.test"`)}&startIndex=2` });
    expect(past.status, past.text).toBe(200);
    expect(past.body).toMatchObject({ totalResults: 1, startIndex: 2, itemsPerPage: 0 });
    expect(past.body.Resources ?? []).toEqual([]);

    // PUT and PATCH answer the resource with its groups.
    const put = await t.call({ method: "PUT", path: `/Users/${bob}`, body: { schemas: [USER], userName: "bob@ug.test", externalId: "ext-bob", emails: [{ value: "bob@ug.test" }], displayName: "Bob" } });
    expect(put.status, put.text).toBe(200);
    expect(put.body.groups).toEqual([element(beta, "beta")]);
    const patched = await t.call({ method: "PATCH", path: `/Users/${ada}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { displayName: "Ada" } }] } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.groups).toEqual([element(alpha, "Alpha"), element(beta, "beta"), element(gamma, odd)]);
    const unchanged = await t.call({ method: "PATCH", path: `/Users/${cy}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: true } }] } });
    expect(unchanged.status, unchanged.text).toBe(200);
    expect(unchanged.body.groups).toBeUndefined();
  });

  it("follows every membership change at once, also when another process writes the tables", async () => {
    const t = await newTenant("usergroups");
    const ada = await createUser(t, "ada@ug.test", "ext-ada");
    const lookup = async () => groupsEverywhere(t, ada, "ada@ug.test", "ext-ada");
    expect(await lookup()).toBeUndefined();

    // The shop's first group appears on the very next lookup.
    const sales = await createGroup(t, "Sales", [ada]);
    expect(await lookup()).toEqual([element(sales, "Sales")]);

    // Renamed: the new name, in its new place in the order.
    const ops = await createGroup(t, "Ops", [ada]);
    expect(await lookup()).toEqual([element(ops, "Ops"), element(sales, "Sales")]);
    const rename = await t.call({ method: "PATCH", path: `/Groups/${ops}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "displayName", value: "Z-Ops" }] } });
    expect([200, 204], rename.text).toContain(rename.status);
    expect(await lookup()).toEqual([element(sales, "Sales"), element(ops, "Z-Ops")]);

    // Removed as a member; then the group deleted: the shop has no groups left.
    const remove = await t.call({ method: "PATCH", path: `/Groups/${sales}`, body: { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${ada}"]` }] } });
    expect([200, 204]).toContain(remove.status);
    expect(await lookup()).toEqual([element(ops, "Z-Ops")]);
    expect((await t.call({ method: "DELETE", path: `/Groups/${ops}` })).status).toBe(204);
    expect(await lookup()).toBeUndefined();

    // Another process (a second app instance, the admin) adds a group and a membership directly.
    const direct = randomUUID();
    await prisma.scimGroup.create({ data: { id: direct, shopId: t.shopId, displayName: "Direct", displayNameKey: "direct", tag: "group:Direct", tagKey: "group:direct" } });
    await prisma.scimGroupMember.create({ data: { groupId: direct, userId: ada, shopId: t.shopId } });
    expect(await lookup()).toEqual([element(direct, "Direct")]);
    await prisma.scimGroup.update({ where: { id: direct }, data: { displayName: "Direct 2", displayNameKey: "direct 2" } });
    expect(await lookup()).toEqual([element(direct, "Direct 2")]);
    await prisma.scimGroup.delete({ where: { id: direct } });
    expect(await lookup()).toBeUndefined();
  });
});
