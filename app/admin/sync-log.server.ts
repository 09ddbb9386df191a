// The sync log: a shop's provisioning events, newest first, with filters, search by person and
// keyset (cursor) pagination on (createdAt, id) over the [shopId, createdAt] index, so page 1
// and page 2,000 cost the same. Also one event in detail, the backlog progress, CSV export and
// manual retry (through the engine's retryProvisioning).
import type { Prisma, ProvisioningEvent } from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { UNFINISHED_STATES } from "~/sync/outbox";
import { retryProvisioning } from "~/sync/runtime.server";
import { pendingShopJob } from "~/sync/shop-jobs.server";
import { explainError, type Explanation } from "./explain";
import { OPERATION_NAMES, STATUS_FILTERS, STATUS_FILTER_NAMES, TIME_RANGES, WHOLE_STORE, actionLabel, operationLabel, personName, stateLabel, type TimeRange } from "./labels";

export { TIME_RANGES, type TimeRange };

export const PAGE_SIZE = 50;

const TIME_RANGE_NAMES = Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]];

const CURSOR = /^(\d{1,15})~([A-Za-z0-9_-]{1,64})$/;

/** A position in the log: "<createdAt ms>~<id>". */
export function encodeCursor(event: { createdAt: Date; id: string }): string {
  return `${event.createdAt.getTime()}~${event.id}`;
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const match = CURSOR.exec(cursor)!;
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}

const statusSchema = z.enum(STATUS_FILTER_NAMES);
const operationSchema = z.enum(OPERATION_NAMES);
const cursorSchema = z.string().regex(CURSOR);

export interface LogQuery {
  status: Array<z.output<typeof statusSchema>>;
  operation: Array<z.output<typeof operationSchema>>;
  range?: TimeRange;
  /** Search by person: userName, email, name, SCIM id, externalId or customer id. */
  q: string;
  /** Older than this cursor (next page). */
  after?: string;
  /** Newer than this cursor (previous page). */
  before?: string;
  /** One person's events (the person page). */
  person?: string;
}

function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The log query of a URL. Values that do not validate are dropped one by one (a stale bookmark
 * still opens the log), never passed to the database.
 */
export function parseLogQuery(params: URLSearchParams): LogQuery {
  const validList = <T>(schema: z.ZodType<T>, values: string[]) =>
    [...new Set(values)].map((value) => valid(schema, value)).filter((value): value is T => value !== undefined);
  return {
    status: validList(statusSchema, params.getAll("status")),
    operation: validList(operationSchema, params.getAll("operation")),
    range: valid(z.enum(TIME_RANGE_NAMES), params.get("range")),
    q: valid(z.string().trim().max(200), params.get("q") ?? "") ?? "",
    after: valid(cursorSchema, params.get("after")),
    before: valid(cursorSchema, params.get("before")),
    person: valid(z.string().min(1).max(64), params.get("person")),
  };
}

export interface LogPerson {
  id: string;
  userName: string;
  displayName: string | null;
}

export interface LogRow {
  id: string;
  createdAt: string;
  resourceType: string;
  resourceId: string;
  person: LogPerson | null;
  personLabel: string;
  operation: string;
  operationLabel: string;
  state: string;
  stateLabel: string;
  attempts: number;
  maxAttempts: number;
  action: string | null;
  actionLabel: string;
  customerId: string | null;
  outcome: string | null;
  lastError: string | null;
}

export interface LogPage {
  rows: LogRow[];
  /** Cursor for the next (older) page, or null on the last page. */
  next: string | null;
  /** Cursor for the previous (newer) page, or null on the first page. */
  previous: string | null;
}

const ROW_SELECT = {
  id: true,
  createdAt: true,
  resourceType: true,
  resourceId: true,
  operation: true,
  state: true,
  attempts: true,
  maxAttempts: true,
  action: true,
  customerId: true,
  outcome: true,
  lastError: true,
} satisfies Prisma.ProvisioningEventSelect;
type RowData = Prisma.ProvisioningEventGetPayload<{ select: typeof ROW_SELECT }>;

