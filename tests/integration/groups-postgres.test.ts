// The group directory's raw statements on PostgreSQL (production): set-based member writes and
// outbox events with one JSON-array parameter, jsonb payloads and timestamp(3) columns that the
// Prisma client and the engine then read back. The same functions run on SQLite in every other
// group test. scripts/test-all.sh sets TEST_POSTGRES_URL.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countMembers,
  deleteMembers,
  existingUserIds,
  insertMembers,
  insertMembershipEvents,
  memberIdsOf,
  memberRows,
  userGroupRows,
} from "~/directory/group-sql.server";
import { createPostgresTestDatabase, generatePostgresClient, openPostgresClient, prismaCli, type PostgresTestDatabase } from "../support/postgres";

let database: PostgresTestDatabase;
let client: PrismaClient;

beforeAll(async () => {
  database = await createPostgresTestDatabase("scim_groups");
  prismaCli(["migrate", "deploy"], database.url);
  client = await openPostgresClient(generatePostgresClient("groups", database.url), database.url);
}, 120_000);

afterAll(async () => {
  await client?.$disconnect();
  await database?.drop();
});

describe("group statements on PostgreSQL", () => {
  it("insert, read, event and delete members set-based, readable through Prisma", async () => {
    const shop = await client.shop.create({ data: { shopDomain: `pg-groups-${randomUUID().slice(0, 8)}.myshopify.com`, scimEnabled: true } });
    const other = await client.shop.create({ data: { shopDomain: `pg-other-${randomUUID().slice(0, 8)}.myshopify.com` } });
    const user = async (shopId: string, name: string, displayName: string | null = null) =>
      (await client.scimUser.create({ data: { id: randomUUID(), shopId, userName: name, userNameKey: name, displayName, attributes: { userName: name } } })).id;
    const ada = await user(shop.id, "ada@example.com", "Ada Lovelace");
    const bob = await user(shop.id, "bob@example.com");
    const stranger = await user(other.id, "stranger@example.com");
    const group = await client.scimGroup.create({ data: { id: randomUUID(), shopId: shop.id, displayName: "Sales", displayNameKey: "sales", tag: "group:Sales", tagKey: "group:sales" } });
    const now = new Date();
    const d = "postgresql" as const;

    // Only users of this shop are inserted: the caller compares the count with what it asked for.
    expect(await insertMembers(client, d, shop.id, group.id, [ada, bob, stranger, "not-a-user"], now)).toBe(2);
    expect((await memberIdsOf(client, d, group.id)).sort()).toEqual([ada, bob].sort());
    expect(await memberIdsOf(client, d, group.id, [bob, stranger])).toEqual([bob]);
    expect(await memberIdsOf(client, d, group.id, [])).toEqual([]);
    expect(await countMembers(client, d, group.id)).toBe(2);
    expect([...(await existingUserIds(client, d, shop.id, [ada, stranger, "x"]))]).toEqual([ada]);
    const rows = await memberRows(client, d, [group.id]);
    expect(rows.map((row) => [row.userId, row.userName, row.displayName]).sort()).toEqual(
      [
        [ada, "ada@example.com", "Ada Lovelace"],
        [bob, "bob@example.com", null],
      ].sort(),
    );
    expect(await userGroupRows(client, d, shop.id, [ada, stranger])).toEqual([{ userId: ada, id: group.id, displayName: "Sales" }]);

    // Events: one per named user of the shop, and one per member of a group.
    expect(await insertMembershipEvents(client, d, shop.id, { users: [ada, stranger] }, { group: group.id, change: "added" }, now)).toBe(1);
    expect(await insertMembershipEvents(client, d, shop.id, { membersOf: group.id }, { group: group.id, change: "renamed", removeTags: ["group:Old"] }, now)).toBe(2);
    const events = await client.provisioningEvent.findMany({ where: { shopId: shop.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event).toMatchObject({ resourceType: "User", operation: "groups", state: "created", attempts: 0, maxAttempts: 10, key: `User:${event.resourceId}` });
      expect(event.runAt.getTime()).toBe(now.getTime());
      expect(event.createdAt.getTime()).toBe(now.getTime());
    }
    expect(events.filter((event) => (event.payload as { change: string }).change === "renamed").map((event) => event.payload)).toEqual([
      { group: group.id, change: "renamed", removeTags: ["group:Old"] },
      { group: group.id, change: "renamed", removeTags: ["group:Old"] },
    ]);
    // The engine's claim query finds them due.
    expect(await client.provisioningEvent.count({ where: { shopId: shop.id, state: { in: ["created", "retry"] }, runAt: { lte: new Date() } } })).toBe(3);

    expect(await deleteMembers(client, d, group.id, [ada, "nobody"])).toBe(1);
    expect(await memberIdsOf(client, d, group.id)).toEqual([bob]);
    // Deleting the user or the group cascades to the member rows.
    await client.scimUser.delete({ where: { id: bob } });
    expect(await countMembers(client, d, group.id)).toBe(0);
  });

  it("a 5,000-member list is one parameter", async () => {
    const shop = await client.shop.create({ data: { shopDomain: `pg-big-${randomUUID().slice(0, 8)}.myshopify.com` } });
    const ids = Array.from({ length: 5000 }, () => randomUUID());
    await client.scimUser.createMany({ data: ids.map((id, i) => ({ id, shopId: shop.id, userName: `u${i}`, userNameKey: `u${i}`, attributes: {} })) });
    const group = await client.scimGroup.create({ data: { id: randomUUID(), shopId: shop.id, displayName: "Big", displayNameKey: "big", tag: "group:Big", tagKey: "group:big" } });
    expect(await insertMembers(client, "postgresql", shop.id, group.id, ids, new Date())).toBe(5000);
    expect(await insertMembershipEvents(client, "postgresql", shop.id, { users: ids }, { group: group.id, change: "added" }, new Date())).toBe(5000);
    expect(await countMembers(client, "postgresql", group.id)).toBe(5000);
  }, 60_000);
});
