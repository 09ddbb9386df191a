// The one Shopify configuration point: API version, scopes, auth strategy and session storage.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { env } from "./env.server";

export const apiVersion = ApiVersion.October26;

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: env.SCOPES.split(",").map((scope) => scope.trim()).filter(Boolean),
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  future: {
    // Shopify-managed install + token exchange: no OAuth redirects inside the admin iframe.
    unstable_newEmbeddedAuthStrategy: true,
    // Mandatory for public apps created after 1 April 2026: access tokens expire after an hour
    // and are refreshed with a rotating refresh token.
    expiringOfflineAccessTokens: true,
  },
  logger: { level: env.NODE_ENV === "test" ? 0 : 1 },
  hooks: {
    // A new offline token (the merchant opened the app, or reinstalled it): provisioning that was
    // parked because access was lost resumes now (docs/decisions/0004).
    afterAuth: async ({ session }) => {
      const { resumeParkedDelivery } = await import("./sync/resume.server");
      await resumeParkedDelivery(session.shop);
    },
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
