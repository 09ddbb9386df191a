// The SCIM User directory on Prisma: create/get/list/replace/patch/delete, each scoped to one
// tenant (shop), each write recording exactly one ProvisioningEvent in the same transaction as
// the directory change (the outbox the provisioning engine delivers from).
//
// Storage: `ScimUser.attributes` holds the resource as the IdP wrote it, in canonical attribute
// names, without schemas, id, meta or the read-only Shopify extension. userName, externalId,
// displayName and active are copied into columns for indexes; every e-mail value is copied,
// case-folded, into ScimUserEmail. `version` is the ETag (W/"<version>").
//
// The protocol work (parsing, filters, PATCH, projection) is app/scim's; this file decides what
// is stored and how a filter becomes a query.
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { scimBaseUrl } from "~/env.server";
import {
  ENTERPRISE_USER_SCHEMA_ID,
  SHOPIFY_USER_SCHEMA_ID,
  ScimError,
  USER_RESOURCE_TYPE,
  USER_SCHEMA_ID,
  applyPatch,
  checkPreconditions,
  compareForSort,
  evaluateFilter,
  filterMentions,
  formatVersion,
  indexableEquality,
  parsePatchRequest,
  parseUserInput,
  type Filter,
  type IndexableTerm,
  type JsonObject,
  type JsonValue,
  type ListQuery,
} from "~/scim";
import { enqueue, type NewEvent, type UserChange } from "~/sync/outbox.server";
import { SCIM_SERVICE } from "~/scim-http/config";
import { groupsOfUsers, userGroupElement } from "./groups.server";
import { dialect, join, query, raw, sql, type Sql } from "~/sql.server";
import { LostRace, isResourceId, isUniqueViolation, writeTransaction, type Db, type Preconditions, type Tenant } from "./writes.server";

export type { Preconditions, Tenant };

/** A user as the routes answer it: the full resource (project it before sending) and its ETag. */
export interface UserRecord {
  id: string;
  /** Every attribute, meta and the Shopify extension; not yet projected. */
  resource: JsonObject;
  /** W/"<n>": the ETag header and meta.version. */
  version: string;
  location: string;
}

export interface WriteResult {
  user: UserRecord;
  /** False when the request changed nothing (no event recorded, version unchanged). */
  changed: boolean;
  /** The body carried a password (Okta placeholder / Sync Password): dropped, worth an audit note. */
  passwordProvided: boolean;
  /** Attribute names the body had that we do not know, ignored (for the log). */
  ignoredAttributes: readonly string[];
}

export interface ListResult {
  resources: JsonObject[];
  totalResults: number;
  startIndex: number;
}

type Operation = UserChange;

/** The ScimUser columns the directory reads (the engine's bookkeeping columns are not SCIM's). */
export interface UserRow {
  id: string;
  shopId: string;
  userName: string;
  userNameKey: string;
  externalId: string | null;
  displayName: string | null;
  active: boolean;
  attributes: Prisma.JsonValue;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  customerId: string | null;
  syncState: string;
  lastSyncedAt: Date | null;
  lastError: string | null;
}

const USER_SELECT = {
  id: true,
  shopId: true,
  userName: true,
  userNameKey: true,
  externalId: true,
  displayName: true,
  active: true,
  attributes: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  customerId: true,
  syncState: true,
  lastSyncedAt: true,
  lastError: true,
} satisfies Prisma.ScimUserSelect;

const USER_COLUMNS = raw(
  Object.keys(USER_SELECT)
    .map((c) => `"${c}"`)
    .join(", "),
);

const fold = (s: string) => s.toLowerCase();

// ---------------------------------------------------------------- rendering

export function userLocation(id: string): string {
  return `${scimBaseUrl()}/Users/${encodeURIComponent(id)}`;
}

/** "gid://shopify/Customer/123" → the admin URL of that customer in this store. */
export function customerAdminUrl(shopDomain: string, customerId: string): string | undefined {
  const numeric = /(\d+)$/.exec(customerId)?.[1];
  const handle = shopDomain.replace(/\.myshopify\.com$/i, "");
  if (!numeric || !/^[a-z0-9][a-z0-9-]*$/i.test(handle)) return undefined;
  return `https://admin.shopify.com/store/${handle}/customers/${numeric}`;
}

