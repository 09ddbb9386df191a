// Demo and tests only. Shopify cannot be reached from a development machine without internet, so
// every HTTP call @shopify/shopify-api makes for the app (token exchange, refresh, Admin GraphQL)
// is sent to this twin instead. The library builds URLs as https://<shop>/admin/…; the shim keeps
// path and query, swaps the origin, and names the shop in a header the twin checks (README, "How
// the app reaches it"). Nothing in app/ imports this file: the demo and the app processes tests
// start load it with `node --import tests/shopify-twin/app-preload.mjs`, in-process tests call
// useTwinFetch. Production refuses SHOPIFY_ADMIN_TWIN_URL (app/env.server.ts), so a production app
// that was somehow started with the preload stops at boot.
//
// Plain JavaScript (typed through JSDoc) so Node can preload it without a TypeScript loader.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
// The adapter the app's Shopify library loads sets the library's fetch when it is first imported;
// importing it here first means the app's later import cannot undo useTwinFetch.
import "@shopify/shopify-api/adapters/web-api";

export const TWIN_SHOP_HEADER = "X-Shopify-Twin-Shop";

/**
 * A fetch that sends https://<shop>/admin/… to the twin at twinUrl, the shop named in TWIN_SHOP_HEADER.
 * @param {string} twinUrl
 * @param {typeof fetch} [realFetch] defaults to the global fetch at call time (server/index.mjs installs undici's)
 * @returns {typeof fetch}
 */
export function createTwinFetch(twinUrl, realFetch) {
  const twin = new URL(twinUrl);
  return /** @type {typeof fetch} */ (
    async (input, init) => {
      const original = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      const target = new URL(original.pathname + original.search, twin);
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set(TWIN_SHOP_HEADER, original.host);
      const method = init?.method ?? (input instanceof Request ? input.method : "GET");
      const body = init?.body ?? (input instanceof Request ? await input.arrayBuffer() : undefined);
      return (realFetch ?? globalThis.fetch)(target, { ...init, method, headers, body });
    }
  );
}

/**
 * Points the Shopify library of this process at the twin at twinUrl (every client it creates from
 * now on). Tests that start a second twin call it again to switch, and back.
 * @param {string} twinUrl
 */
export function useTwinFetch(twinUrl) {
  setAbstractFetchFunc(createTwinFetch(twinUrl));
}
