// What every webhook route (app/routes/webhooks.*, one per shopify.app.toml subscription) does
// before its handler. authenticate.webhook answers a wrong method (405), a bad signature (401)
// and missing headers (400) itself; a correctly signed body that is not JSON, or whose payload
// is not the shape the handler reads, would throw inside the handler and answer 500, which
// Shopify retries for 48 hours. Here it is a 400 instead, and a GET is 405 with Allow.
import { z } from "zod";
import { authenticate } from "./shopify.server";

type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;

/** The webhook, authenticated, with its payload checked against what the handler reads. */
export async function receiveWebhook<T>(request: Request, payload: z.ZodType<T>): Promise<Omit<WebhookContext, "payload"> & { payload: T }> {
  let context: WebhookContext;
  try {
    context = await authenticate.webhook(request);
  } catch (thrown) {
    // The library parses the body after checking its signature, without a guard.
    if (thrown instanceof SyntaxError) throw badRequest("The webhook body is not JSON.");
    throw thrown;
  }
  const parsed = payload.safeParse(context.payload);
  if (!parsed.success) throw badRequest("The webhook payload does not have the shape of its topic.");
  return { ...context, payload: parsed.data };
}

/** GET and HEAD on a webhook URL: Shopify only POSTs. */
export async function webhookLoader(): Promise<Response> {
  return new Response("405 Method Not Allowed: webhooks are POSTed by Shopify.\n", {
    status: 405,
    headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" },
  });
}

function badRequest(detail: string): Response {
  return new Response(`400 Bad Request: ${detail}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

const id = z.union([z.number(), z.string()]);

/** The payload shapes the handlers read: loose objects (Shopify sends more fields), checked types where read. */
export const WEBHOOK_PAYLOADS = {
  any: z.looseObject({}),
  scopesUpdate: z.looseObject({ current: z.array(z.string()).optional() }),
  customer: z.looseObject({ id: id.optional(), admin_graphql_api_id: z.string().optional(), tags: z.string().optional() }),
  privacyRequest: z.looseObject({
    customer: z.looseObject({ id: id.optional(), email: z.string().nullish() }).nullish(),
    data_request: z.looseObject({ id: id.optional() }).nullish(),
  }),
};
