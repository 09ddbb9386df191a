// SCIM bearer tokens: how an identity provider proves which shop it provisions.
// Tokens are 256-bit random strings; only their SHA-256 is stored (a fast hash is enough for
// secrets of that entropy, and it lets us find the row through a unique index).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ScimToken } from "@prisma/client";
import prisma from "~/db.server";
import { ScimError } from "~/scim/errors";
import { GRACE_PERIODS, type GracePeriod } from "./token-grace";

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

/** Who changed a token, for the audit trail: the staff member's Shopify user id, or "system". */
export type TokenActor = string;
export const SYSTEM_ACTOR: TokenActor = "system";

export { GRACE_PERIODS, GRACE_PERIOD_NAMES, type GracePeriod } from "./token-grace";

export type TokenStatus = "active" | "expiring" | "expired" | "revoked";

/** active: works with no end; expiring: works until expiresAt (a rotation's grace period). */
export function tokenStatus(token: Pick<ScimToken, "expiresAt" | "revokedAt">, now = Date.now()): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= now) return "expired";
  return token.expiresAt ? "expiring" : "active";
}

/** A token action that cannot be taken (unknown token, already revoked…): a 4xx for the admin. */
export class TokenActionError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

function newSecret(): { token: string; tokenHash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashScimToken(token), prefix: token.slice(0, DISPLAY_PREFIX_LENGTH) };
}

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Issues a token (shown to the merchant once, stored as a hash) and records who did it. */
export async function issueScimToken(
  shopId: string,
  options: { label?: string; expiresAt?: Date; actor?: TokenActor } = {},
): Promise<{ token: string; record: ScimToken }> {
  const { token, tokenHash, prefix } = newSecret();
  const label = options.label?.trim().slice(0, 100) ?? "";
  const record = await prisma.$transaction(async (tx) => {
    const row = await tx.scimToken.create({ data: { shopId, tokenHash, prefix, label, expiresAt: options.expiresAt } });
    await tx.tokenAuditEvent.create({
      data: {
        shopId,
        actor: options.actor ?? SYSTEM_ACTOR,
        action: "created",
        tokenId: row.id,
        tokenPrefix: prefix,
        createdAt: row.createdAt,
        detail: label ? `Created "${label}".` : "Created.",
      },
    });
    return row;
  });
  return { token, record };
}

async function requireLiveToken(shopId: string, tokenId: string, now: number): Promise<ScimToken> {
  const row = await prisma.scimToken.findFirst({ where: { id: tokenId, shopId } });
  if (!row) throw new TokenActionError(404, "This token does not exist in this store.");
  const status = tokenStatus(row, now);
  if (status === "revoked" || status === "expired") {
    throw new TokenActionError(409, `Token ${row.prefix}… was already ${status}; generate a new token instead.`);
  }
  return row;
}

/**
 * Replaces a token with a new one (same label). With a grace period the old token keeps working
 * until it ends (an earlier expiry is kept), so the IdP can be updated without failed calls;
 * with none it stops at once.
 */
export async function rotateScimToken(
  shopId: string,
  tokenId: string,
  grace: GracePeriod,
  actor: TokenActor,
  now = Date.now(),
): Promise<{ token: string; record: ScimToken; previous: ScimToken }> {
  const old = await requireLiveToken(shopId, tokenId, now);
  const { token, tokenHash, prefix } = newSecret();
  const graceMs = GRACE_PERIODS[grace].ms;
  const oldEnd = graceMs === 0 ? null : new Date(Math.min(now + graceMs, old.expiresAt?.getTime() ?? Infinity));
  const at = new Date(now);
  const result = await prisma.$transaction(async (tx) => {
    // Guarded on the state just read: two rotations of one token cannot both succeed.
    const { count } = await tx.scimToken.updateMany({
      where: { id: old.id, shopId, revokedAt: null, expiresAt: old.expiresAt },
      data: oldEnd ? { expiresAt: oldEnd } : { revokedAt: at },
    });
    if (count === 0) throw new TokenActionError(409, `Token ${old.prefix}… changed meanwhile; reload and try again.`);
    const record = await tx.scimToken.create({ data: { shopId, tokenHash, prefix, label: old.label, createdAt: at } });
    await tx.tokenAuditEvent.create({
      data: {
        shopId,
        actor,
        action: "rotated",
        tokenId: old.id,
        tokenPrefix: old.prefix,
        createdAt: at,
        detail: oldEnd
          ? `Replaced by ${prefix}…; the old token works until ${formatUtc(oldEnd)} (${GRACE_PERIODS[grace].label}).`
          : `Replaced by ${prefix}…; the old token stopped working at once.`,
      },
    });
    await tx.tokenAuditEvent.create({
      data: { shopId, actor, action: "created", tokenId: record.id, tokenPrefix: prefix, createdAt: at, detail: `Created by rotating ${old.prefix}….` },
    });
    const previous = await tx.scimToken.findUniqueOrThrow({ where: { id: old.id } });
    return { record, previous };
  });
  forgetScimCredentials(shopId);
  return { token, ...result };
}

