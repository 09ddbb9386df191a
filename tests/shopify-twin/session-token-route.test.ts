import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySessionToken } from "./session-token";
import { API_KEY, API_SECRET, SHOP, TwinHarness } from "./test-support";

let harness: TwinHarness;
beforeAll(async () => {
  harness = await TwinHarness.start();
  await harness.control("POST", "/shops", { shop: SHOP });
});
afterAll(() => harness.close());

describe("POST /__twin/shops/:shop/session-token (the admin's App Bridge tokens)", () => {
  it("issues a one-minute session token the app can verify, readable cross-origin", async () => {
    const response = await harness.control<{ idToken: string }>("POST", `/shops/${SHOP}/session-token`);
    expect(response.status).toBe(201);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const verified = verifySessionToken(response.body.idToken, { apiKey: API_KEY, apiSecret: API_SECRET, nowMs: harness.clock.now() });
    expect(verified.shop).toBe(SHOP);
    expect(verified.claims.exp - verified.claims.iat).toBe(60);
    expect(() =>
      verifySessionToken(response.body.idToken, { apiKey: API_KEY, apiSecret: "other-secret", nowMs: harness.clock.now() }),
    ).toThrow();
  });

  it("answers 404 for a shop that never installed the app", async () => {
    expect((await harness.control("POST", "/shops/nobody.myshopify.com/session-token")).status).toBe(404);
  });
});
