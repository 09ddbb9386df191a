// The built app, started as in production, must refuse the demo/test-only Shopify twin.
// (scripts/test-all.sh builds the app before vitest runs.)
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("production start", () => {
  it("refuses SHOPIFY_ADMIN_TWIN_URL when NODE_ENV=production", () => {
    const result = spawnSync(process.execPath, ["server/index.mjs"], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        PORT: "0",
        SHOPIFY_API_KEY: "key",
        SHOPIFY_API_SECRET: "secret",
        SHOPIFY_APP_URL: "https://scim.example.com",
        DATABASE_URL: process.env.DATABASE_URL,
        SHOPIFY_ADMIN_TWIN_URL: "http://127.0.0.1:4100",
      },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("SHOPIFY_ADMIN_TWIN_URL: must not be set when NODE_ENV=production");
  });
});
