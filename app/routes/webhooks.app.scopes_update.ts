import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { receiveWebhook, WEBHOOK_PAYLOADS, webhookLoader } from "~/webhooks.server";

// Keeps the stored offline session's scopes in step with what the merchant granted.
export async function action({ request }: ActionFunctionArgs) {
  const { payload, session } = await receiveWebhook(request, WEBHOOK_PAYLOADS.scopesUpdate);
  if (session && payload.current) {
    await prisma.session.update({ where: { id: session.id }, data: { scope: payload.current.join(",") } });
  }
  return new Response();
}

export const loader = webhookLoader;
