import type { ActionFunctionArgs } from "@remix-run/node";
import { redactCustomer } from "~/compliance/privacy.server";
import { authenticate } from "~/shopify.server";

// Mandatory compliance webhook: erase the customer's personal data the app holds. Idempotent.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, payload, webhookId } = await authenticate.webhook(request);
  const body = payload as { customer?: { id?: number; email?: string } };
  const requestKey = body.customer?.id !== undefined ? String(body.customer.id) : webhookId;
  await redactCustomer(shop, requestKey, body.customer ?? {});
  return new Response();
}
