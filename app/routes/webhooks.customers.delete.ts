import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { handleCustomerDeleted } from "~/sync/drift.server";

// A customer was deleted in Shopify: a person linked to it becomes "unlinked" (re-created on
// their next change, or reported, per the shop's setting). Idempotent.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, payload } = await authenticate.webhook(request);
  await handleCustomerDeleted(shop, payload as Record<string, never>);
  return new Response();
}
