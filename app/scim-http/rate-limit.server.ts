// Per-token request limit for the SCIM API, in memory (one app process per deployment today;
// a second process would get its own budget, which only loosens the limit).
//
// Two buckets, through rate-limiter-flexible's BurstyRateLimiter: a sustained rate per second,
// and a burst allowance per 10 s that is spent only when the per-second bucket is empty. With the
// defaults (50/s + 500 per 10 s) Entra's gallery floor of 25 req/s passes with room, and an Okta
// burst (a group assignment fanning out to hundreds of users) passes too. Past both, the caller
// answers 429 with an integer Retry-After, which Okta honours exactly (research §1.2).
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "~/env.server";

export interface RateLimitSettings {
  /** Sustained requests per second per token; 0 turns the limit off. */
  perSecond: number;
  /** Extra requests per 10 s, spent when the per-second budget is gone. */
  burst: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
}

export function createRateLimiter(settings: RateLimitSettings): RateLimiter {
  if (settings.perSecond <= 0) return { consume: async () => ({ allowed: true }) };
  const sustained = new RateLimiterMemory({ keyPrefix: "scim-rps", points: settings.perSecond, duration: 1 });
  const burst = new RateLimiterMemory({ keyPrefix: "scim-burst", points: Math.max(0, settings.burst), duration: 10 });
  const limiter = settings.burst > 0 ? new BurstyRateLimiter(sustained, burst) : sustained;
  return {
    async consume(key) {
      try {
        await limiter.consume(key, 1);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes || (typeof rejection === "object" && rejection !== null && "msBeforeNext" in rejection)) {
          const ms = Number((rejection as RateLimiterRes).msBeforeNext) || 1000;
          // Whole seconds, at least 1: Okta treats an HTTP-date or a missing value as 5 minutes.
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
        }
        throw rejection;
      }
    },
  };
}

/** The limiter the SCIM routes share, sized from the environment. */
export const scimRateLimiter: RateLimiter = createRateLimiter({
  perSecond: env.SCIM_RATE_LIMIT_PER_SECOND,
  burst: env.SCIM_RATE_LIMIT_BURST,
});
