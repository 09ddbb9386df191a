// The SCIM Users API on PostgreSQL: runs the SCIM integration tests (replays, checklist items,
// concurrency, properties, isolation, events, Bulk) a second time against a throwaway
// PostgreSQL database through a PostgreSQL-generated Prisma client, in a child vitest run
// (tests/postgres/vitest.config.ts). The directory's raw SQL, the unique-index race and the
// optimistic retries are exercised on the database production uses.
// scripts/test-all.sh sets TEST_POSTGRES_URL.
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresTestDatabase, generatePostgresClient, prismaCli, type PostgresTestDatabase } from "../support/postgres";

let database: PostgresTestDatabase | undefined;

afterAll(async () => {
  await database?.drop();
});

describe("SCIM Users API on PostgreSQL", () => {
  it("passes the SCIM integration tests", { timeout: 600_000 }, async () => {
    database = await createPostgresTestDatabase("scim_users");
    const databaseUrl = database.url;
    prismaCli(["migrate", "deploy"], databaseUrl);
    const clientEntry = generatePostgresClient("scim", databaseUrl);

    const child = spawnSync("node_modules/.bin/vitest", ["run", "-c", "tests/postgres/vitest.config.ts", "--reporter=dot"], {
      env: {
        ...process.env,
        VITEST: undefined,
        VITEST_POOL_ID: undefined,
        VITEST_WORKER_ID: undefined,
        TEST_DB_DIR: undefined,
        SCIM_PG_CLIENT: clientEntry,
        SCIM_PG_DATABASE_URL: databaseUrl,
        NO_COLOR: "1",
        FORCE_COLOR: "0",
      },
      encoding: "utf8",
      timeout: 580_000,
    });
    // eslint-disable-next-line no-control-regex
    const output = `${child.stdout}\n${child.stderr}`.replace(/\u001b\[[0-9;]*m/g, "");
    expect(child.status, output.slice(-4000)).toBe(0);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/\d+ failed/);
  });
});
