import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TwinHarness } from "./test-support";

let harness: TwinHarness;
let token: string;

beforeAll(async () => {
  harness = await TwinHarness.start();
  token = await harness.adminToken();
});
afterAll(() => harness.close());
beforeEach(async () => {
  await harness.control("PUT", "/faults", {});
});

const QUERY = `{ shop { name } }`;

async function statuses(count: number): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index += 1) result.push((await harness.graphql(token, QUERY)).status);
  return result;
}

describe("fault injection", () => {
  it("answers 5xx with Shopify-like bodies at the configured rate, deterministically per seed", async () => {
    await harness.control("PUT", "/faults", { errorRate: 0.5, seed: 42 });
    const first = await statuses(40);
    await harness.control("PUT", "/faults", { errorRate: 0.5, seed: 42 });
    const second = await statuses(40);
    expect(second).toEqual(first);
    const failures = first.filter((status) => status >= 500);
    expect(failures.length).toBeGreaterThan(8);
    expect(failures.length).toBeLessThan(32);
    expect(new Set(failures)).toEqual(new Set([500, 502, 503]));

    await harness.control("PUT", "/faults", { errorRate: 1, seed: 7 });
    const responses = await Promise.all([1, 2, 3, 4, 5, 6].map(() => harness.graphql(token, QUERY)));
    for (const response of responses) {
      expect(response.headers.get("x-request-id")).toBeTruthy();
      if (response.status === 500) expect(response.body).toMatchObject({ errors: [{ extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      else expect(String(response.body)).toContain("<!DOCTYPE html>");
    }
  });

  it("drops connections at the configured rate", async () => {
    await harness.control("PUT", "/faults", { dropRate: 1 });
    await expect(harness.graphql(token, QUERY)).rejects.toThrow();
    const log = await harness.control<{ entries: Array<{ fault: string | null }> }>("GET", "/log?limit=1");
    expect(log.body.entries).toEqual([expect.objectContaining({ fault: "drop" })]);
  });

  it("holds timed-out requests open until the cap, then closes the socket", async () => {
    await harness.control("PUT", "/faults", { timeoutRate: 1, timeoutMs: 50 });
    const started = performance.now();
    await expect(harness.graphql(token, QUERY)).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("answers THROTTLED to everything during a throttle storm, until it ends on the twin clock", async () => {
    await harness.control("PUT", "/faults", { throttleStorm: { durationMs: 5_000 } });
    const stormy = await harness.graphql(token, QUERY);
    expect(stormy.body.errors![0]!.extensions!.code).toBe("THROTTLED");
    expect(stormy.body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(0);
    harness.clock.advance(5_000);
    expect((await harness.graphql(token, QUERY)).body.errors).toBeUndefined();
  });

  it("limits faults to their scope", async () => {
    await harness.control("PUT", "/faults", { errorRate: 1, scope: "oauth" });
    expect((await harness.graphql(token, QUERY)).status).toBe(200);
    expect((await harness.exchange({ expiring: true })).status).toBeGreaterThanOrEqual(500);
    const faults = await harness.control("GET", "/faults");
    expect(faults.body).toMatchObject({ errorRate: 1, scope: "oauth", seed: 1 });
  });

  it("rejects malformed fault configurations", async () => {
    expect((await harness.control("PUT", "/faults", { errorRate: 2 })).status).toBe(400);
    expect((await harness.control("PUT", "/faults", { typo: true })).status).toBe(400);
  });
});
