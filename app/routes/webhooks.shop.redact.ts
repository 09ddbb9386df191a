import type { ActionFunctionArgs } from "@remix-run/node";
import { redactShop } from "~/compliance/privacy.server";
import { receiveWebhook, WEBHOOK_PAYLOADS, webhookLoader } from "~/webhooks.server";

// Mandatory compliance webhook, sent 48 hours after uninstall: erase everything for the shop.
export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await receiveWebhook(request, WEBHOOK_PAYLOADS.any);
  await redactShop(shop);
  return new Response();
}

export const loader = webhookLoader;
