import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { issueScimToken } from "~/tenants/scim-tokens.server";
import { ensureShopInstalled, setScimEnabled } from "~/tenants/shops.server";

// SCIM switch and token generation for the admin page (a resource route, so callers get JSON).
export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = await ensureShopInstalled(session.shop);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  switch (intent) {
    case "enable-scim":
    case "disable-scim": {
      const updated = await setScimEnabled(shop.id, intent === "enable-scim");
      return Response.json({ scimEnabled: updated.scimEnabled });
    }
    case "create-token": {
      const label = String(form.get("label") ?? "").slice(0, 100);
      const { token, record } = await issueScimToken(shop.id, { label });
      // The only time the token itself leaves the server: the merchant copies it into the IdP.
      return Response.json({ token, prefix: record.prefix, createdAt: record.createdAt });
    }
    default:
      return Response.json({ error: `Unknown intent '${intent}'` }, { status: 400 });
  }
}