const SEARCH_MATCH_LIMIT = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The events' owners a person search or the person filter names, or null when neither is set. */
interface PersonScope {
  /** SCIM user ids (people found by the search, a SCIM id typed in, or the person filter). */
  ids: string[];
  /** A customer id typed in: its events match too (also those of people deleted since). */
  customerId: string | null;
}

/**
 * Who a log query is about: people whose userName, email or display name contain the search text,
 * or whose SCIM id, externalId or customer id it is (also people deleted since); or the one person
 * of the person page.
 */
async function personScope(shopId: string, query: LogQuery): Promise<PersonScope | null> {
  if (!query.q) return query.person ? { ids: [query.person], customerId: null } : null;
  const q = query.q;
  const key = q.toLowerCase();
  const numeric = /^\d{1,20}$/.test(q) ? q : /^gid:\/\/shopify\/Customer\/(\d{1,20})$/.exec(q)?.[1];
  const customerId = numeric ? `gid://shopify/Customer/${numeric}` : null;
  const people = await prisma.scimUser.findMany({
    where: {
      shopId,
      OR: [
        { userNameKey: { contains: key } },
        { displayName: { contains: q } },
        { externalId: q },
        { emails: { some: { shopId, valueKey: { contains: key } } } },
        ...(customerId ? [{ customerId }] : []),
      ],
    },
    select: { id: true },
    take: SEARCH_MATCH_LIMIT,
  });
  let ids = people.map((person) => person.id);
  if (UUID.test(q)) ids.push(q.toLowerCase());
  // Both a search and the person page: only that person, if the search finds them.
  if (query.person) ids = ids.filter((id) => id === query.person);
  return { ids, customerId: query.person ? null : customerId };
}

/** The filter part of a log query (everything but the cursor and the people), scoped to the shop. */
function filterWhere(shopId: string, query: LogQuery, now: number): Prisma.ProvisioningEventWhereInput[] {
  const and: Prisma.ProvisioningEventWhereInput[] = [{ shopId }];
  if (query.status.length > 0) and.push({ state: { in: query.status.flatMap((name) => [...STATUS_FILTERS[name].states]) } });
  if (query.operation.length > 0) and.push({ operation: { in: query.operation } });
  if (query.range) and.push({ createdAt: { gte: new Date(now - TIME_RANGES[query.range].ms) } });
  return and;
}

function scopeWhere(scope: PersonScope): Prisma.ProvisioningEventWhereInput {
  const people: Prisma.ProvisioningEventWhereInput = { resourceType: "User", resourceId: { in: scope.ids } };
  return scope.customerId ? { OR: [people, { customerId: scope.customerId }] } : people;
}

/** The whole where clause of a log query (everything but the cursor), scoped to the shop. */
export async function logWhere(shopId: string, query: LogQuery, now = Date.now()): Promise<Prisma.ProvisioningEventWhereInput> {
  const and = filterWhere(shopId, query, now);
  const scope = await personScope(shopId, query);
  if (scope) and.push(scopeWhere(scope));
  return { AND: and };
}

/**
 * Strictly after (or before) the cursor in (createdAt, id) order. The plain `createdAt <= c` bound
 * next to the OR is what lets the index seek to the cursor: with the OR alone SQLite walks the
 * index from the newest event down to it (54 ms instead of 0.7 ms for the oldest page of 100,000).
 */
function keysetWhere(cursor: string, direction: "older" | "newer"): Prisma.ProvisioningEventWhereInput {
  const { createdAt, id } = decodeCursor(cursor);
  return direction === "older"
    ? { createdAt: { lte: createdAt }, OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] }
    : { createdAt: { gte: createdAt }, OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] };
}

async function peopleOf(shopId: string, rows: Array<Pick<RowData, "resourceType" | "resourceId">>): Promise<Map<string, LogPerson>> {
  const ids = [...new Set(rows.filter((row) => row.resourceType === "User").map((row) => row.resourceId))];
  if (ids.length === 0) return new Map();
  // By primary key only: with shopId in the where clause SQLite (without statistics) walks the
  // shop's [shopId, userNameKey] index instead. The shop is checked on the rows instead.
  const people = await prisma.scimUser.findMany({
    where: { id: { in: ids } },
    select: { id: true, shopId: true, userName: true, displayName: true },
  });
  return new Map(people.filter((person) => person.shopId === shopId).map(({ shopId: _shop, ...person }) => [person.id, person]));
}

