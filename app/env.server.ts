// The one place that reads process.env. Parsed and checked once at boot, so a misconfigured
// deploy fails at start with every problem listed, not halfway through a request.
import { z } from "zod";

// Keep in step with shopify.app.toml [access_scopes] scopes (required). The optional
// write_customer_data_erasure is not listed: Shopify grants it per shop when the merchant asks.
const DEFAULT_SCOPES = "read_customers,write_customers,write_validations";

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1, "the app's client id from the Partner Dashboard (shopify.app.toml client_id)"),
    SHOPIFY_API_SECRET: z.string().min(1, "the app's client secret from the Partner Dashboard"),
    SHOPIFY_APP_URL: z.url("the public https URL the app is served from, e.g. https://scim.example.com"),
    SCOPES: z.string().default(DEFAULT_SCOPES),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "file:./path.sqlite for SQLite or postgresql://… for PostgreSQL")
      .default("file:./prisma/dev.sqlite"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // Demo and tests only: the URL of the local Shopify Admin API twin. The app never reads it:
    // the twin's preload (tests/shopify-twin/app-preload.mjs) sends every Shopify call there. It
    // is declared here so that production refuses it.
    SHOPIFY_ADMIN_TWIN_URL: z.url().optional(),
    // Demo and tests only: where pages load App Bridge from instead of Shopify's CDN (the twin's
    // stand-in, <twin>/app-bridge.js). Read by @shopify/shopify-app-remix itself (bounce page,
    // preload header) and by app/routes/app.tsx.
    APP_BRIDGE_URL: z.string().optional(),
    // Per SCIM token: requests a second sustained, plus a burst allowance on top per 10 s.
    // Entra needs >= 25 req/s per tenant; Okta sends bursts when many assignments change at
    // once. Beyond both, SCIM answers 429 with an integer Retry-After (app/scim-http/rate-limit.server.ts).
    // 0 switches the limit off (benchmarks).
    SCIM_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(0).default(50),
    SCIM_RATE_LIMIT_BURST: z.coerce.number().int().min(0).default(500),
    // Provisioning worker (app/sync/, docs/decisions/0004). inline: the app process delivers
    // the outbox; off: only `npm run worker` processes do (scale-out).
    WORKER_MODE: z.enum(["inline", "off"]).default("inline"),
    // Deliveries in flight per shop and in total, per process.
    WORKER_CONCURRENCY_PER_SHOP: z.coerce.number().int().min(1).max(64).default(4),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
    // A claimed event whose worker went silent this long is taken over by another worker.
    WORKER_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
    // Idle poll interval; a shop whose Shopify access is lost is probed again after WORKER_PARK_SECONDS.
    WORKER_POLL_MS: z.coerce.number().int().min(5).default(500),
    WORKER_PARK_SECONDS: z.coerce.number().int().min(1).default(900),
    // Each shop is reconciled with Shopify (directory vs customers) this often; 0 = only on demand.
    RECONCILE_INTERVAL_HOURS: z.coerce.number().min(0).default(24),
    // One Admin API request may take this long before it counts as timed out (and is retried).
    SHOPIFY_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  })
  .refine((env) => !(env.NODE_ENV === "production" && env.SHOPIFY_ADMIN_TWIN_URL), {
    path: ["SHOPIFY_ADMIN_TWIN_URL"],
    message: "must not be set when NODE_ENV=production: it sends Shopify API calls to a local test twin",
  })
  .refine((env) => !(env.NODE_ENV === "production" && env.APP_BRIDGE_URL), {
    path: ["APP_BRIDGE_URL"],
    message: "must not be set when NODE_ENV=production: embedded pages must load App Bridge from Shopify's CDN",
  });

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`);
    throw new Error(`Invalid environment variables:\n${problems.join("\n")}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);

/**
 * The provisioning worker's settings (app/sync/worker.server.ts), in the units it uses:
 * leaseMs, requestTimeoutMs, perShopConcurrency, concurrency, pollMs (idle poll of the run loop),
 * parkMs (how long a shop whose Shopify access is lost waits before it is probed again).
 */
export function workerSettings(source: Env = env) {
  return {
    leaseMs: source.WORKER_LEASE_SECONDS * 1000,
    requestTimeoutMs: source.SHOPIFY_REQUEST_TIMEOUT_MS,
    perShopConcurrency: source.WORKER_CONCURRENCY_PER_SHOP,
    concurrency: source.WORKER_CONCURRENCY,
    pollMs: source.WORKER_POLL_MS,
    parkMs: source.WORKER_PARK_SECONDS * 1000,
  };
}

export type WorkerSettings = ReturnType<typeof workerSettings>;

/** SCIM base URL an identity provider is given, e.g. https://scim.example.com/scim/v2 */
export function scimBaseUrl(): string {
  return new URL("/scim/v2", env.SHOPIFY_APP_URL).href;
}