function shopifyExtension(row: UserRow, tenant: Tenant): JsonObject {
  const ext: JsonObject = {};
  if (row.customerId) {
    ext["customerId"] = row.customerId;
    const url = customerAdminUrl(tenant.shopDomain, row.customerId);
    if (url) ext["customerAdminUrl"] = url;
  }
  if (row.syncState) ext["syncState"] = row.syncState;
  if (row.lastSyncedAt) ext["lastSyncedAt"] = row.lastSyncedAt.toISOString();
  if (row.lastError) ext["lastError"] = row.lastError;
  return ext;
}

function storedAttributes(row: Pick<UserRow, "attributes">): JsonObject {
  const value = row.attributes as unknown;
  if (typeof value === "string") return JSON.parse(value) as JsonObject; // defensive: a driver that hands back text
  return (value ?? {}) as JsonObject;
}

function schemasOf(attributes: JsonObject, shopify: JsonObject): string[] {
  const schemas = [USER_SCHEMA_ID];
  const enterprise = attributes[ENTERPRISE_USER_SCHEMA_ID];
  if (enterprise && typeof enterprise === "object" && Object.keys(enterprise).length > 0) schemas.push(ENTERPRISE_USER_SCHEMA_ID);
  if (Object.keys(shopify).length > 0) schemas.push(SHOPIFY_USER_SCHEMA_ID);
  return schemas;
}

/**
 * `groups` is the read-only list of the person's groups (RFC 7643 §4.1.2), read from the group
 * directory (in the same statement as the row, see groupsColumn) and never stored in `attributes`.
 */
export function renderUser(row: UserRow, tenant: Tenant, groups?: JsonObject[]): UserRecord {
  const attributes = storedAttributes(row);
  const shopify = shopifyExtension(row, tenant);
  const version = formatVersion(row.version);
  const location = userLocation(row.id);
  const resource: JsonObject = {
    schemas: schemasOf(attributes, shopify),
    id: row.id,
    ...attributes,
    // The column is the truth the engine acts on; never absent (see normaliseActive).
    active: row.active,
    ...(groups && groups.length > 0 ? { groups } : {}),
    ...(Object.keys(shopify).length > 0 ? { [SHOPIFY_USER_SCHEMA_ID]: shopify } : {}),
    meta: {
      resourceType: "User",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location,
      version,
    },
  };
  return { id: row.id, resource, version, location };
}

// ---------------------------------------------------------------- reads

async function findRow(tenant: Tenant, id: string): Promise<UserRowWithGroups | null> {
  if (!isResourceId(id)) return null;
  const [row] = await fetchRows(tenant, [{ column: "id", value: id }], "stable", 0, 1, { groups: true });
  return row ?? null;
}

function notFound(id: string): ScimError {
  return new ScimError(404, undefined, `User "${id.slice(0, 100)}" not found`);
}

/** GET /Users/{id}. Unknown ids, ids of another shop and malformed ids are all 404. */
export async function getUser(tenant: Tenant, id: string): Promise<UserRecord> {
  const row = await findRow(tenant, id);
  if (!row) throw notFound(id);
  return renderUser(row, tenant, row.groups);
}

/** One user with their groups (one indexed query; rows read by fetchRows carry them already). */
async function renderWithGroups(row: UserRow, tenant: Tenant): Promise<UserRecord> {
  const groups = await groupsOfUsers(tenant.shopId, [row.id]);
  return renderUser(row, tenant, groups.get(row.id));
}

/** Adds `groups` to rendered users in place: one query for the page. */
async function attachGroups(tenant: Tenant, resources: JsonObject[]): Promise<JsonObject[]> {
  const groups = await groupsOfUsers(tenant.shopId, resources.map((r) => String(r["id"])));
  for (const resource of resources) {
    const list = groups.get(String(resource["id"]));
    if (list && list.length > 0) resource["groups"] = list;
  }
  return resources;
}

// ---------------------------------------------------------------- list

type Where = Prisma.ScimUserWhereInput;

/** An indexed condition on the tenant's users: equality on a key column, or a set of ids. */
type KeyCondition = { column: "id" | "userNameKey" | "externalId"; value: string } | { column: "id"; in: string[] };

/**
 * How a filter is answered: the shop's rows that satisfy `keys` (each through an index:
 * (shopId, userNameKey), (shopId, externalId), the primary key, or ScimUserEmail's
 * (shopId, valueKey)), then `residual` evaluated in memory on each candidate when the index
 * terms do not say everything the filter says.
 */
