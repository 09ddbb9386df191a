// The provisioning outbox (ProvisioningEvent) and everything that writes it: recording events
// (inside the caller's transaction), the claims a worker makes under a lease, and every state
// change after that — complete, retry, fail, park, coalesce, cancel, manual retry. No other
// module inserts or updates an event; they call this one. Its words (states, keys, operations,
// actions) are ./outbox.ts, re-exported here.
//
// Works the same on SQLite and PostgreSQL: every state change is a conditional updateMany
// (compare-and-set on state/lockedBy/lockedAt), never a lock; the claims all live in JobStore,
// so another claim strategy (per-shop leases, SKIP LOCKED) replaces them in one place.
//
// Per-key ordering: a key (e.g. "User:<scim id>") is claimable only through its head, the oldest
// unfinished event, and only when that head is due and not held under a live lease. The winner
// of the head then claims every other unfinished event of the key, and the handler delivers the
// person's CURRENT state once for all of them (coalescing); they complete together.
//
// Dedupe: the jobs that wait at most once (a shop's reconcile or remap, a person's repair) carry
// a dedupeKey while they wait (created, retry). A unique index on (shopId, dedupeKey) makes "one
// waiting" the database's guarantee, however many processes ask at once; the key is released
// when the job starts (claim) or is cancelled, and taken again when it goes back to waiting.
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient, type ProvisioningEvent } from "@prisma/client";
import { dialect as appDialect, jsonValue, query, execute, sql, text, timestamp, type Dialect, type RawDb, type Sql } from "~/sql.server";
import { ACCESS_LOST_MESSAGE } from "~/shopify-admin/admin-client.server";
import { OPEN_STATES, UNFINISHED_STATES, jobKey, type DeliveryAction, type JobState, type Operation, type ResourceType } from "./outbox";

export * from "./outbox";

const HISTORY_LIMIT = 20;

/** A Prisma client or an interactive transaction's client: events join the caller's transaction. */
export type Db = Prisma.TransactionClient;

/** An event to record. */
export interface NewEvent {
  shopId: string;
  resourceType: ResourceType;
  resourceId: string;
  operation: Operation;
  payload: Prisma.InputJsonValue;
}

export interface Group {
  key: string;
  shopId: string;
  resourceType: string;
  resourceId: string;
  /** Oldest first; the last one carries the delivered state. */
  events: ProvisioningEvent[];
  claimedAt: number;
}

/** A claimable head: the oldest unfinished event of its key. */
export type Head = ProvisioningEvent & { single: boolean };

export interface Outcome {
  action: DeliveryAction;
  customerId?: string | null;
  outcome: string;
  warnings?: string[];
}

export interface HistoryEntry {
  at: string;
  worker: string;
  ms?: number;
  error?: string;
  retryable?: boolean;
  note?: string;
}

/** The event's key (events recorded before keys existed have none: their own resource's). */
export function keyOf(event: Pick<ProvisioningEvent, "key" | "resourceType" | "resourceId">): string {
  return event.key ?? jobKey(event.resourceType as ResourceType, event.resourceId);
}

/**
 * The dedupe key of a job that waits at most once, or null: a shop's reconcile and remap (one
 * each), a person's repair (reconcile's and drift's alike). SCIM changes and a remap's per-person
 * events never dedupe: each one is delivered (coalesced per key).
 */
export function dedupeKeyOf(event: Pick<NewEvent, "resourceType" | "resourceId" | "operation">): string | null {
  if (event.resourceType === "Shop") return `${jobKey("Shop", event.resourceId)}:${event.operation}`;
  if (event.operation === "repair" || event.operation === "reconcile") return `${jobKey(event.resourceType, event.resourceId)}:repair`;
  return null;
}

function rowOf(event: NewEvent) {
  const { shopId, resourceType, resourceId, operation, payload } = event;
  return { shopId, resourceType, resourceId, operation, payload, key: jobKey(resourceType, resourceId), dedupeKey: dedupeKeyOf(event), state: "created" satisfies JobState };
}

/** Unique violation, from any generated client (PostgreSQL tests run their own). */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}

// ---------------------------------------------------------------- recording events

/**
 * Records one event. A PrismaPromise: await it inside an interactive transaction, or put it in a
 * batch `$transaction([...])` beside the directory write it belongs to.
 */
export function enqueue(db: Db, event: NewEvent): Prisma.PrismaPromise<{ id: string }> {
  return db.provisioningEvent.create({ data: rowOf(event), select: { id: true } });
}

