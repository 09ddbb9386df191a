import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://scim.example.com",
};

describe("environment checked at boot", () => {
  it("fills defaults for the embedded set-up", () => {
    const env = parseEnv(valid);
    expect(env.DATABASE_URL).toBe("file:./prisma/dev.sqlite");
    expect(env.SCOPES).toBe("read_customers,write_customers,write_validations");
    expect(env.NODE_ENV).toBe("development");
  });

  it("defaults SCOPES to the required scopes of shopify.app.toml; erasure stays optional", () => {
    const toml = readFileSync(new URL("../shopify.app.toml", import.meta.url), "utf8");
    expect(parseEnv(valid).SCOPES).toBe(/^scopes = "([^"]*)"/m.exec(toml)?.[1]);
    expect(/^optional_scopes = \[(.*)\]/m.exec(toml)?.[1]).toBe('"write_customer_data_erasure"');
    expect(parseEnv(valid).SCOPES).not.toContain("write_customer_data_erasure");
  });

  it("lists every missing or malformed variable in one error", () => {
    expect(() => parseEnv({ SHOPIFY_APP_URL: "not a url", DATABASE_URL: "mysql://x" })).toThrowError(
      /SHOPIFY_API_KEY[\s\S]*SHOPIFY_API_SECRET[\s\S]*SHOPIFY_APP_URL[\s\S]*DATABASE_URL/,
    );
  });

  it("refuses the Shopify twin and the App Bridge stand-in in production", () => {
    expect(() => parseEnv({ ...valid, NODE_ENV: "production", SHOPIFY_ADMIN_TWIN_URL: "http://127.0.0.1:4100" })).toThrowError(
      /SHOPIFY_ADMIN_TWIN_URL: must not be set when NODE_ENV=production/,
    );
    expect(() => parseEnv({ ...valid, NODE_ENV: "production", APP_BRIDGE_URL: "http://127.0.0.1:4100/app-bridge.js" })).toThrowError(
      /APP_BRIDGE_URL: must not be set when NODE_ENV=production/,
    );
    expect(parseEnv({ ...valid, NODE_ENV: "development", SHOPIFY_ADMIN_TWIN_URL: "http://127.0.0.1:4100" }).SHOPIFY_ADMIN_TWIN_URL).toBe(
      "http://127.0.0.1:4100",
    );
  });
});
