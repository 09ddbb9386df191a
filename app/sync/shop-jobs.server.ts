// Jobs about a whole shop, queued in the same outbox as people's changes (key "Shop:<shop id>",
// resourceType "Shop"), so they get what deliveries get: a lease that survives a crash, retries
// with backoff, pacing by the shop's budget, and a line in the sync log with its outcome.
//
//   reconcile  compare the directory with Shopify and queue repairs (reconcile.server.ts); from
//              the admin's "Reconcile now" and once a day per shop (queueDueReconciles).
//   remap      the attribute mapping changed: queue every linked person for a full re-delivery,
//              so customers already in sync get the new mapping (fields, metafields and tags).
//
// One key per shop: a second request while one is waiting coalesces into it (one run does both).
import type { PrismaClient } from "@prisma/client";
import { SHOP_JOBS, enqueueMany, enqueueOnce, shopKey, unfinishedJob, type DeliveryAction, type ShopJob } from "./outbox.server";
import { reconcileShop } from "./reconcile.server";
import type { DeliveryResult, HandlerEntry } from "./worker.server";

export { SHOP_JOBS, type ShopJob };

/** People queued per statement by a remap. */
const REMAP_BATCH = 500;

/**
 * Queues a job unless the same job is already waiting (not yet started) for the shop. Returns
 * the waiting or new event's id, and whether this call queued it.
 */
export async function queueShopJob(prisma: PrismaClient, shopId: string, job: ShopJob, requestedBy: string): Promise<{ eventId: string; queued: boolean }> {
  return enqueueOnce(prisma, { shopId, resourceType: "Shop", resourceId: shopId, operation: job, payload: { requestedBy } });
}

/** The shop's job that is waiting or running, if any (the admin shows it). */
export async function pendingShopJob(prisma: PrismaClient, shopId: string, job: ShopJob) {
  return unfinishedJob(prisma, shopId, shopKey(shopId), job);
}

/**
 * Queues a full re-delivery ("remap") of every person with a customer, in batches. People who
 * already have a change waiting get one more event on their key; the engine delivers both at once.
 */
export async function queueRemap(prisma: PrismaClient, shopId: string): Promise<number> {
  let after = "";
  let queued = 0;
  for (;;) {
    const people = await prisma.scimUser.findMany({
      where: { shopId, customerId: { not: null }, syncState: { not: "unlinked" }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: REMAP_BATCH,
      select: { id: true, active: true },
    });
    if (people.length === 0) return queued;
    await enqueueMany(
      prisma,
      people.map((person) => ({
        shopId,
        resourceType: "User" as const,
        resourceId: person.id,
        operation: "remap" as const,
        payload: { changed: [], active: person.active, reason: "attribute mapping changed" },
      })),
    );
    queued += people.length;
    after = people[people.length - 1]!.id;
  }
}

/**
 * Queues a reconcile for every shop that has people and has not been reconciled for `intervalMs`
 * (the daily check that finds what webhooks missed). Returns how many it queued.
 */
export async function queueDueReconciles(prisma: PrismaClient, intervalMs: number, now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - intervalMs);
  const shops = await prisma.shop.findMany({
    where: {
      scimEnabled: true,
      uninstalledAt: null,
      OR: [{ lastReconciledAt: null }, { lastReconciledAt: { lt: before } }],
      scimUsers: { some: {} },
    },
    select: { id: true },
  });
  let queued = 0;
  for (const shop of shops) if ((await queueShopJob(prisma, shop.id, "reconcile", "schedule")).queued) queued++;
  return queued;
}

export const shopHandler: HandlerEntry = {
  initialCost: 10,
  deliver: async (context): Promise<DeliveryResult> => {
    const jobs = new Set(context.group.events.map((event) => event.operation));
    const sentences: string[] = [];
    let action: DeliveryAction = "skipped";
    if (jobs.has("remap")) {
      const count = await queueRemap(context.prisma, context.shop.id);
      sentences.push(`Queued ${count} ${count === 1 ? "person" : "people"} to get the new attribute mapping.`);
      action = "remapped";
    }
    if (jobs.has("reconcile")) {
      const summary = await reconcileShop(context.shopify, context.prisma, context.shop.shopDomain);
      const problems = summary.repairsQueued === 0 ? "all in sync" : `${summary.repairsQueued} repair${summary.repairsQueued === 1 ? "" : "s"} queued`;
      sentences.push(
        `Compared ${summary.users} ${summary.users === 1 ? "person" : "people"} with ${summary.shopifyCustomersSeen} provisioned Shopify customers: ${problems}` +
          `${summary.customersMissing ? `; ${summary.customersMissing} deleted in Shopify` : ""}${summary.notLinked ? `; ${summary.notLinked} not linked` : ""}` +
          `${summary.failed ? `; ${summary.failed} failed (retry them from the log)` : ""}.`,
      );
      action = "reconciled";
    }
    const unknown = [...jobs].filter((job) => !(SHOP_JOBS as readonly string[]).includes(job));
    if (unknown.length > 0) sentences.push(`Ignored unknown job(s): ${unknown.join(", ")}.`);
    return { action, customerId: null, outcome: sentences.join(" ") || "Nothing to do." };
  },
};
