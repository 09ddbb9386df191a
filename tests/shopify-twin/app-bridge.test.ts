import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TwinHarness } from "./test-support";

// The App Bridge stand-in (app-bridge.js) is served by the twin as a plain script; the demo's and
// the end-to-end tests' pages load it from there (APP_BRIDGE_URL), never from the app.

let harness: TwinHarness;
beforeAll(async () => {
  harness = await TwinHarness.start();
});
afterAll(() => harness.close());

describe("GET /app-bridge.js", () => {
  it("serves the stand-in as an uncached JavaScript file that compiles", async () => {
    const response = await fetch(`${harness.url}/app-bridge.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const source = await response.text();
    expect(() => new vm.Script(source, { filename: "app-bridge.js" })).not.toThrow();
    // It finds the twin from its own URL and installs App Bridge's global.
    expect(source).toContain("new URL(script.src).origin");
    expect(source).toContain("window.shopify = {");
  });

  it("is not Shopify traffic: the request log leaves it out", async () => {
    await fetch(`${harness.url}/app-bridge.js`);
    const log = await harness.control<{ entries: Array<{ path: string }> }>("GET", "/log");
    expect(log.body.entries.map((entry) => entry.path)).not.toContain("/app-bridge.js");
  });
});
