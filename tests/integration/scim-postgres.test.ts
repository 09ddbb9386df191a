// The SCIM Users API on PostgreSQL: runs the SCIM integration tests (replays, checklist items,
// concurrency, properties, isolation, events, Bulk) a second time against a throwaway
// PostgreSQL database through a PostgreSQL-generated Prisma client, in a child vitest run
// (tests/postgres/vitest.config.ts). The directory's raw SQL, the unique-index race and the
// optimistic retries are exercised on the database production uses.
// scripts/test-all.sh sets TEST_POSTGRES_URL.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const serverUrl = process.env.TEST_POSTGRES_URL;
const database = `scim_users_${process.pid}`;
// Inside node_modules so the child vitest loads it as an external package.
const clientDir = path.resolve("node_modules/.prisma-postgres-scim");

afterAll(async () => {
  if (!serverUrl) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});

describe("SCIM Users API on PostgreSQL", () => {
  it("passes the SCIM integration tests", { timeout: 600_000 }, async () => {
    if (!serverUrl) throw new Error("TEST_POSTGRES_URL is not set: run the suite with `npm test` (scripts/test-all.sh starts PostgreSQL)");
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const databaseUrl = url.href;
    const prisma = (args: string[]) =>
      execFileSync("node_modules/.bin/prisma", args, { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] });
    prisma(["migrate", "deploy"]);
    fs.rmSync(clientDir, { recursive: true, force: true });
    fs.mkdirSync(clientDir, { recursive: true });
    const schema = fs.readFileSync("prisma/postgres/schema.prisma", "utf8").replace(/generator client \{/, `generator client {\n  output     = "${clientDir}/client"`);
    fs.writeFileSync(path.join(clientDir, "schema.prisma"), schema);
    prisma(["generate", "--schema", path.join(clientDir, "schema.prisma")]);

    const child = spawnSync("node_modules/.bin/vitest", ["run", "-c", "tests/postgres/vitest.config.ts", "--reporter=dot"], {
      env: {
        ...process.env,
        VITEST: undefined,
        VITEST_POOL_ID: undefined,
        VITEST_WORKER_ID: undefined,
        TEST_DB_DIR: undefined,
        SCIM_PG_CLIENT: path.join(clientDir, "client/index.js"),
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