/** Stops a token at once (also during a grace period). An ended token cannot be revoked (409). */
export async function revokeScimToken(
  shopId: string,
  tokenId: string,
  actor: TokenActor = SYSTEM_ACTOR,
  now = Date.now(),
): Promise<ScimToken> {
  const old = await requireLiveToken(shopId, tokenId, now);
  const at = new Date(now);
  const revoked = await prisma.$transaction(async (tx) => {
    const { count } = await tx.scimToken.updateMany({ where: { id: old.id, shopId, revokedAt: null }, data: { revokedAt: at } });
    if (count === 0) throw new TokenActionError(409, `Token ${old.prefix}… was already revoked.`);
    await tx.tokenAuditEvent.create({
      data: {
        shopId,
        actor,
        action: "revoked",
        tokenId: old.id,
        tokenPrefix: old.prefix,
        createdAt: at,
        detail: old.expiresAt
          ? `Revoked during its grace period (it would have worked until ${formatUtc(old.expiresAt)}).`
          : "Revoked; it stopped working at once.",
      },
    });
    return tx.scimToken.findUniqueOrThrow({ where: { id: old.id } });
  });
  forgetScimCredentials(shopId);
  return revoked;
}

export interface TokenView {
  id: string;
  prefix: string;
  label: string;
  status: TokenStatus;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/**
 * A shop's tokens for the admin: every token that still works, newest first, then the most
 * recent ones that no longer do (capped, so years of rotations do not grow the page).
 */
export async function listScimTokens(shopId: string, now = Date.now(), endedLimit = 10): Promise<TokenView[]> {
  const live = { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date(now) } }] };
  const order = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const working = await prisma.scimToken.findMany({ where: { shopId, ...live }, orderBy: order });
  const ended = await prisma.scimToken.findMany({ where: { shopId, NOT: live }, orderBy: order, take: endedLimit });
  return [...working, ...ended].map((row) => ({
    id: row.id,
    prefix: row.prefix,
    label: row.label,
    status: tokenStatus(row, now),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  }));
}

/** How many tokens of a shop work right now (active or in a grace period). */
export async function countWorkingScimTokens(shopId: string, now = Date.now()): Promise<number> {
  return prisma.scimToken.count({
    where: { shopId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date(now) } }] },
  });
}

/** The audit trail of a shop's token actions, newest first. */
export async function listTokenAudit(shopId: string, limit = 50) {
  return prisma.tokenAuditEvent.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, actor: true, action: true, tokenPrefix: true, detail: true, createdAt: true },
  });
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
  // "Bearer Bearer scim_…": the merchant pasted "Bearer <token>" into a field (Okta's
  // Authorization header value) that already puts "Bearer " in front.
  const doubled = /^\s*bearer\s+bearer\s+(\S+)\s*$/i.exec(authorization);
  if (doubled && doubled[1].startsWith(TOKEN_PREFIX)) return doubled[1];
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

/**
 * The shop a request's token belongs to when that token was just looked up but refused
 * (revoked, expired, SCIM switched off), from the cache only: no query, and unknown tokens stay
 * unknown. For the admin's "last request received" view.
 */
export function peekScimTokenShop(request: Request): string | null {
  const token = readBearerToken(request.headers.get("authorization"));
  if (!token) return null;
  return credentialCache.get(hashScimToken(token))?.tenant.shopId ?? null;
}