interface QueryPlan {
  keys: KeyCondition[];
  residual?: Filter;
  /** The index terms prove no row can match (e.g. an e-mail nobody has). */
  empty?: boolean;
}

async function planFilter(tenant: Tenant, filter: Filter | undefined): Promise<QueryPlan> {
  if (!filter) return { keys: [] };
  const equality = indexableEquality(filter);
  if (!equality) return { keys: [], residual: filter };
  const keys: KeyCondition[] = [];
  let exact = equality.exact;
  for (const term of equality.terms) {
    const condition = await termCondition(tenant, term);
    if (condition === "unsupported") exact = false;
    else if (condition === "none") return { keys: [], empty: true };
    else keys.push(condition);
  }
  if (keys.length === 0) return { keys: [], residual: filter };
  return { keys, ...(exact ? {} : { residual: filter }) };
}

async function termCondition(tenant: Tenant, term: IndexableTerm): Promise<KeyCondition | "none" | "unsupported"> {
  switch (term.attribute) {
    case "id":
      return isResourceId(term.value) ? { column: "id", value: term.value } : "none";
    case "userName":
      return { column: "userNameKey", value: fold(term.value) };
    case "externalId":
      return term.caseExact ? { column: "externalId", value: term.value } : "unsupported";
    case "emails.value": {
      // Through the (shopId, valueKey) index, not an EXISTS per user.
      const rows = await prisma.scimUserEmail.findMany({
        where: { shopId: tenant.shopId, valueKey: fold(term.value) },
        select: { userId: true },
        take: SCIM_SERVICE.inMemorySortMax + 1,
      });
      if (rows.length === 0) return "none";
      return { column: "id", in: [...new Set(rows.map((r) => r.userId))] };
    }
    default:
      // displayName is indexed for Groups only; for Users it is evaluated in memory.
      return "unsupported";
  }
}

function whereOf(tenant: Tenant, keys: readonly KeyCondition[]): Where {
  const and: Where[] = keys.map((k) => ("in" in k ? { id: { in: k.in } } : { [k.column]: k.value }));
  return and.length > 0 ? { shopId: tenant.shopId, AND: and } : { shopId: tenant.shopId };
}

type Order = "stable" | "userName asc" | "userName desc" | "created asc" | "created desc" | "modified asc" | "modified desc";

const ORDER_SQL: Record<Order, string> = {
  stable: `"createdAt" ASC, "id" ASC`,
  "userName asc": `"userNameKey" ASC, "createdAt" ASC, "id" ASC`,
  "userName desc": `"userNameKey" DESC, "createdAt" ASC, "id" ASC`,
  "created asc": `"createdAt" ASC, "id" ASC`,
  "created desc": `"createdAt" DESC, "id" DESC`,
  "modified asc": `"updatedAt" ASC, "createdAt" ASC, "id" ASC`,
  "modified desc": `"updatedAt" DESC, "createdAt" ASC, "id" ASC`,
};

/** A row read with its `groups` (fetchRows with `groups: true`). */
interface UserRowWithGroups extends UserRow {
  groups: JsonObject[];
}

/**
 * The user's groups as one more column of the same statement, so a lookup is one round trip:
 * a JSON array of [id, displayName] pairs in the order groupsOfUsers gives (by name, then id),
 * "[]" or NULL when there are none. Answered through ScimGroupMember's (userId, groupId) index
 * and ScimGroup's primary key. Both dialects return it as text.
 */
function groupsColumn(shopId: string): Sql {
  return dialect === "postgresql"
    ? sql`(SELECT CAST(json_agg(json_build_array(g."id", g."displayName") ORDER BY g."displayNameKey", g."id") AS TEXT)
        FROM "ScimGroupMember" m JOIN "ScimGroup" g ON g."id" = m."groupId"
        WHERE m."userId" = "ScimUser"."id" AND g."shopId" = ${shopId})`
    : sql`(SELECT json_group_array(json_array(g."id", g."displayName") ORDER BY g."displayNameKey", g."id")
        FROM "ScimGroupMember" m JOIN "ScimGroup" g ON g."id" = m."groupId"
        WHERE m."userId" = "ScimUser"."id" AND g."shopId" = ${shopId})`;
}

