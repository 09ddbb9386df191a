import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { host: "127.0.0.1", port: Number(process.env.PORT || 3000) },
  plugins: [
    // vitest loads this file too; the Remix plugin must not run under vitest.
    !process.env.VITEST &&
      remix({
        ignoredRouteFiles: ["**/.*", "**/*.test.*"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
          v3_singleFetch: true,
          v3_routeConfig: false,
        },
      }),
    tsconfigPaths(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
  test: {
    include: ["app/**/*.test.ts", "tests/**/*.test.ts", "extensions/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    environment: "node",
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/test-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
} as any);
