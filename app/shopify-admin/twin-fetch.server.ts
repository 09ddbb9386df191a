// Demo and tests only. Shopify cannot be reached from a development machine without internet,
// so every HTTP call @shopify/shopify-api makes (token exchange, refresh, Admin GraphQL) is sent
// to the local Shopify Admin API twin instead. The library builds URLs as https://<shop>/admin/…;
// we keep path and query, swap the origin, and name the shop in a header the twin checks.
// env.server.ts refuses SHOPIFY_ADMIN_TWIN_URL in production, so this never runs there.

export const TWIN_SHOP_HEADER = "X-Shopify-Twin-Shop";

export function createTwinFetch(twinUrl: string, realFetch: typeof fetch = globalThis.fetch): typeof fetch {
  const twin = new URL(twinUrl);
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const original = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const target = new URL(original.pathname + original.search, twin);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set(TWIN_SHOP_HEADER, original.host);
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const body = init?.body ?? (input instanceof Request ? await input.arrayBuffer() : undefined);
    return realFetch(target, { ...init, method, headers, body });
  }) as typeof fetch;
}
