import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";

// Keeps the stored offline session's scopes in step with what the merchant granted.
export async function action({ request }: ActionFunctionArgs) {
  const { payload, session } = await authenticate.webhook(request);
  const current = (payload as { current?: unknown }).current;
  if (session && Array.isArray(current)) {
    await prisma.session.update({ where: { id: session.id }, data: { scope: current.map(String).join(",") } });
  }
  return new Response();
}
