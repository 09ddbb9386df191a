// Called from the afterAuth hook in app/shopify.server.ts: a shop whose delivery was parked for
// lost Shopify access resumes as soon as a new offline token is stored (the one resume path).
// Kept apart from runtime.server.ts so shopify.server.ts does not import the worker (and itself).
import prisma from "~/db.server";
import { resumeParkedShop } from "./outbox.server";

export async function resumeParkedDelivery(shopDomain: string): Promise<void> {
  const shop = await prisma.shop.findUnique({ where: { shopDomain }, select: { id: true, deliveryParkedAt: true } });
  if (!shop?.deliveryParkedAt) return;
  await resumeParkedShop(prisma, shop.id);
  globalThis.provisioningWorker?.nudge();
}
