import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { handleCustomerUpdated } from "~/sync/drift.server";

// A customer changed in Shopify: if a provisioning mark was removed, a repair is queued.
// Our own writes trigger this too and queue nothing. Idempotent.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, payload } = await authenticate.webhook(request);
  await handleCustomerUpdated(shop, payload as Record<string, never>);
  return new Response();
}
