// The built app, started as in production, must refuse the demo/test-only Shopify twin.
// (scripts/test-all.sh builds the app before vitest runs.)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
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

  it("ships none of the twin's code: no fetch shim, no App Bridge stand-in, no control API calls", () => {
    const files = fs.readdirSync("build", { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".js"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = fs.readFileSync(path.join("build", file), "utf8");
      for (const marker of ["X-Shopify-Twin-Shop", "setAbstractFetchFunc", "/__twin/", "twin:idToken", "app-bridge-twin"]) {
        expect(text.includes(marker), `${file} contains ${marker}`).toBe(false);
      }
    }
  });
});
