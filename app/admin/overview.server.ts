// Health at a glance for the Overview page: people provisioned, active and deactivated, events and
// failures in the last 24 hours, the last event, and provisioning activity per day. Every count
// is an index range scan ([shopId, createdAt] for events, [shopId, …] for people).
import prisma from "~/db.server";

const DAY_MS = 24 * 60 * 60_000;
export const CHART_DAYS = 14;

export interface DayActivity {
  /** YYYY-MM-DD (UTC). */
  day: string;
  delivered: number;
  failed: number;
  /** Queued, retrying or cancelled. */
  other: number;
}

export interface Health {
  people: { total: number; active: number; deactivated: number; linked: number; failed: number };
  last24h: { events: number; failed: number };
  lastEventAt: string | null;
  days: DayActivity[];
  lastReconciledAt: string | null;
}

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export async function getHealth(shopId: string, now = Date.now()): Promise<Health> {
  const dayAgo = new Date(now - DAY_MS);
  const [total, active, linked, failedPeople, events24h, failed24h, lastEvent, shop] = await Promise.all([
    prisma.scimUser.count({ where: { shopId } }),
    prisma.scimUser.count({ where: { shopId, active: true } }),
    prisma.scimUser.count({ where: { shopId, customerId: { not: null } } }),
    prisma.scimUser.count({ where: { shopId, syncState: "failed" } }),
    prisma.provisioningEvent.count({ where: { shopId, createdAt: { gte: dayAgo } } }),
    prisma.provisioningEvent.count({ where: { shopId, createdAt: { gte: dayAgo }, state: "failed" } }),
    prisma.provisioningEvent.findFirst({ where: { shopId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { createdAt: true } }),
    prisma.shop.findUnique({ where: { id: shopId }, select: { lastReconciledAt: true } }),
  ]);

  const firstDay = startOfUtcDay(now) - (CHART_DAYS - 1) * DAY_MS;
  const days: DayActivity[] = [];
  for (let i = 0; i < CHART_DAYS; i++) {
    const from = new Date(firstDay + i * DAY_MS);
    const to = new Date(firstDay + (i + 1) * DAY_MS);
    const byState = await prisma.provisioningEvent.groupBy({
      by: ["state"],
      where: { shopId, createdAt: { gte: from, lt: to } },
      _count: { _all: true },
    });
    const count = (state: string) => byState.find((row) => row.state === state)?._count._all ?? 0;
    const all = byState.reduce((sum, row) => sum + row._count._all, 0);
    days.push({ day: from.toISOString().slice(0, 10), delivered: count("completed"), failed: count("failed"), other: all - count("completed") - count("failed") });
  }

  return {
    people: { total, active, deactivated: total - active, linked, failed: failedPeople },
    last24h: { events: events24h, failed: failed24h },
    lastEventAt: lastEvent?.createdAt.toISOString() ?? null,
    days,
    lastReconciledAt: shop?.lastReconciledAt?.toISOString() ?? null,
  };
}