function toRow(row: RowData, people: Map<string, LogPerson>): LogRow {
  const person = row.resourceType === "User" ? (people.get(row.resourceId) ?? null) : null;
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    person,
    personLabel: row.resourceType === "User" ? personName(person, row.resourceId) : row.resourceType === "Shop" ? WHOLE_STORE : `${row.resourceType} ${row.resourceId.slice(0, 8)}…`,
    operation: row.operation,
    operationLabel: operationLabel(row.operation, row.resourceType),
    state: row.state,
    stateLabel: stateLabel(row.state).label,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    action: row.action,
    actionLabel: actionLabel(row.action),
    customerId: row.customerId,
    outcome: row.outcome,
    lastError: row.lastError,
  };
}

/**
 * A person's events are few, but without planner statistics SQLite walks the [shopId, createdAt]
 * index (to avoid a sort) instead of the [shopId, resourceType, resourceId] one, i.e. the whole
 * shop's log. Up to this many matching events are therefore read by person (no ORDER BY, so the
 * resource index is taken) and ordered here; beyond it the matches are dense enough that walking
 * the log in order finds a page quickly.
 */
const PERSON_SCAN_LIMIT = 5_000;

type Direction = "older" | "newer";

function compareKeys(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The page's events, newest first in `found` order for "older", oldest first for "newer". */
async function findPage(where: Prisma.ProvisioningEventWhereInput, cursor: string | undefined, direction: Direction, take: number): Promise<RowData[]> {
  return prisma.provisioningEvent.findMany({
    where: cursor ? { AND: [where, keysetWhere(cursor, direction)] } : where,
    orderBy: direction === "newer" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: ROW_SELECT,
  });
}

/** The same page for a few people's events: their keys through the resource index, ordered here. */
async function findPersonPage(where: Prisma.ProvisioningEventWhereInput, cursor: string | undefined, direction: Direction, take: number): Promise<RowData[] | null> {
  const count = await prisma.provisioningEvent.count({ where });
  if (count > PERSON_SCAN_LIMIT) return null;
  const keys = await prisma.provisioningEvent.findMany({ where, select: { id: true, createdAt: true } });
  const at = cursor ? decodeCursor(cursor) : null;
  const ordered = keys
    .filter((key) => !at || (direction === "older" ? compareKeys(key, at) < 0 : compareKeys(key, at) > 0))
    .sort((a, b) => (direction === "older" ? compareKeys(b, a) : compareKeys(a, b)))
    .slice(0, take);
  if (ordered.length === 0) return [];
  const rows = await prisma.provisioningEvent.findMany({ where: { id: { in: ordered.map((key) => key.id) } }, select: ROW_SELECT });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ordered.map((key) => byId.get(key.id)).filter((row): row is RowData => !!row);
}

/** One page of the log: newest first; `after` pages to older events, `before` to newer ones. */
export async function listLogEvents(shopId: string, query: LogQuery, options: { limit?: number; now?: number } = {}): Promise<LogPage> {
  const limit = options.limit ?? PAGE_SIZE;
  const now = options.now ?? Date.now();
  const and = filterWhere(shopId, query, now);
  const scope = await personScope(shopId, query);
  if (scope) and.push(scopeWhere(scope));
  const where: Prisma.ProvisioningEventWhereInput = { AND: and };
  const newer = !query.after && !!query.before;
  const direction: Direction = newer ? "newer" : "older";
  const cursor = query.after ?? query.before;
  const found =
    (scope && !scope.customerId ? await findPersonPage(where, cursor, direction, limit + 1) : null) ??
    (await findPage(where, cursor, direction, limit + 1));
  const more = found.length > limit;
  const page = found.slice(0, limit);
  if (newer) page.reverse();
  const people = await peopleOf(shopId, page);
  const rows = page.map((row) => toRow(row, people));
  const first = page[0];
  const last = page.at(-1);
  return {
    rows,
    next: last && (newer || more) ? encodeCursor(last) : null,
    previous: first && (newer ? more : !!cursor) ? encodeCursor(first) : null,
  };
}

export interface LogEventDetail extends LogRow {
  /** A group membership change: which group (null when deleted since) and what happened. */
  group: { id: string; displayName: string | null; change: string | null } | null;
  changed: string[];
  active: boolean | null;
  /** Why reconcile queued a repair. */
  reason: string | null;
  warnings: string[];
  history: Array<{ at: string; worker: string; ms?: number; error?: string; retryable?: boolean; note?: string }>;
  coalescedInto: string | null;
  completedAt: string | null;
  updatedAt: string;
  runAt: string;
  key: string | null;
  explanation: Explanation | null;
  canRetry: boolean;
}

function jsonObject(value: Prisma.JsonValue | null): Record<string, Prisma.JsonValue> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, Prisma.JsonValue>) : {};
}

