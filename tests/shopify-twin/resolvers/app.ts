import { grantedScopes, revokeOptionalScopes } from "../app";
import { typeResolvers, type ResolverContext } from "../graphql/execute";
import { toGid } from "./gid";
import { appNamespaceFor } from "./metafields";

// The calling app and its installation: `app`, `currentAppInstallation` and
// `appRevokeAccessScopes`, which is what shopify-app-remix's `scopes.query()` / `scopes.revoke()`
// send. For the app the twin serves, scopes come from its declared required and optional scopes
// and the shop's grants; a control-API token is a custom app whose scopes are the token's own.

export interface AppSource {
  appKey: string;
}

interface AccessScopeValue {
  handle: string;
}

const handles = (scopes: string[]): AccessScopeValue[] => scopes.map((handle) => ({ handle }));

/** Shopify app ids are numeric: the same number as the app's `$app` namespace. */
function appNumber(appKey: string): number {
  return Number(appNamespaceFor(appKey).slice("app--".length));
}

function isServedApp(source: AppSource, context: ResolverContext): boolean {
  return source.appKey === context.app.apiKey;
}

function isCaller(source: AppSource, context: ResolverContext): boolean {
  return source.appKey === context.token.appKey;
}

export function app(_source: unknown, args: Record<string, unknown>, context: ResolverContext): AppSource | null {
  const own: AppSource = { appKey: context.token.appKey };
  if (args.id == null || args.id === toGid("App", appNumber(own.appKey))) return own;
  return null;
}

export function currentAppInstallation(_source: unknown, _args: Record<string, unknown>, context: ResolverContext): AppSource {
  return { appKey: context.token.appKey };
}

export const appResolvers = typeResolvers<AppSource>({
  id: (source) => toGid("App", appNumber(source.appKey)),
  apiKey: (source) => source.appKey,
  title: (source, _args, context) => (isServedApp(source, context) ? context.app.title : source.appKey === "admin" ? "Shopify twin admin token" : source.appKey),
  requestedAccessScopes: (source, _args, context) => {
    if (isServedApp(source, context)) return handles(context.app.requiredScopes);
    return handles(isCaller(source, context) ? context.token.scopes : []);
  },
  optionalAccessScopes: (source, _args, context) => handles(isServedApp(source, context) ? context.app.optionalScopes : []),
  // Null when the app is not installed on the shop: only the caller is known to be.
  installation: (source, _args, context) => (isCaller(source, context) ? source : null),
});

export const appInstallationResolvers = typeResolvers<AppSource>({
  id: (source) => toGid("AppInstallation", appNumber(source.appKey)),
  app: (source) => source,
  accessScopes: (source, _args, context) =>
    handles(isServedApp(source, context) ? grantedScopes(context.app, context.shop) : context.token.scopes),
});

export function appRevokeAccessScopes(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  const scopes = args.scopes as string[];
  if (context.token.appKey !== context.app.apiKey) {
    // A control-API token is a custom app without optional scopes.
    const code = scopes.some((scope) => context.token.scopes.includes(scope)) ? "CANNOT_REVOKE_REQUIRED_SCOPES" : "CANNOT_REVOKE_UNDECLARED_SCOPES";
    const message = code === "CANNOT_REVOKE_REQUIRED_SCOPES" ? "Required scopes cannot be revoked." : "Cannot revoke optional scopes that haven't been declared.";
    return { revoked: null, userErrors: [{ field: ["scopes"], message, code }] };
  }
  const { revoked, problem } = revokeOptionalScopes(context.state, context.app, context.shop, scopes);
  if (problem) return { revoked: null, userErrors: [{ field: ["scopes"], message: problem.message, code: problem.code }] };
  return { revoked: handles(revoked), userErrors: [] };
}
