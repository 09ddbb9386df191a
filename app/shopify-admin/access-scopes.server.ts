// The app's access scopes in a shop: what it asks for and why (shown in the admin), what Shopify
// says is granted, and the copy of that on the offline session that the provisioning engine
// checks before it uses an optional scope. Scopes grow only with the features that need them;
// `write_customer_data_erasure` is optional (shopify.app.toml `optional_scopes`) and requested at
// runtime with App Bridge's `shopify.scopes.request` when the merchant wants the erasure policy.
import type { PrismaClient } from "@prisma/client";
import { AuthScopes } from "@shopify/shopify-api";
import type { ShopAdmin } from "./checkout-validation.server";

export const ERASURE_SCOPE = "write_customer_data_erasure";

/** Why the app asks for each scope, in the merchant's words. */
export const SCOPE_REASONS: Record<string, { title: string; why: string }> = {
  read_customers: {
    title: "View customers",
    why: "Find the customer who already exists for a person your identity provider sends, so nobody gets a second account.",
  },
  write_customers: {
    title: "Manage customers",
    why: "Create and update customers for the people your identity provider manages, and mark the ones it deactivates (a tag and an app-owned field).",
  },
  write_validations: {
    title: "Manage checkout rules",
    why: "Turn on the app's checkout rule, which stops a deactivated person from checking out, and store your message for it.",
  },
  [ERASURE_SCOPE]: {
    title: "Request customer data erasure",
    why: "Only for the SCIM DELETE policy \"Mark and request erasure\": asks Shopify to erase a deleted person's personal data. Not needed otherwise, so the app asks for it only when you want it.",
  },
};

export const ACCESS_SCOPES_QUERY = `#graphql
  query ScimAccessScopes {
    app {
      requestedAccessScopes { handle }
      optionalAccessScopes { handle }
      installation { accessScopes { handle } }
    }
  }
`;

export const ACCESS_SCOPE_DOCUMENTS = { ACCESS_SCOPES_QUERY };

interface AccessScopesResult {
  app: {
    requestedAccessScopes: Array<{ handle: string }>;
    optionalAccessScopes: Array<{ handle: string }>;
    installation: { accessScopes: Array<{ handle: string }> } | null;
  };
}

export interface ScopesDetail {
  granted: string[];
  required: string[];
  optional: string[];
}

/** What Shopify says: the scopes the app declares (required, optional) and those granted here. */
export async function readAccessScopes(admin: ShopAdmin): Promise<ScopesDetail> {
  const { app } = await admin.request<AccessScopesResult>(ACCESS_SCOPES_QUERY);
  const handles = (list: Array<{ handle: string }>) => list.map((scope) => scope.handle);
  return { granted: handles(app.installation?.accessScopes ?? []), required: handles(app.requestedAccessScopes), optional: handles(app.optionalAccessScopes) };
}

/** Whether a scope list (comma separated, as on a session) includes `scope`, write implying read. */
export function scopeListIncludes(scopeList: string | null | undefined, scope: string): boolean {
  return new AuthScopes(scopeList ?? "").has(scope);
}

/** The scopes on the shop's stored offline session ("" when there is none). */
export async function sessionScopes(prisma: PrismaClient, shopDomain: string): Promise<string> {
  const session = await prisma.session.findFirst({ where: { shop: shopDomain, isOnline: false }, select: { scope: true } });
  return session?.scope ?? "";
}

/**
 * Copies the granted scopes onto the stored offline session, as the app/scopes_update webhook
 * does. Called after a grant or revocation in the admin, so the engine sees it without waiting for
 * the webhook. Returns whether anything changed.
 */
export async function syncSessionScopes(prisma: PrismaClient, shopDomain: string, granted: string[]): Promise<boolean> {
  const scope = granted.join(",");
  const { count } = await prisma.session.updateMany({ where: { shop: shopDomain, isOnline: false, NOT: { scope } }, data: { scope } });
  return count > 0;
}
