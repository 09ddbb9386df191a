import { DEFAULT_B2B_LIMITS, emptyB2B, type B2BLimits } from "./b2b-state";
import { isoSeconds, type Clock } from "./clock";
import { ShopState, type Plan, type ShopRecord, type TwinState } from "./state";

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

/** The Admin API restore rate the shop gets: the plan's, unless a test set another (control API). */
export function restoreRateOf(record: Pick<ShopRecord, "plan" | "restoreRate">): number {
  return record.restoreRate ?? PLAN_PROFILES[record.plan].restoreRate;
}

/**
 * Shop.entitlements.b2b.enabled: "Only stores on the Shopify Plus plan can use apps with B2B
 * features" (shopify.dev Apps and B2B); partners' development stores have B2B to build with.
 */
export function b2bEnabled(record: Pick<ShopRecord, "plan" | "partnerDevelopment">): boolean {
  return PLAN_PROFILES[record.plan].shopifyPlus || record.partnerDevelopment;
}

export interface ShopChanges {
  plan?: Plan;
  name?: string;
  email?: string;
  loginRequiredAtCheckout?: boolean;
  partnerDevelopment?: boolean;
  /** null: back to the plan's. */
  restoreRate?: number | null;
  b2bLimits?: Partial<B2BLimits>;
  defaultPlan: Plan;
}

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
  changes: ShopChanges,
): ShopState {
  const now = isoSeconds(clock.now());
  const existing = state.shops.get(domain);
  if (existing) {
    const record = existing.record;
    if (changes.plan) record.plan = changes.plan;
    if (changes.name) record.name = changes.name;
    if (changes.email) record.email = changes.email;
    if (changes.loginRequiredAtCheckout !== undefined) record.loginRequiredAtCheckout = changes.loginRequiredAtCheckout;
    if (changes.partnerDevelopment !== undefined) record.partnerDevelopment = changes.partnerDevelopment;
    if (changes.restoreRate !== undefined) record.restoreRate = changes.restoreRate;
    if (changes.b2bLimits) record.b2bLimits = { ...record.b2bLimits, ...changes.b2bLimits };
    record.updatedAt = now;
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
      loginRequiredAtCheckout: changes.loginRequiredAtCheckout ?? false,
      partnerDevelopment: changes.partnerDevelopment ?? false,
      restoreRate: changes.restoreRate ?? null,
      b2bLimits: { ...DEFAULT_B2B_LIMITS, ...changes.b2bLimits },
    },
    [],
    emptyB2B(),
  );
  state.shops.set(domain, shop);
  state.changed();
  return shop;
}
