// What the Shopify admin does for an embedded app: a session token (id_token) is an HS256 JWT
// signed with the app's client secret. Used by the demo and the tests to open the app as the
// admin would; the app verifies it with the real library code.
import { SignJWT } from "jose";
import { randomUUID } from "node:crypto";

export function hostParam(shop) {
  const store = shop.replace(/\.myshopify\.com$/, "");
  return Buffer.from(`admin.shopify.com/store/${store}`).toString("base64url");
}

export async function mintSessionToken({ shop, apiKey, apiSecret, userId = "1", lifetimeSeconds = 60 }) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(apiKey)
    .setSubject(userId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(apiSecret));
}

export function adminUrl(appUrl, shop, idToken) {
  const url = new URL("/app", appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", hostParam(shop));
  url.searchParams.set("id_token", idToken);
  return url.href;
}

// shopify-app-remix answers bots with 410 Gone on admin routes; present a browser.
export const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
