import { z } from "zod";
import type { Clock } from "./clock";

// Injected infrastructure failures. Every in-scope request draws the same four numbers from a
// seeded RNG (drop, timeout, error, which 5xx), so a given seed and request order always produce
// the same faults, whatever the rates are.

export const DEFAULT_TIMEOUT_CAP_MS = 30_000;

export const faultInputSchema = z
  .object({
    errorRate: z.number().min(0).max(1).default(0),
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    timeoutRate: z.number().min(0).max(1).default(0),
    /** How long a "timed out" request is held open before its socket is destroyed. */
    timeoutMs: z.number().int().min(0).max(600_000).default(DEFAULT_TIMEOUT_CAP_MS),
    dropRate: z.number().min(0).max(1).default(0),
    /** Epoch ms (twin clock) until which every GraphQL request is THROTTLED. */
    throttleStormUntil: z.number().nullable().default(null),
    /** Convenience: a storm of this length starting now (sets throttleStormUntil). */
    throttleStorm: z.object({ durationMs: z.number().int().positive() }).strict().optional(),
    scope: z.enum(["graphql", "oauth", "all"]).default("graphql"),
    seed: z.number().int().default(1),
  })
  .strict();

export type FaultInput = z.input<typeof faultInputSchema>;
export type FaultConfig = Omit<z.output<typeof faultInputSchema>, "throttleStorm">;
export type FaultRoute = "graphql" | "oauth";

export type FaultDecision =
  | { kind: "none"; latencyMs: number; throttleStorm: boolean }
  | { kind: "drop" | "timeout"; latencyMs: number; holdMs: number }
  | { kind: "error"; latencyMs: number; status: 500 | 502 | 503 };

/** mulberry32: tiny, fast, good enough for fault dice. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ERROR_STATUSES = [500, 502, 503] as const;

export class FaultInjector {
  private config: FaultConfig;
  private random: () => number;

  constructor(
    private readonly clock: Clock,
    input: FaultInput = {},
  ) {
    this.config = this.resolve(input);
    this.random = seededRandom(this.config.seed);
  }

  /** Replaces the whole configuration (absent fields take their defaults) and reseeds. */
  set(input: FaultInput): FaultConfig {
    this.config = this.resolve(input);
    this.random = seededRandom(this.config.seed);
    return this.config;
  }

  get(): FaultConfig {
    return this.config;
  }

  decide(route: FaultRoute): FaultDecision {
    const { scope, dropRate, timeoutRate, errorRate, latencyMs, timeoutMs, throttleStormUntil } = this.config;
    const throttleStorm = route === "graphql" && throttleStormUntil !== null && this.clock.now() < throttleStormUntil;
    if (scope !== "all" && scope !== route) return { kind: "none", latencyMs: 0, throttleStorm };
    const [drop, timeout, error, pick] = [this.random(), this.random(), this.random(), this.random()];
    if (drop < dropRate) return { kind: "drop", latencyMs, holdMs: 0 };
    if (timeout < timeoutRate) return { kind: "timeout", latencyMs, holdMs: timeoutMs };
    if (error < errorRate) return { kind: "error", latencyMs, status: ERROR_STATUSES[Math.floor(pick * ERROR_STATUSES.length)]! };
    return { kind: "none", latencyMs, throttleStorm };
  }

  private resolve(input: FaultInput): FaultConfig {
    const { throttleStorm, ...config } = faultInputSchema.parse(input);
    if (throttleStorm) config.throttleStormUntil = this.clock.now() + throttleStorm.durationMs;
    return config;
  }
}

/** Bodies shaped like the ones Shopify's edge and API return for these statuses. */
export function faultResponse(status: 500 | 502 | 503, requestId: string): { contentType: string; body: string } {
  if (status === 500) {
    return {
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({
        errors: [
          {
            message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
            extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
          },
        ],
      }),
    };
  }
  const title = status === 502 ? "Bad Gateway" : "Service Unavailable";
  return {
    contentType: "text/html; charset=utf-8",
    body:
      `<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8">\n    <title>${title}</title>\n  </head>\n` +
      `  <body>\n    <h1>${status} ${title}</h1>\n    <p>There was a problem loading this page. If you report this error, please include this id: ${requestId}</p>\n  </body>\n</html>\n`,
  };
}