/** Records several events in one statement (a remap's batch of people). */
export function enqueueMany(db: Db, events: readonly NewEvent[]): Prisma.PrismaPromise<Prisma.BatchPayload> {
  return db.provisioningEvent.createMany({ data: events.map(rowOf) });
}

/**
 * One event per id that `resourceIds` selects (a subquery with an "id" column), in one
 * INSERT … SELECT however many: a group change that touches 5,000 members. Returns how many.
 */
export function enqueueSelected(
  db: RawDb,
  d: Dialect,
  event: Omit<NewEvent, "resourceId"> & { resourceIds: Sql; now: Date },
): Promise<number> {
  // Ids: one random stem per statement + the resource id, unique because a statement names each resource once.
  const stem = `g${randomUUID().replace(/-/g, "").slice(0, 16)}-`;
  const at = timestamp(event.now, d);
  return execute(
    db,
    d,
    sql`INSERT INTO "ProvisioningEvent" ("id", "shopId", "resourceType", "resourceId", "operation", "payload", "state", "runAt", "key", "createdAt", "updatedAt")
        SELECT ${text(stem)} || x."id", ${text(event.shopId)}, ${text(event.resourceType)}, x."id", ${text(event.operation)}, ${jsonValue(event.payload, d)}, 'created', ${at}, ${text(`${event.resourceType}:`)} || x."id", ${at}, ${at}
        FROM (${event.resourceIds}) x`,
  );
}

/**
 * Records a job that waits at most once (dedupeKeyOf), unless the same job is already waiting:
 * then returns that one. Insert-or-nothing on the unique (shopId, dedupeKey), so two processes
 * asking at once still queue one; it never fails a caller's transaction on the conflict.
 */
export async function enqueueOnce(db: RawDb, event: NewEvent, d: Dialect = appDialect): Promise<{ eventId: string; queued: boolean }> {
  const dedupeKey = dedupeKeyOf(event);
  if (!dedupeKey) throw new Error(`${event.resourceType} ${event.operation} events do not dedupe; use enqueue`);
  // The holder may start (and release the key) between our insert and our read: then try again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = randomUUID();
    const now = timestamp(new Date(), d);
    const inserted = await execute(
      db,
      d,
      sql`INSERT INTO "ProvisioningEvent" ("id", "shopId", "resourceType", "resourceId", "operation", "payload", "state", "runAt", "key", "dedupeKey", "createdAt", "updatedAt")
          VALUES (${id}, ${event.shopId}, ${event.resourceType}, ${event.resourceId}, ${event.operation}, ${jsonValue(event.payload, d)}, 'created', ${now}, ${jobKey(event.resourceType, event.resourceId)}, ${dedupeKey}, ${now}, ${now})
          ON CONFLICT ("shopId", "dedupeKey") DO NOTHING`,
    );
    if (inserted === 1) return { eventId: id, queued: true };
    const [holder] = await query<{ id: string }>(db, d, sql`SELECT "id" FROM "ProvisioningEvent" WHERE "shopId" = ${event.shopId} AND "dedupeKey" = ${dedupeKey}`);
    if (holder) return { eventId: holder.id, queued: false };
  }
  throw new Error(`could not queue ${dedupeKey}: it kept starting while being queued`);
}

/** Whether any event of the key waits to start (a change that will deliver the person anyway). */
export async function isWaiting(db: Db, shopId: string, key: string): Promise<boolean> {
  return (await db.provisioningEvent.findFirst({ where: { shopId, key, state: { in: [...OPEN_STATES] } }, select: { id: true } })) !== null;
}

