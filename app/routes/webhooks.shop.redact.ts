import type { ActionFunctionArgs } from "@remix-run/node";
import { redactShop } from "~/compliance/privacy.server";
import { authenticate } from "~/shopify.server";

// Mandatory compliance webhook, sent 48 hours after uninstall: erase everything for the shop.
export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await authenticate.webhook(request);
  await redactShop(shop);
  return new Response();
}
