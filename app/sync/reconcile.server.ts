// Reconcile one shop: compare the SCIM directory with Shopify and queue a repair for every
// difference (a missing or unmarked customer, a deactivated person whose mark was removed, an
// attribute tag taken off, a person never linked). It runs as a queued job of the shop
// (app/sync/shop-jobs.server.ts), never inside an admin request: a large store takes minutes of
// paced reads. Repairs go through the normal outbox, so they are paced, ordered per person and
// logged like any other change. The summary is kept on the Shop row and in the job's outcome.
import type { Prisma, PrismaClient } from "@prisma/client";
import { CUSTOMER_BY_ID, PROVISIONED_CUSTOMERS, type ProvisionedCustomersResult, type ScimCustomer } from "~/shopify-admin/customer-documents";
import { mapTags, resolveMapping } from "./mapping";
import { enqueueOnce, isWaiting, userKey } from "./outbox.server";
import type { ShopifyCaller } from "./pacing.server";
import { DEACTIVATED_TAG, PROVISIONED_TAG, hasTag } from "./customer-tags";

/** Shopify requests paced by the shop's budget, and the job's lease (app/sync/pacing.server.ts). */
export type PacedShopify = Pick<ShopifyCaller, "paced" | "keepLease">;

/** People checked between lease extensions. */
const LEASE_EVERY = 500;

export interface ReconcileSummary {
  shop: string;
  startedAt: string;
  finishedAt: string;
  users: number;
  inSync: number;
  repairsQueued: number;
  customersMissing: number;
  notLinked: number;
  failed: number;
  /** Customers carrying a SCIM id the directory no longer has (left untouched). */
  orphanCustomers: number;
  shopifyCustomersSeen: number;
  details: string[];
}

const PAGE = 100;
const DETAIL_LIMIT = 50;

/** Why a linked customer does not match its person, or null when it does. */
export function markDrift(customer: ScimCustomer, active: boolean, attributeTags: readonly string[] = []): string | null {
  if (!hasTag(customer, PROVISIONED_TAG)) return `tag "${PROVISIONED_TAG}" missing`;
  const metafieldActive = customer.scimActive?.value;
  if (metafieldActive !== (active ? "true" : "false")) return `$app:scim.active is ${metafieldActive ?? "missing"}, expected ${active}`;
  if (!active && !hasTag(customer, DEACTIVATED_TAG)) return `tag "${DEACTIVATED_TAG}" missing on a deactivated person`;
  const missing = attributeTags.find((tag) => !hasTag(customer, tag));
  if (missing) return `attribute tag "${missing}" missing`;
  return null;
}

/** Queues a repair for a person unless a change of theirs is already waiting. */
export async function queueRepair(prisma: PrismaClient, shopId: string, userId: string, active: boolean, reason: string, operation: "repair" | "reconcile" = "repair"): Promise<boolean> {
  if (await isWaiting(prisma, shopId, userKey(userId))) return false;
  const { queued } = await enqueueOnce(prisma, { shopId, resourceType: "User", resourceId: userId, operation, payload: { changed: [], active, reason } });
  return queued;
}

export async function reconcileShop(shopify: PacedShopify, prisma: PrismaClient, shopDomain: string): Promise<ReconcileSummary> {
  const shop = await prisma.shop.findUniqueOrThrow({ where: { shopDomain } });
  const mapping = resolveMapping(shop.attributeMapping);
  const withTags = mapping.tags.length > 0;
  const startedAt = new Date();
  const summary: ReconcileSummary = {
    shop: shopDomain,
    startedAt: startedAt.toISOString(),
    finishedAt: "",
    users: 0,
    inSync: 0,
    repairsQueued: 0,
    customersMissing: 0,
    notLinked: 0,
    failed: 0,
    orphanCustomers: 0,
    shopifyCustomersSeen: 0,
    details: [],
  };
  const note = (text: string) => {
    if (summary.details.length < DETAIL_LIMIT) summary.details.push(text);
  };

  const byId = new Map<string, ScimCustomer>();
  let after: string | null = null;
  do {
    const page: ProvisionedCustomersResult = await shopify.paced(PROVISIONED_CUSTOMERS, { first: PAGE, after, query: `tag:${PROVISIONED_TAG}` }, 2 + PAGE * 4);
    for (const customer of page.customers.nodes) byId.set(customer.id, customer);
    after = page.customers.pageInfo.hasNextPage ? page.customers.pageInfo.endCursor : null;
  } while (after);
  summary.shopifyCustomersSeen = byId.size;

  const users = await prisma.scimUser.findMany({
    where: { shopId: shop.id },
    select: { id: true, userName: true, active: true, customerId: true, syncState: true, attributes: withTags },
  });
  summary.users = users.length;
  const directoryIds = new Set(users.map((user) => user.id));
  for (const [index, user] of users.entries()) {
    if (index % LEASE_EVERY === LEASE_EVERY - 1) await shopify.keepLease();
    if (user.syncState === "failed") {
      summary.failed++;
      continue;
    }
    if (!user.customerId || user.syncState === "unlinked") {
      if (user.active) {
        summary.notLinked++;
        if (await queueRepair(prisma, shop.id, user.id, user.active, "reconcile: not linked", "reconcile")) summary.repairsQueued++;
        note(`${user.userName}: not linked to a customer; repair queued`);
      } else {
        summary.inSync++;
      }
      continue;
    }
    let customer = byId.get(user.customerId);
    if (!customer) {
      // Not tagged (someone removed the tag) or gone: ask for it by id.
      const { customer: found } = await shopify.paced<{ customer: ScimCustomer | null }>(CUSTOMER_BY_ID, { id: user.customerId }, 5);
      if (!found) {
        summary.customersMissing++;
        await prisma.scimUser.updateMany({
          where: { id: user.id, shopId: shop.id },
          data: { syncState: "unlinked", lastError: `The linked customer ${user.customerId} no longer exists in Shopify (found by reconcile).` },
        });
        if (shop.deletedCustomerPolicy === "recreate" && user.active) {
          if (await queueRepair(prisma, shop.id, user.id, user.active, "reconcile: customer deleted in Shopify", "reconcile")) summary.repairsQueued++;
        }
        note(`${user.userName}: customer ${user.customerId} was deleted in Shopify`);
        continue;
      }
      customer = found;
    }
    const drift = markDrift(customer, user.active, withTags ? mapTags(user.attributes as Record<string, never>, mapping).tags : []);
    if (drift) {
      if (await queueRepair(prisma, shop.id, user.id, user.active, `reconcile: ${drift}`, "reconcile")) summary.repairsQueued++;
      note(`${user.userName}: ${drift}; repair queued`);
    } else {
      summary.inSync++;
    }
  }
  for (const customer of byId.values()) {
    const scimId = customer.scimId?.value;
    if (scimId && !directoryIds.has(scimId)) summary.orphanCustomers++;
  }
  summary.finishedAt = new Date().toISOString();
  await prisma.shop.update({
    where: { id: shop.id },
    data: { lastReconciledAt: new Date(summary.finishedAt), lastReconcileSummary: summary as unknown as Prisma.InputJsonObject },
  });
  return summary;
}