/** The shop's latest job of a kind that is waiting or running, if any (the admin shows it). */
export function unfinishedJob(db: Db, shopId: string, key: string, operation: Operation) {
  return db.provisioningEvent.findFirst({
    where: { shopId, key, operation, state: { in: [...UNFINISHED_STATES] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, state: true, createdAt: true, lastError: true },
  });
}

// ---------------------------------------------------------------- state changes

/**
 * Moves one event back to waiting (retry) with `data`, taking its dedupe key again; when a newer
 * request of the same job waits meanwhile, that one holds the key and this one goes back without.
 */
async function backToWaiting(db: Db, where: Prisma.ProvisioningEventWhereInput, event: ProvisioningEvent, data: Prisma.ProvisioningEventUpdateManyMutationInput): Promise<number> {
  const dedupeKey = dedupeKeyOf({ resourceType: event.resourceType as ResourceType, resourceId: event.resourceId, operation: event.operation as Operation });
  if (dedupeKey) {
    try {
      return (await db.provisioningEvent.updateMany({ where, data: { ...data, dedupeKey } })).count;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return (await db.provisioningEvent.updateMany({ where, data: { ...data, dedupeKey: null } })).count;
}

/**
 * Cancels the waiting events of some resources (a privacy request erased the person), so no
 * queued change re-creates them. Events being delivered finish; their lease holder completes them.
 */
export async function cancelWaiting(db: Db, where: { shopId: string; resourceType: ResourceType; resourceIds: readonly string[] }): Promise<number> {
  const { count } = await db.provisioningEvent.updateMany({
    where: { shopId: where.shopId, resourceType: where.resourceType, resourceId: { in: [...where.resourceIds] }, state: { in: [...OPEN_STATES] } },
    data: { state: "cancelled" satisfies JobState, lockedBy: null, lockedAt: null, dedupeKey: null },
  });
  return count;
}

/**
 * Erases what the events of some resources say about them (a privacy request): the outcome becomes
 * `outcome`, errors, warnings and the attempt log go. The rows stay, so counts stay right.
 */
export async function scrubEvents(db: Db, where: { shopId: string; resourceType: ResourceType; resourceIds: readonly string[] }, outcome: string): Promise<number> {
  const { count } = await db.provisioningEvent.updateMany({
    where: { shopId: where.shopId, resourceType: where.resourceType, resourceId: { in: [...where.resourceIds] } },
    data: { outcome, lastError: null, warnings: Prisma.DbNull, history: Prisma.DbNull },
  });
  return count;
}

/** Clears a parked shop (a new offline token) and makes the events parked with it due now. */
export async function resumeParkedShop(prisma: PrismaClient, shopId: string, now: Date = new Date()): Promise<number> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId }, select: { deliveryParkedAt: true } });
  if (!shop?.deliveryParkedAt) return 0;
  await prisma.shop.update({ where: { id: shopId }, data: { deliveryParkedAt: null, deliveryParkedReason: null } });
  const { count } = await prisma.provisioningEvent.updateMany({
    where: { shopId, state: "retry" satisfies JobState, lastError: { contains: ACCESS_LOST_MESSAGE } },
    data: { runAt: now },
  });
  return count;
}

function historyOf(event: ProvisioningEvent): HistoryEntry[] {
  return Array.isArray(event.history) ? (event.history as unknown as HistoryEntry[]) : [];
}

function appendHistory(event: ProvisioningEvent, entry: HistoryEntry): Prisma.InputJsonValue {
  return [...historyOf(event), entry].slice(-HISTORY_LIMIT) as unknown as Prisma.InputJsonValue;
}

export class JobStore {
  constructor(
    private readonly prisma: PrismaClient,
    readonly workerId: string,
    private readonly now: () => number,
    readonly leaseMs: number,
  ) {}

  private staleBefore(): Date {
    return new Date(this.now() - this.leaseMs);
  }

  private claimable(now: Date): Prisma.ProvisioningEventWhereInput {
    return {
      OR: [
        { state: { in: [...OPEN_STATES] }, runAt: { lte: now } },
        { state: "active", lockedAt: { lt: this.staleBefore() } },
      ],
    };
  }

  /** Shops with something due now (or a lease to take over). */
  async dueShops(): Promise<string[]> {
    const now = new Date(this.now());
    const rows = await this.prisma.provisioningEvent.groupBy({ by: ["shopId"], where: this.claimable(now) });
    return rows.map((row) => row.shopId).sort();
  }

  /** Earliest future runAt of an open event (for the run loop's sleep). */
  async nextRunAt(): Promise<number | null> {
    const row = await this.prisma.provisioningEvent.findFirst({
      where: { state: { in: [...OPEN_STATES] } },
      orderBy: { runAt: "asc" },
      select: { runAt: true },
    });
    return row ? row.runAt.getTime() : null;
  }

