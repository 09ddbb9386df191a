import path from "node:path";
import { defineConfig } from "@playwright/test";

// The end-to-end tests run the README's demo command itself, on its own ports and folder, and
// drive Debian's Chromium against it (no browser download).
export const E2E_DEMO_DIR = path.resolve(".tmp/e2e-demo");
const port = Number(process.env.E2E_PORT ?? 3100);
const twinPort = Number(process.env.E2E_TWIN_PORT ?? 4200);

export default defineConfig({
  testDir: "./tests/e2e",
  timeout: 60_000,
  workers: 1,
  forbidOnly: true,
  reporter: [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    headless: true,
    // Headless Chromium says "HeadlessChrome", which shopify-app-remix rejects as a bot (410).
    userAgent:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `rm -rf ${E2E_DEMO_DIR} && node scripts/demo.mjs`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      PORT: String(port),
      SHOPIFY_TWIN_PORT: String(twinPort),
      DEMO_DIR: E2E_DEMO_DIR,
      // Two shops: tests/e2e/demo.spec.ts uses the first as `npm run demo` leaves it; the admin
      // tests (tests/e2e/admin-*.spec.ts) change the second, which also proves shops stay apart.
      DEMO_SHOPS: "2",
    },
  },
});
