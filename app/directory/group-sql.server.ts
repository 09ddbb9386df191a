// The group directory's raw statements: set-based reads and writes of member rows and their
// outbox events (through the outbox's enqueueSelected), however many members
// (app/directory/groups.server.ts calls them inside its transactions). Each takes the client and the SQL dialect explicitly, so the same statements are
// run on PostgreSQL by tests/integration/groups-postgres.test.ts. Member lists travel as ONE
// parameter (app/sql.server.ts stringList); nothing here loops per member.
import { execute, query, sql, stringList, text, timestamp, type Dialect, type RawDb } from "~/sql.server";
import { MEMBERSHIP_OPERATION, enqueueSelected } from "~/sync/outbox.server";
import type { MembershipPayload } from "./group-events";

export type { RawDb };

export interface MemberRow {
  groupId: string;
  userId: string;
  userName: string;
  displayName: string | null;
}

/** Members of some groups with each person's names, in the order they joined. */
export function memberRows(db: RawDb, d: Dialect, groupIds: readonly string[]): Promise<MemberRow[]> {
  return query<MemberRow>(
    db,
    d,
    sql`SELECT m."groupId", m."userId", u."userName", u."displayName"
        FROM "ScimGroupMember" m JOIN "ScimUser" u ON u."id" = m."userId"
        WHERE m."groupId" IN (${stringList(groupIds, d)})
        ORDER BY m."groupId", m."createdAt", m."userId"`,
  );
}

/** Member ids of one group; only those among `among` when given. */
export async function memberIdsOf(db: RawDb, d: Dialect, groupId: string, among?: readonly string[]): Promise<string[]> {
  if (among && among.length === 0) return [];
  const statement = among
    ? sql`SELECT "userId" FROM "ScimGroupMember" WHERE "groupId" = ${groupId} AND "userId" IN (${stringList(among, d)})`
    : sql`SELECT "userId" FROM "ScimGroupMember" WHERE "groupId" = ${groupId} ORDER BY "createdAt", "userId"`;
  return (await query<{ userId: string }>(db, d, statement)).map((row) => row.userId);
}

/** (user, group) pairs for some users of a shop, groups by name. */
export function userGroupRows(db: RawDb, d: Dialect, shopId: string, userIds: readonly string[]): Promise<{ userId: string; id: string; displayName: string }[]> {
  return query<{ userId: string; id: string; displayName: string }>(
    db,
    d,
    sql`SELECT m."userId", g."id", g."displayName"
        FROM "ScimGroupMember" m JOIN "ScimGroup" g ON g."id" = m."groupId"
        WHERE m."userId" IN (${stringList(userIds, d)}) AND g."shopId" = ${shopId}
        ORDER BY g."displayNameKey", g."id"`,
  );
}

/** Which of `ids` are users of this shop. */
export async function existingUserIds(db: RawDb, d: Dialect, shopId: string, ids: readonly string[]): Promise<Set<string>> {
  const rows = await query<{ id: string }>(db, d, sql`SELECT "id" FROM "ScimUser" WHERE "shopId" = ${shopId} AND "id" IN (${stringList(ids, d)})`);
  return new Set(rows.map((row) => row.id));
}

/**
 * Adds the users among `userIds` that belong to the shop; returns how many rows it inserted (fewer
 * than asked means some are not users of this shop).
 */
export function insertMembers(db: RawDb, d: Dialect, shopId: string, groupId: string, userIds: readonly string[], now: Date): Promise<number> {
  return execute(
    db,
    d,
    sql`INSERT INTO "ScimGroupMember" ("groupId", "userId", "shopId", "createdAt")
        SELECT ${text(groupId)}, u."id", u."shopId", ${timestamp(now, d)} FROM "ScimUser" u
        WHERE u."shopId" = ${shopId} AND u."id" IN (${stringList(userIds, d)})`,
  );
}

export function deleteMembers(db: RawDb, d: Dialect, groupId: string, userIds: readonly string[]): Promise<number> {
  return execute(db, d, sql`DELETE FROM "ScimGroupMember" WHERE "groupId" = ${groupId} AND "userId" IN (${stringList(userIds, d)})`);
}

export async function countMembers(db: RawDb, d: Dialect, groupId: string): Promise<number> {
  const [row] = await query<{ n: bigint | number | string }>(db, d, sql`SELECT COUNT(*) AS n FROM "ScimGroupMember" WHERE "groupId" = ${groupId}`);
  return Number(row?.n ?? 0);
}

/**
 * One outbox event per user that `source` names — a list of user ids of the shop, or the members
 * of a group — on the user's own key (app/directory/group-events.ts). Returns how many.
 */
export function insertMembershipEvents(
  db: RawDb,
  d: Dialect,
  shopId: string,
  source: { users: readonly string[] } | { membersOf: string },
  payload: MembershipPayload,
  now: Date,
): Promise<number> {
  const resourceIds =
    "users" in source
      ? sql`SELECT "id" FROM "ScimUser" WHERE "shopId" = ${shopId} AND "id" IN (${stringList(source.users, d)})`
      : sql`SELECT "userId" AS "id" FROM "ScimGroupMember" WHERE "groupId" = ${source.membersOf}`;
  return enqueueSelected(db, d, { shopId, resourceType: "User", operation: MEMBERSHIP_OPERATION, payload: { ...payload }, resourceIds, now });
}
