import { createHmac, timingSafeEqual } from "node:crypto";

// App Bridge session tokens (id_token): HS256 JWTs signed with the app's API secret.
// Same checks as @shopify/shopify-api's decodeSessionToken plus Shopify's server-side
// iss/dest consistency check.

const CLOCK_TOLERANCE_SECONDS = 10;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string | string[];
  sub?: string;
  exp: number;
  nbf: number;
  iat: number;
  jti?: string;
  sid?: string;
}

export class SessionTokenError extends Error {}

export function isShopDomain(value: string): boolean {
  return SHOP_DOMAIN.test(value);
}

function base64UrlJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}

function isClaims(value: unknown): value is SessionTokenClaims {
  if (value === null || typeof value !== "object") return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.iss === "string" &&
    typeof claims.dest === "string" &&
    (typeof claims.aud === "string" || Array.isArray(claims.aud)) &&
    typeof claims.exp === "number" &&
    typeof claims.nbf === "number"
  );
}

export function verifySessionToken(
  token: string,
  { apiKey, apiSecret, nowMs }: { apiKey: string; apiSecret: string; nowMs: number },
): { shop: string; claims: SessionTokenClaims } {
  const parts = token.split(".");
  if (parts.length !== 3) throw new SessionTokenError("Session token is not a JWT");
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  try {
    header = base64UrlJson(headerPart);
    payload = base64UrlJson(payloadPart);
  } catch {
    throw new SessionTokenError("Session token is malformed");
  }
  if ((header as { alg?: unknown } | null)?.alg !== "HS256") {
    throw new SessionTokenError("Session token must be signed with HS256");
  }
  const expected = createHmac("sha256", apiSecret).update(`${headerPart}.${payloadPart}`).digest();
  const actual = Buffer.from(signaturePart, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new SessionTokenError("Session token signature is invalid");
  }
  if (!isClaims(payload)) throw new SessionTokenError("Session token is missing required claims");
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(apiKey)) throw new SessionTokenError("Session token audience does not match the client_id");
  const nowSeconds = nowMs / 1000;
  if (payload.exp + CLOCK_TOLERANCE_SECONDS < nowSeconds) throw new SessionTokenError("Session token has expired");
  if (payload.nbf - CLOCK_TOLERANCE_SECONDS > nowSeconds) throw new SessionTokenError("Session token is not active yet");
  const shop = payload.dest.replace(/^https:\/\//, "");
  if (!payload.dest.startsWith("https://") || !isShopDomain(shop)) {
    throw new SessionTokenError("Session token dest is not a shop");
  }
  if (payload.iss !== `${payload.dest}/admin`) throw new SessionTokenError("Session token issuer does not match dest");
  return { shop, claims: payload };
}

/** Mints a session token the way App Bridge would; for tests and local demos. */
export function signSessionToken(claims: SessionTokenClaims, apiSecret: string): string {
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const signature = createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

export function sessionTokenClaims(
  { shop, apiKey, nowMs, userId = "1" }: { shop: string; apiKey: string; nowMs: number; userId?: string },
): SessionTokenClaims {
  const iat = Math.floor(nowMs / 1000);
  return {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: apiKey,
    sub: userId,
    exp: iat + 60,
    nbf: iat,
    iat,
    jti: `${iat}-${Math.random().toString(36).slice(2)}`,
    sid: `sid-${userId}`,
  };
}
