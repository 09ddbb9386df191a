import { grantedScopes, type TwinApp } from "./app";
import type { Clock } from "./clock";
import { HttpError, type FormOrJson } from "./http";
import { SessionTokenError, verifySessionToken } from "./session-token";
import { upsertShop } from "./shops";
import type { AccessTokenRecord, AssociatedUser, Plan, TwinState } from "./state";
import type { TokenGrant, TokenService } from "./tokens";

// POST /admin/oauth/access_token: token exchange (id_token → offline/online token) and
// refresh-token rotation, with Shopify's OAuth error bodies.

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_TOKEN = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";

export interface OAuthDeps {
  apiKey: string;
  apiSecret: string;
  /** Required scopes and optional grants; tokens carry what the installation holds. */
  app: TwinApp;
  defaultPlan: Plan;
  state: TwinState;
  tokens: TokenService;
  clock: Clock;
}

export interface OAuthResult {
  shop: string;
  body: Record<string, unknown>;
}

function oauthError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, error_description: description });
}

function stringParam(params: FormOrJson, name: string): string | undefined {
  const value = params[name];
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function requireShopAgreement(credentialShop: string, headerShop: string | undefined): void {
  if (headerShop !== undefined && headerShop !== credentialShop) {
    throw oauthError(
      400,
      "invalid_request",
      `X-Shopify-Twin-Shop (${headerShop}) does not match the shop of the credential (${credentialShop})`,
    );
  }
}

function associatedUserFor(shop: string, subject: string | undefined): AssociatedUser {
  const id = subject !== undefined && /^\d+$/.test(subject) ? Number(subject) : 1;
  return {
    id,
    first_name: "Staff",
    last_name: String(id),
    email: `staff-${id}@${shop}`,
    account_owner: id === 1,
    locale: "en",
    collaborator: false,
    email_verified: true,
  };
}

function grantBody(grant: TokenGrant, clock: Clock): Record<string, unknown> {
  const access: AccessTokenRecord = grant.access;
  const scope = access.scopes.join(",");
  const body: Record<string, unknown> = { access_token: access.token, scope };
  if (access.expiresAt !== null) body.expires_in = Math.round((access.expiresAt - clock.now()) / 1000);
  if (grant.refresh) {
    body.refresh_token = grant.refresh.token;
    body.refresh_token_expires_in = Math.round((grant.refresh.expiresAt - clock.now()) / 1000);
  }
  if (access.associatedUser) {
    body.associated_user_scope = scope;
    body.associated_user = access.associatedUser;
  }
  return body;
}

export function handleAccessTokenRequest(deps: OAuthDeps, params: FormOrJson, headerShop: string | undefined): OAuthResult {
  const clientId = stringParam(params, "client_id");
  const clientSecret = stringParam(params, "client_secret");
  if (!clientId || !clientSecret) {
    throw oauthError(400, "invalid_request", "client_id and client_secret are required");
  }
  if (clientId !== deps.apiKey || clientSecret !== deps.apiSecret) {
    throw oauthError(401, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret");
  }
  const grantType = stringParam(params, "grant_type");
  if (grantType === TOKEN_EXCHANGE) return exchange(deps, params, headerShop);
  if (grantType === "refresh_token") return refresh(deps, params, headerShop);
  throw oauthError(400, "unsupported_grant_type", `grant_type ${JSON.stringify(grantType ?? null)} is not supported`);
}

function exchange(deps: OAuthDeps, params: FormOrJson, headerShop: string | undefined): OAuthResult {
  const subjectToken = stringParam(params, "subject_token");
  if (!subjectToken) throw oauthError(400, "invalid_request", "subject_token is required");
  if (stringParam(params, "subject_token_type") !== ID_TOKEN) {
    throw oauthError(400, "invalid_request", `subject_token_type must be ${ID_TOKEN}`);
  }
  const requested = stringParam(params, "requested_token_type");
  if (requested !== OFFLINE_TOKEN && requested !== ONLINE_TOKEN) {
    throw oauthError(400, "invalid_request", `requested_token_type must be ${OFFLINE_TOKEN} or ${ONLINE_TOKEN}`);
  }
  let verified: ReturnType<typeof verifySessionToken>;
  try {
    verified = verifySessionToken(subjectToken, { apiKey: deps.apiKey, apiSecret: deps.apiSecret, nowMs: deps.clock.now() });
  } catch (error) {
    if (error instanceof SessionTokenError) throw oauthError(400, "invalid_subject_token", error.message);
    throw error;
  }
  const { shop, claims } = verified;
  requireShopAgreement(shop, headerShop);
  // Exchanging a session token is what installs the app on a shop the twin has not seen yet.
  if (!deps.state.shops.has(shop)) upsertShop(deps.state, deps.clock, shop, { defaultPlan: deps.defaultPlan });
  const scopes = grantedScopes(deps.app, deps.state.shops.get(shop));
  const grant =
    requested === ONLINE_TOKEN
      ? deps.tokens.exchangeOnline(shop, deps.apiKey, scopes, associatedUserFor(shop, claims.sub))
      : deps.tokens.exchangeOffline(shop, deps.apiKey, scopes, stringParam(params, "expiring") === "1");
  return { shop, body: grantBody(grant, deps.clock) };
}

function refresh(deps: OAuthDeps, params: FormOrJson, headerShop: string | undefined): OAuthResult {
  const refreshToken = stringParam(params, "refresh_token");
  if (!refreshToken) throw oauthError(400, "invalid_request", "refresh_token is required");
  const shop = deps.state.refreshTokens.get(refreshToken)?.shop;
  if (shop) requireShopAgreement(shop, headerShop);
  const grant = deps.tokens.refresh(refreshToken, deps.apiKey);
  if (!grant || !shop) {
    throw oauthError(400, "invalid_grant", "The refresh token is invalid, expired or revoked");
  }
  return { shop, body: grantBody(grant, deps.clock) };
}