  /**
   * Up to `limit` keys of one shop whose head is claimable now, oldest first, skipping `busy`
   * (keys this process is delivering). Each head comes whole, with `single` = it is the key's only
   * unfinished event (then claiming it is one statement).
   */
  async claimableHeads(shopId: string, limit: number, busy: ReadonlySet<string>): Promise<Head[]> {
    const now = new Date(this.now());
    const due = await this.prisma.provisioningEvent.findMany({
      where: { shopId, ...this.claimable(now) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: Math.max(limit * 8, 32),
      select: { id: true, key: true, resourceType: true, resourceId: true },
    });
    const keys: string[] = [];
    const keyless: string[] = [];
    for (const event of due) {
      if (!event.key) {
        keyless.push(event.id);
        continue;
      }
      if (!busy.has(event.key) && !keys.includes(event.key)) keys.push(event.key);
    }
    if (keys.length === 0 && keyless.length === 0) return [];
    const unfinished = await this.prisma.provisioningEvent.findMany({
      where: { shopId, OR: [{ key: { in: keys }, state: { in: [...UNFINISHED_STATES] } }, { id: { in: keyless } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const byKey = new Map<string, ProvisioningEvent[]>();
    for (const event of unfinished) {
      const key = keyOf(event);
      byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    const stale = this.staleBefore().getTime();
    const out: Head[] = [];
    for (const [, events] of byKey) {
      const head = events[0]!;
      const ready =
        ((OPEN_STATES as readonly string[]).includes(head.state) && head.runAt.getTime() <= now.getTime()) ||
        (head.state === "active" && head.lockedAt !== null && head.lockedAt.getTime() < stale);
      if (ready && !busy.has(keyOf(head))) out.push({ ...head, single: events.length === 1 });
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Claims a key through its head. Null when another worker won the head. The head and then the
   * rest of the key's unfinished events become active under our lease; attempts count up.
   */
  async claim(head: Head, shopId: string): Promise<Group | null> {
    const nowMs = this.now();
    const now = new Date(nowMs);
    // Started: a deduped job's key is free again, so a request from now on queues a new run.
    const lease = { state: "active" satisfies JobState, lockedBy: this.workerId, lockedAt: now, attempts: { increment: 1 }, dedupeKey: null };
    const won = await this.prisma.provisioningEvent.updateMany({ where: { id: head.id, ...this.claimable(now) }, data: lease });
    if (won.count !== 1) return null;
    const key = keyOf(head);
    const { single, ...row } = head;
    if (single || !head.key) {
      // The key's only event: nothing else to claim, and we know the row we just leased. An event
      // recorded since then waits behind it (its head is this one, active under our lease).
      const event: ProvisioningEvent = { ...row, state: "active", lockedBy: this.workerId, lockedAt: now, attempts: head.attempts + 1, dedupeKey: null };
      return { key, shopId, resourceType: head.resourceType, resourceId: head.resourceId, events: [event], claimedAt: nowMs };
    }
    await this.prisma.provisioningEvent.updateMany({
      where: {
        shopId,
        key,
        id: { not: head.id },
        OR: [{ state: { in: [...OPEN_STATES] } }, { state: "active", lockedAt: { lt: this.staleBefore() } }],
      },
      data: lease,
    });
    const events = await this.prisma.provisioningEvent.findMany({
      where: { shopId, key, state: "active", lockedBy: this.workerId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    if (events.length === 0) return null;
    return { key, shopId, resourceType: head.resourceType, resourceId: head.resourceId, events, claimedAt: nowMs };
  }

  /** Extends the lease; false when we no longer hold it (a stale worker must stop). */
  async heartbeat(group: Group): Promise<boolean> {
    const { count } = await this.prisma.provisioningEvent.updateMany({
      where: { id: { in: group.events.map((event) => event.id) }, state: "active", lockedBy: this.workerId },
      data: { lockedAt: new Date(this.now()) },
    });
    return count > 0;
  }

  private held(ids: string[]): Prisma.ProvisioningEventWhereInput {
    return { id: { in: ids }, state: "active", lockedBy: this.workerId };
  }

  /**
   * Completes the group as one delivery: the newest event carries the outcome, the older ones
   * point at it (coalescedInto). `extra` runs in the same transaction (the ScimUser write).
   * Returns how many events we still held.
   */
  async complete(group: Group, outcome: Outcome, extra: Prisma.PrismaPromise<unknown>[] = []): Promise<number> {
    const now = new Date(this.now());
    const carrier = group.events[group.events.length - 1]!;
    const others = group.events.slice(0, -1).map((event) => event.id);
    const common = {
      state: "completed" satisfies JobState,
      completedAt: now,
      lockedBy: null,
      lockedAt: null,
      lastError: null,
      action: outcome.action,
      customerId: outcome.customerId ?? null,
      warnings: outcome.warnings && outcome.warnings.length > 0 ? (outcome.warnings as Prisma.InputJsonValue) : Prisma.DbNull,
    };
    const statements: Prisma.PrismaPromise<unknown>[] = [
      this.prisma.provisioningEvent.updateMany({ where: this.held([carrier.id]), data: { ...common, outcome: outcome.outcome } }),
    ];
    if (others.length > 0) {
      statements.push(
        this.prisma.provisioningEvent.updateMany({
          where: this.held(others),
          data: { ...common, outcome: `Delivered together with a later change (${carrier.operation}).`, coalescedInto: carrier.id },
        }),
      );
    }
    const results = await this.prisma.$transaction([...statements, ...extra]);
    return (results[0] as { count: number }).count + (others.length > 0 ? (results[1] as { count: number }).count : 0);
  }

  /**
   * A retryable failure: events back to `retry` at `runAt`, those out of attempts to `failed`.
   * `refund` (THROTTLED, parked shop) gives the attempt back: it was not the event's fault.
   */
  async retry(group: Group, error: string, runAt: Date, options: { refund?: boolean; ms?: number } = {}): Promise<{ failed: number }> {
    let failed = 0;
    const at = new Date(this.now()).toISOString();
    for (const event of group.events) {
      const attempts = options.refund ? Math.max(0, event.attempts - 1) : event.attempts;
      const exhausted = !options.refund && attempts >= event.maxAttempts;
      const history = appendHistory(event, { at, worker: this.workerId, error, retryable: true, ...(options.ms !== undefined ? { ms: options.ms } : {}) });
      if (exhausted) {
        failed++;
        await this.prisma.provisioningEvent.updateMany({
          where: this.held([event.id]),
          data: {
            state: "failed" satisfies JobState,
            attempts,
            lockedBy: null,
            lockedAt: null,
            lastError: `Gave up after ${attempts} attempts. Last error: ${error}`,
            outcome: `Failed after ${attempts} attempts: ${error}`,
            history,
          },
        });
      } else {
        await backToWaiting(this.prisma, this.held([event.id]), event, { state: "retry" satisfies JobState, attempts, runAt, lockedBy: null, lockedAt: null, lastError: error, outcome: null, history });
      }
    }
    return { failed };
  }

  /**
   * The shop's Shopify access is gone: park it (Shop.deliveryParkedAt, shown in the admin) and
   * put the group back to wait until `runAt` without using an attempt. Returns when it parked.
   */
  async park(group: Group, reason: string, runAt: Date, ms: number): Promise<Date> {
    const now = new Date(this.now());
    await this.prisma.shop.updateMany({ where: { id: group.shopId }, data: { deliveryParkedAt: now, deliveryParkedReason: reason } });
    await this.retry(group, reason, runAt, { refund: true, ms });
    return now;
  }

  /** A permanent failure with a readable reason; the whole group fails together. */
  async fail(group: Group, reason: string, extra: Prisma.PrismaPromise<unknown>[] = []): Promise<void> {
    const at = new Date(this.now()).toISOString();
    await this.prisma.$transaction([
      ...group.events.map((event) =>
        this.prisma.provisioningEvent.updateMany({
          where: this.held([event.id]),
          data: {
            state: "failed" satisfies JobState,
            lockedBy: null,
            lockedAt: null,
            lastError: reason,
            outcome: `Failed: ${reason}`,
            history: appendHistory(event, { at, worker: this.workerId, error: reason, retryable: false }),
          },
        }),
      ),
      ...extra,
    ]);
  }
}

/**
 * Manual retry (the admin's "Retry" button): failed or cancelled events go back to `retry`, due
 * now, with a fresh set of attempts. Scoped to a shop; by event id, by key, or every failed one.
 */
export async function retryEvents(
  prisma: PrismaClient,
  shopId: string,
  selector: { eventId?: string; key?: string } = {},
  now: Date = new Date(),
): Promise<number> {
  const where: Prisma.ProvisioningEventWhereInput = {
    shopId,
    state: { in: ["failed", "cancelled"] satisfies JobState[] },
    ...(selector.eventId ? { id: selector.eventId } : {}),
    ...(selector.key ? { key: selector.key } : {}),
  };
  const events = await prisma.provisioningEvent.findMany({ where });
  for (const event of events) {
    await backToWaiting(prisma, { id: event.id, state: event.state }, event, {
      state: "retry" satisfies JobState,
      attempts: 0,
      runAt: now,
      lockedBy: null,
      lockedAt: null,
      history: appendHistory(event, { at: now.toISOString(), worker: "admin", note: `manual retry (was ${event.state}: ${event.lastError ?? ""})`.slice(0, 500) }),
    });
  }
  const userIds = [...new Set(events.filter((event) => event.resourceType === "User").map((event) => event.resourceId))];
  if (userIds.length > 0) {
    await prisma.scimUser.updateMany({ where: { shopId, id: { in: userIds }, syncState: "failed" }, data: { syncState: "pending" } });
  }
  return events.length;
}
