// The app's access scopes in a shop: what it asks for and why (shown in the admin), what Shopify
// says is granted, and the copy of that on the offline session that the provisioning engine
// checks before it uses an optional scope. Scopes grow only with the features that need them;
// `write_customer_data_erasure` is optional (shopify.app.toml `optional_scopes`) and requested at
// runtime with App Bridge's `shopify.scopes.request` when the merchant wants the erasure policy.
import type { PrismaClient } from "@prisma/client";
import { AuthScopes } from "@shopify/shopify-api";
import type { ShopAdmin } from "./checkout-validation.server";
import { ERASURE_SCOPE, SCOPE_REASONS } from "./protection";

export { ERASURE_SCOPE, SCOPE_REASONS };



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
