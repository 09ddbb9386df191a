import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { invalid, requireAdmin } from "~/admin/session.server";
import {
  GRACE_PERIODS,
  GRACE_PERIOD_NAMES,
  TokenActionError,
  issueScimToken,
  revokeScimToken,
  rotateScimToken,
} from "~/tenants/scim-tokens.server";
import { setAllowCustomerCreation, setScimEnabled } from "~/tenants/shops.server";

// The SCIM switch, customer creation and token actions, answered as JSON: used by the Overview and
// Tokens pages (through fetchers) and by scripts/demo.mjs (enable-scim, create-token → {token}).
const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("enable-scim") }),
  z.object({ intent: z.literal("disable-scim") }),
  z.object({ intent: z.literal("set-customer-creation"), value: z.enum(["on", "off"]) }),
  z.object({ intent: z.literal("create-token"), label: z.string().trim().max(100, "Keep the label under 100 characters.").default("") }),
  z.object({ intent: z.literal("rotate-token"), tokenId: z.string().min(1).max(64), grace: z.enum(GRACE_PERIOD_NAMES) }),
  z.object({ intent: z.literal("revoke-token"), tokenId: z.string().min(1).max(64) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor } = await requireAdmin(request);
  if (request.method !== "POST") return invalid("Use POST.", 405);
  const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return invalid(parsed.error.issues[0]?.message ?? "Invalid request.");
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "enable-scim":
      case "disable-scim": {
        const updated = await setScimEnabled(shop.id, input.intent === "enable-scim");
        return Response.json({ scimEnabled: updated.scimEnabled });
      }
      case "set-customer-creation": {
        const updated = await setAllowCustomerCreation(shop.id, input.value === "on");
        return Response.json({ allowCustomerCreation: updated.allowCustomerCreation });
      }
      case "create-token": {
        const { token, record } = await issueScimToken(shop.id, { label: input.label, actor });
        // The only time the token itself leaves the server: the merchant copies it into the IdP.
        return Response.json({ token, prefix: record.prefix, createdAt: record.createdAt });
      }
      case "rotate-token": {
        const { token, record, previous } = await rotateScimToken(shop.id, input.tokenId, input.grace, actor);
        return Response.json({
          token,
          prefix: record.prefix,
          createdAt: record.createdAt,
          previous: { prefix: previous.prefix, expiresAt: previous.expiresAt, revokedAt: previous.revokedAt },
          grace: GRACE_PERIODS[input.grace].label,
        });
      }
      case "revoke-token": {
        const revoked = await revokeScimToken(shop.id, input.tokenId, actor);
        return Response.json({ revoked: { prefix: revoked.prefix, revokedAt: revoked.revokedAt } });
      }
    }
  } catch (error) {
    if (error instanceof TokenActionError) return invalid(error.message, error.status);
    throw error;
  }
}
