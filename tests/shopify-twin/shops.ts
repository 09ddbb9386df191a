import { isoSeconds, type Clock } from "./clock";
import { ShopState, type Plan, type TwinState } from "./state";

export interface PlanProfile {
  /** GraphQL Admin API leaky-bucket restore rate, points per second (shopify.dev rate limits page). */
  restoreRate: number;
  publicDisplayName: string;
  displayName: string;
  shopifyPlus: boolean;
}

export const PLAN_PROFILES: Record<Plan, PlanProfile> = {
  standard: { restoreRate: 100, publicDisplayName: "Basic", displayName: "Basic", shopifyPlus: false },
  advanced: { restoreRate: 200, publicDisplayName: "Advanced", displayName: "Advanced", shopifyPlus: false },
  plus: { restoreRate: 1000, publicDisplayName: "Plus", displayName: "Shopify Plus", shopifyPlus: true },
  // Commerce Components ("Enterprise") shops report as Plus in ShopPlan.
  enterprise: { restoreRate: 2000, publicDisplayName: "Plus", displayName: "Shopify Plus", shopifyPlus: true },
};

/** "acme-outdoor-gear.myshopify.com" → "Acme Outdoor Gear". */
export function shopNameFromDomain(domain: string): string {
  const handle = domain.replace(/\.myshopify\.com$/, "");
  return handle
    .split("-")
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

export function upsertShop(
  state: TwinState,
  clock: Clock,
  domain: string,
  changes: { plan?: Plan; name?: string; email?: string; defaultPlan: Plan },
): ShopState {
  const now = isoSeconds(clock.now());
  const existing = state.shops.get(domain);
  if (existing) {
    if (changes.plan) existing.record.plan = changes.plan;
    if (changes.name) existing.record.name = changes.name;
    if (changes.email) existing.record.email = changes.email;
    existing.record.updatedAt = now;
    state.changed();
    return existing;
  }
  const shop = new ShopState(
    {
      id: state.nextId("shop"),
      domain,
      name: changes.name ?? shopNameFromDomain(domain),
      email: changes.email ?? `owner@${domain}`,
      plan: changes.plan ?? changes.defaultPlan,
      currencyCode: "USD",
      createdAt: now,
      updatedAt: now,
      metafieldDefinitions: [],
      erasureRequests: [],
      validations: [],
      grantedOptionalScopes: [],
      loginRequiredAtCheckout: false,
    },
    [],
  );
  state.shops.set(domain, shop);
  state.changed();
  return shop;
}
