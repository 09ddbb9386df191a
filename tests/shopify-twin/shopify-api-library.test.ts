import "@shopify/shopify-api/adapters/node";
import { ApiVersion, GraphqlQueryError, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTwinFetch } from "./app-fetch.mjs";
import { ManualClock } from "./clock";
import { API_KEY, API_SECRET, SHOP, TwinHarness } from "./test-support";

// The real @shopify/shopify-api (what shopify-app-remix uses underneath), pointed at the twin the
// way the demo and the app's tests do it (app-fetch.mjs): every https://{shop}/admin/... URL goes
// to {twin}/admin/... with the shop in X-Shopify-Twin-Shop.

let harness: TwinHarness;
const requestedUrls: string[] = [];

beforeAll(async () => {
  // The library checks session tokens against the real clock, so the twin's clock starts there too.
  harness = await TwinHarness.start({ clock: new ManualClock(Date.now()) });
  // The shim the demo and the app's tests install (app-fetch.mjs), recording what the library asked for.
  const twinFetch = createTwinFetch(harness.url);
  setAbstractFetchFunc(async (input, init) => {
    requestedUrls.push(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    return twinFetch(input, init);
  });
});
afterAll(() => harness.close());

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  scopes: ["read_customers", "write_customers"],
  hostName: "scim-app.example.com",
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

describe("@shopify/shopify-api against the twin", () => {
  it("token exchange, GraphQL calls and refresh work end to end", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: harness.sessionToken(SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session).toMatchObject({ id: `offline_${SHOP}`, shop: SHOP, isOnline: false, scope: "read_customers,write_customers" });
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 3500 * 1000);
    expect(requestedUrls[0]).toBe(`https://${SHOP}/admin/oauth/access_token`);

    const client = new shopify.clients.Graphql({ session });
    const created = await client.request(
      `#graphql
      mutation Create($input: CustomerSetInput!, $identifier: CustomerSetIdentifiers) {
        customerSet(identifier: $identifier, input: $input) { customer { id email } userErrors { field message code } }
      }`,
      { variables: { identifier: { email: "lib@example.com" }, input: { email: "lib@example.com", firstName: "Lib" } } },
    );
    expect(created.data).toMatchObject({ customerSet: { customer: { email: "lib@example.com" }, userErrors: [] } });
    expect(created.extensions).toMatchObject({ cost: { requestedQueryCost: 10, actualQueryCost: 10 } });
    expect(requestedUrls.at(-1)).toBe(`https://${SHOP}/admin/api/2026-10/graphql.json`);

    const { session: refreshed } = await shopify.auth.refreshToken({ shop: SHOP, refreshToken: session.refreshToken! });
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    const afterRefresh = await new shopify.clients.Graphql({ session: refreshed }).request(`{ shop { myshopifyDomain } }`);
    expect(afterRefresh.data).toEqual({ shop: { myshopifyDomain: SHOP } });
    // Once the new token is in use, the old one is gone.
    await expect(client.request(`{ shop { name } }`)).rejects.toThrow();
  });

  it("surfaces validation errors and THROTTLED as GraphqlQueryError, as against Shopify", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: harness.sessionToken(SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    const client = new shopify.clients.Graphql({ session });
    const invalid = await client.request(`{ shop { nmae } }`).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(GraphqlQueryError);
    expect((invalid as GraphqlQueryError).message).toContain("Field 'nmae' doesn't exist on type 'Shop'");

    await harness.control("PUT", "/faults", { throttleStorm: { durationMs: 60_000 } });
    const throttled = await client.request(`{ shop { name } }`).catch((error: unknown) => error);
    await harness.control("PUT", "/faults", {});
    expect(throttled).toBeInstanceOf(GraphqlQueryError);
    const body = (throttled as GraphqlQueryError).body as { errors: { graphQLErrors: Array<{ extensions: { code: string } }> } };
    expect(body.errors.graphQLErrors[0]!.extensions.code).toBe("THROTTLED");
  });
});
