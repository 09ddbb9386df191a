import type { ActionFunctionArgs } from "@remix-run/node";
import { recordCustomerDataRequest } from "~/compliance/privacy.server";
import { receiveWebhook, WEBHOOK_PAYLOADS, webhookLoader } from "~/webhooks.server";

// Mandatory compliance webhook. Shopify redelivers; the data request id makes it a no-op then.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, payload, webhookId } = await receiveWebhook(request, WEBHOOK_PAYLOADS.privacyRequest);
  const requestKey = String(payload.data_request?.id ?? webhookId);
  await recordCustomerDataRequest(shop, requestKey, payload.customer ?? {});
  return new Response();
}

export const loader = webhookLoader;
