import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TwinHarness } from "./test-support";

let harness: TwinHarness;

beforeAll(async () => {
  harness = await TwinHarness.start();
});
afterAll(() => harness.close());

// A mutation costs 10 points whatever it does; deleting a customer that does not exist changes nothing.
const TEN_POINTS = `mutation { customerDelete(input: { id: "gid://shopify/Customer/1" }) { deletedCustomerId } }`;

async function drain(token: string, calls: number) {
  const responses = [];
  for (let index = 0; index < calls; index += 1) responses.push(await harness.graphql(token, TEN_POINTS));
  return responses;
}

describe("leaky bucket throttling", () => {
  it("throttles at the plan's budget and recovers at its restore rate", async () => {
    const token = await harness.adminToken("standard-shop.myshopify.com");
    const responses = await drain(token, 200);
    expect(responses.every((response) => !response.body.errors)).toBe(true);
    expect(responses[199]!.body.extensions!.cost.throttleStatus).toEqual({ maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 });

    const throttled = await harness.graphql(token, TEN_POINTS);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 } } },
    });

    harness.clock.advance(100); // 100 points/s × 0.1 s = the 10 points one mutation needs
    const recovered = await harness.graphql(token, TEN_POINTS);
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(0);

    harness.clock.advance(60_000);
    const full = await harness.graphql(token, `{ shop { name } }`);
    expect(full.body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(1999);

    const log = await harness.control<{ entries: Array<{ throttled: boolean; shop: string }> }>("GET", "/log?limit=5");
    expect(log.body.entries.some((entry) => entry.throttled && entry.shop === "standard-shop.myshopify.com")).toBe(true);
    expect(JSON.stringify(log.body)).not.toContain(token);
  });

  it("sizes the bucket at 20 × the restore rate of each plan", async () => {
    const expected = { standard: [2000, 100], advanced: [4000, 200], plus: [20_000, 1000], enterprise: [40_000, 2000] } as const;
    for (const [plan, [maximumAvailable, restoreRate]] of Object.entries(expected)) {
      const shop = `${plan}-plan.myshopify.com`;
      await harness.control("POST", "/shops", { shop, plan });
      const token = await harness.adminToken(shop);
      const response = await harness.graphql(token, `{ shop { name } }`);
      expect(response.body.extensions!.cost.throttleStatus).toEqual({ maximumAvailable, currentlyAvailable: maximumAvailable - 1, restoreRate });
    }
  });

  it("refunds the difference between requested and actual cost", async () => {
    const token = await harness.adminToken("refund-shop.myshopify.com");
    const response = await harness.graphql(token, `{ customers(first: 100) { nodes { id } } }`);
    expect(response.body.extensions!.cost).toEqual({
      requestedQueryCost: 102,
      actualQueryCost: 2,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 },
    });
  });

  it("keeps a separate bucket per app on the same shop", async () => {
    const shop = "two-apps.myshopify.com";
    const customApp = await harness.adminToken(shop);
    await drain(customApp, 200);
    const app = await harness.exchange({ shop, expiring: true });
    const response = await harness.graphql(app.body.access_token, TEN_POINTS);
    expect(response.body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(1990);
  });
});
