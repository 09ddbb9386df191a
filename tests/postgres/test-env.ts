// Environment for the SCIM tests on PostgreSQL (tests/postgres/vitest.config.ts).
const url = process.env.SCIM_PG_DATABASE_URL;
if (!url) throw new Error("SCIM_PG_DATABASE_URL is not set");
process.env.NODE_ENV = "test";
process.env.DATABASE_URL = url;
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret";
process.env.SHOPIFY_APP_URL ??= "https://scim-app.test";
process.env.LOG_LEVEL ??= "silent";
process.env.WORKER_MODE = "off";
