import type { ActionFunctionArgs } from "@remix-run/node";
import { markShopUninstalled } from "~/tenants/shops.server";
import { receiveWebhook, WEBHOOK_PAYLOADS, webhookLoader } from "~/webhooks.server";

// Shopify may deliver this more than once; marking an uninstalled shop again changes nothing.
export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await receiveWebhook(request, WEBHOOK_PAYLOADS.any);
  await markShopUninstalled(shop);
  return new Response();
}

export const loader = webhookLoader;
