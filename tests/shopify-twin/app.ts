import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ShopifyFunctionRecord, ShopState, TwinState } from "./state";

// The one app the twin serves (the app under test): its client id, the scopes it declares
// (`scopes` = required, `optional_scopes`), and the Shopify Functions it has deployed. Functions
// belong to the app, not to a shop: `shopify app deploy` uploads them once, and every shop that
// installs the app can activate them. Control-API tokens are another app, which owns none.

export interface FunctionSpec {
  handle: string;
  apiType?: string;
  title?: string;
  description?: string | null;
  apiVersion?: string;
  useCreationUi?: boolean;
  inputQuery?: string | null;
}

export interface TwinApp {
  apiKey: string;
  title: string;
  requiredScopes: string[];
  optionalScopes: string[];
  /** Replaced through `PUT /__twin/functions`. */
  functions: ShopifyFunctionRecord[];
}

/** The apiType Shopify reports for cart and checkout validation functions. */
export const VALIDATION_API_TYPE = "cart_checkout_validation";

const CHECKOUT_BLOCK_QUERY = fileURLToPath(new URL("../../extensions/deactivated-checkout-block/src/cart_validations_generate_run.graphql", import.meta.url));

/** What `shopify app deploy` would have deployed for this repository: the checkout block function. */
export const DEFAULT_FUNCTION_SPECS: FunctionSpec[] = [
  {
    handle: "deactivated-checkout-block",
    apiType: VALIDATION_API_TYPE,
    // extensions/deactivated-checkout-block/locales/en.default.json
    title: "Block deactivated people at checkout",
    description: "Stops customers whom your identity provider has deactivated from checking out.",
  },
];

/** Function ids are UUIDs; derive a stable one from the app and handle so restarts keep it. */
function functionId(appKey: string, handle: string): string {
  const hex = createHash("sha256").update(`${appKey}/${handle}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function defaultInputQuery(handle: string): string | null {
  if (handle !== "deactivated-checkout-block" || !existsSync(CHECKOUT_BLOCK_QUERY)) return null;
  return readFileSync(CHECKOUT_BLOCK_QUERY, "utf8");
}

export function functionRecord(appKey: string, spec: FunctionSpec): ShopifyFunctionRecord {
  return {
    id: functionId(appKey, spec.handle),
    handle: spec.handle,
    apiType: spec.apiType ?? VALIDATION_API_TYPE,
    apiVersion: spec.apiVersion ?? "2026-10",
    title: spec.title ?? spec.handle,
    description: spec.description ?? null,
    appKey,
    useCreationUi: spec.useCreationUi ?? false,
    inputQuery: spec.inputQuery === undefined ? defaultInputQuery(spec.handle) : spec.inputQuery,
  };
}

/** The scopes the app holds on a shop now: the required ones plus the optional ones granted. */
export function grantedScopes(app: TwinApp, shop: ShopState | undefined): string[] {
  const granted = [...app.requiredScopes];
  for (const scope of shop?.record.grantedOptionalScopes ?? []) if (!granted.includes(scope)) granted.push(scope);
  return granted;
}

/**
 * Access scopes belong to the installation, so the app's live tokens on the shop change with a
 * grant or a revocation (as do the refresh tokens that will mint the next ones).
 */
export function syncAppTokenScopes(state: TwinState, app: TwinApp, shop: ShopState): void {
  const scopes = grantedScopes(app, shop);
  for (const token of state.accessTokens.values()) {
    if (token.shop === shop.domain && token.appKey === app.apiKey) token.scopes = [...scopes];
  }
  for (const token of state.refreshTokens.values()) {
    if (token.shop === shop.domain && token.appKey === app.apiKey) token.scopes = [...scopes];
  }
  state.changed();
}

export interface ScopesDetail {
  granted: string[];
  required: string[];
  optional: string[];
}

export function scopesDetail(app: TwinApp, shop: ShopState): ScopesDetail {
  return { granted: grantedScopes(app, shop), required: [...app.requiredScopes], optional: [...app.optionalScopes] };
}

export type ScopeChangeProblem = {
  /** AppRevokeAccessScopesAppRevokeScopeErrorCode values, plus UNDECLARED_SCOPES for a request. */
  code: "CANNOT_REVOKE_REQUIRED_SCOPES" | "CANNOT_REVOKE_UNDECLARED_SCOPES" | "UNKNOWN_SCOPES" | "UNDECLARED_SCOPES";
  message: string;
  scopes: string[];
};

const SCOPE_HANDLE = /^(read|write|unauthenticated_read|unauthenticated_write)_[a-z_]+$/;

/** Grants optional scopes the merchant approved. Scopes the app did not declare as optional are refused. */
export function grantOptionalScopes(state: TwinState, app: TwinApp, shop: ShopState, scopes: string[]): ScopeChangeProblem | null {
  const malformed = scopes.filter((scope) => !SCOPE_HANDLE.test(scope));
  if (malformed.length > 0) return { code: "UNKNOWN_SCOPES", message: `Unknown access scopes: ${malformed.join(", ")}`, scopes: malformed };
  const undeclared = scopes.filter((scope) => !app.optionalScopes.includes(scope) && !app.requiredScopes.includes(scope));
  if (undeclared.length > 0) {
    return { code: "UNDECLARED_SCOPES", message: `Only scopes declared in optional_scopes can be requested: ${undeclared.join(", ")}`, scopes: undeclared };
  }
  for (const scope of scopes) {
    if (app.optionalScopes.includes(scope) && !shop.record.grantedOptionalScopes.includes(scope)) shop.record.grantedOptionalScopes.push(scope);
  }
  syncAppTokenScopes(state, app, shop);
  return null;
}

/** appRevokeAccessScopes: only granted optional scopes can go; required ones stay. */
export function revokeOptionalScopes(state: TwinState, app: TwinApp, shop: ShopState, scopes: string[]): { revoked: string[]; problem: ScopeChangeProblem | null } {
  const malformed = scopes.filter((scope) => !SCOPE_HANDLE.test(scope));
  if (malformed.length > 0) return { revoked: [], problem: { code: "UNKNOWN_SCOPES", message: `Unknown access scopes: ${malformed.join(", ")}`, scopes: malformed } };
  const required = scopes.filter((scope) => app.requiredScopes.includes(scope));
  if (required.length > 0) return { revoked: [], problem: { code: "CANNOT_REVOKE_REQUIRED_SCOPES", message: `Required scopes cannot be revoked: ${required.join(", ")}`, scopes: required } };
  const undeclared = scopes.filter((scope) => !app.optionalScopes.includes(scope));
  if (undeclared.length > 0) {
    return { revoked: [], problem: { code: "CANNOT_REVOKE_UNDECLARED_SCOPES", message: `Cannot revoke optional scopes that haven't been declared: ${undeclared.join(", ")}`, scopes: undeclared } };
  }
  const revoked = scopes.filter((scope) => shop.record.grantedOptionalScopes.includes(scope));
  shop.record.grantedOptionalScopes = shop.record.grantedOptionalScopes.filter((scope) => !scopes.includes(scope));
  syncAppTokenScopes(state, app, shop);
  return { revoked, problem: null };
}

/** Uninstalling forgets the optional grants and removes the validations backed by the app's functions. */
export function forgetInstallation(state: TwinState, app: TwinApp, shop: ShopState): void {
  shop.record.grantedOptionalScopes = [];
  shop.record.validations = shop.record.validations.filter((validation) => validation.shopifyFunction.appKey !== app.apiKey);
  state.changed();
}
