// A shop's install state and provisioning settings.
import type { Shop } from "@prisma/client";
import prisma from "~/db.server";
import { forgetScimCredentials } from "./scim-tokens.server";

/** Called after every successful admin authentication: records a first install or a reinstall. */
export async function ensureShopInstalled(shopDomain: string): Promise<Shop> {
  const existing = await prisma.shop.findUnique({ where: { shopDomain } });
  if (existing && !existing.uninstalledAt) return existing;
  const shop = await prisma.shop.upsert({
    where: { shopDomain },
    create: { shopDomain },
    update: { uninstalledAt: null, installedAt: new Date() },
  });
  forgetScimCredentials(shop.id);
  return shop;
}

export async function requireShop(shopDomain: string): Promise<Shop> {
  return prisma.shop.findUniqueOrThrow({ where: { shopDomain } });
}

export async function markShopUninstalled(shopDomain: string): Promise<void> {
  const shop = await prisma.shop.findUnique({ where: { shopDomain } });
  if (!shop) return;
  await prisma.$transaction([
    prisma.shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } }),
    prisma.session.deleteMany({ where: { shop: shopDomain } }),
  ]);
  forgetScimCredentials(shop.id);
}

export async function setScimEnabled(shopId: string, scimEnabled: boolean): Promise<Shop> {
  const shop = await prisma.shop.update({ where: { id: shopId }, data: { scimEnabled } });
  forgetScimCredentials(shop.id);
  return shop;
}

/** "Create new customers for people who don't have an account yet" (off: only link existing ones). */
export async function setAllowCustomerCreation(shopId: string, allowCustomerCreation: boolean): Promise<Shop> {
  return prisma.shop.update({ where: { id: shopId }, data: { allowCustomerCreation } });
}
