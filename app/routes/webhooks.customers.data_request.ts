import type { ActionFunctionArgs } from "@remix-run/node";
import { recordCustomerDataRequest } from "~/compliance/privacy.server";
import { authenticate } from "~/shopify.server";

// Mandatory compliance webhook. Shopify redelivers; the data request id makes it a no-op then.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, payload, webhookId } = await authenticate.webhook(request);
  const body = payload as { customer?: { id?: number; email?: string }; data_request?: { id?: number } };
  const requestKey = String(body.data_request?.id ?? webhookId);
  await recordCustomerDataRequest(shop, requestKey, body.customer ?? {});
  return new Response();
}
