import type { ActionFunctionArgs } from "@remix-run/node";
import { handleCustomerDeleted } from "~/sync/drift.server";
import { receiveWebhook, WEBHOOK_PAYLOADS, webhookLoader } from "~/webhooks.server";

// A customer was deleted in Shopify: a person linked to it becomes "unlinked" (re-created on
// their next change, or reported, per the shop's setting). Idempotent.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, payload } = await receiveWebhook(request, WEBHOOK_PAYLOADS.customer);
  await handleCustomerDeleted(shop, payload);
  return new Response();
}

export const loader = webhookLoader;
