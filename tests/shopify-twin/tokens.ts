import { randomBytes } from "node:crypto";
import type { Clock } from "./clock";
import type { AccessTokenRecord, AssociatedUser, RefreshTokenRecord, TwinState } from "./state";

// Token lifetimes and rotation rules as Shopify documents them for expiring offline tokens:
// 60 min access tokens, 90 day refresh tokens that rotate on use, one active expiring pair per
// app and shop, and (since 2026-08) the previous refresh token stays usable until the app
// starts using its replacement, for at most 30 days after its first use.
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const REFRESH_TOKEN_TTL_SECONDS = 90 * 24 * 3600;
export const ONLINE_TOKEN_TTL_SECONDS = 86_399;
const REFRESH_RECOVERY_MS = 30 * 24 * 3600 * 1000;

export interface TokenGrant {
  access: AccessTokenRecord;
  refresh: RefreshTokenRecord | null;
}

function secret(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString("hex")}`;
}

export class TokenService {
  constructor(
    private readonly state: TwinState,
    private readonly clock: Clock,
  ) {}

  exchangeOffline(shop: string, appKey: string, scopes: string[], expiring: boolean): TokenGrant {
    if (!expiring) {
      // Non-expiring offline tokens are stable per install: repeating the exchange returns the same one.
      const existing = [...this.state.accessTokens.values()].find(
        (token) => token.shop === shop && token.appKey === appKey && token.kind === "offline" && !token.expiring,
      );
      if (existing) {
        // The installation's scopes may have grown since (a new required scope the merchant approved).
        existing.scopes = scopes;
        return { access: existing, refresh: null };
      }
      return { access: this.issueAccess(shop, appKey, "offline", scopes, null, null, null), refresh: null };
    }
    this.revokeExpiringOffline(shop, appKey);
    return this.issuePair(shop, appKey, scopes, null);
  }

  exchangeOnline(shop: string, appKey: string, scopes: string[], user: AssociatedUser): TokenGrant {
    const expiresAt = this.clock.now() + ONLINE_TOKEN_TTL_SECONDS * 1000;
    return { access: this.issueAccess(shop, appKey, "online", scopes, expiresAt, null, user), refresh: null };
  }

  /** Control-API tokens behave like a custom app's Admin API token: non-expiring, separate app. */
  issueAdminToken(shop: string, scopes: string[]): AccessTokenRecord {
    return this.issueAccess(shop, "admin", "admin", scopes, null, null, null);
  }

  /** Returns null when Shopify would answer invalid_grant. */
  refresh(refreshToken: string, appKey: string): TokenGrant | null {
    const now = this.clock.now();
    const presented = this.state.refreshTokens.get(refreshToken);
    if (!presented || presented.appKey !== appKey) return null;
    if (now >= presented.expiresAt) {
      this.retire(presented.token);
      return null;
    }
    if (presented.firstUsedAt === null) presented.firstUsedAt = now;
    else if (now > presented.firstUsedAt + REFRESH_RECOVERY_MS) return null;
    // Using this refresh token means its own predecessor's replacement is in use.
    if (presented.rotatedFrom) this.retire(presented.rotatedFrom);
    // A retry with the same refresh token supersedes the pair the previous attempt produced.
    for (const token of [...this.state.accessTokens.values()]) {
      if (token.rotatedFrom === presented.token) this.state.accessTokens.delete(token.token);
    }
    for (const token of [...this.state.refreshTokens.values()]) {
      if (token.rotatedFrom === presented.token) this.state.refreshTokens.delete(token.token);
    }
    return this.issuePair(presented.shop, appKey, presented.scopes, presented.token);
  }

  /** Returns the live token record, or null for unknown, revoked or expired tokens. */
  authenticate(token: string): AccessTokenRecord | null {
    const record = this.state.accessTokens.get(token);
    if (!record) return null;
    if (record.expiresAt !== null && this.clock.now() >= record.expiresAt) {
      this.state.accessTokens.delete(token);
      this.state.changed();
      return null;
    }
    if (record.firstUsedAt === null) {
      record.firstUsedAt = this.clock.now();
      if (record.rotatedFrom) this.retire(record.rotatedFrom);
      this.state.changed();
    }
    return record;
  }

  /** Uninstall: every token of every app on the shop stops working. */
  revokeShop(shop: string): number {
    let revoked = 0;
    for (const token of [...this.state.accessTokens.values()]) {
      if (token.shop === shop) {
        this.state.accessTokens.delete(token.token);
        revoked += 1;
      }
    }
    for (const token of [...this.state.refreshTokens.values()]) {
      if (token.shop === shop) this.state.refreshTokens.delete(token.token);
    }
    this.state.changed();
    return revoked;
  }

  private revokeExpiringOffline(shop: string, appKey: string): void {
    for (const token of [...this.state.accessTokens.values()]) {
      if (token.shop === shop && token.appKey === appKey && token.kind === "offline" && token.expiring) {
        this.state.accessTokens.delete(token.token);
      }
    }
    for (const token of [...this.state.refreshTokens.values()]) {
      if (token.shop === shop && token.appKey === appKey) this.state.refreshTokens.delete(token.token);
    }
  }

  /** Drops a refresh token and the access token issued with it. */
  private retire(refreshToken: string): void {
    const record = this.state.refreshTokens.get(refreshToken);
    if (!record) return;
    this.state.refreshTokens.delete(refreshToken);
    this.state.accessTokens.delete(record.accessToken);
  }

  private issuePair(shop: string, appKey: string, scopes: string[], rotatedFrom: string | null): TokenGrant {
    const now = this.clock.now();
    const access = this.issueAccess(shop, appKey, "offline", scopes, now + ACCESS_TOKEN_TTL_SECONDS * 1000, rotatedFrom, null);
    const refresh: RefreshTokenRecord = {
      token: secret("shprt"),
      shop,
      appKey,
      scopes,
      accessToken: access.token,
      issuedAt: now,
      expiresAt: now + REFRESH_TOKEN_TTL_SECONDS * 1000,
      firstUsedAt: null,
      rotatedFrom,
    };
    this.state.refreshTokens.set(refresh.token, refresh);
    this.state.changed();
    return { access, refresh };
  }

  private issueAccess(
    shop: string,
    appKey: string,
    kind: AccessTokenRecord["kind"],
    scopes: string[],
    expiresAt: number | null,
    rotatedFrom: string | null,
    associatedUser: AssociatedUser | null,
  ): AccessTokenRecord {
    const record: AccessTokenRecord = {
      token: secret(kind === "online" ? "shpua" : "shpat"),
      shop,
      appKey,
      kind,
      expiring: expiresAt !== null,
      scopes,
      issuedAt: this.clock.now(),
      expiresAt,
      firstUsedAt: null,
      rotatedFrom,
      associatedUser,
    };
    this.state.accessTokens.set(record.token, record);
    this.state.changed();
    return record;
  }
}
