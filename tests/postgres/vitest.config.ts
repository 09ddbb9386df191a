// The SCIM directory's integration tests again, on PostgreSQL (production's database), run by
// tests/integration/scim-postgres.test.ts: the same test files and app code, with
// @prisma/client resolved to a client generated from prisma/postgres/schema.prisma and
// DATABASE_URL pointing at a throwaway database.
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

const client = process.env.SCIM_PG_CLIENT;
if (!client) throw new Error("SCIM_PG_CLIENT is not set: run this through tests/integration/scim-postgres.test.ts");

export default defineConfig({
  plugins: [tsconfigPaths()],
  resolve: { alias: [{ find: /^@prisma\/client$/, replacement: client }] },
  test: {
    root: process.cwd(),
    include: ["tests/integration/scim-*.test.ts"],
    // scim-http, scim-edges and scim-fuzz start the built app, whose generated client is SQLite's.
    exclude: [
      "tests/integration/scim-postgres.test.ts",
      "tests/integration/scim-http.test.ts",
      "tests/integration/scim-edges.test.ts",
      "tests/integration/scim-fuzz.test.ts",
      "node_modules/**",
    ],
    environment: "node",
    setupFiles: ["tests/postgres/test-env.ts"],
    // One database for every file: run them one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
} as any);
