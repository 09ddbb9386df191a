// Called from the afterAuth hook in app/shopify.server.ts: a shop whose delivery was parked for
// lost Shopify access resumes as soon as a new offline token is stored. Kept apart from
// runtime.server.ts so shopify.server.ts does not import the worker (and itself) at load.
import prisma from "~/db.server";
import { resumeShopDelivery } from "./worker.server";

export async function resumeParkedDelivery(shopDomain: string): Promise<void> {
  const shop = await prisma.shop.findUnique({ where: { shopDomain }, select: { id: true, deliveryParkedAt: true } });
  if (!shop?.deliveryParkedAt) return;
  await resumeShopDelivery(prisma, shop.id);
  globalThis.provisioningWorker?.nudge();
}
