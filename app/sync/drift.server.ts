// Drift: Shopify changed a provisioned customer behind the engine's back (customers/update and
// customers/delete webhooks). Deletion unlinks the person (re-created on their next change or
// reported, per Shop.deletedCustomerPolicy); a removed mark queues a repair. Idempotent: Shopify
// may deliver a webhook more than once, and our own writes trigger customers/update too (they
// leave the marks right, so they queue nothing).
import prisma from "~/db.server";
import { queueRepair } from "./reconcile.server";
import { DEACTIVATED_TAG, PROVISIONED_TAG } from "./customer-tags";

interface CustomerWebhookPayload {
  id?: number | string;
  admin_graphql_api_id?: string;
  tags?: string;
}

function customerGid(payload: CustomerWebhookPayload): string | null {
  if (typeof payload.admin_graphql_api_id === "string" && payload.admin_graphql_api_id.startsWith("gid://shopify/Customer/")) return payload.admin_graphql_api_id;
  if (payload.id !== undefined && /^\d+$/.test(String(payload.id))) return `gid://shopify/Customer/${payload.id}`;
  return null;
}

export async function handleCustomerDeleted(shopDomain: string, payload: CustomerWebhookPayload): Promise<number> {
  const gid = customerGid(payload);
  const shop = await prisma.shop.findUnique({ where: { shopDomain } });
  if (!gid || !shop) return 0;
  const next = shop.deletedCustomerPolicy === "report" ? "it is not re-created (setting: report)" : "it will be re-created on the person's next change";
  const { count } = await prisma.scimUser.updateMany({
    where: { shopId: shop.id, customerId: gid },
    data: { syncState: "unlinked", lastError: `The linked customer ${gid} was deleted in Shopify; ${next}.` },
  });
  return count;
}

export async function handleCustomerUpdated(shopDomain: string, payload: CustomerWebhookPayload): Promise<boolean> {
  const gid = customerGid(payload);
  const shop = await prisma.shop.findUnique({ where: { shopDomain } });
  if (!gid || !shop || typeof payload.tags !== "string") return false;
  const user = await prisma.scimUser.findFirst({ where: { shopId: shop.id, customerId: gid, syncState: "synced" }, select: { id: true, active: true } });
  if (!user) return false;
  const tags = payload.tags.split(",").map((tag) => tag.trim().toLowerCase());
  let reason: string | null = null;
  if (!tags.includes(PROVISIONED_TAG)) reason = `tag "${PROVISIONED_TAG}" was removed in Shopify`;
  else if (!user.active && !tags.includes(DEACTIVATED_TAG)) reason = `tag "${DEACTIVATED_TAG}" was removed from a deactivated person in Shopify`;
  // A deactivated tag added by hand to an active person is the merchant's call (ADR 0003): kept.
  if (!reason) return false;
  return queueRepair(prisma, shop.id, user.id, user.active, `drift: ${reason}`);
}
