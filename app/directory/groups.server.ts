// The SCIM Group directory on Prisma: create/get/list/replace/patch/delete per tenant (shop).
// Members are rows (ScimGroupMember), never a JSON list, and every write that changes who is in
// a group, or the group's tag, records one outbox event per affected member on that member's own
// key ("User:<id>", app/directory/group-events.ts) in the same transaction. The Shopify work —
// tagsAdd/tagsRemove on each member's customer — happens later in the provisioning engine
// (app/sync/group-delivery.server.ts), so a PATCH that adds 5,000 members answers in about a
// second (docs/decisions/0005-groups.md, bench/RESULTS.md).
//
// No per-member round trips: member lists travel as ONE parameter (a JSON array) and are written
// with set-based INSERT … SELECT / DELETE statements (app/sql.server.ts). A PATCH loads
// only the current members its operations name — Okta's and Entra's membership PATCHes name
// every member they touch — and the whole list only for "replace members" and the like.
//
// Members must be users of this shop: anything else is 400 invalidValue with nothing applied
// (research §5 item 73: "An unknown user id → a 4xx Error with nothing applied, never a 500").
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { scimBaseUrl } from "~/env.server";
import {
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA_ID,
  LIMITS,
  ScimError,
  applyPatch,
  checkPreconditions,
  compareForSort,
  evaluateFilter,
  filterMentions,
  formatVersion,
  indexableEquality,
  parseGroupInput,
  parsePatchRequest,
  parsePath,
  type Filter,
  type JsonObject,
  type JsonValue,
  type ListQuery,
  type PatchRequest,
  type PathTarget,
} from "~/scim";
import { SCIM_SERVICE } from "~/scim-http/config";
import type { MembershipPayload } from "./group-events";
import {
  countMembers,
  deleteMembers,
  existingUserIds,
  insertMembers,
  insertMembershipEvents,
  memberIdsOf,
  memberRows,
  userGroupRows,
  type MemberRow,
} from "./group-sql.server";
import { storedTags } from "~/sync/customer-tags";
import { groupTag, tagKey } from "./group-tags";
import { dialect } from "~/sql.server";
import { LostRace, isResourceId, writeTransaction as write, type Db, type Preconditions, type Tenant } from "./writes.server";

export interface GroupRecord {
  id: string;
  /** Every attribute and meta; `members` only when they were loaded. Not yet projected. */
  resource: JsonObject;
  /** W/"<version>": the ETag header and meta.version. */
  version: string;
  location: string;
}

export interface GroupWriteResult {
  group: GroupRecord;
  /** False when the request changed nothing (no event recorded, version unchanged). */
  changed: boolean;
  /** Members added and removed by this request (each got one outbox event). */
  added: number;
  removed: number;
  /** True when the displayName change gave the group a new customer tag. */
  retagged: boolean;
  /** Attribute names the body had that we do not know, ignored (for the log). */
  ignoredAttributes: readonly string[];
}

export interface GroupListResult {
  resources: JsonObject[];
  totalResults: number;
  startIndex: number;
}

/** Whether a response shows `members`; when it does not, they are never read. */
export interface MemberOption {
  members: boolean;
}