function parseGroups(value: unknown): JsonObject[] {
  if (value === null || value === undefined) return [];
  const pairs = (typeof value === "string" ? JSON.parse(value) : value) as [string, string][];
  return pairs.map(([id, displayName]) => userGroupElement(id, displayName));
}

/**
 * One page of the shop's users matching `keys`, with their groups when asked. Raw SQL, written
 * to run unchanged on SQLite and PostgreSQL: this is the hot path (every IdP lookup, every read
 * before a write), and Prisma's query compiler costs more than the indexed query itself (see
 * bench/RESULTS.md). `sql` parameterises every value; the ORDER BY comes from a fixed table.
 */
async function fetchRows(tenant: Tenant, keys: readonly KeyCondition[], order: Order, offset: number, limit: number, options: { groups: true; db?: Db }): Promise<UserRowWithGroups[]>;
async function fetchRows(tenant: Tenant, keys: readonly KeyCondition[], order: Order, offset: number, limit: number, options?: { groups?: false; db?: Db }): Promise<UserRow[]>;
async function fetchRows(
  tenant: Tenant,
  keys: readonly KeyCondition[],
  order: Order,
  offset: number,
  limit: number,
  { groups = false, db = prisma }: { groups?: boolean; db?: Db } = {},
): Promise<UserRow[]> {
  const conditions = [sql`"shopId" = ${tenant.shopId}`];
  for (const key of keys) {
    if ("in" in key) conditions.push(sql`"id" IN (${join(key.in.map((id) => sql`${id}`), ", ")})`);
    else conditions.push(sql`${raw(`"${key.column}"`)} = ${key.value}`);
  }
  const columns = groups ? sql`${USER_COLUMNS}, ${groupsColumn(tenant.shopId)} AS "groups"` : USER_COLUMNS;
  const where = join(conditions, " AND ");
  // A unique key (the id, or userNameKey: unique per shop) matches at most one row: no ORDER BY,
  // LIMIT or OFFSET to evaluate (on SQLite they cost more than the indexed lookup itself).
  const unique = keys.some((key) => !("in" in key) && (key.column === "id" || key.column === "userNameKey"));
  const rows = unique
    ? (await query<UserRow>(db, dialect, sql`SELECT ${columns} FROM "ScimUser" WHERE ${where}`)).slice(offset, offset + limit)
    : await query<UserRow>(db, dialect, sql`SELECT ${columns} FROM "ScimUser" WHERE ${where} ORDER BY ${raw(ORDER_SQL[order])} LIMIT ${limit} OFFSET ${offset}`);
  return groups ? rows.map((raw) => ({ ...normaliseRow(raw), groups: parseGroups((raw as { groups?: unknown }).groups) })) : rows.map(normaliseRow);
}

/** Prisma types raw results from the declared column types; make sure of the few that matter. */
function normaliseRow(raw: UserRow): UserRow {
  const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
  return {
    id: raw.id,
    shopId: raw.shopId,
    userName: raw.userName,
    userNameKey: raw.userNameKey,
    externalId: raw.externalId,
    displayName: raw.displayName,
    active: raw.active === true || (raw.active as unknown) === 1 || (raw.active as unknown) === 1n,
    attributes: raw.attributes,
    version: Number(raw.version),
    createdAt: date(raw.createdAt),
    updatedAt: date(raw.updatedAt),
    customerId: raw.customerId,
    syncState: raw.syncState,
    lastSyncedAt: raw.lastSyncedAt === null || raw.lastSyncedAt === undefined ? null : date(raw.lastSyncedAt),
    lastError: raw.lastError,
  };
}

/** An order the database can produce with the same result as compareForSort, or null. */
function databaseOrder(query: ListQuery): Order | null {
  if (!query.sortBy) return "stable";
  if (query.sortBy.extension) return null;
  const dir = query.sortOrder === "descending" ? "desc" : "asc";
  const path = query.sortBy.subAttribute ? `${query.sortBy.attribute.name}.${query.sortBy.subAttribute.name}` : query.sortBy.attribute.name;
  switch (path) {
    case "userName":
      return `userName ${dir}`;
    case "meta.created":
      return `created ${dir}`;
    case "meta.lastModified":
      return `modified ${dir}`;
    default:
      return null;
  }
}