/**
 * One event with its redacted request summary. The directory never stores request bodies in
 * events: the payload holds the attribute names that changed and the active flag, no values.
 */
export async function getLogEvent(shopId: string, id: string): Promise<LogEventDetail | null> {
  const event = await prisma.provisioningEvent.findFirst({ where: { id, shopId } });
  if (!event) return null;
  const people = await peopleOf(shopId, [event]);
  const payload = jsonObject(event.payload);
  const changed = Array.isArray(payload["changed"]) ? payload["changed"].filter((path): path is string => typeof path === "string") : [];
  const warnings = Array.isArray(event.warnings) ? event.warnings.filter((w): w is string => typeof w === "string") : [];
  const history = Array.isArray(event.history) ? (event.history as unknown as LogEventDetail["history"]) : [];
  const groupId = typeof payload["group"] === "string" ? payload["group"] : null;
  const group = groupId
    ? await prisma.scimGroup.findFirst({ where: { id: groupId, shopId }, select: { displayName: true } })
    : null;
  return {
    ...toRow(event, people),
    group: groupId ? { id: groupId, displayName: group?.displayName ?? null, change: typeof payload["change"] === "string" ? payload["change"] : null } : null,
    changed,
    active: typeof payload["active"] === "boolean" ? payload["active"] : null,
    reason: typeof payload["reason"] === "string" ? payload["reason"] : null,
    warnings,
    history,
    coalescedInto: event.coalescedInto,
    completedAt: event.completedAt?.toISOString() ?? null,
    updatedAt: event.updatedAt.toISOString(),
    runAt: event.runAt.toISOString(),
    key: event.key,
    explanation: event.state === "completed" ? null : explainError(event.lastError),
    canRetry: event.state === "failed" || event.state === "cancelled",
  };
}

export interface Backlog {
  /** Events not yet delivered (queued, retrying, being delivered). */
  pending: number;
  /** Events since the oldest undelivered one… */
  total: number;
  /** …of which delivered (or finished otherwise). */
  delivered: number;
  failed: number;
  /** Delivery is parked (the app lost access to the store) since, and why. */
  parkedAt: string | null;
  parkedReason: string | null;
}

/**
 * Events older than this count into the backlog one by one (they are few: stuck or parked ones);
 * the rest through one range count, so the cost follows the backlog's recent traffic, not the
 * age of its oldest event.
 */
const BACKLOG_WINDOW_MS = 24 * 60 * 60_000;

/** Progress of the current backlog ("1,240 of 2,000 delivered"), or null when nothing waits. */
export async function getBacklog(shopId: string, now = Date.now()): Promise<Backlog | null> {
  const unfinished = { shopId, state: { in: [...UNFINISHED_STATES] } };
  const oldest = await prisma.provisioningEvent.findFirst({ where: unfinished, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { createdAt: true } });
  if (!oldest) return null;
  const windowStart = new Date(Math.max(oldest.createdAt.getTime(), now - BACKLOG_WINDOW_MS));
  const recent = { shopId, createdAt: { gte: windowStart } };
  // Every count is a range the indexes answer directly: unfinished events by [shopId, state, …],
  // recent ones by [shopId, createdAt]; "older than the window" is their difference (as a range
  // of its own it would walk the whole log).
  const [pending, inWindow, recentPending, failed, shop] = await Promise.all([
    prisma.provisioningEvent.count({ where: unfinished }),
    prisma.provisioningEvent.count({ where: recent }),
    prisma.provisioningEvent.count({ where: { ...recent, state: { in: [...UNFINISHED_STATES] } } }),
    prisma.provisioningEvent.count({ where: { ...recent, state: "failed" } }),
    prisma.shop.findUnique({ where: { id: shopId }, select: { deliveryParkedAt: true, deliveryParkedReason: true } }),
  ]);
  const total = inWindow + Math.max(0, pending - recentPending);
  return {
    pending,
    total,
    delivered: Math.max(0, total - pending),
    failed,
    parkedAt: shop?.deliveryParkedAt?.toISOString() ?? null,
    parkedReason: shop?.deliveryParkedReason ?? null,
  };
}

