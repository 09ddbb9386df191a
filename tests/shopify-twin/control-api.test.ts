import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP, TwinHarness } from "./test-support";

let harness: TwinHarness;

beforeAll(async () => {
  harness = await TwinHarness.start();
});
afterAll(() => harness.close());

describe("control API", () => {
  it("reports health", async () => {
    const health = await harness.control("GET", "/health");
    expect(health.body).toMatchObject({ ok: true, apiVersion: "2026-10" });
  });

  it("creates shops and changes their plan", async () => {
    const created = await harness.control("POST", "/shops", { shop: SHOP, name: "Acme Outdoor Gear" });
    expect(created.body).toMatchObject({ domain: SHOP, name: "Acme Outdoor Gear", plan: "standard", gid: expect.stringMatching(/^gid:\/\/shopify\/Shop\//) });
    const upgraded = await harness.control("POST", "/shops", { shop: SHOP, plan: "advanced" });
    expect(upgraded.body).toMatchObject({ name: "Acme Outdoor Gear", plan: "advanced" });
    expect((await harness.control("POST", "/shops", { shop: "not a shop" })).status).toBe(400);
  });

  it("seeds customers with fields the API cannot set, validating like the API", async () => {
    const seeded = await harness.control("POST", `/shops/${SHOP}/customers`, {
      email: "seed@example.com",
      firstName: "Seed",
      state: "ENABLED",
      numberOfOrders: 4,
      createdAt: "2025-01-02T03:04:05Z",
      metafields: [{ namespace: "$app:scim", key: "external_id", type: "single_line_text_field", value: "00u9" }],
    });
    expect(seeded.status).toBe(201);
    expect(seeded.body).toMatchObject({ state: "ENABLED", numberOfOrders: 4, createdAt: "2025-01-02T03:04:05Z", updatedAt: "2025-01-02T03:04:05Z" });
    expect(seeded.body.metafields[0].namespace).toMatch(/^app--\d+--scim$/);
    expect((await harness.control("POST", `/shops/${SHOP}/customers`, { email: "seed@example.com" })).status).toBe(409);
    expect((await harness.control("POST", `/shops/${SHOP}/customers`, { email: "nope" })).status).toBe(400);
    expect((await harness.control("POST", `/shops/${SHOP}/customers`, { email: "x@example.com", favouriteColor: "red" })).status).toBe(400);
    expect((await harness.control("POST", "/shops/unknown.myshopify.com/customers", { email: "x@example.com" })).status).toBe(404);
  });

  it("logs Shopify-facing requests without credentials, newest last", async () => {
    const token = await harness.adminToken();
    await harness.graphql(token, `query ShopName { shop { name } }`);
    await harness.graphql(token, `{ shop { id } }`);
    const log = await harness.control<{ entries: Array<Record<string, unknown>> }>("GET", "/log?limit=2");
    expect(log.body.entries).toEqual([
      expect.objectContaining({ method: "POST", path: "/admin/api/2026-10/graphql.json", shop: SHOP, operationName: "ShopName", rootFields: ["shop"], status: 200, requestedCost: 1, actualCost: 1, throttled: false }),
      expect.objectContaining({ operationName: null, rootFields: ["shop"] }),
    ]);
    expect(JSON.stringify(log.body)).not.toContain(token);
  });

  it("resets everything", async () => {
    const token = await harness.adminToken();
    await harness.control("POST", "/reset");
    expect((await harness.control("GET", "/shops")).body).toEqual({ shops: [] });
    expect((await harness.control("GET", "/log")).body).toEqual({ entries: [] });
    expect((await harness.graphql(token, `{ shop { name } }`)).status).toBe(401);
  });

  it("answers 404 for unknown routes", async () => {
    expect((await harness.control("GET", "/nope")).status).toBe(404);
    expect((await harness.request("GET", "/admin/api/2026-10/graphql.json")).status).toBe(404);
  });
});
