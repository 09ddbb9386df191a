// The per-token rate limit: sized so Entra's 25 req/s and Okta's bursts pass, and past it a
// 429 with an integer Retry-After and a SCIM error body (checklist 10, 11).
import { afterEach, describe, expect, it, vi } from "vitest";

// A tiny budget for the route-level test; read by app/env.server.ts when it is first imported.
vi.hoisted(() => {
  process.env.SCIM_RATE_LIMIT_PER_SECOND = "3";
  process.env.SCIM_RATE_LIMIT_BURST = "2";
});

import { createRateLimiter } from "~/scim-http/rate-limit.server";
import { parseEnv } from "~/env.server";
import { newTenant } from "../support/scim-client";

const defaults = parseEnv({ SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://x.test" });

afterEach(() => {
  vi.useRealTimers();
});

describe("rate limit", () => {
  it("#10 the default budget passes 25 req/s per token for 5 minutes without a 429", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
    const limiter = createRateLimiter({ perSecond: defaults.SCIM_RATE_LIMIT_PER_SECOND, burst: defaults.SCIM_RATE_LIMIT_BURST });
    expect(defaults.SCIM_RATE_LIMIT_PER_SECOND).toBeGreaterThanOrEqual(25);
    let rejected = 0;
    for (let second = 0; second < 300; second++) {
      for (let i = 0; i < 25; i++) {
        if (!(await limiter.consume("token")).allowed) rejected++;
        vi.advanceTimersByTime(40);
      }
    }
    expect(rejected).toBe(0);
  });

  it("#10 an Okta burst of 300 requests at once passes with the default budget", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
    const limiter = createRateLimiter({ perSecond: defaults.SCIM_RATE_LIMIT_PER_SECOND, burst: defaults.SCIM_RATE_LIMIT_BURST });
    const decisions = await Promise.all(Array.from({ length: 300 }, () => limiter.consume("token")));
    expect(decisions.every((d) => d.allowed)).toBe(true);
  });

  it("#11 beyond the budget: a whole number of seconds to wait, per token, and the budget comes back", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
    const limiter = createRateLimiter({ perSecond: 5, burst: 5 });
    const decisions = [];
    for (let i = 0; i < 12; i++) decisions.push(await limiter.consume("a"));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    const denied = decisions.find((d) => !d.allowed);
    expect(denied && !denied.allowed && Number.isInteger(denied.retryAfterSeconds) && denied.retryAfterSeconds >= 1).toBe(true);
    expect((await limiter.consume("b")).allowed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect((await limiter.consume("a")).allowed).toBe(true);
  });

  it("0 switches the limit off (benchmarks)", async () => {
    const limiter = createRateLimiter({ perSecond: 0, burst: 0 });
    for (let i = 0; i < 1000; i++) expect((await limiter.consume("a")).allowed).toBe(true);
  });

  it("#11 the route answers 429 with an integer Retry-After and a SCIM error body, for that token only", async () => {
    const t = await newTenant("limited");
    const other = await newTenant("limited");
    const replies = [];
    for (let i = 0; i < 8; i++) replies.push(await t.call({ path: "/Users?count=1" }));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    for (const reply of limited) {
      expect(reply.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
      expect(reply.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "429" });
      expect(reply.body.detail).toMatch(/Retry after/);
      expect(reply.headers.get("content-type")).toContain("application/scim+json");
    }
    expect((await other.call({ path: "/Users?count=1" })).status).toBe(200);
  });
});