/**
 * GET /Users and POST /Users/.search. Pages are in a stable order (createdAt, id) unless
 * sortBy says otherwise; totalResults counts every match; count 0 returns none.
 */
export async function listUsers(tenant: Tenant, query: ListQuery): Promise<ListResult> {
  const plan = await planFilter(tenant, query.filter);
  const { startIndex, count } = query;
  if (plan.empty) return { resources: [], totalResults: 0, startIndex };
  const order = databaseOrder(query);

  if (!plan.residual && order) {
    let rows: UserRowWithGroups[] = [];
    if (count > 0) rows = await fetchRows(tenant, plan.keys, order, startIndex - 1, count, { groups: true });
    // A short first page is the whole answer (every lookup by userName or externalId): no COUNT.
    const totalResults =
      count > 0 && startIndex === 1 && rows.length < count ? rows.length : await prisma.scimUser.count({ where: whereOf(tenant, plan.keys) });
    return { resources: rows.map((r) => renderUser(r, tenant, r.groups).resource), totalResults, startIndex };
  }

  // Evaluate in memory: read the candidates in bounded batches in the stable order.
  const sortInMemory = query.sortBy !== undefined && !order;
  const matches: JsonObject[] = [];
  let totalResults = 0;
  const windowStart = startIndex - 1;
  const windowEnd = windowStart + count;
  // Filters on `groups` are rare (no IdP sends one): those read each candidate's groups.
  const groupsInFilter = plan.residual !== undefined && filterMentions(plan.residual, "groups");
  for await (const row of scan(whereOf(tenant, plan.keys))) {
    const resource = (groupsInFilter ? await renderWithGroups(row, tenant) : renderUser(row, tenant)).resource;
    if (plan.residual && !evaluateFilter(plan.residual, resource, USER_RESOURCE_TYPE)) continue;
    if (sortInMemory) {
      if (matches.length >= SCIM_SERVICE.inMemorySortMax) {
        throw new ScimError(400, "tooMany", `Sorting more than ${SCIM_SERVICE.inMemorySortMax} users by this attribute is not supported; narrow the filter or sort by userName or meta.created.`);
      }
      matches.push(resource);
    } else if (totalResults >= windowStart && totalResults < windowEnd) {
      matches.push(resource);
    }
    totalResults++;
  }
  if (!sortInMemory) return { resources: groupsInFilter ? matches : await attachGroups(tenant, matches), totalResults, startIndex };
  matches.sort(compareForSort(query.sortBy!, query.sortOrder));
  const page = matches.slice(windowStart, windowEnd);
  return { resources: groupsInFilter ? page : await attachGroups(tenant, page), totalResults, startIndex };
}

/** Rows matching `where`, in (createdAt, id) order, read in batches by keyset. */
async function* scan(where: Where): AsyncGenerator<UserRow> {
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await prisma.scimUser.findMany({
      select: USER_SELECT,
      where: after
        ? { AND: [where, { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] }
        : where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: SCIM_SERVICE.scanBatchSize,
    });
    yield* rows;
    if (rows.length < SCIM_SERVICE.scanBatchSize) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

// ---------------------------------------------------------------- writes

/** The columns copied out of a resource for indexes, and the e-mail keys. */
function columnsOf(attributes: JsonObject) {
  const userName = String(attributes["userName"]);
  const externalId = typeof attributes["externalId"] === "string" ? attributes["externalId"] : null;
  const displayName = typeof attributes["displayName"] === "string" ? attributes["displayName"] : null;
  const emails = Array.isArray(attributes["emails"]) ? attributes["emails"] : [];
  const emailKeys = [
    ...new Set(
      emails
        .map((e) => (e && typeof e === "object" && !Array.isArray(e) ? (e as JsonObject)["value"] : undefined))
        .filter((v): v is string => typeof v === "string" && v !== "")
        .map(fold),
    ),
  ];
  return { userName, userNameKey: fold(userName), externalId, displayName, active: attributes["active"] === true, emailKeys };
}

/**
 * `active` is never absent: a create without it is active (the IdP assigned the person); a
 * PUT or PATCH that omits or removes it keeps the current state, so a partial body never
 * re-enables a deprovisioned person by accident.
 */
function normaliseActive(attributes: JsonObject, current: boolean): JsonObject {
  if (typeof attributes["active"] === "boolean") return attributes;
  return { ...attributes, active: current };
}

function withoutProtocolKeys(resource: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === "schemas" || key === "id" || key === "meta" || key === SHOPIFY_USER_SCHEMA_ID) continue;
    out[key] = value;
  }
  return out;
}

