import type { ActionFunctionArgs } from "@remix-run/node";
import { handleCustomerUpdated } from "~/sync/drift.server";
import { receiveWebhook, WEBHOOK_PAYLOADS, webhookLoader } from "~/webhooks.server";

// A customer changed in Shopify: if a provisioning mark was removed, a repair is queued.
// Our own writes trigger this too and queue nothing. Idempotent.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, payload } = await receiveWebhook(request, WEBHOOK_PAYLOADS.customer);
  await handleCustomerUpdated(shop, payload);
  return new Response();
}

export const loader = webhookLoader;
