// The start of every admin loader and action: authenticate the embedded admin request (session
// token → offline session), make sure the shop is recorded as installed, and name who acts: the
// staff member's Shopify user id (`sub` of the session token), for the audit trail.
import type { Shop } from "@prisma/client";
import { authenticate } from "~/shopify.server";
import { ensureShopInstalled } from "~/tenants/shops.server";

export interface AdminContext {
  shop: Shop;
  /** The staff member's Shopify user id, or "unknown" when the session token has none. */
  actor: string;
}

export async function requireAdmin(request: Request): Promise<AdminContext> {
  const context = await authenticate.admin(request);
  const shop = await ensureShopInstalled(context.session.shop);
  const sub = "sessionToken" in context ? context.sessionToken?.sub : undefined;
  return { shop, actor: sub ? String(sub) : "unknown" };
}

/** A 400 JSON answer for an action whose input did not validate. */
export function invalid(message: string, status = 400): Response {
  return Response.json({ error: message }, { status });
}
