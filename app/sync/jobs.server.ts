// The provisioning outbox on Prisma: claim a key's pending events under a lease, complete, retry
// or fail them, as the lease holder only. Works the same on SQLite and PostgreSQL: every state
// change is a conditional updateMany (compare-and-set on state/lockedBy/lockedAt), never a lock.
//
// Words as in STYLE.md: state created|retry|active|completed|cancelled|failed, attempts,
// maxAttempts, runAt, lockedBy, lockedAt, lastError, key.
//
// Per-key ordering: a key (e.g. "User:<scim id>") is claimable only through its head, the oldest
// unfinished event, and only when that head is due and not held under a live lease. The winner
// of the head then claims every other unfinished event of the key, and the handler delivers the
// person's CURRENT state once for all of them (coalescing); they complete together.
import { Prisma, type PrismaClient, type ProvisioningEvent } from "@prisma/client";

export const OPEN_STATES = ["created", "retry"] as const;
/** User operations after which the whole person is written again (new, repaired, or a new mapping). */
export const FULL_DELIVERY_OPERATIONS: ReadonlySet<string> = new Set(["create", "repair", "reconcile", "remap"]);
const UNFINISHED_STATES = ["created", "retry", "active"];
const HISTORY_LIMIT = 20;

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
  action: string;
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

function keyOf(event: Pick<ProvisioningEvent, "key" | "resourceType" | "resourceId">): string {
  return event.key ?? `${event.resourceType}:${event.resourceId}`;
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
      where: { shopId, OR: [{ key: { in: keys }, state: { in: UNFINISHED_STATES } }, { id: { in: keyless } }] },
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
    const lease = { state: "active", lockedBy: this.workerId, lockedAt: now, attempts: { increment: 1 } };
    const won = await this.prisma.provisioningEvent.updateMany({ where: { id: head.id, ...this.claimable(now) }, data: lease });
    if (won.count !== 1) return null;
    const key = keyOf(head);
    const { single, ...row } = head;
    if (single || !head.key) {
      // The key's only event: nothing else to claim, and we know the row we just leased. An event
      // recorded since then waits behind it (its head is this one, active under our lease).
      const event: ProvisioningEvent = { ...row, state: "active", lockedBy: this.workerId, lockedAt: now, attempts: head.attempts + 1 };
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
      state: "completed",
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
      if (exhausted) failed++;
      await this.prisma.provisioningEvent.updateMany({
        where: this.held([event.id]),
        data: {
          state: exhausted ? "failed" : "retry",
          attempts,
          runAt: exhausted ? event.runAt : runAt,
          lockedBy: null,
          lockedAt: null,
          lastError: exhausted ? `Gave up after ${attempts} attempts. Last error: ${error}` : error,
          outcome: exhausted ? `Failed after ${attempts} attempts: ${error}` : null,
          history: appendHistory(event, { at, worker: this.workerId, error, retryable: true, ...(options.ms !== undefined ? { ms: options.ms } : {}) }),
        },
      });
    }
    return { failed };
  }

  /** A permanent failure with a readable reason; the whole group fails together. */
  async fail(group: Group, reason: string, extra: Prisma.PrismaPromise<unknown>[] = []): Promise<void> {
    const at = new Date(this.now()).toISOString();
    await this.prisma.$transaction([
      ...group.events.map((event) =>
        this.prisma.provisioningEvent.updateMany({
          where: this.held([event.id]),
          data: {
            state: "failed",
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
    state: { in: ["failed", "cancelled"] },
    ...(selector.eventId ? { id: selector.eventId } : {}),
    ...(selector.key ? { key: selector.key } : {}),
  };
  const events = await prisma.provisioningEvent.findMany({ where });
  for (const event of events) {
    await prisma.provisioningEvent.updateMany({
      where: { id: event.id, state: event.state },
      data: {
        state: "retry",
        attempts: 0,
        runAt: now,
        lockedBy: null,
        lockedAt: null,
        history: appendHistory(event, { at: now.toISOString(), worker: "admin", note: `manual retry (was ${event.state}: ${event.lastError ?? ""})`.slice(0, 500) }),
      },
    });
  }
  const userIds = [...new Set(events.filter((event) => event.resourceType === "User").map((event) => event.resourceId))];
  if (userIds.length > 0) {
    await prisma.scimUser.updateMany({ where: { shopId, id: { in: userIds }, syncState: "failed" }, data: { syncState: "pending" } });
  }
  return events.length;
}
