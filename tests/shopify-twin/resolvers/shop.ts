import { typeResolvers } from "../graphql/execute";
import { b2bEnabled, PLAN_PROFILES } from "../shops";
import type { ShopState } from "../state";
import { toGid } from "./gid";

export const shopResolvers = typeResolvers<ShopState>({
  id: (shop) => toGid("Shop", shop.record.id),
  name: (shop) => shop.record.name,
  myshopifyDomain: (shop) => shop.record.domain,
  email: (shop) => shop.record.email,
  contactEmail: (shop) => shop.record.email,
  currencyCode: (shop) => shop.record.currencyCode,
  url: (shop) => `https://${shop.record.domain}`,
  createdAt: (shop) => shop.record.createdAt,
  updatedAt: (shop) => shop.record.updatedAt,
  plan: (shop) => {
    const profile = PLAN_PROFILES[shop.record.plan];
    return {
      displayName: profile.displayName,
      publicDisplayName: profile.publicDisplayName,
      shopifyPlus: profile.shopifyPlus,
      partnerDevelopment: shop.record.partnerDevelopment,
    };
  },
  // Only B2B is modelled; markets answer "not implemented by the Shopify twin".
  entitlements: (shop) => ({ b2b: { enabled: b2bEnabled(shop.record) } }),
  // New customer accounts (classic ones were deprecated in 2026); login at checkout is the
  // merchant's setting, seeded through the control API.
  customerAccountsV2: (shop) => ({
    customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
    loginLinksVisibleOnStorefrontAndCheckout: true,
    loginRequiredAtCheckout: shop.record.loginRequiredAtCheckout,
  }),
});
