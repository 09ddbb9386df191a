import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { markShopUninstalled } from "~/tenants/shops.server";

// Shopify may deliver this more than once; marking an uninstalled shop again changes nothing.
export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await authenticate.webhook(request);
  await markShopUninstalled(shop);
  return new Response();
}