export async function countFailed(shopId: string): Promise<number> {
  return prisma.provisioningEvent.count({ where: { shopId, state: "failed" } });
}

/**
 * Retry one event's person (every failed event of its key, so the person's current state is
 * delivered once) or, without an id, every failed or cancelled event of the shop.
 * Returns how many events went back to the queue.
 */
export async function retryLogEvents(shopId: string, eventId?: string): Promise<number> {
  if (!eventId) return retryProvisioning(shopId);
  const event = await prisma.provisioningEvent.findFirst({ where: { id: eventId, shopId }, select: { id: true, key: true } });
  if (!event) return 0;
  return retryProvisioning(shopId, event.key ? { key: event.key } : { eventId: event.id });
}

// ---------------------------------------------------------------- CSV export

const CSV_COLUMNS = [
  "time",
  "event_id",
  "resource_type",
  "scim_id",
  "user_name",
  "display_name",
  "idp_operation",
  "status",
  "attempts",
  "shopify_action",
  "customer_id",
  "outcome",
  "last_error",
] as const;
const EXPORT_BATCH = 1_000;

/** RFC 4180 quoting, and a leading ' for cells a spreadsheet would run as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(row: LogRow): string {
  return [
    row.createdAt,
    row.id,
    row.resourceType,
    row.resourceId,
    row.person?.userName ?? "",
    row.person?.displayName ?? "",
    row.operation,
    row.state,
    row.attempts,
    row.action ?? "",
    row.customerId ?? "",
    row.outcome ?? "",
    row.lastError ?? "",
  ]
    .map(csvCell)
    .join(",");
}

/**
 * Every event the query matches as CSV, streamed in keyset batches: memory stays flat however
 * large the log is, and the first bytes leave before the last rows are read.
 */
export function streamLogCsv(shopId: string, query: LogQuery, now = Date.now()): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
      }
      const page = await listLogEvents(shopId, { ...query, after: cursor, before: undefined }, { limit: EXPORT_BATCH, now });
      if (page.rows.length > 0) controller.enqueue(encoder.encode(page.rows.map(csvLine).join("\r\n") + "\r\n"));
      if (!page.next) controller.close();
      else cursor = page.next;
    },
  });
}

export type { ProvisioningEvent };

export interface ReconcileStatus {
  /** A reconcile waiting or running, if any. */
  pending: { state: string; since: string; lastError: string | null } | null;
  lastReconciledAt: string | null;
  last: { users: number; inSync: number; repairsQueued: number; customersMissing: number; notLinked: number; failed: number } | null;
}

/** The sync log's reconcile card: the job in progress, or what the last one found. */
export async function getReconcileStatus(shopId: string): Promise<ReconcileStatus> {
  const [pending, shop] = await Promise.all([
    pendingShopJob(prisma, shopId, "reconcile"),
    prisma.shop.findUnique({ where: { id: shopId }, select: { lastReconciledAt: true, lastReconcileSummary: true } }),
  ]);
  const summary = jsonObject(shop?.lastReconcileSummary ?? null);
  const count = (name: string) => (typeof summary[name] === "number" ? (summary[name] as number) : 0);
  return {
    pending: pending ? { state: pending.state, since: pending.createdAt.toISOString(), lastError: pending.lastError } : null,
    lastReconciledAt: shop?.lastReconciledAt?.toISOString() ?? null,
    last: shop?.lastReconcileSummary
      ? { users: count("users"), inSync: count("inSync"), repairsQueued: count("repairsQueued"), customersMissing: count("customersMissing"), notLinked: count("notLinked"), failed: count("failed") }
      : null,
  };
}
