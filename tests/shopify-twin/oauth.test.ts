import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, API_SECRET, SHOP, TwinHarness } from "./test-support";

let harness: TwinHarness;

beforeAll(async () => {
  harness = await TwinHarness.start({ scopes: "read_customers,write_customers" });
});
afterAll(() => harness.close());

const SHOP_QUERY = `{ shop { myshopifyDomain name plan { publicDisplayName } } }`;
const HOUR_MS = 3600 * 1000;

async function worksWith(token: string): Promise<number> {
  return (await harness.graphql(token, SHOP_QUERY)).status;
}

describe("POST /admin/oauth/access_token", () => {
  it("exchanges a session token for a non-expiring offline token and installs the shop", async () => {
    const response = await harness.exchange({ shop: "fresh-install.myshopify.com", expiring: false });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(["access_token", "scope"]);
    expect(response.body).toMatchObject({ access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/), scope: "read_customers,write_customers" });
    const shop = await harness.graphql(response.body.access_token, SHOP_QUERY);
    expect(shop.body.data).toEqual({ shop: { myshopifyDomain: "fresh-install.myshopify.com", name: "Fresh Install", plan: { publicDisplayName: "Basic" } } });
    // Repeating a non-expiring exchange returns the same token.
    const again = await harness.exchange({ shop: "fresh-install.myshopify.com", expiring: false });
    expect(again.body.access_token).toBe(response.body.access_token);
  });

  it("exchanges for an expiring offline token pair that expires after an hour", async () => {
    const response = await harness.exchange({ expiring: true });
    expect(response.body).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      scope: "read_customers,write_customers",
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 7_776_000,
    });
    expect(await worksWith(response.body.access_token)).toBe(200);
    harness.clock.advance(HOUR_MS);
    expect(await worksWith(response.body.access_token)).toBe(401);
  });

  it("keeps one expiring pair per app and shop: a new exchange revokes the previous one", async () => {
    const first = await harness.exchange({ expiring: true });
    const second = await harness.exchange({ expiring: true });
    expect(await worksWith(first.body.access_token)).toBe(401);
    expect(await worksWith(second.body.access_token)).toBe(200);
    expect((await harness.refresh(first.body.refresh_token)).body).toMatchObject({ error: "invalid_grant" });
  });

  it("returns online tokens with the associated user", async () => {
    const response = await harness.exchange({ online: true });
    expect(response.body).toMatchObject({
      access_token: expect.stringMatching(/^shpua_/),
      scope: "read_customers,write_customers",
      expires_in: expect.any(Number),
      associated_user_scope: "read_customers,write_customers",
      associated_user: { id: 1, account_owner: true, email: expect.any(String), first_name: expect.any(String), last_name: expect.any(String), locale: "en", collaborator: false, email_verified: true },
    });
  });

  it("rotates refresh tokens; the old one works until the new access token is first used", async () => {
    const initial = await harness.exchange({ expiring: true });
    const rotated = await harness.refresh(initial.body.refresh_token);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(initial.body.refresh_token);
    expect(rotated.body.expires_in).toBe(3600);
    // The app crashed before storing the new pair and retries with the old refresh token.
    const retried = await harness.refresh(initial.body.refresh_token);
    expect(retried.status).toBe(200);
    expect(await worksWith(rotated.body.access_token)).toBe(401); // superseded by the retry
    expect(await worksWith(retried.body.access_token)).toBe(200);
    // Using the replacement retires the old refresh token and the old access token.
    expect((await harness.refresh(initial.body.refresh_token)).body).toMatchObject({ error: "invalid_grant" });
    expect(await worksWith(initial.body.access_token)).toBe(401);
    const next = await harness.refresh(retried.body.refresh_token);
    expect(next.status).toBe(200);
  });

  it("refreshes after the access token has expired, keeping the granted scopes", async () => {
    const pair = await harness.exchange({ expiring: true });
    harness.clock.advance(2 * HOUR_MS);
    expect(await worksWith(pair.body.access_token)).toBe(401);
    const refreshed = await harness.refresh(pair.body.refresh_token);
    expect(refreshed.body).toMatchObject({ scope: "read_customers,write_customers", expires_in: 3600 });
    const customers = await harness.graphql(refreshed.body.access_token, `{ customersCount { count } }`);
    expect(customers.body.errors).toBeUndefined();
  });

  it("refuses expired or unknown refresh tokens with invalid_grant", async () => {
    const pair = await harness.exchange({ expiring: true });
    harness.clock.advance(91 * 24 * HOUR_MS);
    const expired = await harness.refresh(pair.body.refresh_token);
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ error: "invalid_grant", error_description: expect.any(String) });
    expect((await harness.refresh("shprt_unknown")).status).toBe(400);
  });

  it("answers invalid_client for wrong credentials and invalid_subject_token for bad session tokens", async () => {
    const wrongSecret = await harness.exchange({ clientSecret: "nope" });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toMatchObject({ error: "invalid_client" });

    const forged = await harness.exchange({ subjectToken: harness.sessionToken(SHOP, {}, "another-secret") });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error: "invalid_subject_token", error_description: expect.stringContaining("signature") });

    const wrongAudience = await harness.exchange({ subjectToken: harness.sessionToken(SHOP, { aud: "other-app" }) });
    expect(wrongAudience.body).toMatchObject({ error: "invalid_subject_token" });

    const now = Math.floor(harness.clock.now() / 1000);
    const withinTolerance = await harness.exchange({ subjectToken: harness.sessionToken(SHOP, { exp: now - 5 }) });
    expect(withinTolerance.status).toBe(200);
    const expired = await harness.exchange({ subjectToken: harness.sessionToken(SHOP, { exp: now - 11 }) });
    expect(expired.body).toMatchObject({ error: "invalid_subject_token", error_description: "Session token has expired" });
  });

  it("accepts form-encoded bodies and checks X-Shopify-Twin-Shop against the token's dest", async () => {
    const form = new URLSearchParams({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: harness.sessionToken(),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    });
    const response = await fetch(`${harness.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Shopify-Twin-Shop": SHOP },
      body: form,
    });
    expect(response.status).toBe(200);
    const mismatched = await harness.exchange({}, { "X-Shopify-Twin-Shop": "someone-else.myshopify.com" });
    expect(mismatched.status).toBe(400);
  });

  it("revoke-tokens cuts every token of the shop (uninstall); a new exchange reinstalls", async () => {
    const pair = await harness.exchange({ expiring: true });
    const admin = await harness.adminToken();
    await harness.control("POST", `/shops/${SHOP}/revoke-tokens`);
    expect(await worksWith(pair.body.access_token)).toBe(401);
    expect(await worksWith(admin)).toBe(401);
    expect((await harness.refresh(pair.body.refresh_token)).status).toBe(400);
    const reinstalled = await harness.exchange({ expiring: true });
    expect(await worksWith(reinstalled.body.access_token)).toBe(200);
  });

  it("issues control-API admin tokens without revoking the app's expiring token", async () => {
    const pair = await harness.exchange({ expiring: true });
    const admin = await harness.adminToken();
    expect(await worksWith(pair.body.access_token)).toBe(200);
    expect(await worksWith(admin)).toBe(200);
  });
});
