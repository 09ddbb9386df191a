// SCIM bearer tokens: how an identity provider proves which shop it provisions.
// Tokens are 256-bit random strings; only their SHA-256 is stored (a fast hash is enough for
// secrets of that entropy, and it lets us find the row through a unique index).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ScimToken } from "@prisma/client";
import prisma from "~/db.server";
import { ScimError } from "~/scim/errors";

const TOKEN_PREFIX = "scim_";
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
// Credentials are cached briefly so a burst from the IdP costs one query, not one per request.
// Revoking, rotating, disabling SCIM or uninstalling clears the cache of this process at once;
// another app process sees the change within this window.
const CACHE_TTL_MS = 2_000;
// lastUsedAt is for humans ("used 3 minutes ago"), so one write a minute per token is enough.
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

export interface ScimTenant {
  shopId: string;
  shopDomain: string;
  tokenId: string;
}

interface CachedCredential {
  tenant: ScimTenant;
  tokenHash: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  scimEnabled: boolean;
  uninstalledAt: Date | null;
  cachedAt: number;
}

const credentialCache = new Map<string, CachedCredential>();
const lastUsedWrites = new Map<string, number>();

export function hashScimToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export async function issueScimToken(
  shopId: string,
  options: { label?: string; expiresAt?: Date } = {},
): Promise<{ token: string; record: ScimToken }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const record = await prisma.scimToken.create({
    data: {
      shopId,
      tokenHash: hashScimToken(token),
      prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
      label: options.label?.trim() ?? "",
      expiresAt: options.expiresAt,
    },
  });
  return { token, record };
}

export async function revokeScimToken(shopId: string, tokenId: string): Promise<void> {
  await prisma.scimToken.updateMany({ where: { id: tokenId, shopId, revokedAt: null }, data: { revokedAt: new Date() } });
  forgetScimCredentials(shopId);
}

/** Drops cached credentials of a shop after anything that changes who may call SCIM. */
export function forgetScimCredentials(shopId: string): void {
  for (const [hash, cached] of credentialCache) {
    if (cached.tenant.shopId === shopId) credentialCache.delete(hash);
  }
}

function readBearerToken(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
  if (match) return match[1];
  // Some IdP set-ups paste the bare token into the Authorization header; accept ours.
  const bare = authorization.trim();
  return bare.startsWith(TOKEN_PREFIX) && !/\s/.test(bare) ? bare : null;
}

async function loadCredential(tokenHash: string, now: number): Promise<CachedCredential | null> {
  const cached = credentialCache.get(tokenHash);
  if (cached && now - cached.cachedAt < CACHE_TTL_MS) return cached;
  const row = await prisma.scimToken.findUnique({ where: { tokenHash }, include: { shop: true } });
  if (!row) {
    credentialCache.delete(tokenHash);
    return null;
  }
  const credential: CachedCredential = {
    tenant: { shopId: row.shopId, shopDomain: row.shop.shopDomain, tokenId: row.id },
    tokenHash: row.tokenHash,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    scimEnabled: row.shop.scimEnabled,
    uninstalledAt: row.shop.uninstalledAt,
    cachedAt: now,
  };
  credentialCache.set(tokenHash, credential);
  return credential;
}

function recordUse(tokenId: string, now: number): void {
  const last = lastUsedWrites.get(tokenId) ?? 0;
  if (now - last < LAST_USED_WRITE_INTERVAL_MS) return;
  lastUsedWrites.set(tokenId, now);
  prisma.scimToken
    .update({ where: { id: tokenId }, data: { lastUsedAt: new Date(now) } })
    .catch(() => lastUsedWrites.delete(tokenId));
}

/**
 * The shop a SCIM request acts for, from its bearer token.
 * @throws ScimError 401 (no, unknown, revoked or expired token; app uninstalled) or 403 (SCIM off).
 */
export async function requireScimTenant(request: Request, now = Date.now()): Promise<ScimTenant> {
  const token = readBearerToken(request.headers.get("authorization"));
  if (!token) {
    throw new ScimError(401, undefined, "Authentication required: send the SCIM token as 'Authorization: Bearer <token>'.");
  }
  const tokenHash = hashScimToken(token);
  const credential = await loadCredential(tokenHash, now);
  if (!credential || !timingSafeEqual(Buffer.from(credential.tokenHash, "hex"), Buffer.from(tokenHash, "hex"))) {
    throw new ScimError(401, undefined, "The SCIM token is not valid. Copy a current token from the app's SCIM page in the Shopify admin.");
  }
  if (credential.revokedAt || (credential.expiresAt && credential.expiresAt.getTime() <= now)) {
    throw new ScimError(401, undefined, "This SCIM token was revoked or has expired. Generate a new token in the app's SCIM page and update it in your identity provider.");
  }
  if (credential.uninstalledAt) {
    throw new ScimError(401, undefined, `The SCIM app was uninstalled from ${credential.tenant.shopDomain}. Reinstall it from the Shopify App Store to resume provisioning.`);
  }
  if (!credential.scimEnabled) {
    throw new ScimError(403, undefined, `SCIM provisioning is switched off for ${credential.tenant.shopDomain}. A store admin can turn it on in Shopify admin → Apps → SCIM provisioning.`);
  }
  recordUse(credential.tenant.tokenId, now);
  return credential.tenant;
}