/**
 * The attribute paths that differ: sub-attributes of single-valued complex attributes
 * ("name.givenName"), extension attributes by URN ("urn:…:enterprise:2.0:User:department"),
 * everything else by name ("active", "emails"). For the event payload; no values.
 */
export function changedPaths(before: JsonObject, after: JsonObject): string[] {
  const out: string[] = [];
  const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    if (same(a, b)) continue;
    if (key.toLowerCase().startsWith("urn:") && (isObject(a) || isObject(b))) {
      const ea = isObject(a) ? a : {};
      const eb = isObject(b) ? b : {};
      for (const sub of new Set([...Object.keys(ea), ...Object.keys(eb)])) if (!same(ea[sub], eb[sub])) out.push(`${key}:${sub}`);
    } else if (isObject(a) || isObject(b)) {
      const ea = isObject(a) ? a : {};
      const eb = isObject(b) ? b : {};
      for (const sub of new Set([...Object.keys(ea), ...Object.keys(eb)])) if (!same(ea[sub], eb[sub])) out.push(`${key}.${sub}`);
    } else {
      out.push(key);
    }
  }
  return out;
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: JsonValue | undefined): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as JsonObject)[k])]));
  }
  return value ?? null;
}

function userEvent(tenant: Tenant, id: string, operation: Operation, payload: Prisma.InputJsonValue): NewEvent {
  return { shopId: tenant.shopId, resourceType: "User", resourceId: id, operation, payload };
}

function userNameTaken(userName: string): ScimError {
  return new ScimError(409, "uniqueness", `A user with userName "${userName.slice(0, 256)}" already exists in this store (userName is compared case-insensitively).`);
}

