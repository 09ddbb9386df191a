// A webhook request as Shopify delivers it: JSON body, topic and shop headers, and the
// base64 HMAC-SHA256 of the body signed with the app's secret (pass another secret to forge one).
import { createHmac, randomUUID } from "node:crypto";

export function signedWebhook(topic: string, shopDomain: string, payload: unknown, secret = process.env.SHOPIFY_API_SECRET!): Request {
  const body = JSON.stringify(payload);
  return new Request(`${process.env.SHOPIFY_APP_URL}/webhooks/${topic}`, { method: "POST", body, headers: webhookHeaders(topic, shopDomain, body, secret) });
}

/** The headers Shopify sends with a webhook whose body is `body`, signed with `secret`. */
export function webhookHeaders(topic: string, shopDomain: string, body: string, secret = process.env.SHOPIFY_API_SECRET!): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": shopDomain,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("base64"),
  };
}