interface GroupRow {
  id: string;
  shopId: string;
  displayName: string;
  displayNameKey: string;
  externalId: string | null;
  tag: string;
  tagKey: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const fold = (s: string) => s.toLowerCase();

// ---------------------------------------------------------------- projection

/**
 * Would projectAttributes keep `members` for these parameters? `members` is returned by default
 * (RFC 7643 §4.2), so: named in `attributes`, or not excluded. Okta and Entra send
 * excludedAttributes=members on every lookup; then no member row is read.
 */
export function wantsMembers(projection: { attributes?: string | readonly string[] | null; excludedAttributes?: string | readonly string[] | null }): boolean {
  const names = (value: string | readonly string[] | null | undefined) =>
    (typeof value === "string" ? value.split(",") : (value ?? [])).map((s) => s.trim().toLowerCase()).filter((s) => s !== "");
  const isMembers = (name: string) => {
    const bare = name.startsWith(GROUP_SCHEMA_ID.toLowerCase() + ":") ? name.slice(GROUP_SCHEMA_ID.length + 1) : name;
    return bare === "members" || bare.startsWith("members.");
  };
  const attributes = names(projection.attributes);
  if (attributes.length > 0) return attributes.some(isMembers);
  return !names(projection.excludedAttributes).some((name) => {
    const bare = name.startsWith(GROUP_SCHEMA_ID.toLowerCase() + ":") ? name.slice(GROUP_SCHEMA_ID.length + 1) : name;
    return bare === "members";
  });
}

// ---------------------------------------------------------------- rendering

export function groupLocation(id: string): string {
  return `${scimBaseUrl()}/Groups/${encodeURIComponent(id)}`;
}

function userRef(id: string): string {
  return `${scimBaseUrl()}/Users/${encodeURIComponent(id)}`;
}

function memberElement(member: MemberRow): JsonObject {
  return { value: member.userId, $ref: userRef(member.userId), display: member.displayName || member.userName, type: "User" };
}

function renderGroup(row: GroupRow, members?: JsonObject[]): GroupRecord {
  const version = formatVersion(row.version);
  const location = groupLocation(row.id);
  const resource: JsonObject = {
    schemas: [GROUP_SCHEMA_ID],
    id: row.id,
    ...(row.externalId !== null ? { externalId: row.externalId } : {}),
    displayName: row.displayName,
    ...(members ? { members } : {}),
    meta: {
      resourceType: "Group",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location,
      version,
    },
  };
  return { id: row.id, resource, version, location };
}

/** Members of some groups with the display name of each person, in the order they joined. */
async function loadMembers(groupIds: readonly string[], db: Db = prisma): Promise<Map<string, JsonObject[]>> {
  const out = new Map<string, JsonObject[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return out;
  const rows = await memberRows(db, dialect, groupIds);
  for (const row of rows) out.get(row.groupId)?.push(memberElement(row));
  return out;
}

/** Member ids of one group; only those in `among` when given. */
function memberIds(db: Db, groupId: string, among?: readonly string[]): Promise<string[]> {
  return memberIdsOf(db, dialect, groupId, among);
}

/**
 * The read-only `groups` attribute of users (RFC 7643 §4.1.2): for each user id, the groups of
 * this shop they are a member of, by name. One query for a whole page of users.
 */
export async function groupsOfUsers(shopId: string, userIds: readonly string[], db: Db = prisma): Promise<Map<string, JsonObject[]>> {
  const out = new Map<string, JsonObject[]>();
  if (userIds.length === 0) return out;
  const rows = await userGroupRows(db, dialect, shopId, userIds);
  for (const row of rows) {
    const list = out.get(row.userId) ?? [];
    list.push(userGroupElement(row.id, row.displayName));
    out.set(row.userId, list);
  }
  return out;
}

/**
 * What the engine needs to tag a person's customer: the customer link, the tags of the groups
 * they are in now (by tag) and the tags their attribute rules gave; null if they are gone. Through
 * Prisma's query API, so it runs on whichever client the worker was given.
 */
export async function personForTags(
  db: Db,
  shopId: string,
  userId: string,
): Promise<{ customerId: string | null; syncState: string; tags: string[]; attributeTags: string[] } | null> {
  const row = await db.scimUser.findFirst({
    where: { id: userId, shopId },
    select: { customerId: true, syncState: true, attributeTags: true, groupMemberships: { select: { group: { select: { tag: true } } }, orderBy: { group: { tagKey: "asc" } } } },
  });
  if (!row) return null;
  return { customerId: row.customerId, syncState: row.syncState, tags: row.groupMemberships.map((m) => m.group.tag), attributeTags: storedTags(row.attributeTags) };
}

/** One element of a user's `groups`: the group by id, link and name; membership is always direct. */
export function userGroupElement(groupId: string, displayName: string): JsonObject {
  return { value: groupId, $ref: groupLocation(groupId), display: displayName, type: "direct" };
}

// ---------------------------------------------------------------- reads

function notFound(id: string): ScimError {
  return new ScimError(404, undefined, `Group "${id.slice(0, 100)}" not found`);
}

async function findRow(tenant: Tenant, id: string, db: Db = prisma): Promise<GroupRow | null> {
  if (!isResourceId(id)) return null;
  return db.scimGroup.findFirst({ where: { id, shopId: tenant.shopId } });
}

/** GET /Groups/{id}. Unknown ids, ids of another shop and malformed ids are all 404. */
export async function getGroup(tenant: Tenant, id: string, options: MemberOption = { members: true }): Promise<GroupRecord> {
  const row = await findRow(tenant, id);
  if (!row) throw notFound(id);
  const members = options.members ? (await loadMembers([row.id])).get(row.id) : undefined;
  return renderGroup(row, members);
}

type Where = Prisma.ScimGroupWhereInput;

interface QueryPlan {
  where: Where[];
  residual?: Filter;
  empty?: boolean;
}

/**
 * A filter as index conditions: id, displayName (case-insensitive, through displayNameKey),
 * externalId (case-exact) and members.value (`members[value eq "…"]`, through the member
 * table's userId index); whatever the terms do not say is re-checked in memory.
 */
function planFilter(filter: Filter | undefined): QueryPlan {
  if (!filter) return { where: [] };
  const equality = indexableEquality(filter);
  if (!equality) return { where: [], residual: filter };
  const where: Where[] = [];
  let exact = equality.exact;
  for (const term of equality.terms) {
    switch (term.attribute) {
      case "id":
        if (!isResourceId(term.value)) return { where: [], empty: true };
        where.push({ id: term.value });
        break;
      case "displayName":
        where.push({ displayNameKey: fold(term.value) });
        break;
      case "externalId":
        if (term.caseExact) where.push({ externalId: term.value });
        else exact = false;
        break;
      case "members.value":
        where.push({ members: { some: { userId: term.value } } });
        break;
      default:
        exact = false;
    }
  }
  if (where.length === 0) return { where: [], residual: filter };
  return { where, ...(exact ? {} : { residual: filter }) };
}

type Order = Prisma.ScimGroupOrderByWithRelationInput[];

/** An order the database produces with compareForSort's result, or null (sort in memory). */
function databaseOrder(query: ListQuery): Order | null {
  const stable: Order = [{ createdAt: "asc" }, { id: "asc" }];
  if (!query.sortBy) return stable;
  if (query.sortBy.extension) return null;
  const dir = query.sortOrder === "descending" ? "desc" : "asc";
  const path = query.sortBy.subAttribute ? `${query.sortBy.attribute.name}.${query.sortBy.subAttribute.name}` : query.sortBy.attribute.name;
  switch (path) {
    case "displayName":
      return [{ displayNameKey: dir }, ...stable];
    case "meta.created":
      return [{ createdAt: dir }, { id: dir }];
    case "meta.lastModified":
      return [{ updatedAt: dir }, ...stable];
    default:
      return null;
  }
}

/**
 * GET /Groups and POST /Groups/.search. Without a filter, every group in a stable order
 * (PingFederate lists them all and matches itself); `members` are read only for the page
 * returned, and only when the response shows them.
 */
export async function listGroups(tenant: Tenant, query: ListQuery, options: MemberOption = { members: true }): Promise<GroupListResult> {
  const plan = planFilter(query.filter);
  const { startIndex, count } = query;
  if (plan.empty) return { resources: [], totalResults: 0, startIndex };
  const where: Where = { shopId: tenant.shopId, ...(plan.where.length > 0 ? { AND: plan.where } : {}) };
  const order = databaseOrder(query);

  if (!plan.residual && order) {
    const rows = count > 0 ? await prisma.scimGroup.findMany({ where, orderBy: order, skip: startIndex - 1, take: count }) : [];
    const totalResults = count > 0 && startIndex === 1 && rows.length < count ? rows.length : await prisma.scimGroup.count({ where });
    const members = options.members ? await loadMembers(rows.map((row) => row.id)) : undefined;
    return { resources: rows.map((row) => renderGroup(row, members?.get(row.id)).resource), totalResults, startIndex };
  }

  // In memory: candidates in batches in the stable order; members only if the filter needs them.
  const needMembers = plan.residual !== undefined && filterMentions(plan.residual, "members");
  const sortInMemory = query.sortBy !== undefined && !order;
  const matches: GroupRow[] = [];
  let totalResults = 0;
  const windowStart = startIndex - 1;
  const windowEnd = windowStart + count;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await prisma.scimGroup.findMany({
      where: after ? { AND: [where, { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] } : where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: SCIM_SERVICE.scanBatchSize,
    });
    const members = needMembers ? await loadMembers(rows.map((row) => row.id)) : undefined;
    for (const row of rows) {
      if (plan.residual && !evaluateFilter(plan.residual, renderGroup(row, members?.get(row.id) ?? []).resource, GROUP_RESOURCE_TYPE)) continue;
      if (sortInMemory) {
        if (matches.length >= SCIM_SERVICE.inMemorySortMax) {
          throw new ScimError(400, "tooMany", `Sorting more than ${SCIM_SERVICE.inMemorySortMax} groups by this attribute is not supported; sort by displayName or meta.created.`);
        }
        matches.push(row);
      } else if (totalResults >= windowStart && totalResults < windowEnd) {
        matches.push(row);
      }
      totalResults++;
    }
    if (rows.length < SCIM_SERVICE.scanBatchSize) break;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  let page = matches;
  if (sortInMemory) {
    const compare = compareForSort(query.sortBy!, query.sortOrder);
    page = matches
      .map((row) => ({ row, resource: renderGroup(row).resource }))
      .sort((a, b) => compare(a.resource, b.resource))
      .map((entry) => entry.row)
      .slice(windowStart, windowEnd);
  }
  const members = options.members ? await loadMembers(page.map((row) => row.id)) : undefined;
  return { resources: page.map((row) => renderGroup(row, members?.get(row.id)).resource), totalResults, startIndex };
}

// ---------------------------------------------------------------- writes: shared parts

function displayNameTaken(displayName: string): ScimError {
  return new ScimError(409, "uniqueness", `A group named "${displayName.slice(0, 256)}" already exists in this store (displayName is compared case-insensitively).`);
}

/**
 * Runs a group write transaction, retrying lost races. A unique violation is the displayName (409)
 * if another group holds it now, else our tag lost a race (retry with a fresh pick).
 */
function writeTransaction<T>(tenant: Tenant, displayNameOf: () => string | undefined, work: (tx: Db) => Promise<T>): Promise<T> {
  return write(work, {
    busy: "The group kept changing while this request was applied (concurrent writes); retry.",
    onUniqueViolation: async () => {
      const name = displayNameOf();
      if (name === undefined) return null;
      const holder = await prisma.scimGroup.findFirst({ where: { shopId: tenant.shopId, displayNameKey: fold(name) }, select: { id: true } });
      return holder ? displayNameTaken(name) : null;
    },
  });
}

/** The tag a group named `displayName` gets in this shop now (excluding its own current tag). */
async function pickTag(tx: Db, tenant: Tenant, groupId: string, displayName: string): Promise<{ tag: string; tagKey: string }> {
  const shop = await tx.shop.findUnique({ where: { id: tenant.shopId }, select: { groupTagPrefix: true } });
  const prefix = shop?.groupTagPrefix ?? "group:";
  const probe = groupTag(prefix, displayName, () => false, groupId.slice(0, 8));
  const stem = tagKey(probe).slice(0, 200);
  const taken = new Set(
    (await tx.scimGroup.findMany({ where: { shopId: tenant.shopId, tagKey: { startsWith: stem }, id: { not: groupId } }, select: { tagKey: true } })).map((g) => g.tagKey),
  );
  const tag = groupTag(prefix, displayName, (key) => taken.has(key), groupId.slice(0, 8));
  return { tag, tagKey: tagKey(tag) };
}

/** Members named in a body or PATCH that are groups, not people: we provision people only. */
function rejectNestedGroups(members: JsonValue | undefined, added: ReadonlySet<string>) {
  if (!Array.isArray(members)) return;
  for (const member of members) {
    if (!member || typeof member !== "object" || Array.isArray(member)) continue;
    const m = member as JsonObject;
    const value = typeof m["value"] === "string" ? m["value"] : undefined;
    if (value === undefined || !added.has(value)) continue;
    const type = typeof m["type"] === "string" ? m["type"].toLowerCase() : "";
    const ref = typeof m["$ref"] === "string" ? m["$ref"] : "";
    if (type === "group" || /\/Groups\//i.test(ref)) {
      throw new ScimError(400, "invalidValue", `Member "${value.slice(0, 100)}" is a group; nested groups are not provisioned (members must be users).`);
    }
  }
}

/** The 400 for members that are not users of this shop: which ones, and what to do. */
async function unknownMembers(tx: Db, tenant: Tenant, ids: readonly string[]): Promise<ScimError> {
  const found = await existingUserIds(tx, dialect, tenant.shopId, ids);
  const missing = ids.filter((id) => !found.has(id));
  const shown = missing.slice(0, 5).map((id) => `"${id.slice(0, 64)}"`).join(", ");
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : "";
  return new ScimError(
    400,
    "invalidValue",
    `Group members must be users provisioned to this store; ${shown}${more} ${missing.length === 1 ? "is" : "are"} not. Nothing was changed. Provision (assign) those people first, then push the group again.`,
  );
}

/** Outbox events for each user `source` names (a list of user ids, or the members of a group). */
function insertEvents(tx: Db, tenant: Tenant, source: { users: readonly string[] } | { membersOf: string }, payload: MembershipPayload, now: Date): Promise<number> {
  return insertMembershipEvents(tx, dialect, tenant.shopId, source, payload, now);
}

interface MembershipChange {
  group: GroupRow;
  /** The group's tag before this request (what members' customers may carry now). */
  oldTag: string | null;
  retagged: boolean;
  added: readonly string[];
  removed: readonly string[];
  now: Date;
}

/**
 * Membership rows and their events, set-based. Order matters: removed members go first (their
 * event removes the old tag), then every remaining member gets a "renamed" event if the tag
 * changed, then the added members are inserted (only users of this shop; otherwise 400 and the
 * transaction rolls back) with an "added" event each.
 */
async function writeMembership(tx: Db, tenant: Tenant, change: MembershipChange): Promise<void> {
  const { group, oldTag, now } = change;
  if (change.removed.length > 0) {
    await insertEvents(tx, tenant, { users: change.removed }, { group: group.id, change: "removed", ...(oldTag ? { removeTags: [oldTag] } : {}) }, now);
    await deleteMembers(tx, dialect, group.id, change.removed);
  }
  if (change.retagged && oldTag) {
    await insertEvents(tx, tenant, { membersOf: group.id }, { group: group.id, change: "renamed", removeTags: [oldTag] }, now);
  }
  if (change.added.length > 0) {
    const inserted = await insertMembers(tx, dialect, tenant.shopId, group.id, change.added, now);
    if (inserted !== change.added.length) throw await unknownMembers(tx, tenant, change.added);
    await insertEvents(tx, tenant, { users: change.added }, { group: group.id, change: "added" }, now);
  }
}

/** At most LIMITS.groupMembersMaxItems members per group, counted after the change. */
async function checkGroupSize(tx: Db, groupId: string, added: number, removed: number) {
  if (added === 0) return;
  const total = (await countMembers(tx, dialect, groupId)) + added - removed;
  if (total > LIMITS.groupMembersMaxItems) {
    throw new ScimError(400, "invalidValue", `The group would have ${total} members; at most ${LIMITS.groupMembersMaxItems} are supported.`);
  }
}

function uniqueStrings(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

function memberValues(members: JsonValue | undefined): string[] {
  if (!Array.isArray(members)) return [];
  return uniqueStrings(
    members
      .map((m) => (m && typeof m === "object" && !Array.isArray(m) ? (m as JsonObject)["value"] : undefined))
      .filter((v): v is string => typeof v === "string"),
  );
}

interface NextState {
  displayName: string;
  externalId: string | null;
}

/**
 * Applies a new state and membership diff to an existing group: re-tags on a rename, bumps the
 * version with a compare-and-set, writes membership and events. Returns the new row.
 */
async function update(tx: Db, tenant: Tenant, row: GroupRow, next: NextState, added: string[], removed: string[]): Promise<{ row: GroupRow; changed: boolean; retagged: boolean }> {
  const renamed = next.displayName !== row.displayName;
  const changed = renamed || next.externalId !== row.externalId || added.length > 0 || removed.length > 0;
  if (!changed) return { row, changed: false, retagged: false };
  await checkGroupSize(tx, row.id, added.length, removed.length);
  const tag = renamed ? await pickTag(tx, tenant, row.id, next.displayName) : { tag: row.tag, tagKey: row.tagKey };
  const retagged = tag.tag !== row.tag;
  const now = new Date(Math.max(Date.now(), row.updatedAt.getTime() + 1));
  const data = { displayName: next.displayName, displayNameKey: fold(next.displayName), externalId: next.externalId, tag: tag.tag, tagKey: tag.tagKey, version: row.version + 1, updatedAt: now };
  const { count } = await tx.scimGroup.updateMany({ where: { id: row.id, shopId: tenant.shopId, version: row.version }, data });
  if (count === 0) throw new LostRace();
  const updated = { ...row, ...data };
  await writeMembership(tx, tenant, { group: updated, oldTag: row.tag, retagged, added, removed, now });
  return { row: updated, changed: true, retagged };
}

async function respond(row: GroupRow, options: MemberOption): Promise<GroupRecord> {
  const members = options.members ? (await loadMembers([row.id])).get(row.id) : undefined;
  return renderGroup(row, members);
}

// ---------------------------------------------------------------- create / replace / patch / delete

/** POST /Groups. 409 uniqueness when the displayName (in any case) is taken. */
export async function createGroup(tenant: Tenant, body: unknown, options: MemberOption = { members: true }): Promise<GroupWriteResult> {
  const parsed = parseGroupInput(body, "create");
  const displayName = String(parsed.resource["displayName"]);
  const externalId = typeof parsed.resource["externalId"] === "string" ? parsed.resource["externalId"] : null;
  const members = memberValues(parsed.resource["members"]);
  rejectNestedGroups(parsed.resource["members"], new Set(members));
  if (members.length > LIMITS.groupMembersMaxItems) throw new ScimError(400, "invalidValue", `At most ${LIMITS.groupMembersMaxItems} members per group are supported.`);
  const id = randomUUID();
  const row = await writeTransaction(tenant, () => displayName, async (tx) => {
    const now = new Date();
    const tag = await pickTag(tx, tenant, id, displayName);
    const created = await tx.scimGroup.create({
      data: { id, shopId: tenant.shopId, displayName, displayNameKey: fold(displayName), externalId, tag: tag.tag, tagKey: tag.tagKey, version: 1, createdAt: now, updatedAt: now },
    });
    await writeMembership(tx, tenant, { group: created, oldTag: null, retagged: false, added: members, removed: [], now });
    return created;
  });
  return { group: await respond(row, options), changed: true, added: members.length, removed: 0, retagged: false, ignoredAttributes: parsed.ignoredAttributes };
}

/** PUT /Groups/{id}: displayName, externalId and the member list are replaced (RFC 7644 §3.5.1). */
export async function replaceGroup(
  tenant: Tenant,
  id: string,
  body: unknown,
  preconditions: Preconditions = {},
  options: MemberOption = { members: true },
): Promise<GroupWriteResult> {
  const parsed = parseGroupInput(body, "replace");
  const next: NextState = {
    displayName: String(parsed.resource["displayName"]),
    externalId: typeof parsed.resource["externalId"] === "string" ? parsed.resource["externalId"] : null,
  };
  const wanted = memberValues(parsed.resource["members"]);
  if (!isResourceId(id)) throw notFound(id);
  let counts = { added: 0, removed: 0 };
  const result = await writeTransaction(tenant, () => next.displayName, async (tx) => {
    const row = await findRow(tenant, id, tx);
    if (!row) throw notFound(id);
    checkPreconditions({ method: "PUT", ...preconditions }, formatVersion(row.version));
    const current = new Set(await memberIds(tx, id));
    const wantedSet = new Set(wanted);
    const added = wanted.filter((m) => !current.has(m));
    const removed = [...current].filter((m) => !wantedSet.has(m));
    rejectNestedGroups(parsed.resource["members"], new Set(added));
    counts = { added: added.length, removed: removed.length };
    return update(tx, tenant, row, next, added, removed);
  });
  return { group: await respond(result.row, options), changed: result.changed, ...counts, retagged: result.retagged, ignoredAttributes: parsed.ignoredAttributes };
}

/** Current members a PATCH needs to see: those its operations name, or all of them. */
type MemberScope = { all: true } | { all: false; ids: Set<string> };

function memberValueOf(element: unknown): string | undefined {
  if (typeof element === "string") return element;
  if (!element || typeof element !== "object" || Array.isArray(element)) return undefined;
  for (const [key, value] of Object.entries(element)) if (key.toLowerCase() === "value" && typeof value === "string") return value;
  return undefined;
}

/**
 * Every membership dialect the IdPs send names the members it touches: `add members [..]`,
 * `remove members[value eq "x"]` (Okta, Entra with the flag), `remove members` with a value list
 * (Entra legacy, JumpCloud). Then only those current members are read and given to the PATCH
 * engine, and the engine's added/removed diff is exact for the group. Anything else — replace
 * the list, remove all, other filters, sub-attributes — reads the whole list.
 */
function memberScope(request: PatchRequest): MemberScope {
  const ids = new Set<string>();
  const narrow = (op: string, target: PathTarget, value: unknown, hasValue: boolean): boolean => {
    if (target.kind !== "attribute" || target.ref.attribute.name !== "members") return true;
    if (target.subAttribute) return false;
    if (target.filter) {
      const f = target.filter;
      if (op !== "remove" || f.op !== "eq" || f.path !== "members.value" || typeof f.value !== "string") return false;
      ids.add(f.value);
      return true;
    }
    if (op === "replace") return false;
    if (op === "remove" && (!hasValue || value === null || value === undefined)) return false;
    for (const element of Array.isArray(value) ? value : [value]) {
      const v = memberValueOf(element);
      if (v === undefined) return false;
      ids.add(v);
    }
    return true;
  };
  const target = (path: string): PathTarget | undefined => {
    try {
      return parsePath(path, GROUP_RESOURCE_TYPE);
    } catch {
      return undefined; // the PATCH engine reports it, with the operation's position
    }
  };
  for (const operation of request.operations) {
    if (operation.path !== undefined) {
      const t = target(operation.path);
      if (t && !narrow(operation.op, t, operation.value, operation.hasValue)) return { all: true };
      continue;
    }
    const value = operation.value;
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    for (const [key, inner] of Object.entries(value)) {
      if (key.toLowerCase() === "schemas") continue;
      const t = target(key);
      if (t && !narrow(operation.op, t, inner, true)) return { all: true };
    }
  }
  return { all: false, ids };
}

/**
 * PATCH /Groups/{id} (RFC 7644 §3.5.2, every dialect app/scim/patch.ts accepts: Okta's rename
 * with its id, remove-filter + add in one request, Push Now's replace; Entra's capitalised ops,
 * legacy `Remove members` with a value list, pathless replaces; JumpCloud's value lists).
 */
export async function patchGroup(
  tenant: Tenant,
  id: string,
  body: unknown,
  preconditions: Preconditions = {},
  options: MemberOption = { members: false },
): Promise<GroupWriteResult> {
  const request = parsePatchRequest(body);
  const scope = memberScope(request);
  if (!isResourceId(id)) throw notFound(id);
  let counts = { added: 0, removed: 0 };
  let displayName: string | undefined;
  const result = await writeTransaction(tenant, () => displayName, async (tx) => {
    const row = await findRow(tenant, id, tx);
    if (!row) throw notFound(id);
    checkPreconditions({ method: "PATCH", ...preconditions }, formatVersion(row.version));
    const current = scope.all ? await memberIds(tx, id) : await memberIds(tx, id, [...scope.ids]);
    const before: JsonObject = {
      schemas: [GROUP_SCHEMA_ID],
      id: row.id,
      ...(row.externalId !== null ? { externalId: row.externalId } : {}),
      displayName: row.displayName,
      ...(current.length > 0 ? { members: current.map((value) => ({ value })) } : {}),
    };
    const patched = applyPatch(before, request, GROUP_RESOURCE_TYPE);
    const added = [...patched.members.added];
    const removed = [...patched.members.removed];
    rejectNestedGroups(patched.resource["members"], new Set(added));
    const next: NextState = {
      displayName: String(patched.resource["displayName"]),
      externalId: typeof patched.resource["externalId"] === "string" ? patched.resource["externalId"] : null,
    };
    displayName = next.displayName;
    counts = { added: added.length, removed: removed.length };
    return update(tx, tenant, row, next, added, removed);
  });
  return { group: await respond(result.row, options), changed: result.changed, ...counts, retagged: result.retagged, ignoredAttributes: [] };
}

/** DELETE /Groups/{id}: every member's customer loses the tag; the people themselves are untouched. */
export async function deleteGroup(tenant: Tenant, id: string, preconditions: Preconditions = {}): Promise<{ members: number }> {
  if (!isResourceId(id)) throw notFound(id);
  return writeTransaction(tenant, () => undefined, async (tx) => {
    const row = await findRow(tenant, id, tx);
    if (!row) throw notFound(id);
    checkPreconditions({ method: "DELETE", ...preconditions }, formatVersion(row.version));
    const members = await insertEvents(tx, tenant, { membersOf: id }, { group: id, change: "deleted", removeTags: [row.tag] }, new Date());
    const { count } = await tx.scimGroup.deleteMany({ where: { id, shopId: tenant.shopId, version: row.version } });
    if (count === 0) throw new LostRace();
    return { members };
  });
}

/**
 * The shop's groupTagPrefix changed: every group takes its tag under the new prefix, and each
 * member gets a "renamed" event (the old tag goes, the new one comes), like a rename. Groups
 * whose tag does not change are left alone. One transaction per group.
 */
export async function retagGroups(shopId: string): Promise<{ groups: number; members: number }> {
  const tenant: Tenant = { shopId, shopDomain: "" };
  const ids = (await prisma.scimGroup.findMany({ where: { shopId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } })).map((g) => g.id);
  let groups = 0;
  let members = 0;
  for (const id of ids) {
    const moved = await writeTransaction(tenant, () => undefined, async (tx) => {
      const row = await findRow(tenant, id, tx);
      if (!row) return -1;
      const tag = await pickTag(tx, tenant, row.id, row.displayName);
      if (tag.tag === row.tag) return -1;
      const { count } = await tx.scimGroup.updateMany({ where: { id, shopId, tag: row.tag }, data: { tag: tag.tag, tagKey: tag.tagKey } });
      if (count === 0) throw new LostRace();
      return insertEvents(tx, tenant, { membersOf: id }, { group: id, change: "renamed", removeTags: [row.tag] }, new Date());
    });
    if (moved >= 0) {
      groups++;
      members += moved;
    }
  }
  return { groups, members };
}