/** POST /Users. 409 uniqueness when the userName (in any case) is taken. */
export async function createUser(tenant: Tenant, body: unknown): Promise<WriteResult> {
  const parsed = parseUserInput(body, "create");
  const attributes = normaliseActive(withoutProtocolKeys(parsed.resource), true);
  const columns = columnsOf(attributes);
  const id = randomUUID();
  const now = new Date();
  let row: UserRow;
  try {
    [row] = await prisma.$transaction([
      prisma.scimUser.create({
        select: USER_SELECT,
        data: {
          id,
          shopId: tenant.shopId,
          userName: columns.userName,
          userNameKey: columns.userNameKey,
          externalId: columns.externalId,
          displayName: columns.displayName,
          active: columns.active,
          attributes: attributes as Prisma.InputJsonObject,
          version: 1,
          createdAt: now,
          updatedAt: now,
          emails: { create: columns.emailKeys.map((valueKey) => ({ shopId: tenant.shopId, valueKey })) },
        },
      }),
      enqueue(prisma, userEvent(tenant, id, "create", { changed: changedPaths({}, attributes), active: columns.active })),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw userNameTaken(columns.userName);
    throw error;
  }
  return { user: renderUser(row, tenant), changed: true, passwordProvided: parsed.passwordProvided, ignoredAttributes: parsed.ignoredAttributes };
}

const BUSY = "The user kept changing while this request was applied (concurrent writes); retry.";

/**
 * Read-modify-write in one transaction: read the row, compute the new attributes, then update
 * only if the version is still the one read (else retry from a fresh read). On SQLite the
 * adapter runs one transaction at a time per process, so the read is current; on PostgreSQL
 * a concurrent writer makes the guarded UPDATE match nothing and we retry. If-Match is checked
 * against the row read, so a stale ETag is 412 however the race goes.
 */
async function mutate(
  tenant: Tenant,
  id: string,
  operation: "replace" | "patch",
  preconditions: Preconditions,
  compute: (current: JsonObject, row: UserRow) => JsonObject,
): Promise<{ row: UserRowWithGroups; changed: boolean }> {
  if (!isResourceId(id)) throw notFound(id);
  let columns: ReturnType<typeof columnsOf> | undefined;
  return writeTransaction(
    async (tx) => {
      // With its groups: the response shows them, and a user write does not change them.
      const [row] = await fetchRows(tenant, [{ column: "id", value: id }], "stable", 0, 1, { groups: true, db: tx });
      if (!row) throw notFound(id);
      checkPreconditions({ method: operation === "patch" ? "PATCH" : "PUT", ...preconditions }, formatVersion(row.version));
      const current = storedAttributes(row);
      const next = compute(current, row);
      const changed = changedPaths(current, next);
      if (changed.length === 0) return { row, changed: false };
      columns = columnsOf(next);
      const updatedAt = new Date(Math.max(Date.now(), row.updatedAt.getTime() + 1));
      const version = row.version + 1;
      const data = {
        userName: columns.userName,
        userNameKey: columns.userNameKey,
        externalId: columns.externalId,
        displayName: columns.displayName,
        active: columns.active,
      };
      const { count } = await tx.scimUser.updateMany({
        where: { id, shopId: tenant.shopId, version: row.version },
        data: { ...data, attributes: next as Prisma.InputJsonObject, version, updatedAt },
      });
      if (count === 0) throw new LostRace();
      if (changed.some((p) => p === "emails" || p.startsWith("emails."))) {
        await tx.scimUserEmail.deleteMany({ where: { userId: id } });
        if (columns.emailKeys.length > 0) {
          await tx.scimUserEmail.createMany({ data: columns.emailKeys.map((valueKey) => ({ shopId: tenant.shopId, userId: id, valueKey })) });
        }
      }
      await enqueue(tx, userEvent(tenant, id, operation, { changed, active: columns.active }));
      return { row: { ...row, ...data, attributes: next as Prisma.JsonValue, version, updatedAt }, changed: true };
    },
    // The only unique index a user write can meet is (shopId, userNameKey): the new userName is taken.
    { busy: BUSY, onUniqueViolation: () => (columns ? userNameTaken(columns.userName) : null) },
  );
}

/** PUT /Users/{id}: the body replaces every writable attribute (RFC 7644 §3.5.1). */
export async function replaceUser(tenant: Tenant, id: string, body: unknown, preconditions: Preconditions = {}): Promise<WriteResult> {
  const parsed = parseUserInput(body, "replace");
  const incoming = withoutProtocolKeys(parsed.resource);
  const { row, changed } = await mutate(tenant, id, "replace", preconditions, (_attributes, currentRow) =>
    normaliseActive(incoming, currentRow.active),
  );
  return { user: renderUser(row, tenant, row.groups), changed, passwordProvided: parsed.passwordProvided, ignoredAttributes: parsed.ignoredAttributes };
}

/** PATCH /Users/{id} (RFC 7644 §3.5.2, every IdP dialect app/scim/patch.ts accepts). */
export async function patchUser(tenant: Tenant, id: string, body: unknown, preconditions: Preconditions = {}): Promise<WriteResult> {
  const request = parsePatchRequest(body);
  let passwordProvided = false;
  const { row, changed } = await mutate(tenant, id, "patch", preconditions, (current, currentRow) => {
    const before: JsonObject = { schemas: [USER_SCHEMA_ID], id, ...current };
    const result = applyPatch(before, request, USER_RESOURCE_TYPE);
    passwordProvided = result.passwordProvided;
    return normaliseActive(withoutProtocolKeys(result.resource), currentRow.active);
  });
  return { user: renderUser(row, tenant, row.groups), changed, passwordProvided, ignoredAttributes: [] };
}

/** DELETE /Users/{id}: the row goes; the event keeps the customer link the engine needs. */
export async function deleteUser(tenant: Tenant, id: string, preconditions: Preconditions = {}): Promise<void> {
  if (!isResourceId(id)) throw notFound(id);
  await writeTransaction(
    async (tx) => {
      const [row] = await fetchRows(tenant, [{ column: "id", value: id }], "stable", 0, 1, { db: tx });
      if (!row) throw notFound(id);
      checkPreconditions({ method: "DELETE", ...preconditions }, formatVersion(row.version));
      await tx.scimUserEmail.deleteMany({ where: { userId: id, shopId: tenant.shopId } });
      const { count } = await tx.scimUser.deleteMany({ where: { id, shopId: tenant.shopId, version: row.version } });
      if (count === 0) throw new LostRace();
      await enqueue(tx, userEvent(tenant, id, "delete", { changed: [], active: false, customerId: row.customerId ?? null }));
    },
    { busy: BUSY },
  );
}
