import type { ActionFunctionArgs } from "@remix-run/node";
import { redactCustomer } from "~/compliance/privacy.server";
import { receiveWebhook, WEBHOOK_PAYLOADS, webhookLoader } from "~/webhooks.server";

// Mandatory compliance webhook: erase the customer's personal data the app holds. Idempotent.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, payload, webhookId } = await receiveWebhook(request, WEBHOOK_PAYLOADS.privacyRequest);
  const requestKey = payload.customer?.id !== undefined ? String(payload.customer.id) : webhookId;
  await redactCustomer(shop, requestKey, payload.customer ?? {});
  return new Response();
}

export const loader = webhookLoader;
